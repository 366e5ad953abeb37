"""Retrieval metrics over ranked paragraph lists, as BEIR and the IR literature define them.

A ranked result is a *hit* for a gold question when it names an expected issuance and its
paragraph path equals the expected path or lies below it (``1.2.r.(2)`` is inside ``1.2.r``):
a user asking about a paragraph is well served by any of its subparagraphs. ``expect`` is an
any-of list, so a question is *recalled* at k when any expected paragraph is hit in the top k;
with one expected paragraph this is exactly BEIR's Recall@k. "Below" is decided by
``ingest.citation.is_within`` on path levels, so "1.2" is not inside "1.21".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from eval.gold import Ref
from ingest.citation import is_within

CUTOFFS = (1, 3, 5, 10)


def matches(result: Ref, expected: Ref) -> bool:
    """One ranked result against one expected paragraph."""
    return result.doc_id == expected.doc_id and is_within(result.paragraph, expected.paragraph)


def is_hit(result: Ref, expect: Sequence[Ref]) -> bool:
    """A result that answers the question: it matches any expected paragraph."""
    return any(matches(result, e) for e in expect)


def first_hit_rank(results: Sequence[Ref], expect: Sequence[Ref]) -> int | None:
    """1-based rank of the first hit, or None when nothing ranked answers the question."""
    for rank, result in enumerate(results, start=1):
        if is_hit(result, expect):
            return rank
    return None


def recall_at(results: Sequence[Ref], expect: Sequence[Ref], k: int) -> float:
    """1.0 when a hit is among the top ``k`` results, else 0.0 (any-of Recall@k)."""
    rank = first_hit_rank(results[:k], expect)
    return 1.0 if rank is not None else 0.0


def reciprocal_rank(results: Sequence[Ref], expect: Sequence[Ref], k: int = 10) -> float:
    """1/rank of the first hit within the top ``k`` (MRR@k before averaging), else 0."""
    rank = first_hit_rank(results[:k], expect)
    return 1.0 / rank if rank is not None else 0.0


def ndcg_at(results: Sequence[Ref], expect: Sequence[Ref], k: int = 10) -> float:
    """nDCG@k with binary relevance under the any-of rule: 1 / log2(1 + rank of first hit).

    ``expect`` lists paragraphs any one of which answers the question, so the ideal ranking
    holds one answer at rank 1 (IDCG = 1) and later hits add nothing, exactly as Recall@k and
    MRR here count the question once. With one expected paragraph, and results mapped to the
    expected paragraph they fall under, this is BEIR's nDCG@k.
    """
    rank = first_hit_rank(results[:k], expect)
    return 1.0 / math.log2(rank + 1) if rank is not None else 0.0


def retrieval_scores(
    rankings: Sequence[Sequence[Ref]], expects: Sequence[Sequence[Ref]]
) -> dict[str, float]:
    """Mean Recall@1/3/5/10, MRR@10 and nDCG@10 over answerable questions.

    Args:
        rankings: per question, its ranked results (best first).
        expects: per question, its any-of expected paragraphs; questions with none
            (unanswerable or unlabelled) are left out, as BEIR leaves out queries without qrels.

    Returns:
        Metric name -> mean in [0, 1]; "questions" is how many were scored.
    """
    pairs = [(r, e) for r, e in zip(rankings, expects, strict=True) if e]
    scores: dict[str, float] = {
        f"recall@{k}": mean(recall_at(r, e, k) for r, e in pairs) for k in CUTOFFS
    }
    scores["mrr@10"] = mean(reciprocal_rank(r, e, 10) for r, e in pairs)
    scores["ndcg@10"] = mean(ndcg_at(r, e, 10) for r, e in pairs)
    scores["questions"] = float(len(pairs))
    return scores


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between order statistics.

    Same definition as numpy's default, so p50 of [1, 2, 3, 4] is 2.5.
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def mean(values: Iterable[float]) -> float:
    """Mean of an iterable of floats; 0.0 for none, so empty gold sets report zeros."""
    items = list(values)
    return sum(items) / len(items) if items else 0.0
