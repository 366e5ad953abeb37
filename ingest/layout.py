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
    rf"^\s*(?:Change\s+\d+,\s*{DATE}\s*)?(?:{_HEADING}\s+)?(?P<page>\d{{1,4}})"
    rf"(?:\s+{_HEADING})?\s*$"
)
_FOOTER_TITLE = re.compile(rf"^\s*(?:Change\s+\d+,\s*{DATE}\s*)?{_HEADING}\s*$")
_TOP_LINES = 5  # page-text files: furniture is looked for among the first lines ...
_BOTTOM_LINES = 3  # ... and the last lines of a page
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
    the footer at the bottom. A page has one footer, and it carries the page's own number,
    either on its line ("ENCLOSURE 2 5", "Change 1, 05/22/2018 GLOSSARY 9") or on the line just
    before or after its title ("6" / "ENCLOSURE 2"). A heading such as "ENCLOSURE 2" with no
    page number beside it is body text: it opens the enclosure printed on this page.
    """
    lines = list(page.lines)
    head = 0
    footer = False
    while head < min(len(lines), _TOP_LINES):
        if HEADER.match(lines[head].text):
            head += 1
            continue
        taken = 0 if footer else _footer_at(lines[head : head + 2], page.number, head > 0)
        if not taken:
            break
        head += taken
        footer = True
    tail = len(lines)
    footer = False
    while tail > head and len(lines) - tail < _BOTTOM_LINES:
        if HEADER.match(lines[tail - 1].text):
            tail -= 1
            continue
        window = lines[max(tail - 2, head) : tail]
        taken = 0 if footer else _footer_at(window[::-1], page.number, True)
        if not taken:
            break
        tail -= taken
        footer = True
    body, notes = footnotes.split(lines[head:tail], positioned=False)
    return PageText(page.number, tuple(body), tuple(lines[:head] + notes + lines[tail:]))


def _footer_at(lines: list[Line], number: int, bare_number: bool) -> int:
    """How many of ``lines`` (1 or 2, nearest the page edge first) form the page footer; 0 if none.

    Args:
        lines: the line at the page edge and the one after it (towards the body).
        number: the page's 1-indexed number, which the footer must print.
        bare_number: whether a line holding only the page number counts (not as the very first
            line of a page, where it may be body text).
    """
    text = lines[0].text.strip()
    found = FOOTER.match(text)
    if _page_number(text):
        if not (bare_number and int(text) == number):
            return 0
        beside = lines[1].text if len(lines) > 1 else ""
        return 2 if _FOOTER_TITLE.match(beside) else 1
    if found and int(found.group("page")) == number:
        return 1
    beside = lines[1].text.strip() if len(lines) > 1 else ""
    if _FOOTER_TITLE.match(text) and _page_number(beside) and int(beside) == number:
        return 2
    return 0


def _page_number(text: str) -> bool:
    """ASCII digits only: "²" is a digit to str.isdigit but no page number (and int() fails)."""
    return text.isascii() and text.isdigit()
