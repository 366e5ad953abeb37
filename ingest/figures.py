"""Full-page figures of text inside an enclosure: a sample document printed with its own numbers.

DoDM 5100.76, Enclosure 10, prints "Figure.  Sample Generic Transportation Plan for the Transfer
of AA&E" over four pages, each headed by the caption ("..., Continued" after the first), and the
sample plan numbers its own paragraphs 1 to 12, which the issuance cites as "subparagraphs 7.a.
through 7.e. of this figure". Read as enclosure text, those numbers would pose as the
enclosure's own paragraphs 11 and 12; taken apart, they become the figure's paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.pages import Line

_CAPTION = re.compile(r"^\s*Figure\s*(\d*)\s*\.\s+(\S.*?)\s*$")
_CONTINUED = re.compile(r",?\s*\(?continued\)?\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """One figure: its number as printed ("" when unnumbered), title, captions and body lines.

    Attributes:
        number: "2" for "Figure 2.", "" for a lone "Figure.".
        title: the caption's title without ", Continued".
        captions: the caption line of each page the figure fills.
        body: the figure's other lines, top to bottom.
    """

    number: str
    title: str
    captions: tuple[Line, ...]
    body: tuple[Line, ...]


def split_figures(lines: list[Line]) -> tuple[list[Line], list[tuple[int, Figure]]]:
    """Take full-page figures out of a run of body lines.

    A page whose first line is a figure caption is the figure's page to its end, and so is each
    following page that opens with the same caption.

    Returns:
        The lines outside figures, and each figure with the index (into those lines) it stood at.
    """
    kept: list[Line] = []
    figures: list[tuple[int, Figure]] = []
    for page in _pages(lines):
        found = _CAPTION.match(page[0].text)
        if found is None:
            kept.extend(page)
            continue
        number, title = found.group(1), _CONTINUED.sub("", found.group(2)).strip()
        last = figures[-1][1] if figures else None
        if last and (last.number, last.title) == (number, title) and figures[-1][0] == len(kept):
            figures[-1] = (len(kept), _extend(last, page))
        else:
            figures.append((len(kept), Figure(number, title, (page[0],), tuple(page[1:]))))
    return kept, figures


def _extend(figure: Figure, page: list[Line]) -> Figure:
    return Figure(figure.number, figure.title, (*figure.captions, page[0]),
                  (*figure.body, *page[1:]))  # fmt: skip


def _pages(lines: list[Line]) -> list[list[Line]]:
    """The lines grouped by page, in order."""
    pages: list[list[Line]] = []
    for line in lines:
        if not pages or pages[-1][0].page != line.page:
            pages.append([])
        pages[-1].append(line)
    return pages
