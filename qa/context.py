"""Per-library lookups built once (glossary, REFERENCES lists) so each answer stays fast."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.records import Paragraph
from qa.absent import Known, known_issuances
from qa.glossary import Glossary
from qa.ports import LibraryLike
from qa.xrefs import references


@dataclass(frozen=True)
class Context:
    """Lookups derived from one library's paragraphs."""

    glossary: Glossary
    references: tuple[Paragraph, ...]
    known: tuple[Known, ...]  # issuances the library knows of and does not hold (qa.absent)

    @classmethod
    def build(cls, library: LibraryLike) -> Context:
        """Scan the library's records once."""
        return cls(
            Glossary.build(library.paragraphs),
            references(library.paragraphs),
            known_issuances(library),
        )


# Keyed by id() with the library kept alive beside it, so a reused id cannot alias.
_CACHE: dict[int, tuple[LibraryLike, Context]] = {}


def context_for(library: LibraryLike) -> Context:
    """The cached Context of `library` (built on first use; a few libraries at most)."""
    entry = _CACHE.get(id(library))
    if entry is None or entry[0] is not library:
        if len(_CACHE) >= 4:
            _CACHE.clear()
        entry = (library, Context.build(library))
        _CACHE[id(library)] = entry
    return entry[1]
