"""Retrieval and answer metrics on rankings small enough to score by hand."""

from __future__ import annotations

import math

import pytest

from eval.answers import AnswerRecord, CitedQuote, abstention_scores, answer_scores
from eval.gold import GoldQuestion, Ref
from eval.metrics import (
    first_hit_rank,
    ndcg_at,
    percentile,
    recall_at,
    reciprocal_rank,
    retrieval_scores,
)
from ingest.citation import is_within

D = "DoDI 4715.13"


def refs(*paths: str, doc: str = D) -> list[Ref]:
    return [Ref(doc, p) for p in paths]


@pytest.mark.parametrize(
    ("path", "ancestor", "inside"),
    [
        ("1.2.r.(2)", "1.2.r", True),
        ("1.2.r.(2)(c)", "1.2.r.(2)", True),
        ("1.2.r", "1.2.r", True),
        ("1.21", "1.2", False),
        ("1.2.1", "1.2", True),
        ("E2.10", "E2.1", False),
        ("E2.1.a", "E2.1", True),
        ("3.3.b.(3)(a)1", "3.3.b.(3)(a)", True),
        ("3.2", "3.2.a", False),
        ("G.2", "G.2", True),
        ("G.21", "G.2", False),
    ],
)
def test_is_within_respects_level_boundaries(path: str, ancestor: str, inside: bool) -> None:
    assert is_within(path, ancestor) is inside


def test_rank_recall_and_mrr_by_hand() -> None:
    expect = refs("3.2.a")
    # rank 1: other paragraph; rank 2: same path in another issuance; rank 3: a child -> hit.
    ranked = [Ref(D, "3.1"), Ref("DoDD 5132.03", "3.2.a"), Ref(D, "3.2.a.(1)"), Ref(D, "3.2.a")]
    assert first_hit_rank(ranked, expect) == 3
    assert recall_at(ranked, expect, 1) == 0.0
    assert recall_at(ranked, expect, 3) == 1.0
    assert reciprocal_rank(ranked, expect) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, expect, k=2) == 0.0


def test_ndcg_follows_the_any_of_rule() -> None:
    expect = refs("2.1", "2.5")
    # first hit at rank 2 (2.1.a, inside 2.1); later hits (2.1.b, 2.5) add nothing: one answer
    # is ideal, as for Recall@k and MRR.
    ranked = refs("1.1", "2.1.a", "2.1.b", "2.5", "3")
    assert ndcg_at(ranked, expect) == pytest.approx(1 / math.log2(3))
    assert ndcg_at(refs("2.5"), expect) == 1.0  # any one expected paragraph is a full answer
    assert ndcg_at(refs("2.1"), refs("2.1")) == 1.0
    assert ndcg_at(refs("9"), refs("2.1")) == 0.0
    assert ndcg_at(refs("9", "2.1"), refs("2.1"), k=1) == 0.0


def test_retrieval_scores_average_over_answerable_questions_only() -> None:
    rankings = [refs("1", "2"), refs("2", "1"), refs("5"), refs("1")]
    expects = [refs("1"), refs("1"), refs("7"), []]  # last one unanswerable: not scored
    scores = retrieval_scores(rankings, expects)
    assert scores["questions"] == 3
    assert scores["recall@1"] == pytest.approx(1 / 3)
    assert scores["recall@3"] == pytest.approx(2 / 3)
    assert scores["mrr@10"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert scores["ndcg@10"] == pytest.approx((1 + 1 / math.log2(3)) / 3)


def test_percentile_interpolates_like_numpy() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile([10.0, 20.0, 30.0, 40.0, 50.0], 95) == pytest.approx(48.0)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) == 0.0


def _gold(qid: str, expect: list[Ref], **kw: object) -> GoldQuestion:
    return GoldQuestion(qid, "?", tuple(expect), **kw)  # type: ignore[arg-type]


def test_answer_scores_by_hand() -> None:
    gold = [
        _gold("a", refs("3.3.f"), verdict="Recommended", quote="Modeling is preferred."),
        _gold("b", refs("1.2"), verdict="Required"),
        _gold("c", [], verdict="Not addressed", unanswerable=True),
        _gold("d", [], unanswerable=True),
    ]
    texts = {"3.3.f": "Monitoring is rare.  Modeling is\npreferred.", "1.2": "Policy."}
    answers = [
        AnswerRecord(
            "Recommended",
            False,
            "",
            (
                CitedQuote(Ref(D, "3.3.f"), "Modeling is preferred."),  # hit, verbatim
                CitedQuote(Ref(D, "2.1"), "Invented text."),  # miss, not verbatim
            ),
        ),
        AnswerRecord("Permitted", False, "", (CitedQuote(Ref(D, "9"), "Policy."),)),
        AnswerRecord("Not addressed", True, "", ()),
        AnswerRecord("Permitted", False, "", ()),  # should have abstained
    ]
    scores = answer_scores(gold, answers, lambda c: texts.get(c.ref.paragraph))
    assert scores["first_citation_accuracy"] == 0.5  # a yes, b no
    assert scores["citation_precision"] == pytest.approx((1 / 2 + 0) / 2)
    assert scores["citation_recall"] == 0.5
    assert scores["verdict_accuracy"] == pytest.approx(2 / 3)  # a, c right; b wrong
    assert scores["quote_containment"] == 1.0
    assert scores["verbatim_quote_rate"] == pytest.approx(1 / 3)  # "Policy." cites para 9
    assert scores["abstention_precision"] == 1.0
    assert scores["abstention_recall"] == 0.5
    assert scores["abstention_f1"] == pytest.approx(2 / 3)


def test_abstention_counts_false_alarms() -> None:
    gold = [_gold("a", refs("1")), _gold("b", [], unanswerable=True)]
    answers = [AnswerRecord("Not addressed", True, "", ()), AnswerRecord("x", True, "", ())]
    scores = abstention_scores(gold, answers)
    assert scores["abstention_precision"] == 0.5
    assert scores["abstention_recall"] == 1.0
    assert scores["abstention_f1"] == pytest.approx(2 / 3)
