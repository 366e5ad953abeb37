"""Retrieval for an answer: the fused hits, each with its dense cosine and BM25 score.

Fused (hybrid) ranks pick the candidates; the exact cosines travel with them because the
abstention score needs a number that means the same for every question (see qa.abstain).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qa.ports import HitLike, SearcherLike

MAX_QUERY_CHARS = 2000  # bounded work for pasted essays; longer text adds nothing to a query


@dataclass(frozen=True)
class Retrieval:
    """What composition starts from; timing composition means timing from here.

    Attributes:
        query: the query actually searched (question plus glossary expansions).
        hits: fused hits, best first, each with its exact dense cosine and BM25 score.
    """

    query: str
    hits: tuple[HitLike, ...]

    def cosine_of(self, paragraph_id: str) -> float:
        """Dense cosine of a retrieved paragraph (0 for one that is not among the hits)."""
        return next((h.cosine or 0.0 for h in self.hits if h.paragraph.id == paragraph_id), 0.0)


def retrieve(
    query: str, searcher: SearcherLike, k: int = 8, doc_ids: Sequence[str] | None = None
) -> Retrieval:
    """Search `query` in hybrid mode; every hit carries its own exact cosine.

    Args:
        query: expanded question; cut to MAX_QUERY_CHARS.
        searcher: an open index.
        k: number of fused hits to compose from.
        doc_ids: restrict the search to these issuances (None: all).
    """
    query = query[:MAX_QUERY_CHARS]
    docs = list(doc_ids) if doc_ids is not None else None
    return Retrieval(query, tuple(searcher.search(query, k=k, doc_ids=docs, mode="hybrid")))
