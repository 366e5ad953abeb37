"""Separate page furniture (running header, footer, page number, footnotes, contents) from text.

Positioned PDF lines are judged by where they sit *and* what they say: a line in the top or
bottom margin is dropped only when it reads like a header, a footer or a page number, so body
text that happens to sit low on a page is never lost. Page-text files have no positions; there
the first and last lines of each page are tested against the same patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import footnotes
from ingest.pages import Line, Page

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
DATE = rf"(?:{_MONTH}\s+\d{{1,2}},\s*\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
HEADER = re.compile(
    rf"^\s*(?:(?i:DoD)[A-Z]?\s*[\w.\-]+(?:,\s*(?:Volume|Vol\.)\s*\d+)?(?:\s+CH\s*\d+)?,\s*{DATE}"
    rf"|Change\s+\d+,\s*{DATE})\s*$"
)
_HEADING = (
    r"(?:SECTION\s+\d+[:.]?.*|GLOSSARY|REFERENCES|TABLE OF CONTENTS|APPENDIX\s*\w*.*"
    r"|ENCLOSURES?\s*\d*.*|CONTENTS)"
)
FOOTER = re.compile(
    rf"^\s*(?:Change\s+\d+,\s*{DATE}\s*)?(?:{_HEADING}\s+)?\d{{1,4}}(?:\s+{_HEADING})?\s*$"
)
_FOOTER_TITLE = re.compile(rf"^\s*(?:Change\s+\d+,\s*{DATE}\s*)?{_HEADING}\s*$")
_TOP_MARGIN_PT = 72.0  # header lines sit within this distance of the top edge
_BOTTOM_MARGIN_PT = 62.0  # footer lines sit below this height


@dataclass(frozen=True)
class PageText:
    """One page split into body lines and the furniture taken away from it."""

    number: int
    body: tuple[Line, ...]
    stripped: tuple[Line, ...]


def strip_page(page: Page) -> PageText:
    """Remove running header, footer, page number and footnotes from one page."""
    if page.height is None:
        return _strip_by_pattern(page)
    body: list[Line] = []
    stripped: list[Line] = []
    for line in page.lines:
        (stripped if _is_furniture(line, page.height) else body).append(line)
    body, notes = footnotes.split(body, positioned=True)
    return PageText(page.number, tuple(body), tuple(stripped + notes))


def _is_furniture(line: Line, height: float) -> bool:
    """Whether a positioned line is header, footer or page number (footnotes: ``footnotes``)."""
    y = line.y if line.y is not None else height / 2
    if y > height - _TOP_MARGIN_PT:
        return HEADER.match(line.text) is not None or FOOTER.match(line.text) is not None
    if y < _BOTTOM_MARGIN_PT:
        return FOOTER.match(line.text) is not None or _FOOTER_TITLE.match(line.text) is not None
    return False


def _strip_by_pattern(page: Page) -> PageText:
    """Strip furniture from an unpositioned page: leading and trailing lines that match.

    Extractions put the header and footer either at the top of the page text (pypdf order) or
    the footer at the bottom; a footer whose page number fell onto its own line is matched as
    a title line followed by a bare number.
    """
    lines = list(page.lines)
    head = 0
    while head < min(len(lines), 5) and _top_furniture(lines, head):
        head += 1
    tail = len(lines)
    while tail > head and len(lines) - tail < 3 and _bottom_furniture(lines[tail - 1], page):
        tail -= 1
    body, notes = footnotes.split(lines[head:tail], positioned=False)
    return PageText(page.number, tuple(body), tuple(lines[:head] + notes + lines[tail:]))


def _top_furniture(lines: list[Line], i: int) -> bool:
    text = lines[i].text
    if HEADER.match(text) or (FOOTER.match(text) and not text.strip().isdigit()):
        return True
    if text.strip().isdigit():
        return i > 0 and int(text) == lines[i].page
    nxt = lines[i + 1].text if i + 1 < len(lines) else ""
    title_then_number = _FOOTER_TITLE.match(text) is not None and nxt.strip().isdigit()
    return title_then_number and i > 0 and HEADER.match(lines[i - 1].text) is not None


def _bottom_furniture(line: Line, page: Page) -> bool:
    """A footer at the page end; a bare number only when it is this page's number."""
    text = line.text.strip()
    if text.isdigit():
        return int(text) == page.number
    return FOOTER.match(text) is not None or HEADER.match(text) is not None
