"""Page boxes: how many printed lines of the records their boxes cover, PDFium runs vs pypdf.

Usage:
    python bench/page_boxes.py [--limit N] [--json]

Every sample PDF is parsed twice: as ingest does (line extents from PDFium's text runs) and
with pypdf's positions alone (what the boxes fall back to). A record's printed lines are read
from PDFium's text layer through the record's own text (tests/page_words.py); a line is
counted only when exactly one record on its page contains it, so a phrase two paragraphs
share is not charged to the wrong one. A line is covered when every character's box lies
inside the record's boxes on that page (0.6 pt slack). Results go under data/bench/.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # page_words

from page_words import CharBox, PrintedLine, page_lines, split_lines

from bench import corpus
from bench.timing import Report, add_common_args, emit, machine
from ingest.boxes import text_runs
from ingest.parse import Source, parse_pages
from ingest.pdf import read_pdf
from ingest.records import Box, ParsedDocument

SLACK_PT = 0.6


def _inside(char: CharBox, boxes: list[Box]) -> bool:
    left, bottom, right, top = char
    return any(
        b.x0 - SLACK_PT <= left <= right <= b.x1 + SLACK_PT
        and b.y0 - SLACK_PT <= bottom <= top <= b.y1 + SLACK_PT
        for b in boxes
    )


def _norm(text: str) -> str:
    return " ".join(text.split())


def uncovered(pdf: Path, doc: ParsedDocument) -> tuple[int, int]:
    """(lines not fully inside their record's boxes, lines checked) for one parsed PDF."""
    texts: dict[int, list[str]] = {}
    for p in doc.paragraphs:
        for page in p.pages:
            texts.setdefault(page, []).append(_norm(p.text))
    lines: dict[int, list[PrintedLine]] = {}
    missed = checked = 0
    for p, boxes in zip(doc.paragraphs, doc.boxes, strict=True):
        for page in p.pages:
            printed = lines.setdefault(page, page_lines(pdf, page))
            own, _ = split_lines(printed, p)
            on_page = [b for b in boxes if b.page == page]
            for line in own:
                key = _norm(line.text)
                if sum(key in t or key[3:] in t for t in texts[page]) != 1:
                    continue
                checked += 1
                missed += not all(_inside(c, on_page) for c in line.chars)
    return missed, checked


def main(argv: list[str] | None = None) -> int:
    """Count uncovered lines both ways and print the table (or JSON)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None, help="only the N smallest PDFs")
    add_common_args(parser)
    args = parser.parse_args(argv)
    report = Report("page_boxes", meta=machine())
    pdfs = corpus.sample_pdfs(args.limit)
    for label, with_runs in (("PDFium text runs (ingest)", True), ("pypdf alone", False)):
        missed = checked = 0
        for pdf in pdfs:
            data = pdf.read_bytes()
            source = Source(pdf.name, hashlib.sha256(data).hexdigest())
            runs = text_runs(data) if with_runs else {}
            doc = parse_pages(read_pdf(pdf, data), source, pdf, runs)
            m, c = uncovered(pdf, doc)
            missed, checked = missed + m, checked + c
        report.add(f"lines not covered, {label}", missed, "lines", note=f"of {checked}")
    report.meta["pdfs"] = [p.name for p in pdfs]
    emit(report, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
