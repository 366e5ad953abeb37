"""Footnotes are page furniture and footnote marks are not text, on the real samples.

The faults these pin: DoDI 1000.04's last reference read "United States Code, Title 52 1
Available at https://www.fvap.gov/guide"; marks glued to years ("April 5, 20137"), to titles
("Title 102") and to words; footnote lines after the first one of a note, and whole notes in a
scan's smaller print, became references of their own.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from ingest.footnotes import split
from ingest.pages import Line
from ingest.parse import parse_file
from ingest.records import Kind, ParsedDocument


@functools.cache
def _parsed(path: Path) -> ParsedDocument:
    return parse_file(path)


def _references(path: Path) -> list[str]:
    return [p.text for p in _parsed(path).paragraphs if p.kind is Kind.REFERENCE]


def test_1000_04_last_reference_has_no_footnote(samples_dir: Path) -> None:
    refs = _references(samples_dir / "modern" / "DoDI_1000.04.pages.txt")
    assert refs[-1] == "United States Code, Title 52"
    assert "Federal Voting Assistance Program, “Voting Assistance Guide (VAG)”" in refs
    assert not any("fvap.gov/guide" in text for text in refs)


def test_5132_14_mark_after_a_year(samples_dir: Path) -> None:
    refs = _references(samples_dir / "modern" / "DoDI_5132.14.pages.txt")
    assert "Presidential Policy Directive-23, “Security Sector Assistance,” April 5, 2013" in refs
    assert refs[-1] == "United States Code, Title 50"


def test_5132_03_references_without_notes_or_marks(samples_dir: Path) -> None:
    # five notes on page 18 (first lines in 6.5 pt, the rest in 10 pt), three on page 19
    refs = _references(samples_dir / "modern" / "DoDD_5132.03.pdf")
    assert refs[:5] == [
        "The following are referred to collectively in this issuance as “Security Cooperation "
        "Authorities:”",
        "United States Code, Title 10",
        "United States Code, Title 22",
        "United States Code, Title 50",
        "Public Laws, including Public Law 113-291, “Carl Levin and Howard P. “Buck” McKeon "
        "National Defense Authorization Act for Fiscal Year 2015,” December 19, 2014, and "
        "similar previous and annually recurring provisions, if enacted, in subsequent years",
    ]
    assert refs[-3:] == [
        "National Disclosure Policy-1, “National Policy and Procedures for the Disclosure of "
        "Classified Military Information to Foreign Governments and International "
        "Organizations,” October 2, 2000",
        "Presidential Policy Directive 23, “Security Sector Assistance,” April 5, 2013",
        "Secretary of Defense Memorandum, “Guidance for the Employment of the Force,” current "
        "edition",
    ]
    assert len(refs) == 17  # the headings in capitals cite nothing
    text = " ".join(refs)
    assert "Such authorities historically change" not in text and "3751)." not in text


def test_mark_set_on_its_own_line_and_marks_after_commas(samples_dir: Path) -> None:
    refs = _references(samples_dir / "old" / "DoDM_5200.01_Vol1.pdf")
    assert "(av) Chapters 21, 22, 31, 33, and 35 of title 44, United States Code" in refs
    assert "(ay) Sections 102, 105, 552, and 552a of title 5, United States Code" in refs
    assert any(t.endswith("“Safeguarding Nuclear Command and Control Extremely Sensitive "
                          "Information,” June 21, 2006") for t in refs)  # fmt: skip
    others = _references(samples_dir / "old" / "DoDD_5205.75.pdf")
    assert any(t.startswith("(k) DoD Directive 5111.1, “Under Secretary") for t in others)


def test_notes_in_a_manual_body_and_references(samples_dir: Path) -> None:
    path = samples_dir / "old" / "DoDM_5100.76.pdf"
    refs = _references(path)
    assert refs[refs.index(next(t for t in refs if t.startswith("(ai)")))] == (
        "(ai) Federal Specification AA-V-2940, “Vault System, Armory, Assembled,” February 20, 2008"
    )
    assert not any("portal.navfac.navy.mil" in t or t.endswith(".pdf") for t in refs)
    [combinations] = [p for p in _parsed(path).paragraphs if p.path == "E4.10.f"]
    assert "security container or GSA-approved" in combinations.text
    assert "Class 5 weapons container. combination lock or a built in" in combinations.text


def test_scan_notes_whose_numbers_ocr_misread(samples_dir: Path) -> None:
    refs = _references(samples_dir / "old" / "DoDI_4515.16.pdf")
    assert not any("Copies may be obtained" in t for t in refs)


@pytest.mark.parametrize(
    ("lines", "body", "notes"),
    [
        # a page-text page: the note counts only because the page carries its mark
        (["Guidebook1", "Other text", "1  Found on the website"], ["Guidebook", "Other text"],
         ["1  Found on the website"]),
        (["Title 10", "20 days later", "1  Found on the website"],
         ["Title 10", "20 days later", "1  Found on the website"], []),
        # a number that ends a line cannot show that the page has notes ...
        (["United States Code, Title 102", "2 A note"],
         ["United States Code, Title 102", "2 A note"], []),
        # ... but is the mark of a note on a page that has them
        (["Voting Guide (VAG)”1", "United States Code, Title 102", "1  One", "2  Two"],
         ["Voting Guide (VAG)”", "United States Code, Title 10"], ["1  One", "2  Two"]),
    ],
)  # fmt: skip
def test_page_text_notes_need_their_mark(
    lines: list[str], body: list[str], notes: list[str]
) -> None:
    kept, found = split([Line(1, t) for t in lines], positioned=False)
    assert ([t.text for t in kept], [t.text for t in found]) == (body, notes)


def test_a_paragraph_number_is_not_a_footnote_mark() -> None:
    """Regression (hypothesis): "G.1." lost its 1 to a footnote numbered 1 on the same page."""
    from ingest.layout import strip_page
    from ingest.pages import Line, Page

    lines = (Line(2, "G.1.  ACRONYMS."), Line(2, "PPV  public-private venture"),
             Line(2, "1  Available at https://example.invalid"))  # fmt: skip
    body = [line.text for line in strip_page(Page(2, lines)).body]
    assert body[0] == "G.1.  ACRONYMS."


def test_a_superscript_digit_is_not_a_page_number() -> None:
    """Regression (hypothesis): "²" passes str.isdigit, and int("²") raised."""
    from ingest.layout import strip_page
    from ingest.pages import Line, Page

    lines = (Line(2, "Some text."), Line(2, "²"))
    assert [line.text for line in strip_page(Page(2, lines)).body] == ["Some text.", "²"]
