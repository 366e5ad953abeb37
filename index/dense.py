"""The FAISS half of the index: inner product over unit vectors, exact or approximate by size.

Exact search (IndexFlatIP) costs 5.6 ms per query at 100,000 vectors on this machine with one
thread, so it is used up to `Settings.exact_limit`. Larger corpora get an approximate index
(`Settings.ann`: IVF, default, or HNSW) whose search width is calibrated at build time: the
build measures recall@10 against exact search on queries made from the library's own
vectors (`calibrate`), takes the narrowest width that reaches `Settings.recall_floor`, and
refuses to build when none does, so an index can no longer be silently wrong for 4 in 10
neighbours (HNSW at efSearch 128 measured recall@10 0.607 at 1M clustered vectors). IVF
searches exact distances inside the lists it probes, so its recall rises steadily with
`nprobe`. A `--doc` filter searches the filtered rows exactly: one issuance has at most a few
thousand rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from index.errors import AnnRecallError, IndexCorruptError
from index.settings import Settings

_WIDTHS = (8, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024)  # nprobe / efSearch
_TRAIN_PER_LIST = 40  # k-means training points per IVF list (FAISS warns below 39)
_TRAIN_ITERATIONS = 10  # k-means rounds: FAISS's 25 take minutes at 2,000 lists, for no recall
# A calibration query is unit(row + noise of this norm): cosine ~0.5 to its row. At cosine 0.7
# (norm 1.0) IVF calibrated to recall@10 0.985 measured 0.949 with the real gold questions on
# the clustered 1M synthetic library (bench/scale.py): real questions sit farther from their
# paragraphs than 0.7, so the calibration queries must too.
_NOISE = 1.73


@dataclass(frozen=True)
class Calibration:
    """How an approximate index was tuned: its search width and the recall that bought."""

    kind: str
    width: int
    recall_at_10: float
    queries: int


def build(vectors: np.ndarray, settings: Settings) -> tuple[faiss.Index, Calibration | None]:
    """An inner-product index over (n, dim) float32 unit vectors, calibrated when approximate.

    Raises:
        AnnRecallError: no search width up to the largest tried reaches `recall_floor`.
    """
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = data.shape[1]
    if len(data) <= settings.exact_limit:
        flat = faiss.IndexFlatIP(dim)
        flat.add(data)
        return flat, None
    index: faiss.Index
    if settings.ann == "hnsw":
        index = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = settings.hnsw_ef_construction
    else:
        lists = settings.ivf_lists or max(1, min(2 * math.isqrt(len(data)), len(data) // 39))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = _TRAIN_ITERATIONS
        rng = np.random.default_rng(0)
        sample = rng.choice(len(data), min(len(data), lists * _TRAIN_PER_LIST), replace=False)
        index.train(data[np.sort(sample)])
    index.add(data)
    return index, calibrate(index, data, settings)


def calibrate(index: faiss.Index, vectors: np.ndarray, settings: Settings) -> Calibration:
    """Set the narrowest search width whose recall@10 vs exact reaches the floor.

    Queries: `settings.recall_queries` rows of the library, each moved by random noise to a
    cosine of about 0.5, about as far as a question sits from the paragraph that answers it.

    Raises:
        AnnRecallError: the widest width tried stays below the floor.
    """
    rng = np.random.default_rng(1)
    rows = rng.choice(len(vectors), min(settings.recall_queries, len(vectors)), replace=False)
    noise = rng.standard_normal((len(rows), vectors.shape[1])).astype(np.float32)
    noise *= _NOISE / np.linalg.norm(noise, axis=1, keepdims=True)
    queries = vectors[rows] + noise
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    truth = _exact_top10(vectors, queries)
    kind = "hnsw" if isinstance(index, faiss.IndexHNSWFlat) else "ivf"
    limit = int(getattr(index, "nlist", max(_WIDTHS)))
    widths = [w for w in _WIDTHS if w < limit] + [limit]
    recall = 0.0
    for width in widths:
        set_width(index, width)
        _, found = index.search(queries, 10)
        recall = float(
            np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth, strict=True)])
        )
        if recall >= settings.recall_floor:
            return Calibration(kind, width, recall, len(rows))
    raise AnnRecallError(
        f"{kind} over {len(vectors):,} vectors reaches recall@10 {recall:.3f} against exact "
        f"search at its widest setting ({limit}), below the floor {settings.recall_floor}. "
        "Raise Settings.exact_limit (exact search), or build with more IVF lists or HNSW "
        "neighbours"
    )


def recall_at_10(found: np.ndarray, truth: np.ndarray) -> float:
    """Mean share of each query's exact top 10 that the approximate top 10 holds."""
    pairs = zip(found, truth, strict=True)
    return float(np.mean([len(set(f.tolist()) & set(t.tolist())) / 10 for f, t in pairs]))


def _exact_top10(vectors: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Exact top-10 rows of each query, in blocks so memory stays bounded."""
    flat = faiss.IndexFlatIP(vectors.shape[1])
    out = np.zeros((len(queries), 10), dtype=np.int64)
    best = np.full((len(queries), 10), -np.inf, dtype=np.float32)
    block = 200_000
    for start in range(0, len(vectors), block):
        flat.reset()
        flat.add(vectors[start : start + block])
        scores, found = flat.search(queries, 10)
        merged_s = np.concatenate([best, scores], axis=1)
        merged_i = np.concatenate([out, found + start], axis=1)
        top = np.argsort(-merged_s, axis=1, kind="stable")[:, :10]
        best = np.take_along_axis(merged_s, top, axis=1)
        out = np.take_along_axis(merged_i, top, axis=1)
    return out


def set_width(index: faiss.Index, width: int) -> None:
    """The search width of an approximate index: nprobe (IVF) or efSearch (HNSW)."""
    if isinstance(index, faiss.IndexHNSWFlat):
        index.hnsw.efSearch = width
    elif isinstance(index, faiss.IndexIVF):
        index.nprobe = width


def kind(index: faiss.Index) -> str:
    """ "flat", "ivf" or "hnsw", as the manifest records it."""
    if isinstance(index, faiss.IndexHNSWFlat):
        return "hnsw"
    return "ivf" if isinstance(index, faiss.IndexIVF) else "flat"


def save(index: faiss.Index, path: Path) -> None:
    """Write the index to `path` (an approximate index keeps its calibrated width)."""
    faiss.write_index(index, str(path))


def load(path: Path, index_dir: Path, width: int | None = None) -> faiss.Index:
    """Map an index written by `save`; `width` (from the manifest) overrides its search width.

    Raises:
        IndexCorruptError: the file is missing or FAISS cannot read it.
    """
    if not path.is_file():
        raise IndexCorruptError(path, "file is missing", index_dir)
    try:
        # Memory-mapped: an IVF query touches only its probed lists (a tenth of a 1.5 GB index
        # at 1M), and processes serving the same version share one copy in the page cache.
        index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP)
    except RuntimeError as exc:
        raise IndexCorruptError(path, f"FAISS cannot read it ({exc})", index_dir) from exc
    if width:
        set_width(index, width)
    return index


def search(
    index: faiss.Index, vectors: np.ndarray, query: np.ndarray, k: int, rows: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k (scores, row numbers) for a (1, dim) query, best first.

    Args:
        index: the FAISS index over `vectors`.
        vectors: (n, dim) float32, memory-mapped; used for filtered search only.
        query: (1, dim) float32 unit vector.
        k: how many to return (fewer when fewer rows exist).
        rows: restrict to these row numbers; None searches all.
    """
    if rows is not None:
        scores = vectors[rows] @ query[0]
        top = np.argsort(-scores, kind="stable")[:k]
        return scores[top], rows[top]
    scores, found = index.search(query, min(k, index.ntotal))
    keep = found[0] >= 0
    return scores[0][keep], found[0][keep]
