"""Reciprocal rank fusion: one ranking from the dense and the BM25 rankings.

RRF uses ranks, not scores, so cosine similarities and BM25 scores (different scales) need no
calibration; a record ranked well by both retrievers beats one ranked first by only one.
"""

from __future__ import annotations

from collections.abc import Sequence


def rrf(rankings: Sequence[tuple[Sequence[int], float]], k: int) -> list[tuple[int, float]]:
    """Fuse rankings into (item, score) pairs, best first.

    Args:
        rankings: (items best first, weight) per retriever.
        k: the RRF constant; score of an item = sum of weight / (k + rank), rank from 1.

    Returns:
        Every item of any ranking; ties keep the order of first appearance.
    """
    scores: dict[int, float] = {}
    for items, weight in rankings:
        for rank, item in enumerate(items, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
