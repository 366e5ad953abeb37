"""Exact dense search: numpy's product gives FAISS's flat results, best first, ties by row."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from index import dense


def _unit(rows: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((rows, 32)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize(("rows", "k"), [(2_000, 10), (2_000, 50), (7, 10)])
def test_flat_search_equals_faiss(rows: int, k: int) -> None:
    vectors = _unit(rows, seed=rows)
    index = faiss.IndexFlatIP(32)
    index.add(vectors)
    for query in _unit(20, seed=1):
        expected_scores, expected_rows = index.search(query.reshape(1, -1), min(k, rows))
        scores, found = dense.search(index, vectors, query.reshape(1, -1), k, None)
        assert found.tolist() == expected_rows[0].tolist()
        np.testing.assert_allclose(scores, expected_scores[0], atol=1e-5)


def test_top_k_orders_best_first_and_ties_by_row() -> None:
    scores = np.array([0.1, 0.9, 0.5, 0.9, 0.5], np.float32)
    assert dense.top_k(scores, 3).tolist() == [1, 3, 2]
    assert dense.top_k(scores, 9).tolist() == [1, 3, 2, 4, 0]
