"""Page-text files (``=== PAGE n ===``, ``## Page N``) go through the same line parser.

Without positions, headers and footers are removed by pattern, and the result for a sample that
also exists as a PDF must agree with the PDF parse paragraph for paragraph.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ingest.parse import parse_file
from ingest.textpages import mend_splits, text_pages

TEXT_SAMPLES = {
    "modern/DoDI_8510.01.txt": "DoDI 8510.01",
    "modern/DoDI_1000.04.pages.txt": "DoDI 1000.04",
    "modern/DoDI_4140.01.pages.txt": "DoDI 4140.01",
    "modern/DoDI_5000.94.pages.txt": "DoDI 5000.94",
    "modern/DoDI_5132.14.pages.txt": "DoDI 5132.14",
    "modern/DoDI_5134.04_CH1.pages.txt": "DoDI 5134.04",
    "modern/DoDI_4715.13.pypdf.txt": "DoDI 4715.13",
    "modern/DoDM_4160.28_Vol1.pypdf.txt": "DoDM 4160.28, Volume 1",
    "modern/DoDD_5132.03.pypdf.txt": "DoDD 5132.03",
    "old/DoDI_6440.02_CH1.pages.txt": "DoDI 6440.02",
    "old/DoDI_2030.08.pypdf.txt": "DoDI 2030.08",
    "old/DoDM_5200.01_Vol1.pypdf.txt": "DoDM 5200.01, Volume 1",
}


@pytest.mark.parametrize(("name", "doc_id"), TEXT_SAMPLES.items())
def test_text_sample_parses(samples_dir: Path, name: str, doc_id: str) -> None:
    path = samples_dir / name
    parsed = parse_file(path)
    assert parsed.document.doc_id == doc_id
    assert parsed.document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert parsed.document.source == path.name
    assert len(parsed.paragraphs) > 20
    assert min(p.pages[0] for p in parsed.paragraphs if p.pages) >= 1
    for rec in parsed.paragraphs:
        assert not rec.text.startswith(doc_id.split(",")[0] + ","), (rec.path, rec.text)


def test_pypdf_text_agrees_with_pdf(samples_dir: Path) -> None:
    from_pdf = parse_file(samples_dir / "modern" / "DoDI_4715.13.pdf")
    from_text = parse_file(samples_dir / "modern" / "DoDI_4715.13.pypdf.txt")
    text_records = {(p.path, p.term): p for p in from_text.paragraphs}
    # including the "DEFINITION TERM" table, whose cells pypdf's text prints in three orders
    assert len(text_records) == len(from_pdf.paragraphs)
    for rec in from_pdf.paragraphs:
        other = text_records[(rec.path, rec.term)]
        assert (other.text, other.pages) == (rec.text, rec.pages), rec.path
    assert from_text.document == from_pdf.document.__class__(
        **{**from_pdf.document.__dict__, "source": from_text.document.source,
           "sha256": from_text.document.sha256}
    )  # fmt: skip


def test_markdown_pages_drop_bottom_footer(samples_dir: Path) -> None:
    parsed = parse_file(samples_dir / "modern" / "DoDI_8510.01.txt")
    recs = {(p.path, p.term): p for p in parsed.paragraphs}
    assert recs[("1.2.j", None)].text == (
        "DoD personnel making decisions affecting cybersecurity or cyber operational risk will "
        "be accountable, as appropriate, for those decisions."
    )
    assert recs[("2.1.a", None)].text == (
        "Develops, implements, and oversees the Cybersecurity Program for DoD."
    )
    assert recs[("G.1", "AO")].text == "authorizing official"


def test_zero_indexed_pages_are_shifted() -> None:
    pages = text_pages("# note\n=== PAGE 0 ===\ncover\n=== PAGE 1 ===\nbody\n")
    assert [(p.number, [line.text for line in p.lines]) for p in pages] == [
        (1, ["cover"]),
        (2, ["body"]),
    ]


def test_split_words_and_markers_are_mended() -> None:
    split = ["Or", "iginating Component: Office", " c", ".  DoD text", "  (", "1)  X", "Go on"]
    assert mend_splits(split) == [
        "Originating Component: Office",
        " c.  DoD text",
        "  (1)  X",
        "Go on",
    ]
