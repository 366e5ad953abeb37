"""A sample's PDF and its page text parse to the same records, except what parity.md explains.

The report lists each remaining difference with its cause; this test keeps it honest both ways:
a difference the report does not list fails, and so does a listed one that no longer occurs
(fixed: delete its row with ``.venv/bin/python tests/fixtures/parity.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.parity import UNKNOWN, Difference, differences, pairs, read_report

REPORT = read_report()


@pytest.fixture(scope="module")
def found(samples_dir: Path) -> set[Difference]:
    """The differences as the parser stands, over every sample with a PDF and its page text."""
    return set().union(*(differences(samples_dir, s) for s in pairs(samples_dir)))


def test_every_pdf_sample_has_its_page_text(samples_dir: Path) -> None:
    assert len(pairs(samples_dir)) == len(list(samples_dir.glob("*/*.pdf"))) == 17


def test_no_difference_goes_unreported(found: set[Difference]) -> None:
    unreported = sorted(found - REPORT.keys())
    assert not unreported, "add these to tests/fixtures/parity.md with their cause"


def test_no_reported_difference_is_gone(found: set[Difference]) -> None:
    gone = sorted(REPORT.keys() - found)
    assert not gone, "these no longer occur: delete their rows from tests/fixtures/parity.md"


def test_every_difference_has_a_known_cause() -> None:
    kinds = ("footnote", "glossary", "blank", "split word", "table", "ocr markers")
    for difference, cause in REPORT.items():
        assert cause != UNKNOWN and cause.startswith(kinds), (difference, cause)


def test_old_template_body_differs_only_by_extraction(found: set[Difference]) -> None:
    """Structure (which paragraphs exist) agrees for every old sample; only glossary, reference
    and OCR-marker records may exist in one copy alone."""
    structural = {
        d
        for d in found
        if d.sample.startswith("old/")
        and d.kind.startswith("only")
        and not d.record.startswith(("G.1", "G.2", "References"))
    }
    assert structural == set()
