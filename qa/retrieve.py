"""Retrieval for an answer: the fused hits plus each hit's dense cosine.

Fused (hybrid) ranks pick the candidates; the dense cosines are kept beside them because the
abstention score needs a number that means the same for every question (see qa.abstain).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from qa.ports import HitLike, SearcherLike

MAX_QUERY_CHARS = 2000  # bounded work for pasted essays; longer text adds nothing to a query


@dataclass(frozen=True)
class Retrieval:
    """What composition starts from; timing composition means timing from here.

    Attributes:
        query: the query actually searched (question plus glossary expansions).
        hits: fused hits, best first.
        cosine: paragraph id -> dense cosine for the paragraphs dense search returned.
        floor: the lowest cosine dense search returned; a hit outside the dense list is at
            most this similar, so it gets this value.
    """

    query: str
    hits: tuple[HitLike, ...]
    cosine: dict[str, float] = field(default_factory=dict)
    floor: float = 0.0

    def cosine_of(self, paragraph_id: str) -> float:
        """Dense cosine of a retrieved paragraph (the floor when dense search missed it)."""
        return self.cosine.get(paragraph_id, self.floor)


def retrieve(
    query: str, searcher: SearcherLike, k: int = 8, doc_ids: Sequence[str] | None = None
) -> Retrieval:
    """Search `query` in hybrid mode for candidates and in dense mode for cosines.

    Args:
        query: expanded question; cut to MAX_QUERY_CHARS.
        searcher: an open index.
        k: number of fused hits to compose from.
        doc_ids: restrict both searches to these issuances (None: all).
    """
    query = query[:MAX_QUERY_CHARS]
    docs = list(doc_ids) if doc_ids is not None else None
    hits = tuple(searcher.search(query, k=k, doc_ids=docs, mode="hybrid"))
    dense = searcher.search(query, k=max(2 * k, 20), doc_ids=docs, mode="dense")
    cosine = {h.paragraph.id: float(h.score) for h in dense}
    floor = min(cosine.values(), default=0.0)
    return Retrieval(query, hits, cosine, floor)
