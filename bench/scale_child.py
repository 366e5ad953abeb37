"""The two halves of one scale measurement, each run in its own process by bench/scale.py.

`build` generates the synthetic corpus and writes a real index version with the pipeline's own
`write_index` (BM25 over the full varied text, FAISS of the type `Settings.exact_limit` picks),
the embedding step replaced by `synth.derive_vectors`; it then measures recall@10 of the
written FAISS index against exact search and the flat-vs-HNSW table. `serve` opens the index
with `Searcher.open` as the CLI and app do and times warm hybrid queries. Separate processes
so each reports its own peak RSS.

    python -m bench.scale_child build|serve WORK_DIR N   (prints one JSON line)
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import time
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bench import ann, synth

if TYPE_CHECKING:
    from collections.abc import Iterator

    from index.embed import Embedded
    from index.settings import Settings
from bench.timing import load_average, peak_rss_mb, percentiles, timed

STORE_ENV = "POLICYKB_BENCH_STORE"  # the store the parent's --store names for its children


def embed_cached(texts: list[str], cache: Path) -> tuple[Embedded, dict[str, float]]:
    """Real sentence and token embeddings through the pipeline's Embedder, cached by content.

    Returns:
        (embeddings, {"per_s": texts/s, "load": load average} measured when they were computed).
    """
    from index import tokens
    from index.embed import Embedded, Embedder
    from index.settings import Settings

    key = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:20]
    path, meta, store = cache / f"{key}.npy", cache / f"{key}.json", cache / f"{key}-tokens"
    if not (path.is_file() and meta.is_file() and (store / tokens.IDF).is_file()):
        store.mkdir(parents=True, exist_ok=True)
        start, vectors = time.perf_counter(), []
        with tokens.Writer(store) as out:
            for part in Embedder(Settings.from_env()).encode(texts):
                vectors.append(part.vectors)
                for codes, scales in part.tokens:
                    out.add(codes, scales)
            out.finish(np.zeros(0, dtype=np.float32))  # a cache: no IDF
        seconds = time.perf_counter() - start
        np.save(path, np.concatenate(vectors))
        info = {"per_s": len(texts) / seconds, "load": load_average(), "n": len(texts)}
        meta.write_text(json.dumps(info))
    saved = tokens.load(store)
    pairs = [
        (np.asarray(saved.codes[a:b]), np.asarray(saved.scales[a:b]))
        for a, b in zip(saved.offsets[:-1], saved.offsets[1:], strict=True)
    ]
    return Embedded(np.load(path), pairs), json.loads(meta.read_text())


def _plan(work: Path) -> dict:
    """The parent's plan: sentence pools, query texts, seeds and calibration counts."""
    return json.loads((work / "plan.json").read_text())


def build(work: Path, n: int) -> dict[str, object]:
    """Generate n paragraphs, write the index, measure recall and the ANN table."""
    from index import versions
    from index.assemble import write_index
    from index.embed import Embedded
    from index.library import Library
    from index.settings import Settings

    plan = _plan(work)
    n_seeds, n_real = plan["seeds"], plan["seeds"] + plan["calibration"]
    gen = synth.Generator(synth.Pools(tuple(plan["sentences"]), tuple(plan["acronyms"])), seed=7)
    gen_ms, docs = timed(lambda: list(synth.documents(synth.texts(n, n_seeds, gen))))
    library = Library(
        {d.document.doc_id: d.document for d in docs}, [p for d in docs for p in d.paragraphs]
    )
    facts: dict[str, object] = {"generate_s": gen_ms / 1000}

    def embed(texts: list[str]) -> Iterator[Embedded]:
        real, info = embed_cached(texts[:n_real], Path(plan["cache"]))
        facts.update(
            real_embedded=len(real.vectors), embed_per_s=info["per_s"], embed_load=info["load"]
        )
        owners = synth.seed_of(len(texts), n_seeds)
        start = 0
        for vectors in synth.derive_vectors(real.vectors, n_seeds, owners):
            rows = range(start, start + len(vectors))
            # A derived paragraph keeps its seed's token vectors: same storage, same late scores.
            pairs = [real.tokens[i] if i < n_real else real.tokens[int(owners[i])] for i in rows]
            yield Embedded(vectors, pairs)
            start = rows.stop

    index_dir = work / f"index-{n}"
    settings = Settings.from_env(index_dir=index_dir, store=os.environ.get(STORE_ENV))
    start = time.perf_counter()
    with versions.writer_lock(index_dir):
        written = write_index(index_dir, library, settings, embed, None)
    facts["build_s"] = time.perf_counter() - start
    facts.update(_measure(written.version, index_dir, settings, plan))
    facts["build_peak_rss_mb"] = peak_rss_mb()
    return facts


def _measure(version: Path, index_dir: Path, settings: Settings, plan: dict) -> dict[str, object]:
    """Disk size, FAISS index type, its recall@10 vs exact and the flat-vs-HNSW table."""
    from index import dense, files, versions

    manifest = json.loads((version / versions.MANIFEST).read_text())
    facts: dict[str, object] = {
        "disk_mb": sum(f.stat().st_size for f in version.rglob("*") if f.is_file()) / 2**20,
        "faiss_index": manifest["faiss_index"],
        "calibration": manifest["store"].get("ann"),
    }
    vectors = np.load(version / files.VECTORS)
    queries = embed_cached(plan["queries"], Path(plan["cache"]))[0].vectors
    _, truth = ann.search_each(ann.flat(vectors), queries, 10)
    if manifest["store"]["kind"] == "milvus":
        from index.milvus_store import MilvusStore

        milvus = MilvusStore.open(manifest["store"], index_dir)
        found = np.array([milvus.dense(q[None, :], 10, None)[1] for q in queries])
        facts["recall_at_10"] = ann.recall_at_k(found, truth)
        return facts
    width = (manifest["store"].get("ann") or {}).get("width")
    chosen = dense.load(version / files.FAISS, index_dir, width)
    _, found = ann.search_each(chosen, queries, 10)
    facts["recall_at_10"] = ann.recall_at_k(found, truth)
    if plan["ann_table"]:
        table = ann.compare(
            vectors, queries, m=settings.hnsw_m, ef_construction=settings.hnsw_ef_construction
        )
        facts["ann"] = [asdict(r) for r in table]
    return facts


def serve(work: Path, n: int) -> dict[str, object]:
    """Open the index as the CLI does and time warm queries in each mode.

    The index's files are first dropped from the page cache (`evict`): a replica serves an
    index it did not build, and pages the build left cached would otherwise be mapped into
    this process wholesale (the kernel maps 64 kB around each row a query reads when the
    page is cached) and counted in its peak RSS. One untimed pass over the queries then warms
    what they read. Last, hybrid again with the query embedding memoised (each query's vector
    computed once, in a pass before timing): what remains is the part that grows with the
    library (FAISS, BM25, fusion), free of the model's share, which load inflates most.
    """
    from index.search import Searcher
    from index.settings import Settings

    plan = _plan(work)
    queries: list[str] = plan["queries"]
    index_dir = work / f"index-{n}"
    settings = Settings.from_env(index_dir=index_dir)
    evict(index_dir)
    open_ms, searcher = timed(partial(Searcher.open, index_dir, settings))
    for q in queries:  # the model loads on the first (a cold cost, measured by query.py)
        searcher.search(q, k=10)
    facts: dict[str, object] = {"open_s": open_ms / 1000}
    for mode in ("hybrid", "dense", "bm25"):
        facts[mode] = percentiles(
            [timed(partial(searcher.search, q, k=10, mode=mode))[0] for q in queries]
        )
    embedder = searcher._embedder  # private: the bench swaps in a memo, the index is untouched
    embedder.encode_query = functools.cache(embedder.encode_query)  # type: ignore[method-assign]
    for q in queries:
        searcher.search(q, k=10)
    facts["hybrid_memo"] = percentiles(
        [timed(partial(searcher.search, q, k=10))[0] for q in queries]
    )
    facts["serve_peak_rss_mb"] = peak_rss_mb()
    return facts


def evict(directory: Path) -> None:
    """Drop every file under `directory` from the page cache (flushed first; Linux)."""
    for path in directory.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


if __name__ == "__main__":
    step, work_dir, size = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    result = (build if step == "build" else serve)(work_dir, size)
    print(json.dumps(result))
