"""Cover pages read exactly: the mission covers, every sample cover variant, a colon-less change.

The mission covers (``../shared/mission-covers``) are page 1 of DoDI 5400.17 and DoDI 1304.35 as
their text layers print them; they are not whole issuances, so the cover reader is tested on
their page-1 lines, against the table in that folder's README.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import cover
from ingest.layout import strip_page
from ingest.parse import parse_file
from ingest.records import Document, Kind
from ingest.textpages import text_pages

# file stem -> (title, originating component, effective, change, citation suffix,
#               start and end of the Purpose record, its lines)
MISSION = {
    "DoDI_5400.17": (
        "Official Use of Social Media for Public Affairs Purposes",
        "Office of the Assistant to the Secretary of Defense for Public Affairs",
        "August 12, 2022", (1, "January 24, 2023"),
        "Aug 12, 2022, incorporating Change 1, Jan 24, 2023",
        "In accordance with the authority in DoD Directive (DoDD) 5122.05",
        "Guidance on personal social media use by DoD personnel.", 9,
    ),
    "DoDI_1304.35": (
        "Military Marketing",
        "Office of the Under Secretary of Defense for Personnel and Readiness",
        "November 1, 2017", (1, "June 25, 2020"),
        "Nov 1, 2017, incorporating Change 1, Jun 25, 2020",
        "In accordance with the authority in DoD Directive 5124.02",
        "and annual internal audits.", 9,
    ),
}  # fmt: skip


def _cover_lines(path: Path) -> list[str]:
    """Page 1 of a page-text file, furniture stripped, as the parser hands it to the cover."""
    first = text_pages(path.read_text(encoding="utf-8"))[0]
    return [line.text for line in strip_page(first).body]


@pytest.mark.parametrize("stem", MISSION)
def test_mission_cover_is_read_exactly(samples_dir: Path, stem: str) -> None:
    title, office, effective, change, suffix, start, end, lines = MISSION[stem]
    path = samples_dir.parent / "mission-covers" / f"{stem}.cover.pages.txt"
    found = cover.read_modern(_cover_lines(path))
    assert found is not None
    assert found.doc_id == stem.replace("_", " ")
    assert (found.title, found.effective) == (title, effective)
    assert [(c.number, c.date) for c in found.changes] == [change]
    fields = dict(found.fields)
    assert fields["Originating Component"] == office
    assert list(fields) == [
        "Originating Component", "Effective", "Change 1 Effective", "Releasability",
        "Approved by", next(k for k in fields if k.startswith("Change 1 Approved")),
    ]  # fmt: skip
    doc = Document(found.doc_id, found.title, found.effective, found.changes, "modern", "", "", 1)
    assert doc.edition == suffix
    assert found.purpose.startswith(start) and found.purpose.endswith(end)
    assert len(found.purpose.splitlines()) == lines


def test_purpose_keeps_every_item_when_bullet_glyphs_are_lost(samples_dir: Path) -> None:
    # the 1304.35 copy lost its first-level bullets: "Implements a formal process to:" is an
    # item of the Purpose, not a cover field, and the two items after its sub-list belong too
    path = samples_dir.parent / "mission-covers" / "DoDI_1304.35.cover.pages.txt"
    found = cover.read_modern(_cover_lines(path))
    assert found is not None
    assert found.purpose.splitlines() == [
        "In accordance with the authority in DoD Directive 5124.02, this issuance:",
        "Establishes policy and assigns responsibilities for oversight and implementation of DoD "
        "recruitment marketing engagement, event contracts, or task orders.",
        "Implements a formal process to:",
        "o Facilitate a more effective use of marketing and advertising resources.",
        "o Address inefficiencies.",
        "o Ensure information sharing among the Military Services.",
        "o Eliminate duplication efforts, overlap, and fragmentation that may result from the "
        "absence of coordination among the Military Services.",
        "Sets minimum criterion for metrics or other measurable deliverables by which each "
        "Military Department and Military Service can evaluate recruitment marketing success to "
        "help achieve recruiting goals.",
        "Authorizes conduct of marketing related after-action reports, semi-annual contracting "
        "reports, and annual internal audits.",
    ]
    assert dict(found.fields)["Change 1 Approved By"] == (
        "Matthew P. Donovan, Under Secretary of Defense for Personnel and Readiness"
    )


def test_change_line_without_a_colon_is_a_field() -> None:
    lines = [
        "DOD INSTRUCTION 9999.01",
        "FICTIONAL TEST ISSUANCE - NOT DOD POLICY",
        "Originating Component: Office of the Fictional Under Secretary",
        "Effective: December 27, 2019",
        "Change 1 Effective October 21, 2022",
        "Releasability: Cleared for public release.",
    ]
    found = cover.read_modern(lines)
    assert found is not None
    assert found.effective == "December 27, 2019"
    assert [(c.number, c.date) for c in found.changes] == [(1, "October 21, 2022")]
    doc = Document(found.doc_id, found.title, found.effective, found.changes, "modern", "", "", 1)
    assert doc.edition == "Dec 27, 2019, incorporating Change 1, Oct 21, 2022"


def test_wrapped_url_and_purpose_lines_are_not_fields(samples_dir: Path) -> None:
    # "Division Website at https://..." (Releasability) and "Deputy Secretary of Defense
    # Memorandum, this issuance:" (Purpose) have colons but are no cover labels
    parsed = parse_file(samples_dir / "modern" / "DoDM_4160.28_Vol1.pdf")
    fields = dict(parsed.document.fields)
    assert list(fields) == [
        "Originating Component", "Effective", "Change 3 Effective", "Releasability",
        "Reissues and Cancels", "Approved by", "Change 3 (Administrative) Approved by",
    ]  # fmt: skip
    assert fields["Releasability"] == (
        "Cleared for public release.  This volume is available on the Directives Division "
        "Website at https://www.esd.whs.mil/DD/."
    )
    [purpose] = [p for p in parsed.paragraphs if p.kind is Kind.PURPOSE]
    assert purpose.text.endswith(
        "\n• This volume assigns responsibilities and prescribes procedures for program "
        "administration, training, planning, code validation, and waivers."
    )
    text_only = parse_file(samples_dir / "modern" / "DoDI_5132.14.pages.txt")
    assert dict(text_only.document.fields)["Releasability"] == (
        "Cleared for public release.  Available from the DoD Issuances Website at "
        "http://www.dtic.mil/whs/directives."
    )


@pytest.mark.parametrize(
    ("name", "edition", "fields"),
    [
        ("modern/DoDI_1000.04.pages.txt", "Nov 12, 2019", 5),
        ("modern/DoDI_4140.01.pages.txt", "Mar 6, 2019", 5),
        ("modern/DoDI_5000.94.pages.txt", "Mar 28, 2022", 4),
        ("modern/DoDI_5132.14.pages.txt", "Jan 13, 2017", 4),
        (
            "modern/DoDI_5134.04_CH1.pages.txt",
            "Dec 4, 2017, incorporating Change 1, Aug 31, 2018",
            7,
        ),
        ("modern/DoDI_8510.01.txt", "Jul 19, 2022", 6),
        ("old/DoDI_6440.02_CH1.pages.txt", "May 29, 2014, incorporating Change 1, May 7, 2020", 1),
    ],
)
def test_every_text_sample_cover_variant(
    samples_dir: Path, name: str, edition: str, fields: int
) -> None:
    # labels and values on separate lines ("Effective:" / "November 12, 2019"), on one line,
    # and "Reissues and Cancels" / "Incorporates and Cancels" fields
    doc = parse_file(samples_dir / name).document
    assert doc.edition == edition
    assert len(doc.fields) == fields, doc.fields
    assert all(value for _, value in doc.fields), doc.fields
