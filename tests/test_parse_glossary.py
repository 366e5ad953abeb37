"""Glossaries of the real samples: one record per printed term, with its printed text.

Each test names the sample that showed a fault: table headings read as acronyms and every
meaning shifted (DoDI 5000.94), TERM/DEFINITION tables collapsed into one record, an OCR'd
"PART TH." that hid the definitions (DoDI 4515.16), acronyms glued to their meanings by plain
text extraction, definitions merged because a term followed a closing quote, three blanks or a
page break. ``tests/fixtures/glossaries.expected.json`` then pins every sample's glossary.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from ingest.parse import parse_file
from ingest.records import Kind, Paragraph, ParsedDocument

FIXTURE = Path(__file__).parent / "fixtures" / "glossaries.expected.json"


@functools.cache
def _parsed(path: Path) -> ParsedDocument:
    """Each sample parsed once for the module (the PDFs take seconds each)."""
    return parse_file(path)


def _glossary(path: Path, kind: Kind) -> list[Paragraph]:
    return [p for p in _parsed(path).paragraphs if p.kind is kind]


def test_5000_94_tables_of_acronyms_and_definitions(samples_dir: Path) -> None:
    path = samples_dir / "modern" / "DoDI_5000.94.pages.txt"
    assert [(p.term, p.text) for p in _glossary(path, Kind.ACRONYM)] == [
        ("A&S", "acquisition and sustainment"),
        ("DoDI", "DoD instruction"),
        ("JROBOT", "joint robotics organization for building organic technologies"),
        ("MILDEP", "Military Department"),
        ("R&D", "research and development"),
        ("R&E", "research and engineering"),
        ("USD(A&S)", "Under Secretary of Defense for Acquisition and Sustainment"),
    ]
    definitions = _glossary(path, Kind.DEFINITION)
    assert [(p.term, p.pages) for p in definitions] == [
        ("A&S enterprise", (13,)), ("automation", (13,)), ("body of knowledge", (13,)),
        ("cyber-physical", (13,)), ("intellectual property", (13, 14)),
        ("model-based engineering", (14,)), ("organic industrial base", (14,)),
        ("R&E enterprise", (14,)), ("robotic system", (14,)),
    ]  # fmt: skip
    texts = {p.term: p.text for p in definitions}
    assert texts["intellectual property"] == (
        "A category of intangible personal property and associated legal rights consisting of "
        "products of the human intellect, source indicators in the marketplace, or certain other "
        "commercial interests.  These rights are granted or recognized primarily through patent, "
        "copyright, trademark, and trade secret law.  Technical data rights, computer software "
        "and software documentation, and special works are government contract-designated "
        "categories of such property and rights."
    )
    assert texts["model-based engineering"].startswith("An approach to maintaining a record")
    assert texts["R&E enterprise"] == (
        "The people, organizations, facilities, processes, and technology that support DoD R&E "
        "development."
    )


def test_4515_16_ocr_glossary_parts(samples_dir: Path) -> None:
    # the scan's "PART II. DEFINITIONS" reads "PART TH. DEFINITIONS"
    path = samples_dir / "old" / "DoDI_4515.16.pdf"
    acronyms = _glossary(path, Kind.ACRONYM)
    assert [p.term for p in acronyms] == [
        "ASD(M&RA)", "DoDD", "DoDI", "GSA", "GTCC", "IDT", "U.S.C.", "USCG", "USD(P&R)",
    ]  # fmt: skip
    assert acronyms[-1].text == "Under Secretary of Defense for Personnel and Readiness"
    assert [(p.term, p.text) for p in _glossary(path, Kind.DEFINITION)] == [
        ("GSA Airline City Pair Program",
         "Defined in part I, chapter 103 of the Defense Transportation Regulation "
         "(Reference (k))."),
        ("inactive duty training",
         "Defined in the DoD Dictionary of Military and Associated Terms (Reference (1))."),
        ("Military Departments", "Defined in section 101 of Reference (c)."),
        ("official travel", "Defined in section 451 of Reference (d)."),
        ("Ready Reserve", "Defined in section 10142 of Reference (c)."),
        ("Reserve Component", "Defined in Reference (1)."),
        ("Selected Reserve", "Defined in section 10143 of Reference (c)."),
    ]  # fmt: skip


def test_glossary_printing_only_definitions(samples_dir: Path) -> None:
    path = samples_dir / "old" / "DoDI_4140.66.pdf"
    definitions = _glossary(path, Kind.DEFINITION)
    assert [p.term for p in definitions] == [
        "defense article", "defense service", "lethal defense article", "small arms",
    ]  # fmt: skip
    assert definitions[0].text.endswith("or atomic weapons or articles involving RD.")


@pytest.mark.parametrize(
    ("name", "term", "meaning"),
    [
        # plain text glued "IVA" / "installation voter assistance" into one line
        ("modern/DoDI_1000.04.pages.txt", "IVA", "installation voter assistance"),
        ("modern/DoDI_1000.04.pages.txt", "SF", "standard form"),
        ("modern/DoDI_1000.04.pages.txt", "VAO", "voting assistance officer"),
        ("modern/DoDI_4140.01.pages.txt", "CII", "controlled inventory items"),
        ("modern/DoDI_4140.01.pages.txt", "UII", "unique item identifier"),
        ("modern/DoDI_5132.14.pages.txt", "IDD", "initiative design document"),
        # two-token acronyms
        ("old/DoDI_5200.39.pdf", "DoD CIO",
         "Chief Information Officer of the Department of Defense"),
        ("modern/DoDI_8510.01.txt", "DoD ISRMC",
         "DoD Information Security Risk Management Committee"),
        # the PDF draws "MR m" + "anual review"
        ("old/DoDM_5200.01_Vol1.pdf", "MR", "manual review"),
        # a meaning wrapped onto a line that starts with a capital: "Department of Defense"
        ("modern/DoDD_5132.03.pypdf.txt", "USD(C)/CFO",
         "Under Secretary of Defense (Comptroller)/Chief Financial Officer of the Department of "
         "Defense"),
    ],
)  # fmt: skip
def test_acronym_rows(samples_dir: Path, name: str, term: str, meaning: str) -> None:
    acronyms = {p.term: p.text for p in _glossary(samples_dir / name, Kind.ACRONYM)}
    assert acronyms[term] == meaning
    assert not any(re.match(r"[A-Z]{2,}[a-z]{3,}", t) for t in acronyms), acronyms
    assert all(t.split()[0] != "DoD" or " " in t for t in acronyms if t != "DoD")


@pytest.mark.parametrize(
    ("name", "first", "second", "text"),
    [
        # "OCONUS.   Defined in ..." (three blanks after the term)
        ("old/DoDM_5100.76.pdf", "MILVAN", "OCONUS", "Defined in Reference (ay)."),
        # a term after a definition that ends with a closing quote
        ("old/DoDM_5200.01_Vol1.pdf", "permanently valuable records", "RD",
         "All data concerning design, manufacture, or utilization of atomic weapons;"),
        ("modern/DoDI_4140.01.pages.txt", "demand", "distribution",
         "The operational process of synchronizing all elements of the logistic system"),
        ("modern/DoDM_4160.28_Vol1.pypdf.txt", "EAR", "EAR99 items",
         "A designator for items defined in the EAR in Subpart 774.1(a) of Title 15, CFR."),
        # a term opening a page after a definition printed without its final period
        ("modern/DoDI_4140.01.pages.txt",
         "American National Standards Institute Accredited Standards Committee",
         "biobased designated products",
         "Derived from plants and other renewable agricultural, marine, and forestry materials."),
    ],
)  # fmt: skip
def test_definitions_that_were_merged(
    samples_dir: Path, name: str, first: str, second: str, text: str
) -> None:
    terms = [p.term for p in _glossary(samples_dir / name, Kind.DEFINITION)]
    assert terms[terms.index(first) + 1] == second
    definitions = {p.term: p.text for p in _glossary(samples_dir / name, Kind.DEFINITION)}
    assert definitions[second].startswith(text)
    assert second not in definitions[first]


def test_items_under_a_lead_in_stay_in_their_definition(samples_dir: Path) -> None:
    path = samples_dir / "modern" / "DoDI_5132.14.pages.txt"
    definitions = {p.term: p.text for p in _glossary(path, Kind.DEFINITION)}
    assert "Short-term" not in definitions and "Intermediate" not in definitions
    assert definitions["outcome"].endswith(
        "Three types of outcomes include: Short-term.  Immediate effects of the initiative or "
        "activities often focused on the knowledge and attitudes of the intended audience. "
        "Intermediate.  Intermediate effects on behavior or normative or policy changes. "
        "Long-term (also impact).  Long-term, cumulative effects of interventions over time on "
        "what they ultimately aim to change (e.g., capabilities, security conditions)."
    )


def test_8510_01_definition_table_printed_line_by_line(samples_dir: Path) -> None:
    # each printed line carries the term cell's words first: "cyber risk A measure of ..."
    path = samples_dir / "modern" / "DoDI_8510.01.txt"
    definitions = {p.term: p.text for p in _glossary(path, Kind.DEFINITION)}
    assert len(definitions) == 18
    assert definitions["ATO"] == (
        "Defined in NIST SP 800-39 under “Security Authorization (to Operate).”"
    )
    assert definitions["cyber risk"] == (
        "A measure of the extent to which an entity is threatened by a potential circumstance or "
        "event in information technology."
    )
    assert definitions["DoD Information Enterprise"] == "Defined in DoDD 8000.01."
    assert definitions[
        "Senior Accountable Official for Risk Management or Risk Executive (Function)"
    ] == ("Defined in NIST SP 800-37.")
    assert definitions["system privacy officer"] == "Defined in NIST SP 800-37."
    # "cyber operational" / "risk potential circumstance ...": the term cell wraps beside a
    # definition that runs on; the definition it shares its first line with shows the wrap
    assert definitions["cyber operational risk"] == (
        "A measure of the extent to which an entity is threatened by a potential circumstance or "
        "event in information technology relating to routine function and activities of an "
        "organization."
    )
    assert definitions["cyberspace operational risk"].startswith(
        "A measure of the extent to which an entity is threatened by a potential circumstance or "
        "event in the interdependent network of information technology infrastructures"
    )


def _summary(records: list[Paragraph]) -> list[list[str]]:
    """[term, text] per record; long texts by their first and last words."""
    out = []
    for p in records:
        words = p.text.split()
        text = p.text if len(words) <= 14 else " ".join([*words[:8], "…", *words[-4:]])
        out.append([p.term or "", text])
    return out


def _squash(rows: list[list[str]]) -> list[list[str]]:
    """Rows without blanks: the fixture pins pairing, not the spacing pypdf recovers."""
    return [[re.sub(r"\s+", "", cell) for cell in row] for row in rows]


def test_every_sample_glossary_matches_its_fixture(samples_dir: Path) -> None:
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for name, parts in expected.items():
        parsed = _parsed(samples_dir / name).paragraphs
        for kind in (Kind.ACRONYM, Kind.DEFINITION):
            got = _summary([p for p in parsed if p.kind is kind])
            assert _squash(got) == _squash(parts[kind.value]), (name, kind)
