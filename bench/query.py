"""Query benchmark: warm retrieval, answer composition, warm ask, cold starts, peak RSS.

Over the index of the real sample PDFs (built or refreshed first), with the gold questions
(eval/gold/samples.jsonl) as queries, each asked `--repeats` times, one at a time:
- warm retrieval: `Searcher.search` per mode; "embed" is the query embedding alone (the floor),
  dense = embed + FAISS, bm25 = BM25 alone, hybrid = embed + FAISS + BM25 + fusion;
- `qa.retrieve.retrieve` (what an answer searches), `qa.answer.answer`, and warm ask end to
  end (answer + `qa.render.to_text`); composition = answer - retrieve, per question;
- cold starts, each a fresh subprocess: `policykb ask`, `policykb cite`, `policykb toc` (and
  whether cite/toc import torch, from `python -X importtime`), and the Streamlit app (health
  endpoint, then first page script run in chromium).

    python bench/query.py [--index DIR] [--repeats 3] [--cold all|cli|light|none] [--json]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if __package__ in (None, ""):
    # `python bench/query.py` puts bench/ first on sys.path: use the repository root instead.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench import coldstart, corpus
from bench.timing import (
    Report,
    Target,
    add_common_args,
    emit,
    machine,
    peak_rss_mb,
    percentiles,
    timed,
)

if TYPE_CHECKING:
    from index.search import Hit, Mode, Searcher


def add_latency(report: Report, name: str, times: list[float], target: float | None = None) -> None:
    """p50 and p95 rows of one latency sample; the target applies to p95."""
    lat = percentiles(times)
    report.add(f"{name} p50", lat["p50"], "ms")
    report.add(f"{name} p95", lat["p95"], "ms", Target(target) if target else None)


def bench_retrieval(report: Report, searcher: Searcher, questions: list[str]) -> None:
    """Warm Searcher.search in each mode (on the settings' query engine, ONNX Runtime by
    default), plus the query embedding alone: ONNX Runtime, numpy and torch side by side."""
    from index import query_encoder
    from index.embed import Embedder

    embedder = Embedder(searcher.settings)
    embedder.encode_query("warm up")
    embedder._torch_query("warm up")  # private: the torch path, measured beside its successors
    numpy_engine = query_encoder.load(searcher.settings.model)
    onnx_engine = query_encoder.load(searcher.settings.model)
    if numpy_engine is not None and onnx_engine is not None:
        onnx_engine.use_onnx()
        for name, encoder in (("onnx (index.query_onnx)", onnx_engine),
                              ("numpy (index.query_encoder)", numpy_engine)):  # fmt: skip
            encoder.encode("warm up")
            times = [timed(partial(encoder.encode, q))[0] for q in questions]
            add_latency(report, f"embed query, {name}", times)
    times = [timed(partial(embedder._torch_query, q))[0] for q in questions]
    add_latency(report, "embed query, torch 1 thread (before)", times)
    modes: tuple[tuple[Mode, float | None], ...] = (("dense", None), ("bm25", None), ("hybrid", 25))
    for mode, target in modes:
        times = [timed(partial(searcher.search, q, k=10, mode=mode))[0] for q in questions]
        add_latency(report, f"search {mode}", times, target)


class TimedSearcher:
    """Delegates to a Searcher and adds up the time spent inside `search`.

    An answer's composition time is then its total minus this, per question, rather than the
    difference of two separately measured (and separately noisy) samples.
    """

    def __init__(self, inner: Searcher) -> None:
        self.inner = inner
        self.library = inner.library
        self.ms = 0.0

    def search(
        self, query: str, k: int = 10, doc_ids: Sequence[str] | None = None, mode: str = "hybrid"
    ) -> list[Hit]:
        """`Searcher.search`, timed."""
        ids = list(doc_ids) if doc_ids is not None else None
        ms, hits = timed(lambda: self.inner.search(query, k=k, doc_ids=ids, mode=mode))  # type: ignore[arg-type]
        self.ms += ms
        return hits


def bench_answer(report: Report, searcher: Searcher, questions: list[str]) -> None:
    """qa.answer split into its searches and its composition, then render: warm ask."""
    from qa.answer import answer
    from qa.render import to_text

    proxy = TimedSearcher(searcher)
    searches, composes, answers, asks = [], [], [], []
    for q in questions:
        proxy.ms = 0.0
        answer_ms, result = timed(partial(answer, q, proxy))
        render_ms, _ = timed(partial(to_text, result))
        searches.append(proxy.ms)
        composes.append(answer_ms - proxy.ms)
        answers.append(answer_ms)
        asks.append(answer_ms + render_ms)
    add_latency(report, "answer: its searches", searches)
    add_latency(report, "answer: composition", composes)
    add_latency(report, "qa.answer", answers)
    add_latency(report, "warm ask (answer + to_text)", asks, 60.0)


def bench_cold(report: Report, searcher: Searcher, index_dir: Path, level: str) -> None:
    """Cold subprocess starts: cite/toc always (unless none), ask for cli/all, app for all."""
    if level == "none":
        return
    doc = sorted(searcher.library.documents)[0]
    para = next(p.path for p in searcher.library.paragraphs if p.doc_id == doc and p.text)
    for args in (["cite", doc, para], ["toc", doc]):
        run = min((coldstart.cli(args, index_dir) for _ in range(3)), key=lambda r: r.wall_s)
        heavy = coldstart.heavy_imports(args, index_dir)
        note = f"best of 3; rss {run.peak_rss_mb:.0f} MB; imports {', '.join(heavy) or 'no torch'}"
        report.add(f"cold policykb {args[0]}", run.wall_s, "s", Target(1.0), note=note)
    if level in ("cli", "all"):
        question = "Who approves the demilitarization program?"
        run = min(
            (coldstart.cli(["ask", question], index_dir) for _ in range(2)), key=lambda r: r.wall_s
        )
        heavy = coldstart.heavy_imports(["ask", question], index_dir)
        note = f"best of 2; rss {run.peak_rss_mb:.0f} MB; imports {', '.join(heavy) or 'no torch'}"
        report.add("cold policykb ask", run.wall_s, "s", Target(1.5), note=note)
    if level == "all":
        healthy, first_run, rss = coldstart.app(index_dir)
        report.add("cold app: health endpoint", healthy, "s")
        report.add(
            "cold app: first script run",
            first_run,
            "s",
            Target(8.0),
            note=f"server rss {rss:.0f} MB",
        )


def main(argv: list[str] | None = None) -> int:
    """Run the query benchmark and print its table (or JSON)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--index", type=Path, default=corpus.SAMPLE_INDEX, help="sample index dir")
    parser.add_argument("--limit-pdfs", type=int, help="index only the N smallest sample PDFs")
    parser.add_argument("--repeats", type=int, default=3, help="passes over the questions")
    parser.add_argument("--questions", type=int, help="only the first N gold questions")
    parser.add_argument("--cold", choices=("all", "cli", "light", "none"), default="all",
                        help="cold starts: all, cli (no app), light (cite/toc), none")  # fmt: skip
    add_common_args(parser)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from index.search import Searcher
    from index.settings import Settings

    corpus.ensure_index(args.index, corpus.sample_pdfs(args.limit_pdfs))
    open_ms, searcher = timed(
        lambda: Searcher.open(args.index, Settings.from_env(index_dir=args.index))
    )
    first_ms, _ = timed(lambda: searcher.search("first query loads the model"))
    questions = [q.question for q in corpus.gold()][: args.questions] * args.repeats
    report = Report(
        "query",
        meta={**machine(), "questions": len(questions), "rows": len(searcher.library.paragraphs)},
    )
    report.add("Searcher.open", open_ms, "ms")
    report.add("first search (loads model)", first_ms, "ms")
    bench_retrieval(report, searcher, questions)
    bench_answer(report, searcher, questions)
    report.add("peak RSS (warm process)", peak_rss_mb(), "MB")
    bench_cold(report, searcher, args.index, args.cold)
    emit(report, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
