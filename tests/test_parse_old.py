"""Older, enclosure-style issuances parsed as printed, from the PDF and from page text alike.

Each test names the real sample that showed a defect; expected values were read off the PDF
page. The expected subtrees live in ``fixtures/old_template.expected.json``; after an intended
parser change, regenerate them with ``.venv/bin/python tests/fixtures/old_template.py`` and read
the diff.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import shared_dir
from fixtures.old_template import EXPECTED, SUBTREES, sources, subtree

from cli.ingest import summary
from cli.toc import outline_line
from index.library import Library
from index.report import make_report
from ingest.layout import strip_page
from ingest.pages import Line, Page
from ingest.parse import Source, parse_file, parse_pages
from ingest.pdf import read_pdf
from ingest.records import Kind, ParsedDocument
from ingest.textpages import text_pages
from ingest.titles import caps_lines, caps_title, phrase_title, subheading


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


def _without_enclosure_headings(pages: list[Page]) -> list[Page]:
    """The pages with each "ENCLOSURE n" heading line removed, as the old footer rule did."""
    heading = re.compile(r"^\s*ENCLOSURE \d\s*$")
    out = []
    for page in pages:
        kept = [line for i, line in enumerate(page.lines) if not _heading_at(page, i, heading)]
        out.append(replace(page, lines=tuple(kept)))
    return out


def _heading_at(page: Page, i: int, heading: re.Pattern[str]) -> bool:
    """The enclosure heading, not its footer: below the page number or low on a positioned page."""
    if not heading.match(page.lines[i].text):
        return False
    if page.height is not None:
        return (page.lines[i].y or 0) > 100
    return i > 0 and page.lines[i - 1].text.strip().isdigit()


def test_no_sample_warns_of_lost_text(samples_dir: Path) -> None:
    for path in sorted(samples_dir.glob("*/*")):
        if path.suffix in (".pdf", ".txt"):
            warnings = parse_file(path).warnings
            assert not [w for w in warnings if "may have been lost" in w], (path.name, warnings)


def test_lost_enclosures_warn_page_text(samples_dir: Path) -> None:
    """DoDI 6440.02 page text read without its enclosure headings: 30 records, as before the fix."""
    path = samples_dir / "old" / "DoDI_6440.02_CH1.pages.txt"
    pages = _without_enclosure_headings(text_pages(path.read_text(encoding="utf-8")))
    parsed = parse_pages(pages, Source(path.name, ""), path)
    assert len(parsed.paragraphs) == 30
    assert parsed.warnings == (
        "only 12 paragraphs from 11 body pages (fewer than 3.5 a page): headings may have been "
        "missed and their text lost or merged; check the outline with `policykb toc`",
        "pages 4-10 hold body text but no record: their text may have been lost; check the "
        "outline with `policykb toc`",
    )


def test_lost_enclosures_warn_pdf_and_ingest_names_the_file(samples_dir: Path) -> None:
    """DoDI 2030.08 read without its enclosure headings: 82 records, not 163."""
    path = samples_dir / "old" / "DoDI_2030.08.pdf"
    pages = _without_enclosure_headings(read_pdf(path, path.read_bytes()))
    parsed = parse_pages(pages, Source(path.name, ""), path)
    assert len(parsed.paragraphs) == 82
    assert [w.split(":")[0] for w in parsed.warnings] == [
        "only 31 paragraphs from 15 body pages (fewer than 3.5 a page)",
        "pages 6-12 hold body text but no record",
    ]
    report = make_report(Library({}, []), None, [parsed], [], [], 0.0)
    printed = summary(report, Path("data/index")).splitlines()
    assert [line for line in printed if line.startswith("warning:")] == [
        f"warning: DoDI_2030.08.pdf: {w}" for w in parsed.warnings
    ]


def test_heading_numbered_out_of_sequence_warns(samples_dir: Path) -> None:
    # DoDI 6440.02 prints "2." twice in Enclosure 2; the second stays in E2.2.b, named
    parsed = parse_file(samples_dir / "old" / "DoDI_6440.02_CH1.pages.txt")
    assert parsed.warnings == (
        "E2.2.b (page 5) holds the heading '2. SECRETARIES OF THE MILITARY DEPARTMENTS.  The "
        "Secretaries', numbered out of sequence; it is kept in that paragraph",
    )


def test_toc_lists_subheadings_and_enclosure_titles(samples_dir: Path) -> None:
    """`policykb toc 4515.12` once omitted E2.3.a, E2.4.a, E2.4.c and the title of Enclosure 2."""
    parsed = parse_file(samples_dir / "old" / "DoDD_4515.12.pdf")
    library = Library({parsed.document.doc_id: parsed.document}, list(parsed.paragraphs))
    lines = [outline_line(e) for e in library.outline(parsed.document.doc_id)]
    assert lines[8:13] == [
        "ENCLOSURE 1: REFERERENCES  p. 4",
        "  References (13 entries)  p. 4",
        "ENCLOSURE 2: DoD SUPPORT FOR TRAVEL OF MEMBERS AND EMPLOYEES OF CONGRESS  p. 5",
        "  E2.1. PLANNING AND SUPPORT  p. 5",
        "  E2.2. CATEGORIES AND CONDITIONS OF SUPPORT  p. 6",
    ]
    assert "    E2.3.a. Spouse and/or Family Travel  p. 10" in lines
    assert "    E2.4.a. Election Year Travel  p. 11" in lines
    assert "    E2.4.c. District or State Travel  p. 12" in lines
    e1 = library.get(parsed.document.doc_id, "E1")
    assert e1 is not None and len(library.children(e1)) == 13


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # DoDD 4515.12 E2.3.a: the PDF's spans put a blank before the title's period
        ("Spouse and/or Family Travel .  Due to limited", ("Spouse and/or Family Travel",
                                                          "Due to limited")),
        ("Sponsored, Reimbursable Travel (i.e., Media Travel).  Media approved",
         ("Sponsored, Reimbursable Travel (i.e., Media Travel)", "Media approved")),
        ("U.S. Citizens.  All", ("U.S. Citizens", "All")),
        ("SRC I.  Man-portable missiles", ("SRC I", "Man-portable missiles")),
        ("Installation master plans.", ("", "Installation master plans.")),
    ],
)  # fmt: skip
def test_phrase_titles_of_older_issuances(text: str, expected: tuple[str, str]) -> None:
    assert phrase_title(text, has_children=False) == expected


def test_subheadings_without_a_period() -> None:
    assert subheading(["Election Year Travel"], has_children=True)
    assert subheading(["Drivers of vehicles transporting AA&E"], has_children=True)
    assert not subheading(["Election Year Travel"], has_children=False)
    assert not subheading(["The requirements need not apply to contracts when"], True)
    assert not subheading(["Commanders or appropriate supervisors:"], True)
    wrapped = ["Reclassification of Information Declassified and Released to the Public",
               "Under Proper Authority"]  # fmt: skip
    assert subheading(wrapped, has_children=True)
    assert not subheading(["Under the authority of the Secretary, the Director", "will"], True)
    title = ["UNIT LEVEL (BASIC LOAD QUANTITIES OR QUANTITIES SUFFICIENT FOR",
             "TRAINING AND OPERATIONAL PURPOSES)"]  # fmt: skip
    assert caps_lines([*title, "Text follows here."]) == 2
    assert caps_lines(["REQUIRED GENERAL MEASURES FOR DoD COMPONENTS"]) == 1
    assert caps_lines(["RELEASABILITY.  UNLIMITED."]) == 0


def test_ocr_reference_marker(samples_dir: Path) -> None:
    # DoDI 4515.16 is a scan: OCR read the twelfth reference marker "(l)" as "(I)"
    parsed = parse_file(samples_dir / "old" / "DoDI_4515.16.pdf")
    terms = [p.term for p in parsed.paragraphs if p.kind is Kind.REFERENCE]
    assert len(terms) == 12
    assert terms[-2:] == [
        "(k) Defense Transportation Regulation 4500.9-R, Part I",
        "(I) Office of the Chairman of the Joint Chiefs of Staff",
    ]


def test_capitalised_title_ended_by_a_colon() -> None:
    # DoDD 3160.01 paragraph 5 and the sample plan in DoDM 5100.76, Enclosure 10, Figure
    assert caps_title("RESPONSIBILITIES:  See Enclosure 1.") == (
        "RESPONSIBILITIES", "See Enclosure 1."
    )  # fmt: skip
    assert caps_title("AUTHORIZATION:  [List the FMS Case Designator.]") == (
        "AUTHORIZATION", "[List the FMS Case Designator.]"
    )  # fmt: skip
