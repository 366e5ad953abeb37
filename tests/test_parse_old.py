"""Older, enclosure-style issuances parsed as printed, from the PDF and from page text alike.

Each test names the real sample that showed a defect; expected values were read off the PDF
page. The expected subtrees live in ``fixtures/old_template.expected.json``; after an intended
parser change, regenerate them with ``.venv/bin/python tests/fixtures/old_template.py`` and read
the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import shared_dir
from fixtures.old_template import EXPECTED, SUBTREES, sources, subtree

from ingest.layout import strip_page
from ingest.pages import Line, Page
from ingest.parse import parse_file
from ingest.records import Kind, ParsedDocument


def _page(number: int, *texts: str) -> Page:
    return Page(number, tuple(Line(number, t) for t in texts))


def test_enclosure_heading_under_its_footer_is_body_text() -> None:
    # DoDI 6440.02 page 7 as extracted: header, footer "ENCLOSURE 3" over "7", then the heading
    page = _page(7, "DoDI 6440.02, May 29, 2014", "Change 1, 05/07/2020", "ENCLOSURE 3", "7",
                 "ENCLOSURE 3", "PROCEDURES", "1. DHA.  The DHA:")  # fmt: skip
    stripped = strip_page(page)
    assert [line.text for line in stripped.body] == [
        "ENCLOSURE 3",
        "PROCEDURES",
        "1. DHA.  The DHA:",
    ]
    # DoDD 2140.02 page 5: the footer rides on the change line; the heading follows it
    page = _page(5, "DoDD 2140.02, May 22, 2013", "Change 1, 05/22/2018 ENCLOSURE 2 5",
                 "ENCLOSURE 2", "RESPONSIBILITIES")  # fmt: skip
    assert [line.text for line in strip_page(page).body] == ["ENCLOSURE 2", "RESPONSIBILITIES"]


def test_footer_needs_this_pages_number() -> None:
    # DoDD 4515.12 pages 4 and 15: the heading alone opens the enclosure, "15" + title is the footer
    top = _page(4, "DoDD 4515.12, January 15, 2010", "ENCLOSURE 1", "REFERERENCES")
    assert [line.text for line in strip_page(top).body] == ["ENCLOSURE 1", "REFERERENCES"]
    later = _page(15, "DoDD 4515.12, January 15, 2010", "15", "ENCLOSURE 2", "(2)  OASD(LA) will")
    assert [line.text for line in strip_page(later).body] == ["(2)  OASD(LA) will"]
    bottom = _page(6, "shall be granted when:", "6", "ENCLOSURE 2")
    assert [line.text for line in strip_page(bottom).body] == ["shall be granted when:"]


def test_page_text_keeps_its_enclosures(samples_dir: Path) -> None:
    parsed = parse_file(samples_dir / "old" / "DoDI_6440.02_CH1.pages.txt")
    recs = {p.path: p for p in parsed.paragraphs if p.kind is not Kind.REFERENCE}
    enclosures = [(p.path, p.title, p.pages) for p in parsed.paragraphs if p.kind is Kind.ENCLOSURE]
    assert enclosures == [("E1", "REFERENCES", (4,)), ("E2", "RESPONSIBILITIES", (5,)),
                          ("E3", "PROCEDURES", (7,))]  # fmt: skip
    references = [p for p in parsed.paragraphs if p.kind is Kind.REFERENCE]
    assert len(references) == 7
    assert references[-1].text == (
        "(g) DoD Manual 6440.02, “Clinical Laboratory Improvement Program (CLIP) Manual,” "
        "May 29, 2014"
    )
    assert (recs["E2.1"].title, recs["E2.1"].pages) == (
        "ASSISTANT SECRETARY OF DEFENSE FOR HEALTH AFFAIRS (ASD(HA))",
        (5,),
    )
    assert recs["E3.3.d.(4)(c)"].text == (
        "Reinstate the CLIP certification for laboratories that have successfully completed "
        "corrective actions."
    )


EXPECTED_SUBTREES = json.loads(EXPECTED.read_text(encoding="utf-8"))
# every copy that exists (the samples folder is checked by the last test of this group)
CASES = [
    (stem, root, copy.name)
    for stem, roots in SUBTREES.items()
    for root in roots
    for copy in sources(shared_dir() / "dod-samples", stem)
]


@pytest.fixture(scope="module")
def parses(samples_dir: Path) -> dict[str, ParsedDocument]:
    """Every copy of every old sample the subtrees name, parsed once."""
    return {p.name: parse_file(p) for stem in SUBTREES for p in sources(samples_dir, stem)}


@pytest.mark.parametrize(("stem", "root", "name"), CASES)
def test_subtree_as_printed(
    stem: str, root: str, name: str, parses: dict[str, ParsedDocument]
) -> None:
    got = subtree(list(parses[name].paragraphs), root)
    assert got == EXPECTED_SUBTREES[stem][root]


def test_every_subtree_is_checked_on_pdf_and_text(samples_dir: Path) -> None:
    assert {s: list(r) for s, r in EXPECTED_SUBTREES.items()} == SUBTREES
    copies = {stem: [p.name for p in sources(samples_dir, stem)] for stem in SUBTREES}
    assert copies["DoDI_6440.02_CH1"] == ["DoDI_6440.02_CH1.pages.txt"]  # page text only
    assert all(len(names) == 2 for stem, names in copies.items() if stem != "DoDI_6440.02_CH1")
    assert len(CASES) == sum(len(SUBTREES[s]) * len(n) for s, n in copies.items())
