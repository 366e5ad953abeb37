"""Acronyms and definitions from each issuance's glossary (G.1 / G.2), used three ways.

1. Queries: an acronym in the question is expanded ("EOP" -> "EOP (external official
   presence)") so lexical search finds paragraphs that spell it out, and vice versa.
2. "What is an EOP?" is answered from the G.2 definition instead of from search hits.
3. Answers: acronyms in the quoted text are listed with their meaning on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ingest.records import Kind, Paragraph
from qa.records import Expansion

_DEFINITION_QUESTION = re.compile(
    r"^\s*(?:what(?:'s|\s+is|\s+are|\s+does|\s+counts\s+as|\s+do\s+you\s+mean\s+by)|define|"
    r"definition\s+of|meaning\s+of|who\s+counts\s+as)\s+(?:an?\s+|the\s+)?(?P<term>.+?)"
    r"(?:\s+(?:actually|exactly|really))?(?:\s+(?:mean|stand\s+for|refer\s+to))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# After the term, a definition question may go on only with where the term applies ("What counts
# as encroachment on a training range?"); any other word makes the term a modifier of another
# subject ("What is the waiver process …?" asks about a process, not about "waiver").
_QUALIFIERS = frozenset(
    [
        "on",
        "in",
        "under",
        "for",
        "of",
        "within",
        "at",
        "to",
        "by",
        "with",
        "during",
        "from",
        "as",
        "according",
    ]
)
_POINTER = re.compile(r"\s*(?:defined\s+in|see)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&/().-]*[A-Za-z0-9)]")


@dataclass(frozen=True)
class Glossary:
    """Every G.1 acronym and G.2 definition in a library, looked up by term.

    Attributes:
        acronyms: acronym as printed ("ATSD(PA)") -> its G.1 records, one per issuance.
        definitions: lower-cased term -> its G.2 records, one per issuance.
    """

    acronyms: dict[str, tuple[Paragraph, ...]] = field(default_factory=dict)
    definitions: dict[str, tuple[Paragraph, ...]] = field(default_factory=dict)
    # first word of a meaning -> (acronym, lower-cased meaning): spelled_out reads only the
    # meanings that can start at a word of the text (it runs for every candidate of an answer)
    meanings: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, paragraphs: Iterable[Paragraph]) -> Glossary:
        """Collect the glossary records of `paragraphs` (any order)."""
        acronyms: dict[str, list[Paragraph]] = {}
        definitions: dict[str, list[Paragraph]] = {}
        for p in paragraphs:
            if not p.text.strip():
                continue  # nothing to quote
            if p.term and p.kind is Kind.ACRONYM and _plausible(p):
                acronyms.setdefault(p.term.strip(), []).append(p)
            elif p.term and p.kind is Kind.DEFINITION:
                definitions.setdefault(_norm(p.term), []).append(p)
        meanings: dict[str, list[tuple[str, str]]] = {}
        for acronym, rows in acronyms.items():
            meaning = expansion_text(rows[0]).lower()
            words = _WORD.findall(meaning)
            if len(meaning) > 8 and words:
                meanings.setdefault(words[0], []).append((acronym, meaning))
        return cls(
            {k: tuple(v) for k, v in acronyms.items()},
            {k: tuple(sorted(v, key=_pointer)) for k, v in definitions.items()},
            {k: tuple(v) for k, v in meanings.items()},
        )

    def meaning(self, acronym: str, doc_ids: Sequence[str] | None = None) -> Paragraph | None:
        """The G.1 record for `acronym`, preferring the issuances in `doc_ids`."""
        rows = self.acronyms.get(acronym) or self.acronyms.get(acronym.rstrip("s"), ())
        preferred = [r for r in rows if doc_ids is None or r.doc_id in doc_ids]
        pool = preferred or list(rows)
        return pool[0] if pool else None

    def spelled_out(self, text: str) -> list[str]:
        """Acronyms whose meaning `text` spells out, so "external official presence" also
        counts as the question's "EOP" when measuring overlap."""
        lowered = text.lower()
        found = {
            acronym
            for word in set(_WORD.findall(lowered)) & self.meanings.keys()
            for acronym, meaning in self.meanings[word]
            if meaning in lowered
        }
        return [a for a in self.acronyms if a in found]  # glossary order, as before

    def expand_query(self, question: str, doc_ids: Sequence[str] | None = None) -> str:
        """`question` with each known acronym's meaning appended once, and vice versa."""
        extra: list[str] = []
        for token in dict.fromkeys(_TOKEN.findall(question)):
            row = self.meaning(token, doc_ids) if any(c.isupper() for c in token[1:]) else None
            if row is not None:
                extra.append(expansion_text(row))
        extra += [a for a in self.spelled_out(question) if a not in question]
        return f"{question} ({'; '.join(extra)})" if extra else question

    def definitions_for(
        self, question: str, doc_ids: Sequence[str] | None = None
    ) -> tuple[Paragraph, ...]:
        """Glossary records answering a "what is X?" question; empty when it is not one.

        G.2 definitions of X (or of the acronym X spells out, or of what the acronym X
        stands for) come first; an acronym with no definition is answered by its G.1 row.
        """
        m = _DEFINITION_QUESTION.match(question)
        if m is None:
            return ()
        subject = _norm(m.group("term"))
        row = self.meaning(m.group("term").strip(), doc_ids)
        candidates = [subject, _norm(expansion_text(row))] if row is not None else [subject]
        # A glossary may define the acronym ("DEMIL") while the user spells it out.
        candidates += [
            _norm(acronym)
            for acronym, rows in self.acronyms.items()
            if _starts_with_term(subject, _norm(expansion_text(rows[0])))
        ]
        for text in candidates:
            terms = [t for t in self.definitions if _starts_with_term(text, t)]
            if terms:
                rows = self.definitions[max(terms, key=len)]
                return tuple(r for r in rows if doc_ids is None or r.doc_id in doc_ids)
        if row is None or row.term != m.group("term").strip():
            return ()
        return (row,) if doc_ids is None or row.doc_id in doc_ids else ()

    def expansions(self, texts: Iterable[tuple[str, str]]) -> tuple[Expansion, ...]:
        """Acronyms used in (doc_id, text) pairs, in order of first use, with their meaning."""
        seen: dict[str, Expansion] = {}
        for doc_id, text in texts:
            for token in _TOKEN.findall(text):
                # Prefer the quoting issuance's own G.1; another issuance's row still helps.
                row = self.meaning(token, [doc_id]) if token not in seen else None
                if row is not None and row.term == token:
                    seen[token] = Expansion(token, expansion_text(row), row.doc_id)
        return tuple(seen.values())


def expansion_text(row: Paragraph) -> str:
    """The meaning in a G.1 record, without the acronym if the parser kept it in front."""
    text = row.text.strip()
    term = (row.term or "").strip()
    return text[len(term) :].strip(" :-\u2013\t") if term and text.startswith(term + " ") else text


def _plausible(row: Paragraph) -> bool:
    """Whether a G.1 row's meaning starts like its acronym ("DoD" -> "Department …").

    A two-column table read in the wrong order pairs an acronym with its neighbour's
    meaning ("DoD" -> "CIO Chief Information Officer …"); such a row would mislead.
    """
    term, meaning = (row.term or "").lstrip("("), expansion_text(row)
    return bool(term and meaning) and term[0].lower() == meaning[0].lower()


def _pointer(row: Paragraph) -> bool:
    """Definitions that only point elsewhere ("Defined in Reference (d).") sort last."""
    return bool(_POINTER.match(row.text))


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def _starts_with_term(subject: str, term: str) -> bool:
    """Whether `subject` is `term` (plural 's' allowed), or `term` then a qualifying phrase."""
    for t in (term, term + "s"):
        if subject == t:
            return True
        rest = subject[len(t) + 1 :].split() if subject.startswith(t + " ") else []
        if rest and rest[0] in _QUALIFIERS:
            return True
    return False
