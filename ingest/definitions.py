"""GLOSSARY G.2 (and old PART II) definitions: one record per printed term.

Most issuances print "term.  Definition ..." with the term in bold (or, in some, in the body
font) and a definition possibly several paragraphs long; items under a definition's lead-in
("Three types of outcomes include:") belong to that definition. Others print a TERM |
DEFINITION table, read by ``ingest.term_tables``. Both glossary parts share ``record``.
"""

from __future__ import annotations

import re

from ingest import term_tables
from ingest.pages import Line
from ingest.records import Kind, Paragraph
from ingest.term_tables import HEAD, Row
from ingest.wrap import join_lines

Sourced = tuple[Paragraph, tuple[Line, ...]]
_JOINING = re.compile(
    r"\b(?:a|an|the|of|and|or|to|in|on|for|by|with|as|be|is|are|that|which|from|at)\s*$", re.I
)


def record(doc_id: str, path: str, term: str, text: str, src: list[Line]) -> Sourced:
    """A G.1 acronym ("G.1") or G.2 definition ("G.2") record and the lines it was read from."""
    kind = Kind.ACRONYM if path == "G.1" else Kind.DEFINITION
    heading = ("GLOSSARY", "G.1. ACRONYMS" if path == "G.1" else "G.2. DEFINITIONS")
    pages = tuple(sorted({t.page for t in src}))
    return Paragraph(doc_id, path, kind, heading, term, text, pages, None, term), tuple(src)


def definition_records(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[Line]]:
    """One DEFINITION record per term, and the lines that belong to none (intro, table head)."""
    first = next((i for i, t in enumerate(lines) if HEAD.match(t.text)), None)
    if first is None:
        return _term_led(lines, doc_id)
    heads = [t for t in lines[first:] if HEAD.match(t.text)]
    body = [t for t in lines[first:] if not HEAD.match(t.text)]
    found = [
        record(doc_id, "G.2", join_lines(term), join_lines(text), src)
        for term, text, src in term_tables.rows(body, heads)
    ]
    return found, lines[:first] + heads


def _term_led(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[Line]]:
    """Entries that start with their term: "term.  Definition ..."."""
    entries: list[Row] = []
    intro: list[Line] = []
    bold_terms = any(span.bold for line in lines for span in line.spans)
    for i, line in enumerate(lines):
        previous = entries[-1][1][-1] if entries else ""
        term, rest = _term(line, previous, bold_terms)
        if not term and entries:
            following = lines[i + 1].text if i + 1 < len(lines) else ""
            term, rest = _lone_term(line.text, following, previous)
        if not term and entries and entries[-1][2][-1].page != line.page:
            term, rest = _page_top_term(line, entries[-1][0][0], entries[-1][1][-1])
        if term and entries and _lists_items(entries[-1][1]) and _title_word(term):
            term = ""  # an item under the definition's lead-in, not a new term
        if term:
            entries.append(([term], [rest], [line]))
        elif entries:
            entries[-1][1].append(line.text)
            entries[-1][2].append(line)
        else:
            intro.append(line)
    found = [record(doc_id, "G.2", t[0], join_lines(x), s) for t, x, s in entries]
    return found, intro


def _lists_items(parts: list[str]) -> bool:
    """Whether a definition so far has a lead-in ending in a colon: items follow it."""
    return any(part.rstrip().endswith(":") for part in parts)


def _title_word(term: str) -> bool:
    """'Short-term', 'Intermediate': capitalised like a list item, unlike 'FPCA' or 'range'."""
    return term[:1].isupper() and term[1:2].islower()


def _term(line: Line, previous: str, bold_terms: bool) -> tuple[str, str]:
    """('term', rest) when the line starts a definition, else ('', '').

    With ``bold_terms`` the term is the line's leading bold text; otherwise (page-text files,
    issuances that set terms in the body font) it is a short phrase ending in a period at the
    start of a line that follows a finished sentence.
    """
    if bold_terms:
        bold = 0
        while bold < len(line.spans) and line.spans[bold].bold:
            bold += 1
        term = "".join(s.text for s in line.spans[:bold]).strip()
        rest = "".join(s.text for s in line.spans[bold:]).strip()
        if term and rest and (term.endswith(".") or rest.startswith(".")):
            return term.rstrip("."), rest.lstrip(".").strip()
        return "", ""
    if previous and not previous.rstrip().rstrip('”"\u2019').endswith((".", ":")):
        return "", ""
    found = re.match(r"^\s*(\S.{0,70}?)\.\s{2,}(\S.*)$", line.text) or re.match(
        r"^\s*([a-zA-Z][\w\-()/ ]{0,60}?)\.\s+(\S.*)$", line.text
    )
    if not found or len(found.group(1).split()) > 8:
        return "", ""
    return found.group(1).strip(), found.group(2)


def _lone_term(text: str, following: str, previous: str) -> tuple[str, str]:
    """('term', '') for a term printed alone on its line, its definition starting below it.

    "declassification authority" / "The official who authorized ..." (DoDM 5200.01 Vol 1),
    "eligible family member" / "A spouse or dependent ..." (DoDI 1000.04): a short lower-case
    phrase without closing punctuation, after a finished sentence, before a capitalised line.
    """
    term = text.strip()
    words = term.split()
    if not words or len(words) > 6 or not term[0].islower() or term[-1] in ".,;:)":
        return "", ""
    if not re.fullmatch(r"[a-z][\w\-/() ]*", term) or not following.strip()[:1].isupper():
        return "", ""
    if not previous.rstrip().rstrip('”"\u2019').endswith((".", ":")):
        return "", ""
    return term, ""


def _page_top_term(line: Line, last_term: str, previous: str) -> tuple[str, str]:
    """('term', rest) for a term opening a page after a definition that lacks its final period.

    "biobased designated products.  Derived ..." after "... electronic data interchange
    standards" at the foot of the page before. Only the "term.  Text" form with two blanks
    counts, after a line that does not end in a joining word ("... can be" / "safeguarded
    adequately ...  For"), with a term that sorts after the one before it (glossaries are
    alphabetical) and closes its parentheses ("containers).  This term ...").
    """
    found = re.match(r"^\s*([a-zA-Z][\w\-()/ ]{0,60}?)\.\s{2,}([A-Z].*)$", line.text)
    if not found or len(found.group(1).split()) > 8 or _JOINING.search(previous):
        return "", ""
    term = found.group(1).strip()
    if term.casefold() < last_term.casefold() or term.count("(") != term.count(")"):
        return "", ""
    return term, found.group(2)
