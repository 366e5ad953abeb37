"""Footnotes: their text is page furniture, and the marks pointing at them are not text.

A footnote block sits at the foot of a page, above the footer: "1 Available at https://...",
possibly several notes, each possibly wrapped. A positioned page sets it in a smaller font than
its body, so the block is the run of small lines at the page's foot, from its first note on
(OCR may read a note's number as a symbol). A page-text file has no sizes; there a line
"N  text" near the page's end starts the block only when the page above it carries the mark
N. Marks are removed from the body lines of the page that holds their notes: "Guidebook1",
"(VAG)”1", "22,6", "April 5, 20137" (year 2013, mark 7) and, only where nothing else carries
the mark, a line ending "Title 102" (Title 10, mark 2); pypdf may also set a mark on a line of
its own. A scan's marks that OCR read as symbols ("edition?") cannot be told from text and stay.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ingest.pages import Line, Span

_NOTE = re.compile(r"^\s*(\d{1,2})\s+\S")
_OCR_NOTE = re.compile(r"^\s*[^\w\s]\s+\S")  # a scan's note whose number OCR read as a symbol
_NOTE_SIZE = 0.85  # a note's first line (its number sets the size) is this much smaller
_TEXT_NOTE_LINES = 20  # a page-text file's notes start within this many lines of its end
_END = r"(?=[\s.,;:)]|$)"


def split(lines: list[Line], positioned: bool) -> tuple[list[Line], list[Line]]:
    """(body lines without footnote marks, footnote lines) of one page's body lines.

    Args:
        lines: the page's body lines top to bottom, header and footer already removed.
        positioned: whether the lines carry font sizes (PDF) or not (page-text file).
    """
    start = _sized_block(lines) if positioned else _text_block(lines)
    if start is None:
        return lines, []
    notes = lines[start:]
    numbers = sorted({int(m.group(1)) for t in notes if (m := _NOTE.match(t.text))})
    # a mark pypdf set on a line of its own ("5" above "... June 21, 2006") is no text either
    lone = [t for t in lines[:start] if t.text.strip() in {str(n) for n in numbers}]
    body = [t for t in lines[:start] if t not in lone]
    found = {int(t.text) for t in lone}
    return _drop_marks(body, [n for n in numbers if n not in found]), lone + notes


def _sized_block(lines: list[Line]) -> int | None:
    """Index of the first footnote line of a positioned page, None without notes."""
    sizes = Counter(round(t.size) for t in lines if t.size)
    if not sizes:
        return None
    body = sizes.most_common(1)[0][0]
    run = len(lines)
    while run and 0 < round(lines[run - 1].size) < body:
        run -= 1
    return next(
        (
            i
            for i in range(run, len(lines))
            if lines[i].size <= _NOTE_SIZE * body
            and (_NOTE.match(lines[i].text) or _OCR_NOTE.match(lines[i].text))
        ),
        None,
    )


def _text_block(lines: list[Line]) -> int | None:
    """Index of the first footnote line of a page-text page, None without notes."""
    for i in range(max(len(lines) - _TEXT_NOTE_LINES, 1), len(lines)):
        found = _NOTE.match(lines[i].text)
        if found and _find_mark(lines[:i], int(found.group(1)), (0, 0), digits=False):
            return i
    return None


def _drop_marks(lines: list[Line], numbers: list[int]) -> list[Line]:
    """The lines with each note number's mark removed, marks taken in reading order."""
    out = list(lines)
    after = (0, 0)
    for number in numbers:
        found = _find_mark(out, number, after, digits=True)
        if found is None:
            continue
        row, start, end = found
        out[row] = _cut(out[row], start, end)
        after = (row, start)
    return out


def _find_mark(
    lines: list[Line], number: int, after: tuple[int, int], digits: bool
) -> tuple[int, int, int] | None:
    """(line index, start, end) of the first mark ``number`` at or after ``after``, else None.

    A mark glued to a word, a closing quote or a comma is preferred to one glued to a year,
    and that to one glued to a number of one or two digits that ends a line (tried only with
    ``digits``).
    """
    kinds = [
        [  # not "5111.1", not a paragraph number such as "G.1"
            rf"(?<=[A-Za-z)\]”\"\u2019:;,]){number}",
            rf"(?<=[A-Za-z]{{2}}\.|\.[A-Za-z]\.){number}",
        ],
        [rf"(?<=\b(?:19|20)\d\d){number}"],
    ]
    if digits:  # "Title 102" ending a line: Title 10, mark 2 (not "June 23, 2008")
        kinds.append([rf"(?<=\s\d){number}\s*$", rf"(?<=\s\d\d){number}\s*$"])
    for patterns in kinds:
        mark = re.compile("|".join(f"(?:{p}){_END}" for p in patterns))
        for row in range(after[0], len(lines)):
            found = mark.search(lines[row].text, after[1] if row == after[0] else 0)
            if found:
                return row, found.start(), found.end()
    return None


def _cut(line: Line, start: int, end: int) -> Line:
    """The line without ``line.text[start:end]``; the span holding it loses it too."""
    mark = line.text[start:end]
    spans: list[Span] = []
    pos = 0
    for span in line.spans:
        at = line.text.find(span.text.rstrip(), pos)
        if 0 <= at <= start < at + len(span.text.rstrip()):
            local = start - at
            span = replace(span, text=span.text[:local] + span.text[local + len(mark) :])
        pos = max(at, pos)
        spans.append(span)
    return replace(line, text=line.text[:start] + line.text[end:], spans=tuple(spans))
