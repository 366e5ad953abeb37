"""The printed words of a paragraph on a real page, read from PDFium's text layer.

The reference the page-image tests compare highlights against: a page's text lines with the
box of every character, split into the lines that print the paragraph's own text (a line of
the page that occurs verbatim in the record's text) and the page's other lines. It uses the
record's text only, never the boxes recorded at ingest, so it checks them independently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from ingest.records import Paragraph

MIN_LINE_CHARS = 15  # shorter lines ("(a) Aircraft.", page numbers) could match by chance
_MARKER = re.compile(r"^(?:\(?[0-9A-Za-z]{1,3}[.)]\s*)+")  # "d. ", "(2) ", "E3.2.g. "

CharBox = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


@dataclass(frozen=True)
class PrintedLine:
    """One text line of a page as PDFium reads it: its text and its characters' boxes."""

    text: str
    chars: tuple[CharBox, ...]

    @property
    def bounds(self) -> CharBox:
        """The box around all its characters."""
        return (
            min(c[0] for c in self.chars),
            min(c[1] for c in self.chars),
            max(c[2] for c in self.chars),
            max(c[3] for c in self.chars),
        )


def page_lines(pdf: Path, page: int) -> list[PrintedLine]:
    """The text lines of a 1-indexed page, each with its visible characters' boxes."""
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[page - 1].get_textpage()
        lines: list[PrintedLine] = []
        text, chars = "", []
        for i in range(textpage.count_chars()):
            ch = textpage.get_text_range(i, 1)
            if ch in "\r\n":
                if chars:
                    lines.append(PrintedLine(text, tuple(chars)))
                text, chars = "", []
                continue
            text += ch
            if ch.strip():
                chars.append(textpage.get_charbox(i))
        if chars:
            lines.append(PrintedLine(text, tuple(chars)))
        return lines
    finally:
        doc.close()


def _norm(text: str) -> str:
    return " ".join(text.split())


def split_lines(
    lines: list[PrintedLine], p: Paragraph
) -> tuple[list[PrintedLine], list[PrintedLine]]:
    """(lines printing `p`'s text, the page's other lines), both long enough to be sure.

    A paragraph's first line starts with its marker ("d. "), which its text leaves out; a line
    holding the record's title (printed before its text) counts as neither.
    """
    text = _norm(p.text)
    own, other = [], []
    for line in lines:
        norm = _norm(line.text)
        if len(norm) < MIN_LINE_CHARS:
            continue
        if norm in text or _MARKER.sub("", norm, count=1) in text:
            own.append(line)
        elif not (p.title and p.title in norm):
            other.append(line)
    return own, other
