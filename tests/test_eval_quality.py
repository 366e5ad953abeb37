"""Reader-facing judgements, derived by hand: first citation, verdict, key phrase, actor, cause."""

from __future__ import annotations

import pytest

from eval.answers import AnswerRecord, CitedQuote
from eval.gold import GoldQuestion, Ref
from eval.intervals import bootstrap, rate
from eval.quality import causes, judge, quality_markdown, rates

D = "DoDI 9999.01"
WHO = GoldQuestion(
    "w1", "Who approves the plan?", (Ref(D, "2.1.b"),), type="who",
    verdicts=("Required",), key_phrase="approve the annual plan", actor="USD(X)",
    actor_aliases=("Under Secretary of Defense for X",),
)  # fmt: skip
MAY = GoldQuestion(
    "m1", "Can I post it?", (Ref(D, "3.2"),), type="may", verdicts=("Prohibited",),
    key_phrase="must not post",
)  # fmt: skip
NONE = GoldQuestion("n1", "Can I fly my drone over the range?", (), unanswerable=True)


def record(path: str, direct: str, verdict: str = "Required", ranked: str | None = None,
           abstained: bool = False) -> AnswerRecord:  # fmt: skip
    support = () if abstained else (CitedQuote(Ref(D, path), direct),)
    top = (Ref(D, ranked or path),)
    return AnswerRecord(verdict, abstained, "" if abstained else direct, support, (), top)


def test_a_right_who_answer_names_the_actor() -> None:
    j = judge(WHO, record("2.1.b", "USD(X): approve the annual plan."))
    assert (j.first_citation, j.verdict, j.key_phrase, j.actor, j.cause) == (
        True, True, True, True, None,
    )  # fmt: skip


def test_an_alias_of_the_actor_counts_and_case_and_spacing_do_not() -> None:
    j = judge(
        WHO, record("2.1.b", "The Under  Secretary of Defense for X will: Approve the annual plan")
    )
    assert j.actor and j.key_phrase


def test_subject_less_duty_misses_the_actor_and_blames_composition() -> None:
    j = judge(WHO, record("2.1.b", "Will approve the annual plan."))
    assert j.first_citation and not j.actor and j.cause == "composition"


def test_a_child_of_the_expected_paragraph_is_accepted() -> None:
    j = judge(MAY, record("3.2.a", "DoD personnel must not post it.", "Prohibited"))
    assert j.first_citation and j.cause is None


def test_causes_follow_the_pipeline_order() -> None:
    ranking = judge(MAY, record("1.1", "x must not post", "Prohibited", ranked="1.1"))
    composition = judge(MAY, record("1.1", "x must not post", "Prohibited", ranked="3.2"))
    verdict = judge(MAY, record("3.2", "You must not post it.", "Required"))
    abstain_wrong = judge(MAY, record("", "", "Not addressed", abstained=True))
    answered_wrong = judge(NONE, record("3.2", "You may fly.", "Permitted"))
    abstain_right = judge(NONE, record("", "", "Not addressed", abstained=True))
    assert [j.cause for j in (ranking, composition, verdict, abstain_wrong, answered_wrong,
                              abstain_right)] == [
        "ranking", "composition", "verdict", "abstention", "abstention", None,
    ]  # fmt: skip
    assert abstain_wrong.first_citation is False and abstain_right.first_citation is None


def test_rates_and_abstention_f1_by_hand() -> None:
    js = [
        judge(WHO, record("2.1.b", "USD(X): approve the annual plan.")),  # all right
        judge(MAY, record("1.1", "no", "Permitted")),  # wrong citation, verdict, phrase
        judge(NONE, record("", "", "Not addressed", abstained=True)),  # right abstention
        judge(NONE, record("3.2", "You may.", "Permitted")),  # should have abstained
    ]
    found = rates(js)
    assert found["first_citation"].value == 0.5 and found["first_citation"].n == 2
    assert found["verdict"].value == 0.5 and found["key_phrase"].value == 0.5
    assert found["actor"].value == 1.0 and found["actor"].n == 1
    # tp 1, fp 0, fn 1 -> precision 1, recall 0.5, F1 2/3
    assert found["abstention_precision"].value == 1.0
    assert found["abstention_recall"].value == 0.5
    assert found["abstention_f1"].value == pytest.approx(2 / 3)
    assert causes(js) == {"ranking": 1, "abstention": 1}
    table = quality_markdown([("all", js)])
    assert "| all | 4 | 0.500 [" in table


def test_bootstrap_interval_brackets_the_value_and_narrows_with_more_questions() -> None:
    small = bootstrap([True] * 8 + [False] * 2, rate)
    large = bootstrap([True] * 80 + [False] * 20, rate)
    assert small.low <= small.value <= small.high and small.value == 0.8
    assert (large.high - large.low) < (small.high - small.low)
    assert bootstrap([], rate).n == 0 and str(bootstrap([], rate)) == "-"
