"""Citations both ways: loose user forms in, the canonical DoD form out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.citation import (
    DocRef,
    format_citation,
    format_locator,
    is_within,
    normalise_path,
    parse_citation,
    parse_doc,
    path_levels,
)
from ingest.records import Change, Document, Kind, Paragraph

DOC = Document(
    doc_id="DoDI 9999.01",
    title="Fictional Test Issuance",
    effective="August 12, 2022",
    changes=(Change(1, "January 24, 2023"),),
    template="modern",
    source="fictional.pdf",
    sha256="0" * 64,
    pages=30,
)


def para(path: str, kind: Kind = Kind.PARAGRAPH, pages=(21,), term=None) -> Paragraph:
    return Paragraph(DOC.doc_id, path, kind, (), "", "text", pages, term=term)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("8.2.c(3)", "8.2.c.(3)"),
        ("8.2.c.(3)", "8.2.c.(3)"),
        ("8.2.c.(3).", "8.2.c.(3)"),
        ("3.2a.(1)", "3.2.a.(1)"),
        ("Paragraph 3.2a.(1)", "3.2.a.(1)"),
        ("para. 2.5.b.(12)", "2.5.b.(12)"),
        ("1.2.r.(2).(c)", "1.2.r.(2)(c)"),
        ("1.2.r.(2)(c)", "1.2.r.(2)(c)"),
        ("3.3.b.(3)(a)1", "3.3.b.(3)(a)1"),
        ("3.3.b.(3)(a).1.a", "3.3.b.(3)(a)1.a"),
        ("Section 3", "3"),
        ("Enclosure 2, paragraph 1.a.", "E2.1.a"),
        ("4.f.(4) of Enclosure 2", "E2.4.f.(4)"),
        ("paragraph 4.f.(4) of Enclosure 2", "E2.4.f.(4)"),
        ("5.c, Enclosure 4", "E4.5.c"),
        ("Encl. 4 para 5.c", "E4.5.c"),
        ("E3.2.1.", "E3.2.1"),
        ("Glossary, G.2", "G.2"),
        ("4.a.(1)", "4.a.(1)"),
        ("3.2.aa", "3.2.aa"),
        ("References", "References"),
        ("Purpose", "Purpose"),
    ],
)
def test_normalise_path_accepts_loose_forms(typed: str, canonical: str) -> None:
    assert normalise_path(typed) == canonical


@pytest.mark.parametrize(
    ("text", "doc", "path", "term"),
    [
        ('"DoDI 5400.17" "8.2.c.(3)"', DocRef("DoDI", "5400.17"), "8.2.c.(3)", None),
        ("5400.17 8.2.c(3)", DocRef(None, "5400.17"), "8.2.c.(3)", None),
        ("DoD Instruction 1304.35, Section 3", DocRef("DoDI", "1304.35"), "3", None),
        ("DoDM 4160.28, Volume 1 para 2.1", DocRef("DoDM", "4160.28", 1), "2.1", None),
        ("DoDD 5535.4 4.a", DocRef("DoDD", "5535.04"), "4.a", None),
        ("DoDI 5400.17 G.2 “official use”", DocRef("DoDI", "5400.17"), "G.2", "official use"),
        ("8.2.c(3)", None, "8.2.c.(3)", None),
        ("DoDI 5400.17", DocRef("DoDI", "5400.17"), None, None),
        ("DoDD 4515.12, Enclosure 2, paragraph 4.a.(1)", DocRef("DoDD", "4515.12"), "E2.4.a.(1)",
         None),
        ("DoDD 4515.12 E2.4.a.(1)", DocRef("DoDD", "4515.12"), "E2.4.a.(1)", None),
        ("DoDD 4515.12 4.f.(4) of Enclosure 2", DocRef("DoDD", "4515.12"), "E2.4.f.(4)", None),
        ("DoDI 4715.13 para 3.3.b.", DocRef("DoDI", "4715.13"), "3.3.b", None),
        # a citation as format_citation prints it, pasted back
        ("DoDI 4715.13, para. 3.3.b.(2)(b), p. 11 (Jan 28, 2020)", DocRef("DoDI", "4715.13"),
         "3.3.b.(2)(b)", None),
        ("DoDM 4160.28, Volume 1, para. 7.3.b, pp. 26\u201327 (Aug 9, 2017, incorporating "
         "Change 3, Jul 15, 2019)", DocRef("DoDM", "4160.28", 1), "7.3.b", None),
    ],
)  # fmt: skip
def test_parse_citation(text: str, doc: DocRef | None, path: str | None, term: str | None) -> None:
    got = parse_citation(text)
    assert (got.doc, got.path, got.term) == (doc, path, term)


def test_doc_ref_matches_ids_as_issuances_print_them() -> None:
    assert DocRef(None, "4160.28", 1).matches("DoDM 4160.28, Volume 1")
    assert not DocRef(None, "4160.28", 2).matches("DoDM 4160.28, Volume 1")
    assert DocRef("DoDD", "5535.04").matches("DoDD 5535.4")
    assert not DocRef("DoDI", "5535.04").matches("DoDD 5535.04")
    assert parse_doc("no issuance here") is None


def test_format_citation_modern_paragraph() -> None:
    assert format_citation(DOC, para("8.2.c.(3)")) == (
        "DoDI 9999.01, para. 8.2.c.(3), p. 21 (Aug 12, 2022, incorporating Change 1, Jan 24, 2023)"
    )


def test_format_citation_pages_sections_glossary() -> None:
    assert "pp. 21\u201322" in format_citation(DOC, para("8.2", pages=(21, 22)))
    assert format_citation(DOC, para("3", Kind.SECTION)).startswith(
        "DoDI 9999.01, Section 3, p. 21"
    )
    glossary = format_citation(DOC, para("G.2", Kind.DEFINITION, term="social media"))
    assert glossary.startswith("DoDI 9999.01, Glossary, G.2 \u201csocial media\u201d, p. 21")
    assert format_citation(DOC, para("E2", Kind.ENCLOSURE)).startswith(
        "DoDI 9999.01, Enclosure 2, p. 21"
    )
    assert "p." not in format_citation(DOC, para("Purpose", Kind.PURPOSE, pages=()))


def test_enclosure_paragraphs_are_cited_as_dod_cites_them() -> None:
    # DoDD 4515.12 cites "Enclosure 2, paragraph 4.a.(1)"; the record path stays E2.4.a.(1).
    assert format_citation(DOC, para("E2.4.a.(1)", pages=(7,))) == (
        "DoDI 9999.01, Enclosure 2, paragraph 4.a.(1), p. 7 "
        "(Aug 12, 2022, incorporating Change 1, Jan 24, 2023)"
    )
    assert format_citation(DOC, para("E10.1")).startswith(
        "DoDI 9999.01, Enclosure 10, paragraph 1,"
    )


@pytest.mark.parametrize(
    ("path", "kind", "term"),
    [
        ("8.2.c.(3)", Kind.PARAGRAPH, None),
        ("E2.4.a.(1)", Kind.PARAGRAPH, None),
        ("E2", Kind.ENCLOSURE, None),
        ("3", Kind.SECTION, None),
        ("4.a.(1)", Kind.PARAGRAPH, None),
        ("G.2", Kind.DEFINITION, "social media"),
    ],
)
def test_printed_citations_read_back_to_their_record(path: str, kind: Kind, term) -> None:
    printed = format_citation(DOC, para(path, kind, term=term))
    got = parse_citation(printed)
    assert (got.doc, got.path, got.term) == (DocRef("DoDI", "9999.01"), path, term)


def test_is_within_compares_levels_not_characters() -> None:
    assert is_within("3.2.a.(1)", "3.2")
    assert is_within("3.2", "3.2")
    assert is_within("8.2.c(3)", "8.2.c")
    assert not is_within("3.20", "3.2")
    assert not is_within("3.2", "3.2.a")
    assert path_levels("1.2.r.(2)(c)") == ["1", "2", "r", "(2)", "(c)"]


@given(st.text(max_size=80))
def test_citation_parsing_never_crashes(text: str) -> None:
    got = parse_citation(text)
    assert got.path is None or isinstance(got.path, str)
    normalise_path(text)


@given(st.lists(st.sampled_from(["3", "12", "a", "bb", "(1)", "(c)", "(12)"]), min_size=1))
def test_normalise_is_idempotent(levels: list[str]) -> None:
    once = normalise_path(".".join(levels))
    assert normalise_path(once) == once


@pytest.mark.parametrize(
    ("path", "locator"),
    [
        ("E9.AP", "Appendix to Enclosure 9"),
        ("E9.AP.2.b", "Appendix to Enclosure 9, paragraph 2.b"),
        ("E3.AP2.1", "Appendix 2 to Enclosure 3, paragraph 1"),
        ("E10.Figure.7.a", "Figure in Enclosure 10, paragraph 7.a"),
    ],
)
def test_appendix_and_figure_paragraphs_are_cited_as_printed(path: str, locator: str) -> None:
    """DoDM 5100.76 prints an appendix to Enclosure 9 and numbered paragraphs in a figure."""
    p = Paragraph("DoDM 5100.76", path, Kind.PARAGRAPH, (), "", "Text.", (57,))
    assert format_locator(p) == locator
    assert normalise_path(path.lower()) == path
    assert path_levels(path)[:2] == [path.split(".")[0], path.split(".")[1]]
