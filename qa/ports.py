"""What qa needs from the index, as structural types.

The answer composer only reads: hits, the library's documents and its paragraph tree. Naming
that surface here keeps qa testable with small in-memory values and keeps torch out of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

from ingest.records import Document, Paragraph


class HitLike(Protocol):
    """A ranked paragraph, as `index.search.Hit` provides it."""

    @property
    def paragraph(self) -> Paragraph: ...

    @property
    def score(self) -> float: ...

    @property
    def rank(self) -> int: ...

    @property
    def cosine(self) -> float | None: ...

    @property
    def bm25(self) -> float | None: ...

    @property
    def late(self) -> float | None: ...


class LibraryLike(Protocol):
    """The parsed issuances, as `index.library.Library` provides them."""

    @property
    def documents(self) -> dict[str, Document]: ...

    @property
    def paragraphs(self) -> list[Paragraph]: ...

    def get(self, doc_id: str, path: str, term: str | None = None) -> Paragraph | None: ...

    def children(self, p: Paragraph) -> list[Paragraph]: ...

    def parent(self, p: Paragraph) -> Paragraph | None: ...

    def lead_in(self, p: Paragraph) -> list[Paragraph]: ...


class SearcherLike(Protocol):
    """Retrieval, as `index.search.Searcher` provides it."""

    @property
    def library(self) -> LibraryLike: ...

    def search(
        self,
        text: str,
        /,
        k: int = 10,
        doc_ids: list[str] | None = None,
        mode: Literal["hybrid", "dense", "bm25"] = "hybrid",
    ) -> Sequence[HitLike]: ...
