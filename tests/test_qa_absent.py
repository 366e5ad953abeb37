"""Questions about issuances the library does not hold are named, never answered from another."""

from __future__ import annotations

from pathlib import Path

from ingest.records import Kind, Paragraph
from qa.absent import absent_for, known_issuances, official, referenced


class _Library:
    """The little of a library qa.absent reads: documents and paragraphs."""

    def __init__(self, documents: list[str], paragraphs: list[Paragraph]) -> None:
        self.documents = dict.fromkeys(documents)
        self.paragraphs = paragraphs


REF = Paragraph(
    "DoDI 9999.01", "References", Kind.REFERENCE, ("REFERENCES",), "DoD Instruction 1300.17",
    "DoD Instruction 1300.17, “Religious Liberty in the Military Services,” September 1, 2020",
    (9,), None, "DoD Instruction 1300.17",
)  # fmt: skip


def test_official_sources_carry_the_topics_people_ask_about() -> None:
    ids = {k.doc_id for k in official()}
    assert ids == {"DoDI 5400.17", "DoDI 1304.35"}
    assert all(k.topics and k.official for k in official())


def test_social_media_question_names_dodi_5400_17_while_it_is_not_loaded() -> None:
    known = known_issuances(_Library(["DoDI 4715.13"], []))
    found = absent_for("Can I like an official post from my personal account?", known)
    assert found is not None and found.issuance.doc_id == "DoDI 5400.17"
    assert "not in your library" in found.note and "policykb fetch" in found.note


def test_a_loaded_issuance_is_not_absent() -> None:
    known = known_issuances(_Library(["DoDI 5400.17"], []))
    assert "DoDI 5400.17" not in {k.doc_id for k in known}
    assert absent_for("Can I post on Facebook from a personal account?", known) is None


def test_marketing_question_names_dodi_1304_35() -> None:
    found = absent_for("Who signs off on a recruiting marketing contract?", official())
    assert found is not None and found.issuance.doc_id == "DoDI 1304.35"


def test_questions_on_other_topics_name_nothing() -> None:
    for question in ("Can we bury contaminated equipment?", "Who chairs the noise working group?"):
        assert absent_for(question, official()) is None


def test_a_referenced_issuance_is_known_by_its_title() -> None:
    library = _Library(["DoDI 9999.01"], [REF])
    (known,) = referenced(library)
    assert known.doc_id == "DoDI 1300.17" and not known.official
    found = absent_for("Is religious liberty protected for service members?", [known])
    assert found is not None and found.issuance.doc_id == "DoDI 1300.17"
    assert absent_for("Is the military liberty bell rung?", [known]) is None


def test_missing_source_list_means_no_official_sources(tmp_path: Path) -> None:
    assert official(tmp_path / "nowhere.toml") == ()
