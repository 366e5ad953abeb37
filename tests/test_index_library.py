"""Library: citation lookup, tree navigation, outline and glossary over hand-built records."""

from __future__ import annotations

from index.library import Library
from ingest.records import Document, Kind, Paragraph, ParsedDocument

DOC_ID = "DoDI 9999.01"


def document(doc_id: str = DOC_ID, sha: str = "a" * 64, source: str = "fictional.pdf") -> Document:
    return Document(doc_id, "Fictional Test Issuance", "May 1, 2024", (), "modern", source, sha, 9)


def _p(path, text, parent=None, kind=Kind.PARAGRAPH, title="", term=None, pages=(4,), doc=DOC_ID):
    heading = ("SECTION 3: PROCEDURES", f"{path}.") if kind is Kind.PARAGRAPH else (path,)
    return Paragraph(doc, path, kind, heading, title, text, pages, parent, term)


def parsed(doc_id: str = DOC_ID, extra: str = "") -> ParsedDocument:
    """A small fictional issuance: purpose, a section with a lead-in and children, a glossary."""
    paragraphs = (
        _p("Purpose", "This fictional issuance governs houseplant watering.", kind=Kind.PURPOSE),
        _p("3", "", kind=Kind.SECTION, title="PROCEDURES"),
        _p("3.1", "The Fictional Plant Working Group (FPWG) will:", "3", title="FPWG"),
        _p("3.1.a", "Water the ficus weekly." + extra, "3.1"),
        _p("3.1.b", "Report on soil moisture as follows:", "3.1", pages=(4, 5)),
        _p("3.1.b.(1)", "Quarterly to the Chair.", "3.1.b", pages=(5,)),
        _p("3.1.b.(2)", "Annually to the Secretary of Botany.", "3.1.b", pages=(5,)),
        _p("3.2", "Pruning happens in spring.", "3", title="PRUNING"),
        _p("G.1", "Fictional Plant Working Group", None, Kind.ACRONYM, term="FPWG", pages=(8,)),
        _p("G.2", "A plant kept indoors.", None, Kind.DEFINITION, term="houseplant", pages=(8,)),
        _p("G.2", "Giving a plant water.", None, Kind.DEFINITION, term="watering", pages=(8,)),
    )
    return ParsedDocument(document(doc_id), tuple(_retag(p, doc_id) for p in paragraphs))


def _retag(p: Paragraph, doc_id: str) -> Paragraph:
    return Paragraph(doc_id, p.path, p.kind, p.heading, p.title, p.text, p.pages, p.parent, p.term)


def library() -> Library:
    docs = [parsed(), parsed("DoDD 9999.02")]
    return Library(
        {d.document.doc_id: d.document for d in docs}, [p for d in docs for p in d.paragraphs]
    )


def test_get_and_resolve_loose_forms() -> None:
    lib = library()
    child = lib.get(DOC_ID, "3.1.b.(1)")
    assert child is not None and child.text == "Quarterly to the Chair."
    assert lib.get(DOC_ID, "3.1.b(1)") == child
    for typed in ("DoDI 9999.01 3.1.b.(1)", "9999.01 3.1.b(1)", "DoDI 9999.01 Paragraph 3.1b.(1)"):
        assert lib.resolve(typed) == [child], typed
    both = lib.resolve("3.1.b.(1)")  # no document named: every document with that paragraph
    assert {p.doc_id for p in both} == {DOC_ID, "DoDD 9999.02"}


def test_resolve_enclosure_paragraphs_as_find_a_citation_reads_them() -> None:
    # Find a citation (webapp.views_cite.find) resolves what the user typed with Library.resolve.
    item = _p("E2.4.f.(4)", "Fictional enclosure item.", "E2.4.f")
    enclosure = (_p("E2", "", kind=Kind.ENCLOSURE, title="PROCEDURES"), item)
    lib = Library({DOC_ID: document()}, [*parsed().paragraphs, *enclosure])
    for typed in (
        "DoDI 9999.01, Enclosure 2, paragraph 4.f.(4)",
        "DoDI 9999.01 E2.4.f.(4)",
        "9999.01 4.f.(4) of Enclosure 2",
        "DoDI 9999.01, Enclosure 2, paragraph 4.f.(4), p. 4 (May 1, 2024)",
    ):
        assert lib.resolve(typed) == [item], typed


def test_resolve_glossary_terms() -> None:
    lib = library()
    assert [p.term for p in lib.resolve("9999.01 G.2")] == ["houseplant", "watering"]
    assert [p.term for p in lib.resolve('9999.01 G.2 "Watering"')] == ["watering"]
    assert lib.get(DOC_ID, "G.2", "houseplant") is not None
    assert [p.term for p in lib.glossary(DOC_ID)] == ["FPWG", "houseplant", "watering"]


def test_suggestions_when_nothing_matches() -> None:
    lib = library()
    assert lib.resolve("9999.01 3.1.c") == []
    near = [p.path for p in lib.suggest("9999.01 3.1.c")]
    assert "3.1.a" in near and "3.1.b" in near
    assert all(p.doc_id == DOC_ID for p in lib.suggest("9999.01 3.1.c"))


def test_tree_navigation() -> None:
    lib = library()
    child = lib.get(DOC_ID, "3.1.b.(2)")
    assert child is not None
    parent = lib.parent(child)
    assert parent is not None and parent.path == "3.1.b"
    assert [c.path for c in lib.children(parent)] == ["3.1.b.(1)", "3.1.b.(2)"]
    assert [a.path for a in lib.lead_in(child)] == ["3.1", "3.1.b"]
    before, after = lib.neighbours(child)
    assert before is not None and before.path == "3.1.b.(1)"
    assert after is not None and after.path == "3.2"
    first = lib.paragraphs[0]
    assert lib.neighbours(first)[0] is None and lib.parent(first) is None


def test_neighbours_stay_inside_the_document() -> None:
    lib = library()
    last_of_first = [p for p in lib.paragraphs if p.doc_id == DOC_ID][-1]
    assert lib.neighbours(last_of_first)[1] is None


def test_outline_lists_sections_titles_and_groups() -> None:
    lines = [(e.depth, e.paragraph.path, e.count) for e in library().outline(DOC_ID)]
    assert lines == [
        (0, "Purpose", 1),
        (0, "3", 1),
        (1, "3.1", 1),
        (1, "3.2", 1),
        (0, "G.1", 1),
        (0, "G.2", 2),
    ]


def test_find_documents_by_loose_id() -> None:
    lib = library()
    assert lib.find_documents("9999.01") == [DOC_ID]
    assert lib.find_documents("DODI 9999.01") == [DOC_ID]
    assert lib.find_documents("DoDI 1234.56") == []
