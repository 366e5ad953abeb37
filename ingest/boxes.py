"""Where each record is printed: boxes around its lines, for highlighting it on the page image.

A line's height and page come from pypdf (its baseline and font size), but its horizontal
extent comes from PDFium's text runs on the same baseline. pypdf's positions are not enough for
a highlight: a font's /Widths ignore the word spacing of justified text and pypdf reports some
pieces at the x of their text object's start. Over the 17 sample PDFs (`python
bench/page_boxes.py`), boxes from pypdf alone left part of 1,069 of 6,806 printed lines outside
their record's boxes, boxes from PDFium's runs 30 (cover-page and table lines the measure
cannot attribute cleanly). PDFium is also what draws the page image, so a box and the pixels
it marks come from one reading of the PDF. When PDFium cannot read a file the boxes fall back
to pypdf's estimate rather than failing the ingest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pypdfium2 as pdfium

from ingest.pages import Line
from ingest.records import Box

Run = tuple[float, float, float, float]  # a PDFium text run: left, bottom, right, top (points)
PageRuns = dict[int, tuple[Run, ...]]  # 1-indexed page -> its text runs

_BELOW = 0.2  # a run belongs to a line when its middle lies this many ems below the baseline
_ABOVE = 0.75  # ... up to this many ems above it (raised footnote marks included)
_DESCENT = 0.25  # box bottom at least this many ems below the baseline
_ASCENT = 0.75  # box top at least this many ems above it, so lines stack into an even block
_SAME_EDGE_PT = 2.0  # justified lines whose edges agree this closely merge into one box
_ROUND = 1  # decimals kept: a tenth of a point is far below a pixel at any screen DPI


def text_runs(data: bytes) -> PageRuns:
    """PDFium's text runs of every page of a PDF; empty when PDFium cannot read it.

    Never raises for a damaged file: pypdf already decided the file is readable, and boxes
    then fall back to pypdf's positions.
    """
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return {}
    try:
        runs: PageRuns = {}
        for index in range(len(doc)):
            textpage = doc[index].get_textpage()
            runs[index + 1] = tuple(textpage.get_rect(i) for i in range(textpage.count_rects()))
        return runs
    except pdfium.PdfiumError:
        return {}
    finally:
        doc.close()


def record_boxes(lines: Iterable[Line], runs: PageRuns) -> tuple[Box, ...]:
    """Boxes around a record's lines, merged where justified lines stack into one block.

    Args:
        lines: the record's source lines in reading order; lines without a position (from a
            page-text file) give no box.
        runs: PDFium's text runs per page (``text_runs``); a page without runs falls back to
            pypdf's positions.

    Returns:
        The boxes in reading order, on exactly the pages the positioned lines sit on.
    """
    boxes = [box for line in lines if (box := line_box(line, runs.get(line.page, ())))]
    return tuple(_merge(boxes))


def line_box(line: Line, runs: Sequence[Run]) -> Box | None:
    """The box of one printed line, None when the line has no position."""
    if line.y is None or not line.spans:
        return None
    size = line.size or 12.0
    low, high = line.y - _BELOW * size, line.y + _ABOVE * size
    mine = [r for r in runs if low <= (r[1] + r[3]) / 2 <= high]
    if mine:
        x0, x1 = min(r[0] for r in mine), max(r[2] for r in mine)
        bottom, top = min(r[1] for r in mine), max(r[3] for r in mine)
    else:  # PDFium found no text here: pypdf's estimate (widths without word spacing)
        x0 = min(s.x for s in line.spans)
        x1 = max(s.x + s.width for s in line.spans)
        bottom, top = line.y, line.y
    y0 = min(bottom, line.y - _DESCENT * size)
    y1 = max(top, line.y + _ASCENT * size)
    return Box(line.page, *(round(v, _ROUND) for v in (x0, y0, x1, y1)))


def _merge(boxes: list[Box]) -> list[Box]:
    """Join consecutive boxes of justified lines (same left and right edge) into one."""
    out: list[Box] = []
    for box in boxes:
        last = out[-1] if out else None
        if last is not None and _stacks(last, box):
            out[-1] = Box(box.page, min(last.x0, box.x0), box.y0, max(last.x1, box.x1), last.y1)
        else:
            out.append(box)
    return out


def _stacks(above: Box, below: Box) -> bool:
    """Whether ``below`` is the next line under ``above`` with the same edges."""
    if above.page != below.page:
        return False
    same_edges = abs(above.x0 - below.x0) <= _SAME_EDGE_PT and abs(above.x1 - below.x1) <= (
        _SAME_EDGE_PT
    )
    gap = above.y0 - below.y1
    return same_edges and 0 <= gap <= 0.5 * (below.y1 - below.y0)
