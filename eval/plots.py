"""PNG plots for the report: Recall@k per method, latency, and recall per issuance."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from matplotlib.axes import Axes

# The Agg canvas directly, not pyplot: no display needed on CI and no global backend state.
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from eval.gold import GoldQuestion
from eval.metrics import CUTOFFS, mean, recall_at
from eval.runner import VariantRun


def write_plots(gold: Sequence[GoldQuestion], runs: Sequence[VariantRun], out: Path) -> list[Path]:
    """Write recall_at_k.png, latency.png and per_document.png into ``out``."""
    return [
        _recall_curves(runs, out / "recall_at_k.png"),
        _latency(runs, out / "latency.png"),
        _per_document(gold, runs, out / "per_document.png"),
    ]


def _recall_curves(runs: Sequence[VariantRun], path: Path) -> Path:
    fig, ax = _figure(6, 4)
    for run in runs:
        ax.plot(
            CUTOFFS,
            [run.metrics.get(f"recall@{k}", 0.0) for k in CUTOFFS],
            marker="o",
            label=run.variant.name,
        )
    ax.set(
        xlabel="k",
        ylabel="Recall@k",
        ylim=(0, 1.02),
        xticks=list(CUTOFFS),
        title="Recall@k per retrieval method",
    )
    ax.legend(fontsize="small")
    return _save(fig, path)


def _latency(runs: Sequence[VariantRun], path: Path) -> Path:
    fig, ax = _figure(6, 4)
    series = [[q.latency_ms for q in r.questions] for r in runs]
    labels = [r.variant.name for r in runs]
    answers = [q.answer_latency_ms for q in runs[0].questions if q.answer_latency_ms is not None]
    if answers:
        series.append(answers)
        labels.append(f"{runs[0].variant.name} answer")
    ax.boxplot(series)
    ax.set_xticks(range(1, len(labels) + 1), labels, rotation=30, ha="right", fontsize="small")
    ax.set(ylabel="latency (ms)", title="Latency per question")
    return _save(fig, path)


def _per_document(gold: Sequence[GoldQuestion], runs: Sequence[VariantRun], path: Path) -> Path:
    docs = sorted({q.expect[0].doc_id for q in gold if q.expect})
    fig, ax = _figure(max(6, len(docs) * 0.9) + 2, 4)
    width = 0.8 / max(len(runs), 1)
    for i, run in enumerate(runs):
        values = []
        for doc in docs:
            pairs = [
                (q, r)
                for q, r in zip(gold, run.questions, strict=True)
                if q.expect and q.expect[0].doc_id == doc
            ]
            values.append(mean(recall_at(r.results, q.expect, 5) for q, r in pairs))
        ax.bar([d + i * width for d in range(len(docs))], values, width, label=run.variant.name)
    ax.set_xticks(
        [d + 0.4 - width / 2 for d in range(len(docs))],
        docs,
        rotation=30,
        ha="right",
        fontsize="small",
    )
    ax.set(ylabel="Recall@5", ylim=(0, 1.02), title="Recall@5 per issuance")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))  # clear of bars
    return _save(fig, path)


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _save(fig: Figure, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path
