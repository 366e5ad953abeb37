"""FAISS measurements behind the index-type threshold: exact flat vs HNSW, latency and recall.

Exact search costs O(n) per query and HNSW O(log n) but approximate, so the crossover is a
size: these helpers measure both on the same vectors and queries so the threshold is chosen
from numbers (bench/scale.py prints them per size).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from bench.timing import percentiles, timed


@dataclass(frozen=True)
class AnnResult:
    """One index type on one corpus: per-query latency and recall@k against exact search."""

    name: str
    p50_ms: float
    p95_ms: float
    recall: float
    build_s: float


def search_each(index: object, queries: np.ndarray, k: int) -> tuple[list[float], np.ndarray]:
    """Search one query at a time (as the app does) and return latencies (ms) and ids (nq, k)."""
    times, ids = [], []
    for q in queries:
        ms, (_, found) = timed(partial(index.search, q[None, :], k))  # type: ignore[attr-defined]
        times.append(ms)
        ids.append(found[0])
    return times, np.array(ids)


def recall_at_k(found: np.ndarray, truth: np.ndarray) -> float:
    """Mean fraction of the exact top-k found by the approximate top-k (both (nq, k) ids)."""
    k = truth.shape[1]
    return float(np.mean([len(set(f) & set(t)) / k for f, t in zip(found, truth, strict=True)]))


def flat(vectors: np.ndarray) -> object:
    """Exact inner-product index (cosine on unit vectors)."""
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    return index


def hnsw(vectors: np.ndarray, m: int = 32, ef_construction: int = 80) -> object:
    """HNSW over inner product; efSearch is set per measurement."""
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = ef_construction
    index.add(vectors)
    return index


def compare(
    vectors: np.ndarray,
    queries: np.ndarray,
    m: int = 32,
    ef_construction: int = 80,
    ef_search: tuple[int, ...] = (64, 128, 256, 512),
    k: int = 10,
) -> list[AnnResult]:
    """Flat vs HNSW (one graph, each efSearch) on the same vectors and queries."""
    build_ms, exact = timed(lambda: flat(vectors))
    times, truth = search_each(exact, queries, k)
    lat = percentiles(times)
    out = [AnnResult("flat", lat["p50"], lat["p95"], 1.0, build_ms / 1000)]
    build_ms, graph = timed(lambda: hnsw(vectors, m, ef_construction))
    for ef in ef_search:
        graph.hnsw.efSearch = ef  # type: ignore[attr-defined]
        times, found = search_each(graph, queries, k)
        lat = percentiles(times)
        out.append(
            AnnResult(
                f"hnsw M{m} ef{ef}",
                lat["p50"],
                lat["p95"],
                recall_at_k(found, truth),
                build_ms / 1000,
            )
        )
    return out
