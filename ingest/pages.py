"""Pages of printed lines: from a PDF via pypdf's positioned text, or from a page-text file.

pypdf's plain ``extract_text`` emits the running footer before the body and lists table cells
column by column, so the PDF reader groups pypdf's text pieces into lines by their baseline
instead; each line keeps its pieces' x positions so that two-column tables (the glossary) can be
paired by position. Page-text files carry no positions; the same parser handles them by pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ingest.words import join_split_words

_SAME_LINE_PT = 2.5  # baselines closer than this (points) belong to one printed line
_RAISED_PT = 6.0  # a small-font footnote mark may sit this far above its line


@dataclass(frozen=True)
class Span:
    """A piece of text as pypdf drew it.

    Attributes:
        text: the text as drawn.
        x: left edge in points from the page's left.
        size: font size in points.
        bold: whether the font's name says bold.
        width: advance width in points, from the font's /Widths (else estimated at half an em
            per character); with ``x`` it tells where the text ends, for page highlights.
    """

    text: str
    x: float
    size: float
    bold: bool = False
    width: float = 0.0


@dataclass(frozen=True)
class Line:
    """One printed line of one page.

    Attributes:
        page: 1-indexed page number.
        text: the line as printed, trailing blanks removed.
        y: baseline in points from the page bottom; None for page-text files.
        spans: pieces with x positions, left to right as pypdf drew them; empty without positions.
    """

    page: int
    text: str
    y: float | None = None
    spans: tuple[Span, ...] = ()

    @property
    def size(self) -> float:
        """Largest font size on the line in points (0 without positions)."""
        return max((s.size for s in self.spans), default=0.0)


@dataclass(frozen=True)
class Page:
    """A page's lines top to bottom; ``height`` in points, None for page-text files."""

    number: int
    lines: tuple[Line, ...]
    height: float | None = None


@dataclass(frozen=True)
class _Chunk:
    text: str
    x: float
    y: float
    size: float
    bold: bool
    width: float  # points, from the font's /Widths when it has them


def _text_width(text: str, font: Any, size: float) -> float:
    """Width of ``text`` in points from a simple font's /Widths (else half an em per char)."""
    try:
        widths = font["/Widths"]
        first = int(font["/FirstChar"])
        units = 0.0
        for char in text:
            code = ord(char) - first
            units += float(widths[code]) if 0 <= code < len(widths) else 500.0
        return units / 1000.0 * size
    except (KeyError, TypeError, ValueError, IndexError):
        return 0.5 * size * len(text)


def pdf_page_lines(page: Any, number: int) -> Page:
    """Read one pypdf page into positioned lines.

    Args:
        page: a ``pypdf.PageObject``.
        number: its 1-indexed page number.
    """
    chunks: list[_Chunk] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        pt = abs(size * tm[3] * (cm[3] or 1.0)) or abs(size)
        bold = "bold" in str((font or {}).get("/BaseFont", "")).lower()
        for i, part in enumerate(text.split("\n")):
            if part.strip():
                width = _text_width(part, font, pt)
                chunks.append(_Chunk(part, x, y - i * pt * 1.15, pt, bold, width))

    page.extract_text(visitor_text=visit)
    height = float(page.mediabox.height)
    return Page(number, tuple(_group_lines(chunks, number)), height)


def _group_lines(chunks: list[_Chunk], number: int) -> list[Line]:
    """Cluster chunks by baseline, top to bottom, keeping pypdf's order within a line."""
    rows: list[list[_Chunk]] = []
    for chunk in sorted(chunks, key=lambda c: -c.y):
        if rows and _joins(rows[-1], chunk):
            rows[-1].append(chunk)
        else:
            rows.append([chunk])
    lines = []
    for row in rows:
        row = _left_to_right(row)
        spans = tuple(Span(c.text, c.x, c.size, c.bold, c.width) for c in row)
        lines.append(Line(number, _join_spans(row), row[0].y, spans))
    return lines


def _joins(row: list[_Chunk], chunk: _Chunk) -> bool:
    """Whether ``chunk`` prints on the line ``row`` (footnote marks sit a little higher)."""
    gap = row[0].y - chunk.y
    if abs(gap) <= _SAME_LINE_PT:
        return True
    small_mark = chunk.size < 0.8 * row[0].size and chunk.text.strip().isdigit()
    return small_mark and abs(gap) <= _RAISED_PT


def _left_to_right(row: list[_Chunk]) -> list[_Chunk]:
    """Order a line's chunks by x.

    pypdf reports some chunks with the x of the line's first chunk (its text matrix is not
    updated inside one text object); such a chunk keeps its place after the chunk drawn before
    it instead of jumping to the line start.
    """
    keyed: list[tuple[float, _Chunk]] = []
    for chunk in row:
        stale = any(abs(chunk.x - other.x) < 0.01 for _, other in keyed)
        keyed.append((keyed[-1][0] + 0.001 if stale and keyed else chunk.x, chunk))
    return [chunk for _, chunk in sorted(keyed, key=lambda pair: pair[0])]


def _gap_between(text: str, prev: _Chunk, chunk: _Chunk) -> bool:
    """Whether the print shows a blank between ``text`` (ending with ``prev``) and ``chunk``."""
    if not text or text[-1].isspace() or chunk.text[0].isspace():
        return False
    visible = chunk.x > prev.x + prev.width + 0.25 * prev.size
    return visible and not _split_word(text, chunk)


def _join_spans(row: list[_Chunk]) -> str:
    """Concatenate a line's chunks, with a blank where the print shows a gap and none in a word.

    Positions decide where a blank may go between chunks. Inside a chunk pypdf has already
    decided: it puts a blank where the PDF moves the pen, even by zero ("po licy", "I t is":
    the pen is set back to the line start and forward again). Both kinds of blank are dropped
    where the word list shows the tokens on either side are pieces of one word
    (``words.join_split_words``): "Or" + "iginating", "po licy", "A s warranted".
    """
    text = ""
    prev: _Chunk | None = None
    for chunk in row:
        if prev is not None and _gap_between(text, prev, chunk):
            text += " "
        text += chunk.text
        prev = chunk
    return join_split_words(text.rstrip())


_WORD_HEAD = re.compile(r"(?:^|\s)[A-Z][a-z]{0,2}$")


def _split_word(text: str, chunk: _Chunk) -> bool:
    """pypdf splits some words after their first letters ("Or" + "iginating", "D" + "oD").

    The chunk after such a head often carries a stale x, so its gap cannot be trusted, and the
    joined token need not be a dictionary word ("DoD"), so this rule stands beside the word list.
    """
    return chunk.text[0].islower() and _WORD_HEAD.search(text) is not None
