"""Where records are printed: boxes recorded at parse time on the real sample PDFs.

Checked against PDFium's text layer through the records' own text (tests/page_words.py), not
against the code that made the boxes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from page_words import CharBox, page_lines, split_lines
from pypdf import PdfReader

from ingest.boxes import line_box, record_boxes, text_runs
from ingest.parse import parse_file
from ingest.pdf import read_pdf
from ingest.records import Box, ParsedDocument

SLACK_PT = 0.6  # PDFium's glyph boxes and its text runs round differently by a fraction


def _pdfs(samples_dir: Path) -> list[Path]:
    return sorted(samples_dir.glob("*/*.pdf"))


@pytest.fixture(scope="module")
def parsed(samples_dir: Path) -> dict[str, tuple[Path, ParsedDocument]]:
    """Every sample PDF parsed once, by file name."""
    return {pdf.name: (pdf, parse_file(pdf)) for pdf in _pdfs(samples_dir)}


def _inside(char: CharBox, boxes: tuple[Box, ...]) -> bool:
    left, bottom, right, top = char
    return any(
        b.x0 - SLACK_PT <= left
        and right <= b.x1 + SLACK_PT
        and b.y0 - SLACK_PT <= bottom
        and top <= b.y1 + SLACK_PT
        for b in boxes
    )


def _overlaps(char: CharBox, boxes: tuple[Box, ...]) -> bool:
    left, bottom, right, top = char
    return any(left < b.x1 and b.x0 < right and bottom < b.y1 and b.y0 < top for b in boxes)


def test_every_record_has_boxes_on_exactly_its_pages_inside_the_page(parsed) -> None:
    assert len(parsed) == 17
    for name, (pdf, doc) in parsed.items():
        assert len(doc.boxes) == len(doc.paragraphs), name
        sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(pdf).pages]
        for p, boxes in zip(doc.paragraphs, doc.boxes, strict=True):
            assert tuple(sorted({b.page for b in boxes})) == p.pages, (name, p.path, p.term)
            for b in boxes:
                width, height = sizes[b.page - 1]
                assert 0 <= b.x0 < b.x1 <= width and 0 <= b.y0 < b.y1 <= height, (name, p.path)


@pytest.mark.parametrize(
    ("name", "path", "pages"),
    [
        ("DoDI_4715.13.pdf", "3.3.b.(2)(a)", (11,)),  # one page, its title on its own line
        ("DoDD_5132.03.pdf", "1.2.d", (3, 4)),  # runs from the foot of p. 3 onto p. 4
        ("DoDM_4160.28_Vol1.pdf", "7.3.b", (26,)),
        ("DoDI_2030.08.pdf", "E3.2.g", (10, 11)),  # old template, enclosure paragraph
    ],
)
def test_boxes_cover_the_words_of_the_paragraph_and_no_other(
    parsed, name: str, path: str, pages: tuple[int, ...]
) -> None:
    pdf, doc = parsed[name]
    (p, boxes), *_ = [
        (p, b) for p, b in zip(doc.paragraphs, doc.boxes, strict=True) if p.path == path
    ]
    assert p.pages == pages
    for page in pages:
        own, other = split_lines(page_lines(pdf, page), p)
        on_page = tuple(b for b in boxes if b.page == page)
        assert own, f"{name} p. {page}: no line of {path} found"
        missed = [c for line in own for c in line.chars if not _inside(c, on_page)]
        assert not missed, f"{name} {path} p. {page}: {len(missed)} characters outside its boxes"
        touched = [line.text for line in other if any(_overlaps(c, on_page) for c in line.chars)]
        assert not touched, f"{name} {path} p. {page}: boxes cover other lines {touched}"


def test_justified_lines_are_covered_to_their_last_word(samples_dir: Path) -> None:
    """Regression: widths from the fonts' /Widths ignore the word spacing of justified text.

    DoDM 5100.76 p. 1 sets "(1) OSD, the Military Departments, ..." justified; a box made
    from pypdf's positions alone ended 30 points short of the line's last word.
    """
    pdf = samples_dir / "old" / "DoDM_5100.76.pdf"
    page = read_pdf(pdf, pdf.read_bytes())[0]
    line = next(t for t in page.lines if "OSD, the Military Departments" in t.text)
    printed = next(x for x in page_lines(pdf, 1) if "OSD, the Military Departments" in x.text)
    estimate = line_box(line, ())  # pypdf alone: what the boxes fell back to
    assert estimate is not None and estimate.x1 < printed.bounds[2] - 20
    box = line_box(line, text_runs(pdf.read_bytes())[1])
    assert box is not None
    assert all(_inside(c, (box,)) for c in printed.chars)


def test_page_text_files_have_no_boxes(samples_dir: Path) -> None:
    doc = parse_file(samples_dir / "modern" / "DoDI_5000.94.pages.txt")
    assert doc.paragraphs and doc.boxes == ()


def test_a_pdf_pdfium_cannot_read_falls_back_to_pypdf_positions(samples_dir: Path) -> None:
    assert text_runs(b"%PDF-1.4 not really a pdf %%EOF") == {}
    pdf = samples_dir / "modern" / "DoDI_4715.13.pdf"
    lines = read_pdf(pdf, pdf.read_bytes())[10].lines  # p. 11
    boxes = record_boxes(lines, {})
    assert boxes and all(b.page == 11 and b.x0 < b.x1 and b.y0 < b.y1 for b in boxes)
