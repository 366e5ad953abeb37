"""Regression: the generated fictional DoDI 9999.01 parses to the checked-in paragraph tree.

After an intended parser change, inspect the diff and regenerate the expected tree with::

    .venv/bin/python tests/fixtures/fictional_issuance.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures.fictional_issuance import EXPECTED, expected_tree, write_fictional_pdf

from ingest.parse import parse_file
from ingest.records import Kind, ParsedDocument


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fictional_pdf(tmp_path_factory.mktemp("fictional") / "DoDI_9999.01.pdf")


@pytest.fixture(scope="module")
def parsed(pdf: Path) -> ParsedDocument:
    return parse_file(pdf)


def test_matches_checked_in_tree(pdf: Path) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    actual = expected_tree(pdf)
    assert actual["document"] == expected["document"]
    assert [r["path"] for r in actual["records"]] == [r["path"] for r in expected["records"]]
    for got, want in zip(actual["records"], expected["records"], strict=True):
        assert got == want
    assert actual["warnings"] == expected["warnings"] == []


def test_is_visibly_fictional_and_small(parsed: ParsedDocument) -> None:
    doc = parsed.document
    assert doc.doc_id == "DoDI 9999.01"
    assert "Fictional Test Issuance" in doc.title
    assert doc.pages == 8
    assert parsed.paragraphs[0].kind is Kind.PURPOSE
    assert "FICTIONAL TEST ISSUANCE" in parsed.paragraphs[0].text
    assert [(c.number, c.date) for c in doc.changes] == [(1, "June 5, 2025")]
    assert doc.edition == "Mar 3, 2024, incorporating Change 1, Jun 5, 2025"


def test_structure(parsed: ParsedDocument) -> None:
    recs = {(p.path, p.term): p for p in parsed.paragraphs}
    crossing = recs[("3.1.b", None)]
    assert crossing.pages == (5, 6) and crossing.title == "Water Quality"
    assert crossing.text.endswith(
        "records the inspection in the register kept under Paragraph 2.1.a."
    )
    assert recs[("2.1", None)].text == "The OPC will:"
    assert recs[("2.1.b", None)].parent == "2.1"
    assert recs[("3.1.a.(2)(i)", None)].text.startswith("Ivy, which should be trimmed")
    assert recs[("3.1.a.(2)(i)", None)].parent == "3.1.a.(2)"
    assert recs[("G.1", "OPC")].text == "Office Plant Coordinator"
    assert recs[("G.2", "watering card")].text.startswith("A card kept beside each plant")
    assert recs[("References", "DoD Instruction 9998.01")].pages == (8,)
    assert ("References", "Fictional Horticulture Guidebook") in recs  # footnote mark dropped
    for rec in parsed.paragraphs:
        assert "Change 1, June 5, 2025" not in rec.text
        assert "March 3, 2024" not in rec.text or rec.kind is Kind.PURPOSE
        assert "found on a fictional website" not in rec.text.lower()
