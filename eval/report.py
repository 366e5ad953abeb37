"""Turn variant runs into the stdout table, the --json payload and a report directory."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eval.gold import GoldQuestion, Ref
from eval.metrics import first_hit_rank, recall_at
from eval.quality import CAUSES, Judgement, causes, judge, quality_markdown, rates
from eval.runner import QuestionRun, VariantRun

TABLE_COLUMNS = (
    "recall@1",
    "recall@3",
    "recall@5",
    "recall@10",
    "mrr@10",
    "ndcg@10",
    "retrieval_p50_ms",
    "retrieval_p95_ms",
)
ANSWER_COLUMNS = (
    "first_citation_accuracy",
    "citation_precision",
    "citation_recall",
    "verdict_accuracy",
    "quote_containment",
    "verbatim_quote_rate",
    "abstention_precision",
    "abstention_recall",
    "abstention_f1",
    "answer_p50_ms",
    "answer_p95_ms",
)


def markdown_table(runs: Sequence[VariantRun]) -> str:
    """Retrieval metrics, one row per variant, then answer metrics where answers were run."""
    lines = [_row(["method", *TABLE_COLUMNS]), _row(["---"] * (len(TABLE_COLUMNS) + 1))]
    lines += [
        _row([r.variant.name, *(_fmt(r.metrics.get(c)) for c in TABLE_COLUMNS)]) for r in runs
    ]
    answered = [r for r in runs if "abstention_f1" in r.metrics]
    if answered:
        lines += ["", _row(["method", *ANSWER_COLUMNS]), _row(["---"] * (len(ANSWER_COLUMNS) + 1))]
        lines += [
            _row([r.variant.name, *(_fmt(r.metrics.get(c)) for c in ANSWER_COLUMNS)])
            for r in answered
        ]
    return "\n".join(lines) + "\n"


def quality_table(gold: Sequence[GoldQuestion], run: VariantRun) -> str:
    """Reader-facing rates with intervals and failure causes: by split, then by question type."""
    judged = _judgements(gold, run)
    if not judged:
        return ""
    groups: list[tuple[str, Sequence[Judgement]]] = [("all", judged)]
    for split in ("dev", "test"):
        part = [j for q, j in zip(_labelled(gold), judged, strict=True) if q.split == split]
        if part and len(part) < len(judged):
            groups.append((split, part))
    types = sorted({j.type for j in judged})
    groups += [(f"type {t}", [j for j in judged if j.type == t]) for t in types]
    return quality_markdown(groups)


def causes_markdown(gold: Sequence[GoldQuestion], run: VariantRun) -> str:
    """Every failed question under its cause: what was expected and what the reader saw first."""
    rows = [
        (judge(q, r.answer), q, r.answer)
        for q, r in zip(gold, run.questions, strict=True)
        if q.labelled and r.answer is not None
    ]
    out = []
    for cause in CAUSES:
        failed = [(q, a) for j, q, a in rows if j.cause == cause]
        if not failed:
            continue
        out += [f"### {cause} ({len(failed)})", "",
                _row(["id", "type", "question", "expected", "first citation", "direct answer"]),
                _row(["---"] * 6)]  # fmt: skip
        for q, a in failed:
            expected = "; ".join(f"{e.doc_id} {e.paragraph}" for e in q.expect) or "(abstain)"
            first = f"{a.support[0].ref.doc_id} {a.support[0].ref.paragraph}" if a.support else "-"
            shown = "(abstained)" if a.abstained else a.direct[:160]
            out.append(_row([q.id, q.type or "-", q.question, expected, first, shown]))
        out.append("")
    return "\n".join(out) + "\n"


def _labelled(gold: Sequence[GoldQuestion]) -> list[GoldQuestion]:
    return [q for q in gold if q.labelled]


def _judgements(gold: Sequence[GoldQuestion], run: VariantRun) -> list[Judgement]:
    """Judgements of the labelled questions that were answered, in gold order."""
    return [
        judge(q, r.answer)
        for q, r in zip(gold, run.questions, strict=True)
        if q.labelled and r.answer is not None
    ]


def json_payload(run: VariantRun, gold: Sequence[GoldQuestion] = ()) -> dict[str, Any]:
    """The ``policykb eval --json`` shape: metrics, whole-answer latency, raw rankings.

    With `gold`, also "quality": each rate with its 95 % interval, and the failure causes.
    """
    latency = [
        q.answer_latency_ms if q.answer_latency_ms is not None else q.latency_ms
        for q in run.questions
    ]
    metrics = dict(run.metrics)
    prefix = "answer" if "answer_p50_ms" in metrics else "retrieval"
    payload: dict[str, Any] = {
        "metrics": metrics,
        "latency_ms": {"p50": metrics[f"{prefix}_p50_ms"], "p95": metrics[f"{prefix}_p95_ms"]},
        "questions": [_question_json(q, ms) for q, ms in zip(run.questions, latency, strict=True)],
    }
    judged = _judgements(gold, run) if gold else []
    if judged:
        payload["quality"] = {
            name: {"value": i.value, "low": i.low, "high": i.high, "n": i.n}
            for name, i in rates(judged).items()
        }
        payload["causes"] = dict(causes(judged))
    return payload


def failures(
    gold: Sequence[GoldQuestion],
    run: VariantRun,
    k: int = 5,
    indexed: Callable[[Ref], bool] | None = None,
) -> list[dict[str, Any]]:
    """Labelled questions the variant gets wrong: no hit in the top ``k``, or a bad abstention.

    Each entry shows what was expected next to what came first and why it failed, so a person
    can tell a parser gap (the expected paragraph was never indexed, judged by ``indexed``)
    from a ranking miss or an abstention mistake at a glance.
    """
    out = []
    for q, r in zip(gold, run.questions, strict=True):
        if not q.labelled:
            continue
        abstained = r.answer.abstained if r.answer is not None else None
        missed = bool(q.expect) and not recall_at(r.results, q.expect, k)
        wrong_abstain = abstained is not None and abstained != q.unanswerable
        if missed or wrong_abstain:
            out.append(
                {
                    "id": q.id,
                    "question": q.question,
                    "expected": [f"{e.doc_id} {e.paragraph}" for e in q.expect] or ["(abstain)"],
                    "first": f"{r.results[0].doc_id} {r.results[0].paragraph}"
                    if r.results
                    else "-",
                    "hit_rank": first_hit_rank(r.results, q.expect),
                    "abstained": abstained,
                    "why": _why(q, r.results, missed, wrong_abstain, indexed),
                }
            )
    return out


def failures_markdown(rows: Sequence[dict[str, Any]]) -> str:
    """The failure list as a Markdown table."""
    lines = [
        _row(["id", "question", "expected", "first result", "hit rank", "abstained", "why"]),
        _row(["---"] * 7),
    ]
    for f in rows:
        lines.append(
            _row(
                [
                    f["id"],
                    f["question"],
                    "; ".join(f["expected"]),
                    f["first"],
                    str(f["hit_rank"] or "-"),
                    str(f["abstained"]),
                    f["why"],
                ]
            )
        )
    return "\n".join(lines) + "\n"


def write_report(
    gold: Sequence[GoldQuestion],
    runs: Sequence[VariantRun],
    out: Path,
    indexed: Callable[[Ref], bool] | None = None,
) -> list[Path]:
    """Write report.md, results.json, failures.md and the PNG plots; returns the paths.

    Args:
        indexed: whether the index holds an expected paragraph (or one below it); lets the
            failure list blame the parser rather than ranking.
    """
    from eval.plots import write_plots  # matplotlib only when a report is asked for

    out.mkdir(parents=True, exist_ok=True)
    default = runs[0]
    fails = failures(gold, default, indexed=indexed)
    (out / "report.md").write_text(
        f"# Evaluation: {len(gold)} questions\n\n{markdown_table(runs)}\n"
        f"## Answers as a reader meets them (95 % intervals)\n\n{quality_table(gold, default)}\n"
        f"## Failures by cause\n\n{causes_markdown(gold, default)}\n"
        f"## Failures of {default.variant.name} (no hit in top 5, or wrong abstention)\n\n"
        f"{failures_markdown(fails)}",
        encoding="utf-8",
    )
    payload = {
        "variants": {r.variant.name: json_payload(r, gold) for r in runs},
        "failures": fails,
    }
    (out / "results.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")
    (out / "failures.md").write_text(failures_markdown(fails), encoding="utf-8")
    return [
        out / "report.md",
        out / "results.json",
        out / "failures.md",
        *write_plots(gold, runs, out),
    ]


def _why(
    q: GoldQuestion,
    results: Sequence[Ref],
    missed: bool,
    wrong_abstain: bool,
    indexed: Callable[[Ref], bool] | None,
) -> str:
    reasons = []
    if missed and indexed is not None and not any(indexed(e) for e in q.expect):
        reasons.append("expected paragraph not in the index (parser)")
    elif missed:
        rank = first_hit_rank(results, q.expect)
        reasons.append(f"ranked {rank}" if rank else f"not in top {len(results)}")
    if wrong_abstain:
        reasons.append("answered, should abstain" if q.unanswerable else "abstained wrongly")
    return "; ".join(reasons)


def _question_json(q: QuestionRun, latency_ms: float) -> dict[str, Any]:
    return {
        "id": q.id,
        "results": [{"doc_id": r.doc_id, "paragraph": r.paragraph} for r in q.results],
        "abstained": q.answer.abstained if q.answer is not None else None,
        "verdict": q.answer.verdict if q.answer is not None else None,
        "latency_ms": round(latency_ms, 3),
    }


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}" if value >= 2 else f"{value:.3f}"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
