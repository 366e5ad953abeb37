"""Small pieces of the parser whose rules are easy to state by example."""

from __future__ import annotations

import pytest

from ingest.cover import doc_id, title_case
from ingest.outline import join_path
from ingest.parse import unique
from ingest.records import Kind, Paragraph
from ingest.titles import caps_title, phrase_title
from ingest.toc import compare, read_entries
from ingest.wrap import join_lines


@pytest.mark.parametrize(
    ("segments", "path"),
    [
        (["8.2", "c", "(3)"], "8.2.c.(3)"),
        (["1.2", "r", "(2)", "(c)"], "1.2.r.(2)(c)"),
        (["3.3", "b", "(3)", "(a)", "2"], "3.3.b.(3)(a)2"),
        (["E2", "1", "a"], "E2.1.a"),
        (["4", "a", "(1)"], "4.a.(1)"),
    ],
)
def test_paths_are_joined_as_dod_cites_them(segments: list[str], path: str) -> None:
    assert join_path(segments) == path


def test_line_end_hyphens_are_kept_as_compounds() -> None:
    assert join_lines(["military noise-", "related issues", "", "of non-", "DoD  units"]) == (
        "military noise-related issues of non-DoD  units"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("APPLICABILITY.  This issuance:", ("APPLICABILITY", "This issuance:")),
        ("DNWG.", ("DNWG", "")),
        ("USD(P&R), USD(R&E), AND DOT&E.  The USD(P&R):", ("USD(P&R), USD(R&E), AND DOT&E",
                                                         "The USD(P&R):")),
        ("DoD COMPONENT HEADS.  The heads will:", ("DoD COMPONENT HEADS", "The heads will:")),
        ("It is DoD policy that:", ("", "It is DoD policy that:")),
    ],
)  # fmt: skip
def test_capitalised_titles(text: str, expected: tuple[str, str]) -> None:
    assert caps_title(text) == expected


def test_phrase_titles_need_following_text_or_children() -> None:
    assert phrase_title("Function.", has_children=True) == ("Function", "")
    assert phrase_title("NSN.", has_children=False) == ("", "NSN.")
    assert phrase_title("Concurrence.  If the ICP", has_children=False) == (
        "Concurrence", "If the ICP"
    )  # fmt: skip
    assert phrase_title("Installation master plans.", has_children=False) == (
        "", "Installation master plans."
    )  # fmt: skip


def test_cover_ids_and_titles() -> None:
    assert doc_id("MANUAL", "4160.28", "1") == "DoDM 4160.28, Volume 1"
    assert doc_id("DIRECTIVE", "5132.03", None) == "DoDD 5132.03"
    assert title_case("DEFENSE DEMILITARIZATION:  PROGRAM ADMINISTRATION") == (
        "Defense Demilitarization: Program Administration"
    )
    assert title_case("FEDERAL VOTING ASSISTANCE PROGRAM (FVAP)") == (
        "Federal Voting Assistance Program (FVAP)"
    )


def test_repeated_keys_are_numbered_not_dropped() -> None:
    first = Paragraph("DoDI 9999.01", "G.1", Kind.ACRONYM, (), "GSA", "one", (3,), None, "GSA")
    again = Paragraph("DoDI 9999.01", "G.1", Kind.ACRONYM, (), "GSA", "two", (3,), None, "GSA")
    records, warnings = unique([first, again])
    assert [(r.term, r.text) for r in records] == [("GSA", "one"), ("GSA [2]", "two")]
    assert records[1].id != again.id
    assert warnings == ["G.1 GSA occurs 2 times; kept as [2]"]


def test_toc_entries_and_mismatch_warnings() -> None:
    entries = read_entries(
        [
            "SECTION 2:  RESPONSIBILITIES ........ 5",
            "2.1.  Under Secretary of Defense for Policy ...... 5",
            "2.2.  Assistant Secretaries of Defense for International Security Affairs and",
            "Asian and Pacific Security Affairs. ........ 6",
            "a.  Function. .... 7",
            "Table 1.  DEMIL ICs ...... 9",
        ]
    )
    assert [(e.path, e.page) for e in entries] == [("2", 5), ("2.1", 5), ("2.2", 6), ("2.2.a", 7)]
    body = [
        Paragraph("D", "2", Kind.SECTION, (), "", "", (5,)),
        Paragraph("D", "2.1", Kind.PARAGRAPH, (), "", "", (5,), "2"),
        Paragraph("D", "2.2", Kind.PARAGRAPH, (), "", "", (7,), "2"),
        Paragraph("D", "2.3", Kind.PARAGRAPH, (), "", "", (8,), "2"),
    ]
    assert compare(entries, body) == [
        "table of contents puts 2.2 on page 6, the body on page 7",
        "table of contents lists 2.2.a (Function) but the body has no such paragraph",
        "paragraph 2.3 is missing from the table of contents",
    ]
