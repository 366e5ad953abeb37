"""GLOSSARY: G.1 acronyms (one record per acronym) and G.2 definitions (one per term).

The acronym table has two columns. pypdf's reading order can list several acronyms before
their meanings, so positioned lines are split into columns by x; unpositioned text pairs a run
of bare acronyms with the meanings that follow, in order. Definitions are "term.  Text" with the
term in bold, or, in some issuances, a "TERM DEFINITION" table read by column like the acronyms.
"""

from __future__ import annotations

import re
from collections import deque

from ingest.pages import Line
from ingest.records import Kind, Paragraph
from ingest.wrap import join_lines

Sourced = tuple[Paragraph, tuple[Line, ...]]
_G1 = re.compile(r"^\s*G\s?\.\s?1\s?\.")
_G2 = re.compile(r"^\s*G\s?\.\s?2\s?\.")
_TABLE_HEAD = re.compile(
    r"^\s*(?:ACRONYM\s+(?:MEANING|DEFINITION)|TERM\s+DEFINITION|ACRONYMS\.?|GLOSSARY)\s*$", re.I
)
_ACRONYM_ROW = re.compile(r"^\s*(\S*[A-Z]\S*)\s+(\S.*)$")
_COLUMN_GAP_PT = 40.0
_ROW_GAP = 1.5  # a baseline gap this many line heights apart starts a new table row


def records(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[Line]]:
    """Records of a GLOSSARY region, and its heading lines (which belong to no record)."""
    g1 = next((i for i, t in enumerate(lines) if _G1.match(t.text)), None)
    after = 0 if g1 is None else g1 + 1
    g2 = next((i for i in range(after, len(lines)) if _G2.match(lines[i].text)), len(lines))
    start = g2 if g1 is None else g1 + 1
    headings = lines[:start] + lines[g2 : g2 + 1]
    out, leftover = acronyms(lines[start:g2], doc_id)
    defs, intro = definitions(lines[g2 + 1 :], doc_id)
    return out + defs, headings + leftover + intro


def _record(doc_id: str, path: str, kind: Kind, term: str, text: str, src: list[Line]) -> Sourced:
    heading = ("GLOSSARY", "G.1. ACRONYMS" if path == "G.1" else "G.2. DEFINITIONS")
    pages = tuple(sorted({t.page for t in src}))
    return Paragraph(doc_id, path, kind, heading, term, text, pages, None, term), tuple(src)


def _columns(line: Line, left_x: float) -> tuple[str, str]:
    """(left cell, right cell) of a positioned table line."""
    left = "".join(s.text for s in line.spans if s.x < left_x + _COLUMN_GAP_PT)
    right = "".join(s.text for s in line.spans if s.x >= left_x + _COLUMN_GAP_PT)
    return left.strip(), right.strip()


def acronyms(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[Line]]:
    """One ACRONYM record per row of the G.1 table, and the lines no row took (table head)."""
    positioned = [t for t in lines if t.spans]
    left_x = min((t.spans[0].x for t in positioned), default=0.0)
    pairs: list[tuple[str, list[str], list[Line]]] = []
    waiting: deque[int] = deque()
    leftover: list[Line] = []
    for line in lines:
        left, right = _acronym_cells(line, left_x, bool(waiting))
        if _TABLE_HEAD.match(line.text) or not (left or right) or (not left and not pairs):
            leftover.append(line)
        elif left:
            pairs.append((left, [right] if right else [], [line]))
            if not right:
                waiting.append(len(pairs) - 1)
        else:
            target = pairs[waiting.popleft()] if waiting else pairs[-1]
            target[1].append(right)
            target[2].append(line)
    found = [
        _record(doc_id, "G.1", Kind.ACRONYM, term, join_lines(text), src)
        for term, text, src in pairs
    ]
    return found, leftover


def _acronym_cells(line: Line, left_x: float, meanings_due: bool) -> tuple[str, str]:
    """(acronym, meaning) cells of one G.1 line; either may be empty."""
    if not line.spans:
        return _unpositioned_row(line.text, meanings_due)
    left, right = _columns(line, left_x)
    if left and not right:
        found = _ACRONYM_ROW.match(left)
        return (found.group(1), found.group(2)) if found else (left, "")
    return left, right


def _unpositioned_row(text: str, meanings_due: bool) -> tuple[str, str]:
    """Split an unpositioned acronym line into (acronym, meaning), either may be empty."""
    stripped = text.strip()
    if " " not in stripped and (sum(c.isupper() for c in stripped) > 1 or "(" in stripped):
        return stripped, ""
    if meanings_due:
        return "", stripped
    found = _ACRONYM_ROW.match(stripped)
    return (found.group(1), found.group(2)) if found else ("", stripped)


def definitions(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[Line]]:
    """One DEFINITION record per G.2 term, and the introductory lines before the first."""
    if any(_TABLE_HEAD.match(t.text) for t in lines) and all(t.spans for t in lines):
        return _table_definitions(lines, doc_id)
    entries: list[tuple[str, list[str], list[Line]]] = []
    intro: list[Line] = []
    bold_terms = any(span.bold for line in lines for span in line.spans)
    for line in lines:
        term, rest = _term(line, entries[-1][1][-1] if entries else "", bold_terms)
        if term:
            entries.append((term, [rest], [line]))
        elif entries:
            entries[-1][1].append(line.text)
            entries[-1][2].append(line)
        else:
            intro.append(line)
    found = [_record(doc_id, "G.2", Kind.DEFINITION, t, join_lines(x), s) for t, x, s in entries]
    return found, intro


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
    if previous and not previous.rstrip().endswith((".", ":")):
        return "", ""
    found = re.match(r"^\s*(\S.{0,70}?)\.\s{2}(\S.*)$", line.text) or re.match(
        r"^\s*([a-zA-Z][\w\-()/ ]{0,60}?)\.\s(\S.*)$", line.text
    )
    if not found or len(found.group(1).split()) > 8:
        return "", ""
    return found.group(1).strip(), found.group(2)


def _table_definitions(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[Line]]:
    """Definitions printed as a TERM | DEFINITION table: rows start where a term cell starts."""
    first = next(i for i, t in enumerate(lines) if _TABLE_HEAD.match(t.text))
    heads = [t for t in lines[first:] if _TABLE_HEAD.match(t.text)]
    body = [t for t in lines[first:] if not _TABLE_HEAD.match(t.text)]
    left_x = min(t.spans[0].x for t in heads)
    rows: list[tuple[list[str], list[str], list[Line]]] = []
    prev: Line | None = None
    for line in body:
        left, right = _columns(line, left_x)
        new_row = left and (prev is None or not _columns(prev, left_x)[0] or _gap(prev, line))
        if new_row or not rows:
            rows.append(([], [], []))
        if left:
            rows[-1][0].append(left)
        if right:
            rows[-1][1].append(right)
        rows[-1][2].append(line)
        prev = line
    found = [
        _record(doc_id, "G.2", Kind.DEFINITION, join_lines(term), join_lines(text), src)
        for term, text, src in rows
    ]
    return found, lines[:first] + heads


def _gap(prev: Line, line: Line) -> bool:
    """Whether two positioned lines are further apart than one line of text."""
    if prev.y is None or line.y is None or prev.page != line.page:
        return prev.page != line.page
    return prev.y - line.y > _ROW_GAP * max(prev.size, 1.0) * 1.15
