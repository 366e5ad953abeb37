"""Glossary lookups and the calibration sweep, on hand-built records and scores."""

from __future__ import annotations

from ingest.records import Kind, Paragraph
from qa.calibrate import GoldScore, sweep
from qa.glossary import Glossary


def _row(doc: str, kind: Kind, term: str, text: str) -> Paragraph:
    path = "G.1" if kind is Kind.ACRONYM else "G.2"
    return Paragraph(doc, path, kind, (), "", text, (9,), None, term)


GLOSSARY = Glossary.build(
    [
        _row("DoDI 9999.01", Kind.ACRONYM, "DEMIL", "demilitarization"),
        _row("DoDI 9999.01", Kind.ACRONYM, "DoD", "CIO Chief Information Officer"),  # mispaired
        _row(
            "DoDI 9999.01",
            Kind.ACRONYM,
            "ATSD(PA)",
            "Assistant to the Secretary of Defense for Public Affairs",
        ),
        _row("DoDI 9999.02", Kind.DEFINITION, "DEMIL code", "Defined in Reference (d)."),
        _row("DoDI 9999.01", Kind.DEFINITION, "DEMIL code", "A code assigned to property."),
        _row("DoDI 9999.01", Kind.DEFINITION, "DEMIL", "The act of eliminating capabilities."),
    ]
)


def test_spelled_out_term_finds_the_acronym_definition() -> None:
    rows = GLOSSARY.definitions_for("What is demilitarization?")
    assert [r.term for r in rows] == ["DEMIL"]


def test_substantive_definition_comes_before_a_pointer() -> None:
    rows = GLOSSARY.definitions_for("what does DEMIL code mean")
    assert [r.text for r in rows] == ["A code assigned to property.", "Defined in Reference (d)."]
    assert [r.doc_id for r in GLOSSARY.definitions_for("Define DEMIL code", ["DoDI 9999.02"])] == [
        "DoDI 9999.02"
    ]


def test_acronym_without_definition_is_answered_from_g1() -> None:
    rows = GLOSSARY.definitions_for("What does ATSD(PA) stand for?")
    assert [(r.kind, r.term) for r in rows] == [(Kind.ACRONYM, "ATSD(PA)")]
    assert GLOSSARY.definitions_for("What does ATSD(PA) stand for?", ["DoDI 9999.02"]) == ()


def test_other_questions_are_not_definition_questions() -> None:
    assert GLOSSARY.definitions_for("Can I get a DEMIL waiver?") == ()
    assert GLOSSARY.definitions_for("What is the main planning document for DEMIL?") == ()
    # the term only modifies another subject: a question about a process, not a definition
    assert GLOSSARY.definitions_for("What is the DEMIL code process for spares?") == ()
    assert GLOSSARY.definitions_for("What are the demilitarization rules?") == ()


def test_definition_questions_may_qualify_the_term_or_add_filler() -> None:
    assert [r.term for r in GLOSSARY.definitions_for("What is a DEMIL code under this rule?")] == [
        "DEMIL code",
        "DEMIL code",
    ]
    assert [r.term for r in GLOSSARY.definitions_for("What does DEMIL actually mean?")] == ["DEMIL"]


def test_mispaired_acronym_rows_are_ignored() -> None:
    assert GLOSSARY.meaning("DoD") is None
    assert [e.term for e in GLOSSARY.expansions([("DoDI 9999.01", "DoD DEMIL rules")])] == ["DEMIL"]


def test_query_expansion_goes_both_ways() -> None:
    assert GLOSSARY.expand_query("Who approves ATSD(PA) posts?") == (
        "Who approves ATSD(PA) posts? (Assistant to the Secretary of Defense for Public Affairs)"
    )
    assert GLOSSARY.expand_query("rules on demilitarization") == "rules on demilitarization (DEMIL)"


def _gold(qid: str, unanswerable: bool, cosine: float, overlap: float) -> GoldScore:
    return GoldScore(qid, unanswerable, ((cosine, overlap),), False)


def test_sweep_picks_the_widest_gap_that_separates_best() -> None:
    scores = [
        _gold("u1", True, 0.30, 0.0),
        _gold("u2", True, 0.40, 0.2),  # confidence 0.5 at weight 0.5
        _gold("a1", False, 0.60, 0.4),  # 0.8
        _gold("a2", False, 0.70, 0.6),  # 1.0
        GoldScore("g", False, (), True),  # glossary-answered: never abstains, not swept
    ]
    choice = sweep(scores, 0.5)
    assert choice.correct == 5 and choice.f1 == 1.0
    assert choice.threshold == (0.5 + 0.8) / 2


def test_absent_margin_makes_a_near_topic_question_abstain() -> None:
    scores = [
        _gold("u1", True, 0.30, 0.0),  # 0.3
        GoldScore("u2", True, ((0.60, 0.4),), False, absent=True),  # 0.8, but its topic is absent
        _gold("a1", False, 0.60, 0.4),  # 0.8
        _gold("a2", False, 0.70, 0.6),  # 1.0
    ]
    assert sweep(scores, 0.5, margin=0.0).f1 < 1.0  # u2 and a1 tie: no threshold parts them
    with_margin = sweep(scores, 0.5, margin=0.2)
    assert with_margin.f1 == 1.0 and with_margin.correct == 4
