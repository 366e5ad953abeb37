"""The "paragraph with children" retrieval unit, emulated in eval by re-scoring a leaf ranking.

The index embeds each paragraph's own text (the leaf unit). To compare against indexing a
paragraph together with its children without building a second index, leaf hits are scored
by their unit: a hit's unit is its parent paragraph (the lead-in and its children, read
together), unless the parent is a whole section, a top-level old-style paragraph or a
glossary, which are too broad to be one unit. A unit scores the sum of its hits'
reciprocal-rank contributions (1/(60+r), as in reciprocal rank fusion), so a paragraph several
of whose parts match outranks a single stray match. The leaves are then listed in unit order,
so citations keep their leaf precision and the gold hit rule applies unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eval.gold import Ref

RRF_K = 60  # Cormack et al. 2009; damps the lead of rank 1 over rank 2


@dataclass(frozen=True)
class LeafHit:
    """One ranked leaf paragraph and the path of the paragraph that encloses it."""

    ref: Ref
    parent: str | None


def unit_of(hit: LeafHit) -> Ref:
    """The paragraph-with-children unit a leaf hit belongs to."""
    parent = hit.parent
    if parent is None or "." not in parent or parent.startswith("G."):
        return hit.ref
    return Ref(hit.ref.doc_id, parent)


def rerank_by_unit(hits: Sequence[LeafHit], k: int) -> list[Ref]:
    """Leaf hits (best first) re-ordered by their unit's score; ties keep the leaf order."""
    scores: dict[Ref, float] = {}
    for rank, hit in enumerate(hits, start=1):
        unit = unit_of(hit)
        scores[unit] = scores.get(unit, 0.0) + 1.0 / (RRF_K + rank)
    order = sorted(range(len(hits)), key=lambda i: (-scores[unit_of(hits[i])], i))
    return [hits[i].ref for i in order[:k]]
