"""Run a gold set through retrieval variants and the answerer, timing every call.

The runner only sees callables (question -> ranked refs, question -> answer), so the same code
scores the real index (eval.bind) and the hand-made rankings of the unit tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from eval.answers import AnswerRecord, CitedQuote, answer_scores
from eval.gold import GoldQuestion, Ref
from eval.metrics import percentile, retrieval_scores
from eval.quality import RATES, judge, rates

Retrieve = Callable[[str, int], Sequence[Ref]]
Ask = Callable[[str], AnswerRecord]


@dataclass(frozen=True)
class Variant:
    """One retrieval configuration to compare.

    Attributes:
        name: label in tables and plots ("hybrid", "bm25", "hybrid-no-expansion", ...).
        mode: the Searcher mode: "hybrid", "dense" or "bm25".
        overrides: Settings fields changed from their defaults, as (name, value) pairs.
        unit: "leaf" (paragraph's own text) or "subtree" (paragraph with children, see
            eval.subtree).
    """

    name: str
    mode: str = "hybrid"
    overrides: tuple[tuple[str, object], ...] = ()
    unit: str = "leaf"


@dataclass(frozen=True)
class QuestionRun:
    """What one question got: its ranking, and the answer when answers were run."""

    id: str
    results: tuple[Ref, ...]
    latency_ms: float  # retrieval only
    answer: AnswerRecord | None = None
    answer_latency_ms: float | None = None  # the whole answer, retrieval included


@dataclass(frozen=True)
class VariantRun:
    """One variant's per-question results and the metrics computed from them."""

    variant: Variant
    questions: tuple[QuestionRun, ...]
    metrics: Mapping[str, float] = field(default_factory=dict)


def run_variant(
    gold: Sequence[GoldQuestion],
    variant: Variant,
    retrieve: Retrieve,
    ask: Ask | None = None,
    k: int = 10,
    paragraph_text: Callable[[CitedQuote], str | None] | None = None,
) -> VariantRun:
    """Ask every gold question of one variant and score it.

    Args:
        gold: questions; unlabelled ones are run (their rankings are reported) but not scored.
        variant: the configuration ``retrieve`` implements.
        retrieve: question, k -> ranked refs, best first.
        ask: question -> answer; None to score retrieval only.
        k: results kept per question.
        paragraph_text: cited paragraph text for the verbatim-quote rate (see score_run).
    """
    runs: list[QuestionRun] = []
    for q in gold:
        start = time.perf_counter()
        results = tuple(retrieve(q.question, k))[:k]
        latency = (time.perf_counter() - start) * 1000.0
        answer, answer_ms = None, None
        if ask is not None:
            start = time.perf_counter()
            answer = ask(q.question)
            answer_ms = (time.perf_counter() - start) * 1000.0
        runs.append(QuestionRun(q.id, results, latency, answer, answer_ms))
    return VariantRun(variant, tuple(runs), score_run(gold, runs, paragraph_text))


def score_run(
    gold: Sequence[GoldQuestion],
    runs: Sequence[QuestionRun],
    paragraph_text: Callable[[CitedQuote], str | None] | None = None,
) -> dict[str, float]:
    """Retrieval metrics, latencies, and answer metrics when every labelled run has an answer.

    Args:
        paragraph_text: looks up cited text for the verbatim-quote rate; without it the rate
            is taken from the quotes as the answerer verified them (always the case for
            qa.records.Quote, which cannot be built from non-verbatim text).
    """
    scored = [(q, r) for q, r in zip(gold, runs, strict=True) if q.labelled]
    metrics = retrieval_scores([r.results for _, r in scored], [q.expect for q, _ in scored])
    latencies = [r.latency_ms for r in runs]
    metrics["retrieval_p50_ms"] = percentile(latencies, 50)
    metrics["retrieval_p95_ms"] = percentile(latencies, 95)
    answered = [(q, r.answer) for q, r in scored if r.answer is not None]
    if answered and len(answered) == len(scored):
        lookup = paragraph_text or (lambda c: c.quote)
        metrics.update(answer_scores([q for q, _ in answered], [a for _, a in answered], lookup))
        found = rates([judge(q, a) for q, a in answered])
        metrics.update({f"{name}_rate": found[name].value for name in RATES})
        answer_ms = [r.answer_latency_ms or 0.0 for r in runs]
        metrics["answer_p50_ms"] = percentile(answer_ms, 50)
        metrics["answer_p95_ms"] = percentile(answer_ms, 95)
    return metrics
