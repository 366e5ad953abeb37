"""Corpus audit: per issuance, how many records show each known kind of parse defect.

A record is counted once per category however often the defect occurs in it. The checks read
only the parsed records (no index, no model), so the whole sample library is audited in seconds;
``audit_baseline`` compares the counts with the checked-in baseline.

Categories:
    split_word: a word printed as two tokens ("po licy"), see ``ingest.words``.
    furniture: running header, footer or page number inside a record's text.
    marker_in_text: the marker of the record's next sibling or first child inside its text after
        a sentence ("... a. Foo. b. Bar"): an item that should have been its own record.
    glossary: an acronym or definition record whose term is a table header (ACRONYM, MEANING,
        TERM, DEFINITION), whose text is empty, or whose text holds another definition.
    heading_only: a paragraph with a title, no text and no children.
    colon_no_children: a record whose text ends in ":" (a lead-in) but has no children.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.citation import parse_doc, path_levels
from ingest.layout import DATE
from ingest.records import Kind, Paragraph, ParsedDocument
from ingest.words import find_split_words

CATEGORIES = (
    "split_word",
    "furniture",
    "marker_in_text",
    "glossary",
    "heading_only",
    "colon_no_children",
)
_GLOSSARY_KINDS = (Kind.ACRONYM, Kind.DEFINITION)
_OUTLINE_KINDS = (Kind.SECTION, Kind.PARAGRAPH, Kind.ENCLOSURE)
_HEADER_WORDS = r"(?:ACRONYMS?|MEANINGS?|TERMS?|DEFINITIONS?|ABBREVIATIONS?)"
_TABLE_HEADER = re.compile(rf"^{_HEADER_WORDS}(?:\s+(?:AND\s+)?{_HEADER_WORDS})*$", re.I)
_HEADER_IN_TEXT = re.compile(r"\b(?:ACRONYM\s+MEANING|TERM\s+DEFINITION)\b")
# "... rights. model-based engineering An approach ...": a sentence, then a lower-case term and
# the capitalised start of its definition.
_NEXT_DEFINITION = re.compile(
    r"(?<![.\s][a-z])(?<!\be\.g)(?<!\bi\.e)(?<!\betc)\b[a-z]{2,}\.\s+[a-z][a-z\-]+"
    r"(?:\s+[a-z][\w\-]*){0,4}\s+(?:A|An|The|[A-Z][a-z]+)\b"
)
_FOOTER_HEADINGS = (
    r"SECTION\s+\d+[:.]?\s+[A-Z][A-Z ,&()/-]*?|ENCLOSURE\s+\d+|APPENDIX(?:\s+\d+)?"
    r"(?:\s+TO\s+ENCLOSURE\s+\d+)?|GLOSSARY|REFERENCES|TABLE OF CONTENTS"
)
_FOOTER_IN_TEXT = re.compile(
    rf"(?:\bChange\s+\d+,\s*\d{{1,2}}/\d{{1,2}}/\d{{4}}"  # "Change 1, 05/24/2017"
    rf"|(?<![Ii]ncorporating )\bChange\s+\d+,\s*{DATE}"  # header line 2: "Change 3, July 15, 2019"
    rf"|\b(?:{_FOOTER_HEADINGS})\s+\d{{1,3}}(?![\d.)]))"  # footer: "ENCLOSURE 3 12"
)


@dataclass(frozen=True)
class Finding:
    """One record showing one defect: where, and the words that show it."""

    category: str
    path: str
    term: str | None
    excerpt: str


@dataclass(frozen=True)
class DocumentAudit:
    """The audit of one issuance file.

    Attributes:
        file: the file name (baseline key), e.g. "DoDD_2140.02.pdf".
        doc_id: the issuance it holds.
        records: how many records it parsed into.
        findings: every defect found, in reading order.
    """

    file: str
    doc_id: str
    records: int
    findings: tuple[Finding, ...]

    def counts(self) -> dict[str, int]:
        """Records per category (a record counts once per category)."""
        seen = {c: set[tuple[str, str | None]]() for c in CATEGORIES}
        for f in self.findings:
            seen[f.category].add((f.path, f.term))
        return {c: len(keys) for c, keys in seen.items()}


def audit_document(file: str, parsed: ParsedDocument) -> DocumentAudit:
    """Every finding of every category in one parsed issuance."""
    records = parsed.paragraphs
    parents = {p.parent for p in records if p.parent is not None}
    header = _running_header(parsed.document.doc_id)
    findings: list[Finding] = []
    for p in records:
        findings.extend(_split_words(p))
        findings.extend(_furniture(p, header))
        findings.extend(_markers(p))
        findings.extend(_glossary(p))
        findings.extend(_childless(p, p.path in parents))
    return DocumentAudit(file, parsed.document.doc_id, len(records), tuple(findings))


def _finding(category: str, p: Paragraph, text: str, start: int, end: int) -> Finding:
    excerpt = text[max(0, start - 30) : end + 30].strip()
    return Finding(category, p.path, p.term, excerpt)


def _split_words(p: Paragraph) -> Iterable[Finding]:
    for text in (p.term or "", p.title, p.text):
        for split in find_split_words(text):
            yield _finding("split_word", p, text, split.start, split.end)


def _running_header(doc_id: str) -> re.Pattern[str] | None:
    """The issuance's own running header: "DoDI 4715.13, January 28, 2020", "DoDM 5200.01-V1"."""
    ref = parse_doc(doc_id)
    if ref is None:
        return None
    major, minor = ref.number.split("-")[0].split(".")
    number = rf"{major}\.0?{int(minor)}[\w\-]*"
    return re.compile(rf"\bDoD[IDM]?\s*{number}(?:,\s*(?:Volume|Vol\.)\s*\d+)?,\s*{DATE}")


def _furniture(p: Paragraph, header: re.Pattern[str] | None) -> Iterable[Finding]:
    for pattern in (header, _FOOTER_IN_TEXT):
        m = pattern.search(p.text) if pattern is not None else None
        if m:
            yield _finding("furniture", p, p.text, m.start(), m.end())


def _markers(p: Paragraph) -> Iterable[Finding]:
    """The next sibling's or first child's marker after a sentence inside the record's text."""
    if p.kind not in _OUTLINE_KINDS:
        return
    for marker in _expected_markers(p):
        m = re.search(rf"(?:^|[.:;]\s{{1,3}}){re.escape(marker)}\s+[A-Z\u201c\"(]", p.text)
        if m:
            yield _finding("marker_in_text", p, p.text, m.start(), m.end())
            return


def _expected_markers(p: Paragraph) -> list[str]:
    """How the record's first child and next sibling would be printed ("a.", "(2)", "3.3.")."""
    levels = path_levels(p.path)
    last = levels[-1]
    if last[0] in "Ee" and last[1:].isdigit():  # an enclosure: "1." or "a." opens its items
        return ["1.", "a."]
    if last.isdigit():
        decimal = all(level.isdigit() for level in levels)
        child = f"{p.path}.1." if p.kind is Kind.SECTION else "a."
        after = ".".join([*levels[:-1], str(int(last) + 1)]) if decimal else str(int(last) + 1)
        return [child, f"{after}."]
    if last.startswith("("):
        inner = last[1:-1]
        child = "(a)" if inner.isdigit() else "1."
        nxt = str(int(inner) + 1) if inner.isdigit() else _next_letters(inner)
        return [child, f"({nxt})"] if nxt else [child]
    nxt = _next_letters(last)
    return ["(1)", f"{nxt}."] if nxt else ["(1)"]


def _next_letters(letters: str) -> str:
    """ "a" -> "b", "aa" -> "bb"; "" after "z" (the next marker is not predictable)."""
    if not letters.isalpha() or letters[0].lower() == "z":
        return ""
    return chr(ord(letters[0]) + 1) * len(letters)


def _glossary(p: Paragraph) -> Iterable[Finding]:
    if p.kind not in _GLOSSARY_KINDS:
        return
    term = (p.term or "").strip()
    if _TABLE_HEADER.match(term):
        yield Finding("glossary", p.path, p.term, f"term {term!r} is a table header")
    elif not p.text.strip():
        yield Finding("glossary", p.path, p.term, f"{term!r} has no text")
    elif m := (_HEADER_IN_TEXT.search(p.text) or _NEXT_DEFINITION.search(p.text)):
        yield _finding("glossary", p, p.text, m.start(), m.end())


def _childless(p: Paragraph, has_children: bool) -> Iterable[Finding]:
    if has_children or p.kind not in (*_OUTLINE_KINDS, Kind.PURPOSE):
        return
    text = p.text.strip()
    holds_entries = p.kind is Kind.ENCLOSURE and p.title.upper().startswith("REFERENCES")
    if p.title and not text and not holds_entries:  # REFERENCES entries are records of their own
        yield Finding("heading_only", p.path, p.term, p.title)
    if text.endswith(":"):
        yield _finding("colon_no_children", p, text, len(text) - 40, len(text))
