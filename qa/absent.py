"""Issuances a question belongs to that the library does not hold.

In a real library the worst answer is a confident one from an issuance that only shares the
question's words: "Can I like an official post from my personal account?" is DoDI 5400.17's
question, and a paragraph about public affairs in another issuance is not its answer. The
library knows of issuances it does not hold in two ways: the official sources of
corpus/sources.toml (with the topics people ask them about), and the REFERENCES entries of the
issuances it does hold ("DoD Instruction 1300.17, “Religious Liberty in the Military
Services”"). When a question is about one of those and it is not loaded, the answer says so:
"DoDI 5400.17 governs this and is not in your library".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ingest.citation import parse_doc
from ingest.records import Kind
from qa import abstain
from qa.ports import LibraryLike

SOURCES = Path(__file__).resolve().parents[1] / "corpus" / "sources.toml"
_TITLE = re.compile(r"[“\"](?P<title>[^”\"]{8,})[”\"]")
_MIN_TITLE_SHARE = 0.6  # share of a reference title's content words the question must use
_MIN_TITLE_TERMS = 2


@dataclass(frozen=True)
class Known:
    """An issuance the library knows of.

    Attributes:
        doc_id: "DoDI 5400.17".
        title: its title.
        topics: stemmed term sets; the question matches one when it holds every term of it
            (corpus sources), or enough of its title's terms (a REFERENCES entry).
        official: from corpus/sources.toml (one of the issuances PolicyKB is for).
    """

    doc_id: str
    title: str
    topics: tuple[frozenset[str], ...]
    official: bool


@dataclass(frozen=True)
class Absent:
    """The issuance a question belongs to and why it was judged so."""

    issuance: Known
    matched: str  # the topic or title words the question used

    @property
    def note(self) -> str:
        """The sentence shown to the user."""
        return (
            f"{self.issuance.doc_id} ({self.issuance.title}) governs this and is not in your "
            f"library: run `policykb fetch`, or add its PDF with `policykb ingest FILE`."
        )


def absent_for(question: str, known: Sequence[Known]) -> Absent | None:
    """The issuance `question` is about, official sources first; None if none.

    Args:
        question: as asked.
        known: issuances the library knows of and does not hold (`known_issuances`).
    """
    terms = abstain.terms(question)
    best: tuple[int, Absent] | None = None
    for issuance in known:
        for topic in issuance.topics:
            used = topic & terms
            if issuance.official and used != topic:
                continue
            if not issuance.official and (
                len(used) < _MIN_TITLE_TERMS or len(used) < _MIN_TITLE_SHARE * len(topic)
            ):
                continue
            score = len(used) + (100 if issuance.official else 0)
            if best is None or score > best[0]:
                best = (score, Absent(issuance, " ".join(sorted(used))))
    return best[1] if best else None


def known_issuances(library: LibraryLike) -> tuple[Known, ...]:
    """Issuances the library does not hold: official sources, then those its REFERENCES cite."""
    held = list(library.documents)
    return tuple(
        k
        for k in (*official(), *referenced(library))
        if (ref := parse_doc(k.doc_id)) is not None and not any(ref.matches(d) for d in held)
    )


@cache
def official(path: Path = SOURCES) -> tuple[Known, ...]:
    """The official sources and their topics (none when the file is missing)."""
    from ingest.fetch import FetchError, load_sources

    try:
        sources = load_sources(path)
    except FetchError:
        return ()
    return tuple(
        Known(s.doc_id, s.title, tuple(t for t in map(abstain.terms, s.topics) if t), True)
        for s in sources
    )


def referenced(library: LibraryLike) -> tuple[Known, ...]:
    """DoD issuances the loaded ones cite in their REFERENCES, with their quoted titles."""
    out: dict[str, Known] = {}
    for p in library.paragraphs:
        if p.kind is not Kind.REFERENCE:
            continue
        ref = parse_doc(p.text)
        title = _TITLE.search(p.text)
        if ref is None or ref.series is None or title is None:
            continue
        doc_id = f"{ref.series} {ref.number}" + (f", Volume {ref.volume}" if ref.volume else "")
        terms = abstain.terms(title.group("title"))
        if terms:
            out.setdefault(doc_id, Known(doc_id, title.group("title"), (terms,), False))
    return tuple(out.values())
