"""GLOSSARY G.2 (and old PART II) definitions: one record per printed term.

Most issuances print "term.  Definition ..." with the term in bold (or, in some, in the body
font) and a definition possibly several paragraphs long; items under a definition's lead-in
("Three types of outcomes include:") belong to that definition. Others print a TERM |
DEFINITION table. Positioned lines split its columns by x. Text without positions prints the
table in one of two ways: every cell on its own lines (its heading too: "TERM" / "DEFINITION"),
or each printed line with the term cell's words first ("cyber risk A measure of ..."); rows are
found from where definitions end and terms begin. Both glossary parts share ``record``.
"""

from __future__ import annotations

import re

from ingest.pages import Line
from ingest.records import Kind, Paragraph
from ingest.wrap import join_lines

Sourced = tuple[Paragraph, tuple[Line, ...]]
Row = tuple[list[str], list[str], list[Line]]  # term lines, definition lines, source lines
HEAD = re.compile(r"^\s*(?:TERM|DEFINITION)(?:\s+(?:TERM|DEFINITION))?\s*$")
_COLUMN_GAP_PT = 40.0
_ROW_GAP = 1.5  # a baseline gap this many line heights apart starts a new table row
_FINISHED = re.compile(r"\.[”\"\u2019)]?\s*$")
# words that open a definition cell: what follows a term in a flattened table row
_OPENERS = frozenset({"A", "An", "The", "Defined", "Any", "All", "Includes", "See", "Same"})
_JOINING = re.compile(
    r"\b(?:a|an|the|of|and|or|to|in|on|for|by|with|as|be|is|are|that|which|from|at)\s*$", re.I
)
_DEFINITION_FIRST = re.compile(r"^((?:Defined|See)\b.*\.)\s+([a-z][\w ()-]{0,38})$")


def record(doc_id: str, path: str, term: str, text: str, src: list[Line]) -> Sourced:
    """A G.1 acronym ("G.1") or G.2 definition ("G.2") record and the lines it was read from."""
    kind = Kind.ACRONYM if path == "G.1" else Kind.DEFINITION
    heading = ("GLOSSARY", "G.1. ACRONYMS" if path == "G.1" else "G.2. DEFINITIONS")
    pages = tuple(sorted({t.page for t in src}))
    return Paragraph(doc_id, path, kind, heading, term, text, pages, None, term), tuple(src)


def columns(line: Line, left_x: float) -> tuple[str, str]:
    """(left cell, right cell) of a positioned two-column table line."""
    left = "".join(s.text for s in line.spans if s.x < left_x + _COLUMN_GAP_PT)
    right = "".join(s.text for s in line.spans if s.x >= left_x + _COLUMN_GAP_PT)
    return left.strip(), right.strip()


def definition_records(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[Line]]:
    """One DEFINITION record per term, and the lines that belong to none (intro, table head)."""
    first = next((i for i, t in enumerate(lines) if HEAD.match(t.text)), None)
    if first is None:
        return _term_led(lines, doc_id)
    heads = [t for t in lines[first:] if HEAD.match(t.text)]
    body = [t for t in lines[first:] if not HEAD.match(t.text)]
    if all(t.spans for t in lines):
        rows = _positioned_rows(body, min(t.spans[0].x for t in heads))
    elif any(len(h.text.split()) == 1 for h in heads):
        rows = _stacked_rows(body)
    else:
        rows = _flat_rows(body)
    found = [
        record(doc_id, "G.2", join_lines(term), join_lines(text), src) for term, text, src in rows
    ]
    return found, lines[:first] + heads


def _term_led(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[Line]]:
    """Entries that start with their term: "term.  Definition ..."."""
    entries: list[Row] = []
    intro: list[Line] = []
    bold_terms = any(span.bold for line in lines for span in line.spans)
    for line in lines:
        term, rest = _term(line, entries[-1][1][-1] if entries else "", bold_terms)
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


def _positioned_rows(body: list[Line], left_x: float) -> list[Row]:
    """Rows of a positioned TERM | DEFINITION table: a row starts where a term cell starts."""
    rows: list[Row] = []
    prev: Line | None = None
    for line in body:
        left, right = columns(line, left_x)
        new_row = left and (prev is None or not columns(prev, left_x)[0] or _gap(prev, line))
        if new_row or not rows:
            rows.append(([], [], []))
        if left:
            rows[-1][0].append(left)
        if right:
            rows[-1][1].append(right)
        rows[-1][2].append(line)
        prev = line
    return rows


def _gap(prev: Line, line: Line) -> bool:
    """Whether two positioned lines are further apart than one line of text."""
    if prev.y is None or line.y is None or prev.page != line.page:
        return prev.page != line.page
    return prev.y - line.y > _ROW_GAP * max(prev.size, 1.0) * 1.15


def _finished(parts: list[str]) -> bool:
    """Whether a definition's lines so far end a sentence (so a new row may begin)."""
    return bool(parts) and _FINISHED.search(parts[-1]) is not None


def _stacked_rows(body: list[Line]) -> list[Row]:
    """Rows of a table printed cell by cell: term lines, then definition lines.

    A row starts with a short line after a finished definition; a term wraps onto lower-case
    lines ("model-based" / "engineering") until its definition starts.
    """
    rows: list[Row] = []
    for line in body:
        text = line.text.strip()
        if not rows or (_finished(rows[-1][1]) and _term_like(text)):
            rows.append(([text], [], [line]))
            continue
        term, definition, src = rows[-1]
        if not definition and text[:1].islower() and _term_like(text):
            term.append(text)
        else:
            definition.append(text)
        src.append(line)
    return rows


def _term_like(text: str) -> bool:
    return len(text) <= 40 and len(text.split()) <= 6 and not text.endswith((".", ":", ","))


def _flat_rows(body: list[Line]) -> list[Row]:
    """Rows of a table printed line by line, each line's term-cell words first.

    After a finished definition, a line that opens a definition starts a row; short lines
    without one are term words: the rest of the term above when a row follows them
    ("DoD Information Defined in DoDD 8000.01." / "Enterprise"), the term of the definition
    that follows them when a long line does ("military or" / "operational noise" / "Unwanted
    sound ..."). A term cell's words beside an unfinished definition are told from it only by
    ``_align_wraps``.
    """
    rows: list[Row] = []
    pending: list[Line] = []  # term-only lines after a finished definition
    for line in body:
        text = line.text.strip()
        term, definition = _flat_split(text)
        if rows and not _finished(rows[-1][1]):
            rows[-1][1].append(text)
            rows[-1][2].append(line)
        elif rows and not definition and _term_like(text):
            pending.append(line)
        elif rows and not definition and pending:
            rows.append(([t.text.strip() for t in pending], [text], [*pending, line]))
            pending = []
        elif rows and not definition:
            rows[-1][1].append(text)
            rows[-1][2].append(line)
        else:
            _end_term(rows, pending)
            rows.append(([term], [definition] if definition else [], [line]))
            pending = []
    _end_term(rows, pending)
    _align_wraps(rows)
    return rows


def _align_wraps(rows: list[Row]) -> None:
    """Move term words off the second line of definitions whose first lines are identical.

    The same words in the same column wrap at the same word, so when several definitions open
    with the same printed line ("A measure of the extent to which an entity is threatened by
    a"), their second lines restart at one shared word ("potential"); words before it
    ("risk", "operational risk") are the rest of their terms.
    """
    groups: dict[str, list[Row]] = {}
    for row in rows:
        if len(row[1]) > 1:
            groups.setdefault(row[1][0], []).append(row)
    for group in groups.values():
        seconds = [row[1][1].split() for row in group]
        anchor = next(
            (w[0] for w in seconds if w and all(w[0] in other[:4] for other in seconds)), None
        )
        if len(group) < 2 or anchor is None:
            continue
        for row, words in zip(group, seconds, strict=True):
            cut = words.index(anchor)
            if cut:
                line = row[1][1]
                at = list(re.finditer(r"\S+", line))[cut].start()
                row[0].append(line[:at].strip())
                row[1][1] = line[at:]


def _end_term(rows: list[Row], pending: list[Line]) -> None:
    """Term-only lines followed by a new row finish the term of the row above."""
    if rows and pending:
        rows[-1][0].extend(t.text.strip() for t in pending)
        rows[-1][2].extend(pending)


def _flat_split(text: str) -> tuple[str, str]:
    """('cyber risk', 'A measure of ...'): a flattened row line cut where its definition opens.

    The definition opens at a word that starts definitions ("A", "The", "Defined"), or, after a
    term in lower case, at its first capitalised word. pypdf sometimes emits a one-line row's
    definition cell before its term cell ("Defined in Section 101 of ... Code. range").
    """
    reversed_cells = _DEFINITION_FIRST.match(text)
    if reversed_cells:
        return reversed_cells.group(2), reversed_cells.group(1)
    words = list(re.finditer(r"\S+", text))
    cut = next((w for w in words[1:] if w.group() in _OPENERS), None)
    if cut is None and text[:1].islower():
        cut = next((w for w in words[1:] if w.group()[:1].isupper()), None)
    if cut is None:
        return text, ""
    return text[: cut.start()].strip(), text[cut.start() :].strip()
