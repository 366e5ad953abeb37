"""The parser on the real DoD samples: metadata, contents pages, furniture, verbatim text.

Each PDF is parsed once per module (about 5 s for all 18 files) and shared by the tests.
Expected strings were written by reading the samples' ``*.pypdf.txt`` with line wraps joined.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.citation import normalise_path
from ingest.layout import strip_page
from ingest.parse import parse_file
from ingest.pdf import read_pdf
from ingest.records import Kind, ParsedDocument
from ingest.toc import TocEntry, is_toc_page, read_entries

# file stem -> (doc_id, effective date, start of title, changes)
EXPECTED_META = {
    "DoDI_4715.13": ("DoDI 4715.13", "January 28, 2020", "DoD Operational Noise Program", ()),
    "DoDM_4160.28_Vol1": (
        "DoDM 4160.28, Volume 1", "August 9, 2017", "Defense Demilitarization: Program",
        ((3, "July 15, 2019"),),
    ),
    "DoDD_5132.03": ("DoDD 5132.03", "December 29, 2016", "DoD Policy and Responsibilities", ()),
    "DoDD_2140.02": ("DoDD 2140.02", "May 22, 2013", "Recoupment of Nonrecurring Costs",
                     ((1, "May 22, 2018"),)),
    "DoDD_3160.01": ("DoDD 3160.01", "August 25, 2008", "Homeland Defense Activities",
                     ((2, "June 6, 2017"),)),
    "DoDD_4515.12": ("DoDD 4515.12", "January 15, 2010", "DoD Support for Travel", ()),
    "DoDD_5205.75": ("DoDD 5205.75", "December 4, 2013", "DoD Operations at U.S. Embassies",
                     ((1, "May 22, 2017"),)),
    "DoDD_5535.02": ("DoDD 5535.02", "March 24, 2010", "DoD Patent Security Review Process",
                     ((1, "July 28, 2017"),)),
    "DoDD_5535.04": ("DoDD 5535.4", "August 31, 1984", "Copyrighted Sound and Video",
                     ((1, "November 16, 1994"),)),
    "DoDD_6000.6": ("DoDD 6000.6", "July 2, 2004", "Defense of Certain Medical Malpractice", ()),
    "DoDI_1015.13": ("DoDI 1015.13", "March 11, 2004", "DoD Procedures for Implementing", ()),
    "DoDI_2030.08": ("DoDI 2030.08", "February 19, 2015", "Implementation of Trade Security",
                     ((1, "May 24, 2017"),)),
    "DoDI_4140.66": ("DoDI 4140.66", "September 7, 2010", "Registration and End-Use Monitoring",
                     ((1, "May 24, 2017"),)),
    "DoDI_4515.16": ("DoDI 4515.16", "August 19, 2013", "Use of General Services",
                     ((1, "April 28, 2020"),)),
    "DoDI_5200.39": ("DoDI 5200.39", "May 28, 2015", "Critical Program Information",
                     ((3, "October 1, 2020"),)),
    "DoDM_5100.76": ("DoDM 5100.76", "April 17, 2012", "Physical Security of Sensitive",
                     ((2, "October 5, 2020"),)),
    "DoDM_5200.01_Vol1": ("DoDM 5200.01, Volume 1", "February 24, 2012", "DoD Information Security",
                          ((2, "July 28, 2020"),)),
}  # fmt: skip
MODERN = ("DoDI_4715.13", "DoDM_4160.28_Vol1", "DoDD_5132.03")

# (file stem, path, title, pages, text): verbatim, incl. page breaks and (1)/(a) depths
VERBATIM = [
    ("DoDI_4715.13", "3.3.b.(3)(a)2", "Artillery and Explosives", (11, 12),
     "The C-weighted day-night average noise level (CDNL) noise descriptor will be used to "
     "describe the military noise from ground training ranges involving the live fire of large "
     "caliber (i.e., 20 millimeters or larger) munitions and detonation of explosives.  Contours "
     "developed using BNoise are averaged over 250 days for active installations and 120 days "
     "for National Guard sites with ground training activities."),
    ("DoDI_4715.13", "3.2.a.(1)", "", (8,),
     "The Office of the ASD(S) will oversee the DNWG.  The Military Service representatives to "
     "the DNWG will nominate and endorse a DNWG chair every 2 years, or as determined by the "
     "DNWG.  The nomination will be provided to the Office of the ASD(S), which will select the "
     "DNWG chair."),
    ("DoDI_4715.13", "1.1.a.(2)(a)", "", (3,),
     "All DoD operations, activities, and military installations in the United States, "
     "including government-owned, contractor-operated facilities."),
    ("DoDI_4715.13", "3.2.b.(9)(a)", "", (9,),
     "Section 4321 et seq. of Title 42, United States Code, also known and referred to in this "
     "issuance as the “National Environmental Policy Act.”"),
    ("DoDI_4715.13", "2.4.b.(1)", "", (6,),
     "Current and future military noise issues and their impacts."),
    ("DoDI_4715.13", "3.3.b", "Noise Analysis", (11,),
     "DoD noise models and scientifically validated noise descriptors (i.e., metrics) will be "
     "used as the primary means of analyzing military noise, noise impacts, and compatible land "
     "use.  The DoD Components will use the following guidelines in analysis of noise:"),
    ("DoDI_4715.13", "3.1", "GENERAL", (8,),
     "The DoD Operational Noise Program is the DoD mechanism for addressing military "
     "noise-related issues associated with test and training operations consistent with "
     "maintaining military readiness and integrating military noise management principles into "
     "plans and programs for installations, operational ranges, and other training and offshore "
     "operating areas."),
    ("DoDM_4160.28_Vol1", "3.6", "DEMIL PROGRAM SUPPLEMENTARY GUIDANCE", (11, 12),
     "The DDPM provides supplementary guidance as needed to improve the process and when "
     "requirements change.  The supplementary guidance is available through the DoD DEMIL "
     "Program website at https://demil.osd.mil."),
    ("DoDM_4160.28_Vol1", "6.3.b.(2)(a)", "", (21,),
     "If the ICP and the DDCMO cannot agree on the appropriate DEMIL code for a challenge within "
     "90-days of submission, the DDCMO must elevate the challenge in question to the DDPM and to "
     "the appropriate Military Department DEMIL program administrator for resolution."),
    ("DoDM_4160.28_Vol1", "6.3.b.(1)", "Concurrence", (21,),
     "If the ICP concurs with the challenge, the DDCMO must formally change the DEMIL code in the "
     "FLIS.  DEMIL IC “1” reflects this transaction and registers in the historical file to "
     "preclude subsequent multiple challenges on the same item in supply.  See Table 1 for a "
     "list of ICs."),
    ("DoDM_4160.28_Vol1", "2.2.c.(1)", "", (5,), "Improve DEMIL code accuracy."),
    ("DoDD_5132.03", "1.2.d", "", (3, 4),
     "Consistent with Presidential Policy Directive 23, security cooperation plans will support "
     "the integration of DoD security cooperation activities with broader national security "
     "goals and articulate how such activities are synchronized and implemented through a "
     "whole-of-government process toward common objectives."),
    ("DoDD_5132.03", "1.2.a.(1)", "", (3,),
     "Develop allied and partner defense and security capabilities and capacity for "
     "self-defense and multinational operations."),
    ("DoDD_5132.03", "1.2.c.(2)", "", (3,),
     "Articulate specific, measurable, attainable, relevant, and time-bound objectives in "
     "support of such initiatives."),
]  # fmt: skip


@pytest.fixture(scope="module")
def parsed(samples_dir: Path) -> dict[str, ParsedDocument]:
    """Every sample PDF parsed once."""
    files = sorted((samples_dir / "modern").glob("*.pdf")) + sorted(
        (samples_dir / "old").glob("*.pdf")
    )
    return {f.stem: parse_file(f) for f in files}


def _toc_entries(pdf: Path) -> list[TocEntry]:
    """The contents entries, read independently of ``parse_file``."""
    lines: list[str] = []
    in_toc = False
    for page in read_pdf(pdf, pdf.read_bytes())[1:]:
        text = strip_page(page)
        in_toc = is_toc_page(text, in_toc)
        if in_toc:
            lines.extend(line.text for line in text.body)
    return read_entries(lines)


def test_every_sample_pdf_has_expected_metadata(parsed: dict[str, ParsedDocument]) -> None:
    assert set(parsed) == set(EXPECTED_META)
    for stem, (doc_id, effective, title, changes) in EXPECTED_META.items():
        doc = parsed[stem].document
        assert (doc.doc_id, doc.effective) == (doc_id, effective), stem
        assert doc.title.startswith(title), (stem, doc.title)
        assert tuple((c.number, c.date) for c in doc.changes) == changes, stem
        assert doc.template == ("modern" if stem in MODERN else "old")
        assert len(parsed[stem].paragraphs) > 5, stem
        for rec in parsed[stem].paragraphs:
            assert rec.pages and 1 <= rec.pages[0] <= rec.pages[-1] <= doc.pages, rec.path
        assert len({rec.key for rec in parsed[stem].paragraphs}) == len(parsed[stem].paragraphs)


def test_modern_cover_fields(parsed: dict[str, ParsedDocument]) -> None:
    fields = dict(parsed["DoDI_4715.13"].document.fields)
    assert fields["Originating Component"] == (
        "Office of the Under Secretary of Defense for Acquisition and Sustainment"
    )
    assert fields["Approved by"].startswith("Ellen M. Lord, Under Secretary of Defense")
    assert fields["Releasability"].startswith("Cleared for public release.")
    manual = dict(parsed["DoDM_4160.28_Vol1"].document.fields)
    assert manual["Change 3 (Administrative) Approved by"].startswith("Peter J. Potochney")
    purpose = parsed["DoDI_4715.13"].paragraphs[0]
    assert purpose.kind is Kind.PURPOSE and purpose.path == "Purpose"
    assert purpose.text.endswith("\n• Establishes the DoD Noise Working Group (DNWG).")


@pytest.mark.parametrize("stem", MODERN)
def test_every_toc_entry_is_a_record_on_its_page(
    stem: str, parsed: dict[str, ParsedDocument], samples_dir: Path
) -> None:
    entries = _toc_entries(samples_dir / "modern" / f"{stem}.pdf")
    assert len(entries) > 10
    first_page: dict[str, int] = {}
    for rec in parsed[stem].paragraphs:
        key = "Glossary" if rec.path.startswith("G.") else rec.path
        first_page.setdefault(key, rec.pages[0])
        first_page.setdefault(rec.path, rec.pages[0])
    for entry in entries:
        assert first_page.get(entry.path) == entry.page, entry


@pytest.mark.parametrize("stem", MODERN)
def test_no_header_footer_or_page_number_in_records(
    stem: str, parsed: dict[str, ParsedDocument]
) -> None:
    doc = parsed[stem].document
    furniture = re.compile(
        r"DoD[DIM] \d{4}\.\d+(?:-V\d)?, \w+ \d+, \d{4}|Change \d+, \w+ \d+, \d{4}"
        r"|(?:SECTION \d+:\s+[A-Z ,()&]+|GLOSSARY|REFERENCES|TABLE OF CONTENTS) \d+\b"
    )
    for rec in parsed[stem].paragraphs:
        assert not furniture.search(rec.text), (doc.doc_id, rec.path, rec.text)
        assert not re.search(r"\s\d{1,2}$", rec.text) or rec.kind is Kind.REFERENCE, rec.path


@pytest.mark.parametrize(("stem", "path", "title", "pages", "text"), VERBATIM)
def test_paragraph_text_is_verbatim(
    stem: str, path: str, title: str, pages: tuple[int, ...], text: str,
    parsed: dict[str, ParsedDocument],
) -> None:  # fmt: skip
    [rec] = [p for p in parsed[stem].paragraphs if p.path == path]
    assert (rec.title, rec.pages, rec.text) == (title, pages, text)


def test_toc_disagreement_is_reported(parsed: dict[str, ParsedDocument]) -> None:
    # the 4715.13 contents page skips from 2.3 to 2.5; the body (trusted) has 2.4
    assert parsed["DoDI_4715.13"].warnings == (
        "paragraph 2.4 is missing from the table of contents",
    )
    assert parsed["DoDM_4160.28_Vol1"].warnings == ()


def test_lead_in_stays_with_parent(parsed: dict[str, ParsedDocument]) -> None:
    recs = {p.path: p for p in parsed["DoDI_4715.13"].paragraphs}
    assert recs["3.2.b"].title == "Function"
    assert recs["3.2.b"].text == "The DNWG will:"
    assert recs["3.2.b.(1)"].parent == "3.2.b"
    assert recs["3.2.b.(9)(a)"].parent == "3.2.b.(9)"
    assert recs["3.2.b.(1)"].heading == (
        "SECTION 3: PROCEDURES", "3.2. DNWG", "b. Function", "(1)"
    )  # fmt: skip


def test_glossary_of_4715_pairs_by_position(parsed: dict[str, ParsedDocument]) -> None:
    recs = parsed["DoDI_4715.13"].paragraphs
    acronyms = {p.term: p.text for p in recs if p.kind is Kind.ACRONYM}
    assert len(acronyms) == 17
    assert acronyms["ASD(S)"] == "Assistant Secretary of Defense for Sustainment"
    assert acronyms["ASA"] == "Acoustical Society of America"
    assert acronyms["DNL"] == "day-night average sound level"
    assert acronyms["DoDI"] == "DoD instruction"
    assert acronyms["USD(R&E)"] == "Under Secretary of Defense for Research and Engineering"
    definitions = {p.term: p for p in recs if p.kind is Kind.DEFINITION}
    assert list(definitions) == [
        "encroachment", "military or operational noise", "noise model or noise modeling",
        "range", "weapon system",
    ]  # fmt: skip
    assert definitions["range"].text == "Defined in Section 101 of Title 10, United States Code."
    assert definitions["noise model or noise modeling"].text.startswith(
        "Computer-based software designed to emulate the existing or future state of the sound "
        "environment or soundscape based on mission-specific inputs"
    )
    references = [p for p in recs if p.kind is Kind.REFERENCE]
    assert len(references) == 25
    assert references[0].text == (
        "Air Force Instruction 90-2001, “Encroachment Management,” July 31, 2019"
    )
    assert references[-1].pages == (18,)


def test_glossary_and_references_of_4160_28(parsed: dict[str, ParsedDocument]) -> None:
    recs = parsed["DoDM_4160.28_Vol1"].paragraphs
    acronyms = {p.term: p.text for p in recs if p.kind is Kind.ACRONYM}
    assert len(acronyms) == 31
    assert acronyms["DEMIL"] == "demilitarization"
    definitions = {p.term: p.text for p in recs if p.kind is Kind.DEFINITION}
    assert definitions["DEMIL code"].startswith("A code assigned to DoD personal property.")
    assert definitions["U.S. Munitions List"].startswith("Part 121 of Title 22, CFR")
    guidebook = [p for p in recs if p.kind is Kind.REFERENCE and "Guidebook" in p.text]
    assert [p.text for p in guidebook] == ["Defense Acquisition Guidebook"]  # footnote mark gone


def test_every_path_is_canonical(parsed: dict[str, ParsedDocument]) -> None:
    """`cite`, cross-references and the evaluator find a record by its normalised path."""
    odd = {
        (name, p.path)
        for name, doc in parsed.items()
        for p in doc.paragraphs
        if normalise_path(p.path) != p.path
    }
    assert not odd
    fifth = [p.path for p in parsed["DoDI_4715.13"].paragraphs if p.path.endswith(")1")]
    assert "3.3.b.(3)(a)1" in fifth


def test_old_template_paths(parsed: dict[str, ParsedDocument]) -> None:
    recs = {p.path: p for p in parsed["DoDI_2030.08"].paragraphs}
    assert recs["1"].title == "PURPOSE"
    assert recs["3.a.(1)"].text.startswith("Section 2778 of Title 22, United States Code")
    assert recs["E2"].kind is Kind.ENCLOSURE
    assert recs["E2.5.a"].parent == "E2.5"
    assert recs["E2.6"].text.startswith("DIRECTOR, DEFENSE LOGISTICS AGENCY (DLA)  In addition")
    assert any(p.kind is Kind.REFERENCE for p in parsed["DoDI_2030.08"].paragraphs)


def test_definition_terms_whose_period_is_not_bold(parsed: dict[str, ParsedDocument]) -> None:
    recs = parsed["DoDD_5132.03"].paragraphs
    terms = [p.term for p in recs if p.kind is Kind.DEFINITION]
    assert len(terms) == 9
    assert terms[6:8] == ["security assistance", "security cooperation"]
    [sco] = [p for p in recs if p.term == "SCOs"]
    assert sco.text.startswith("DoD organizations permanently located in foreign countries")
    assert sco.pages == (17,)


def test_old_decimal_numbering(parsed: dict[str, ParsedDocument]) -> None:
    recs = {p.path: p for p in parsed["DoDD_6000.6"].paragraphs}
    assert recs["2"].title == "APPLICABILITY AND SCOPE"
    assert recs["2.1"].text.startswith("This Directive applies to the Office of the Secretary")
    assert recs["5.2.1"].parent == "5.2"
    assert all("DODD 6000.6, July 2, 2004" not in p.text for p in recs.values())
    older = parsed["DoDI_1015.13"].paragraphs
    assert [p.path for p in older if p.kind is Kind.ENCLOSURE] == ["E1"]
    assert [p.path for p in older].count("References") >= 5


def test_wrapped_section_title(parsed: dict[str, ParsedDocument]) -> None:
    recs = {p.path: p for p in parsed["DoDD_5132.03"].paragraphs}
    title = "THEATER CAMPAIGN PLAN RESPONSIBILITIES FOR SECURITY COOPERATION"
    assert (recs["3"].kind, recs["3"].title) == (Kind.SECTION, title)
    assert recs["3.1"].heading == (f"SECTION 3: {title}", "3.1.")
    assert recs["3.1"].text.startswith("In accordance with Paragraph 1.2.b., the GCCs are")
