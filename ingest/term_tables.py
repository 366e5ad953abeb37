"""Two-column glossary tables (TERM | DEFINITION, ACRONYM | MEANING): their rows.

Positioned lines split the columns by x. Text without positions prints a table in one of two
ways: every cell on its own lines (its heading too: "TERM" / "DEFINITION"), or each printed
line with the term cell's words first ("cyber risk A measure of ..."); rows are found from
where definitions end and terms begin.
"""

from __future__ import annotations

import re

from ingest.pages import Line

Row = tuple[list[str], list[str], list[Line]]  # term lines, definition lines, source lines
HEAD = re.compile(r"^\s*(?:TERM|DEFINITION)(?:\s+(?:TERM|DEFINITION))?\s*$")
_COLUMN_GAP_PT = 40.0
_ROW_GAP = 1.5  # a baseline gap this many line heights apart starts a new table row
_FINISHED = re.compile(r"\.[”\"\u2019)]?\s*$")
# words that open a definition cell: what follows a term in a flattened table row
_OPENERS = frozenset({"A", "An", "The", "Defined", "Any", "All", "Includes", "See", "Same"})
_DEFINITION_FIRST = re.compile(r"^((?:Defined|See)\b.*\.)\s+([a-z][\w ()-]{0,38})$")


def columns(line: Line, left_x: float) -> tuple[str, str]:
    """(left cell, right cell) of a positioned two-column table line."""
    left = "".join(s.text for s in line.spans if s.x < left_x + _COLUMN_GAP_PT)
    right = "".join(s.text for s in line.spans if s.x >= left_x + _COLUMN_GAP_PT)
    return left.strip(), right.strip()


def rows(body: list[Line], heads: list[Line]) -> list[Row]:
    """Rows of a TERM | DEFINITION table: its lines after the first heading, and its headings."""
    if all(t.spans for t in body + heads):
        return _positioned_rows(body, min(t.spans[0].x for t in heads))
    if any(len(h.text.split()) == 1 for h in heads):
        return _stacked_rows(body)
    return _flat_rows(body)


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
