"""Answer composition after retrieval: p50/p95 per question (target: p95 < 50 ms).

Usage:
    python bench/answer.py --index DIR [--gold eval/gold/samples.jsonl] [--repeat 5] [--json]

Each gold question is retrieved once (warm model); then `qa.answer.compose_answer` (glossary
lookup, scoring, verdict, conditions, support, cross-references, verification) is timed
`--repeat` times on that retrieval. Retrieval itself is timed too, as context, because it is
the index's budget, not this stage's. Results are printed and saved under data/bench/.
"""

from __future__ import annotations

import argparse
import os
import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpus
from bench.timing import Report, Target, add_common_args, emit, machine, percentiles, timed
from qa.answer import DEFAULT_K, compose_answer
from qa.context import context_for
from qa.retrieve import retrieve

TARGET_P95_MS = 50.0


def main(argv: list[str] | None = None) -> int:
    """Time composition over every gold question and print the table (or JSON)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--index", type=Path, default=Path(os.environ.get("POLICYKB_INDEX", "data/index"))
    )
    parser.add_argument("--gold", type=Path, default=Path("eval/gold/samples.jsonl"))
    parser.add_argument("--repeat", type=int, default=5, help="timed compositions per question")
    parser.add_argument("-k", type=int, default=DEFAULT_K, help="hits composed from")
    add_common_args(parser)
    args = parser.parse_args(argv)
    from index.search import Searcher  # torch: only when actually benchmarking
    from index.settings import Settings

    report = Report("answer", meta=machine())
    searcher = Searcher.open(args.index, Settings.from_env(index_dir=args.index))
    questions = [q.question for q in corpus.gold(args.gold)]
    glossary = context_for(searcher.library).glossary  # built once, as in a running app
    searcher.search("warm up the model", k=1)
    compose_ms: list[float] = []
    retrieve_ms: list[float] = []
    for q in questions:
        query = glossary.expand_query(q)
        ms, retrieval = timed(partial(retrieve, query, searcher, args.k))
        retrieve_ms.append(ms)
        for _ in range(args.repeat):
            ms, _answer = timed(partial(compose_answer, q, retrieval, searcher.library))
            compose_ms.append(ms)
    comp, ret = percentiles(compose_ms), percentiles(retrieve_ms)
    note = f"{len(questions)} questions x {args.repeat}, k={args.k}"
    report.add("compose p50", comp["p50"], "ms", note=note)
    report.add("compose p95", comp["p95"], "ms", Target(TARGET_P95_MS), note=note)
    report.add("compose max", comp["max"], "ms")
    report.add("retrieval p50 (context)", ret["p50"], "ms", note="hybrid + dense search")
    report.add("retrieval p95 (context)", ret["p95"], "ms")
    report.meta.update({"index": str(args.index), "paragraphs": len(searcher.library.paragraphs)})
    emit(report, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
