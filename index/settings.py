"""The one settings object for building and searching an index.

Every value has a documented default, can be overridden by a keyword (CLI flags) and, for the
index location, by the environment. The settings in force at build time are written into the
index manifest so a result can always be traced back to how it was produced.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

PACKAGED_MODEL = "sentence-transformers/all-MiniLM-L6-v2"

QUERY_ENGINES = ("numpy", "onnx")  # Settings.query_engine


@dataclass(frozen=True)
class Settings:
    """How PolicyKB embeds, indexes and ranks.

    Attributes:
        index_dir: where the index lives; env POLICYKB_INDEX, default "index" in the data
            directory (`data_dir()`: env POLICYKB_DATA, default "data" relative to the working
            directory, as `make run` uses it).
        model: embedding model; the packaged all-MiniLM-L6-v2 (no download) unless a local
            sentence-transformers directory is named.
        dim: embedding width of `model` (384 for MiniLM); checked against the model at build.
        batch_size: texts per forward pass. Measured on 400 length-sorted sample texts: CPU
            time 27.5 s at 16, 19.9 s at 32, 18.0 s at 64 (less padding per batch once sorted).
        rrf_k: reciprocal rank fusion constant; 60 is the value of Cormack et al. (2009) and
            keeps one retriever's top rank from drowning the other's.
        dense_weight: weight of the dense ranking in the fusion.
        bm25_weight: weight of the BM25 ranking in the fusion.
        candidates: hits each retriever contributes to the fusion (at least k is always used).
        exact_limit: up to this many vectors FAISS searches exactly (IndexFlatIP); above it,
            the `ann` index. Measured on this 2-core machine with one FAISS thread
            (bench/scale.py): an exact query takes p95 6.8 ms at 100,000 x 384 and 19.3 ms at
            300,000, well inside the 60 ms budget at that size, while HNSW (M32, efSearch
            128-512) reached only recall@10 0.82-0.91 against exact on the clustered
            synthetic 300k library.
        ann: the approximate index above `exact_limit`: "ivf" (IVF-Flat: exact distances in
            the probed lists) or "hnsw". Either is calibrated at build (index.dense.calibrate)
            to the narrowest search width that reaches `recall_floor`, or refused.
        ivf_lists: IVF lists; 0 picks 2 x sqrt(n) (2,000 at 1M vectors, ~500 vectors a list).
        hnsw_m: HNSW graph degree.
        hnsw_ef_construction: HNSW build-time beam width.
        recall_floor: least recall@10 against exact search an approximate index must measure
            at build; below it the build is refused (AnnRecallError).
        recall_queries: queries the calibration measures recall with.
        expand_queries: append glossary expansions of acronyms in the query ("PA" -> "Public
            Affairs") inside the search itself. Off: qa.glossary already expands a question
            against the issuance it is asked of before searching, and expanding raw searches
            as well measured worse on eval/gold/samples.jsonl (hybrid Recall@5 0.846 and
            MRR@10 0.635 with it, 0.885 and 0.664 without; `make eval` shows both).
        max_query_chars: longer queries are cut here; bounds the work a pasted document causes.
        store: where the searched structures live: "embedded" (FAISS + bm25s files in the
            index directory, no setup) or "milvus" (index.milvus_store). None at ingest keeps
            the store the index already uses (embedded for a new index); readers always take
            it from the manifest, so only `policykb ingest --store` ever names it.
        query_engine: what runs the packaged MiniLM's layers for a query: "onnx" (ONNX
            Runtime, index.query_onnx: about half numpy's time a query, for ~0.8 s once at
            start; the app, eval, benchmarks) or "numpy" (nothing to start: the one-shot
            `policykb ask` uses it unless the environment says otherwise). Env
            POLICYKB_QUERY_ENGINE. Without onnxruntime, "onnx" falls back to numpy and warns.
    """

    index_dir: Path = field(default_factory=lambda: data_dir() / "index")
    model: str = PACKAGED_MODEL
    dim: int = 384
    batch_size: int = 64
    rrf_k: int = 60
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    candidates: int = 50
    exact_limit: int = 400_000
    ann: str = "ivf"
    ivf_lists: int = 0
    hnsw_m: int = 32
    hnsw_ef_construction: int = 80
    recall_floor: float = 0.98
    recall_queries: int = 200
    expand_queries: bool = False
    max_query_chars: int = 2_000
    store: str | None = None
    query_engine: str = "onnx"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults (the index under $POLICYKB_DATA), then $POLICYKB_INDEX, then explicit
        keyword overrides (None is ignored)."""
        values: dict[str, object] = {}
        if os.environ.get("POLICYKB_INDEX"):
            values["index_dir"] = Path(os.environ["POLICYKB_INDEX"])
        if os.environ.get("POLICYKB_QUERY_ENGINE"):
            values["query_engine"] = os.environ["POLICYKB_QUERY_ENGINE"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "index_dir" in values:
            values["index_dir"] = Path(str(values["index_dir"]))
        return replace(cls(), **values)  # type: ignore[arg-type]  # keys checked by replace()

    def manifest(self) -> dict[str, object]:
        """The settings as JSON-ready values for the index manifest (what built it: how a
        reader runs its queries is not part of the index)."""
        data = asdict(self)
        data["index_dir"] = str(self.index_dir)
        del data["query_engine"]
        return data


def data_dir() -> Path:
    """Where PolicyKB keeps what it writes: the index, uploads and feedback.

    Env POLICYKB_DATA, default "data" relative to the working directory. POLICYKB_INDEX may
    put the index elsewhere; uploads and feedback stay here.
    """
    return Path(os.environ.get("POLICYKB_DATA") or "data")
