"""Is the first thing a reader sees right? Per-question judgements, rates with intervals, causes.

What a user meets first is the verdict, the direct answer and the first citation, so each
labelled question is judged on exactly those, and every miss is put down to one cause in the
order the pipeline makes it:

- abstention: it abstained on an answerable question, or answered an unanswerable one;
- ranking: the answer layer's own top-ranked paragraph is not an accepted one;
- composition: the ranking was right but the first citation or the direct answer is not (the
  key phrase or the actor is missing from what the reader sees first);
- verdict: the citation and the direct answer are right, the verdict is not one accepted.

Rates are over the questions a metric applies to (answerable ones; who-questions for the actor),
an abstention counting as a miss, each with its 95 % bootstrap interval (eval.intervals).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eval.answers import AnswerRecord, normalise_space
from eval.gold import GoldQuestion
from eval.intervals import Interval, bootstrap, rate
from eval.metrics import is_hit

CAUSES = ("abstention", "ranking", "composition", "verdict")
RATES = ("first_citation", "verdict", "key_phrase", "actor")


@dataclass(frozen=True)
class Judgement:
    """How one labelled question was answered.

    Attributes:
        id: question id.
        type: gold question type, "other" when not labelled.
        answerable: the gold set expects paragraphs (else it expects an abstention).
        abstained: the answer abstained.
        first_citation: the first citation is accepted (None for unanswerable questions).
        verdict: the verdict is accepted (None without gold verdicts or when unanswerable).
        key_phrase: the direct answer holds the key phrase (None without one).
        actor: the direct answer names the actor (None unless a who-question with an actor).
        cause: why the question failed, one of CAUSES, or None when it did not fail.
    """

    id: str
    type: str
    answerable: bool
    abstained: bool
    first_citation: bool | None
    verdict: bool | None
    key_phrase: bool | None
    actor: bool | None
    cause: str | None


def judge(q: GoldQuestion, a: AnswerRecord) -> Judgement:
    """Judge one answer against its gold question (see the module docstring for the rules)."""
    answerable = bool(q.expect)
    direct = normalise_space(a.direct).lower()
    cited = answerable and not a.abstained and bool(a.support)
    first = (cited and is_hit(a.support[0].ref, q.expect)) if answerable else None
    verdict = (not a.abstained and a.verdict in q.verdicts) if answerable and q.verdicts else None
    phrase = (
        normalise_space(q.key_phrase).lower() in direct if answerable and q.key_phrase else None
    )
    names = [q.actor, *q.actor_aliases] if q.actor else []
    actor = (
        any(normalise_space(n).lower() in direct for n in names) if answerable and names else None
    )
    return Judgement(
        q.id, q.type or "other", answerable, a.abstained, first, verdict, phrase, actor,
        _cause(q, a, first, verdict, phrase, actor),
    )  # fmt: skip


def _cause(
    q: GoldQuestion,
    a: AnswerRecord,
    first: bool | None,
    verdict: bool | None,
    phrase: bool | None,
    actor: bool | None,
) -> str | None:
    if a.abstained != (not q.expect):
        return "abstention"
    if not q.expect:
        return None
    if first and phrase is not False and actor is not False:
        return "verdict" if verdict is False else None
    ranked = a.ranked or tuple(c.ref for c in a.support)
    if ranked and not is_hit(ranked[0], q.expect):
        return "ranking"
    return "composition"


def rates(judgements: Sequence[Judgement]) -> dict[str, Interval]:
    """Every rate with its interval, plus abstention precision, recall and F1."""
    out = {
        name: bootstrap(
            [bool(getattr(j, name)) for j in judgements if getattr(j, name) is not None], rate
        )
        for name in RATES
    }
    labelled = list(judgements)
    for name, statistic in (
        ("abstention_precision", _precision),
        ("abstention_recall", _recall),
        ("abstention_f1", _f1),
    ):
        out[name] = bootstrap(labelled, statistic)
    return out


def causes(judgements: Iterable[Judgement]) -> Counter[str]:
    """How many failures each cause accounts for."""
    return Counter(j.cause for j in judgements if j.cause is not None)


def _counts(js: Sequence[Judgement]) -> tuple[int, int, int]:
    tp = sum(j.abstained and not j.answerable for j in js)
    fp = sum(j.abstained and j.answerable for j in js)
    fn = sum(not j.abstained and not j.answerable for j in js)
    return tp, fp, fn


def _precision(js: Sequence[Judgement]) -> float:
    tp, fp, _ = _counts(js)
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(js: Sequence[Judgement]) -> float:
    tp, _, fn = _counts(js)
    return tp / (tp + fn) if tp + fn else 0.0


def _f1(js: Sequence[Judgement]) -> float:
    p, r = _precision(js), _recall(js)
    return 2 * p * r / (p + r) if p + r else 0.0


def quality_markdown(groups: Sequence[tuple[str, Sequence[Judgement]]]) -> str:
    """One row per group (a split, a question type): rates with intervals, then causes."""
    columns = (*RATES, "abstention_f1")
    lines = [
        "| group | questions | " + " | ".join(columns) + " | " + " | ".join(CAUSES) + " |",
        "|---" * (2 + len(columns) + len(CAUSES)) + "|",
    ]
    for name, js in groups:
        found = rates(js)
        counted = causes(js)
        cells = [name, str(len(js)), *(str(found[c]) for c in columns),
                 *(str(counted.get(c, 0)) for c in CAUSES)]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
