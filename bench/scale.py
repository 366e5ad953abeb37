"""Scale benchmark: a synthetic library of 10k / 100k / 300k paragraphs from the real samples.

What is measured, exactly (see bench/synth.py and bench/README.md):
- text: every paragraph is generated (recombined, varied sentences of the parsed samples) and
  fully indexed: BM25 over all of it, paragraphs.jsonl, documents; nothing is a verbatim copy;
- vectors: the first `--seeds` + `--calibration` paragraphs are embedded for real by the
  pipeline's Embedder (cached in data/bench/scale-cache); every other vector is derived
  from its seed's real vector (synth.derive_vectors), so the build time excludes embedding,
  which is reported separately as an extrapolation at the measured rate;
- build: `index.assemble.write_index` (FAISS of the type Settings picks by size, BM25, files);
- queries: gold questions + sentence fragments, through `Searcher.search` (query embedding,
  FAISS, BM25, fusion), warm, one at a time; recall@10 of the written FAISS index vs exact.
Each size is built in one subprocess and served in another, so each RSS is its own.

    python bench/scale.py [--sizes 10000,100000,300000] [--seeds 3000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    # `python bench/scale.py` puts bench/ first on sys.path: use the repository root instead.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench import corpus, synth
from bench.timing import Report, Target, add_common_args, emit, machine, run_child

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "data" / "bench" / "scale-cache"


def plan(args: argparse.Namespace) -> dict[str, object]:
    """Sentence pools from the parsed samples and the query texts, shared by every child."""
    from ingest.parse import parse_file

    paragraphs = [
        p for pdf in corpus.sample_pdfs(args.limit_pdfs) for p in parse_file(pdf).paragraphs
    ]
    pools = synth.pools_from(paragraphs)
    rng = random.Random(11)
    queries = [q.question for q in corpus.gold()][: args.queries]
    while len(queries) < args.queries:  # fragments of real sentences, as a searcher types them
        words = rng.choice(pools.sentences).split()
        start = rng.randrange(max(1, len(words) - 6))
        queries.append(" ".join(words[start : start + rng.randint(4, 10)]))
    return {
        "sentences": pools.sentences,
        "acronyms": pools.acronyms,
        "queries": queries,
        "seeds": args.seeds,
        "calibration": args.calibration,
        "ann_table": not args.no_ann_table,
        "source_paragraphs": len(paragraphs),
        "cache": str(args.cache),
    }


def child(step: str, work: Path, n: int, store: str = "embedded") -> dict:
    """Run one scale_child step and return the facts it printed as JSON.

    Raises:
        RuntimeError: the child failed; its stderr tail says why.
    """
    run = run_child(
        [sys.executable, "-m", "bench.scale_child", step, str(work), str(n)],
        env={
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "POLICYKB_BENCH_STORE": store,
        },
        timeout_s=3600,
        cwd=REPO,
    )
    if run.returncode != 0:
        raise RuntimeError(f"scale {step} {n}: exit {run.returncode}: {run.stderr[-3000:]}")
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def report_size(report: Report, n: int, built: dict, served: dict, store: str) -> None:
    """Rows for one corpus size on one store."""
    tag = (f"{n // 1000}k" if n >= 1000 else str(n)) + (" milvus" if store == "milvus" else "")
    note = (
        f"{built['real_embedded']} embedded for real at {built['embed_per_s']:.0f}/s "
        f"(load {built['embed_load']:.1f})"
    )
    report.add(f"{tag}: build (write_index)", built["build_s"], "s", note=note)
    report.add(f"{tag}: embed all (extrapolated)", n / built["embed_per_s"], "s", note="not run")
    report.add(f"{tag}: index on disk", built["disk_mb"], "MB")
    index_kind = "milvus FLAT" if store == "milvus" else built["faiss_index"]
    calibrated = built.get("calibration")
    report.add(
        f"{tag}: recall@10 {index_kind} vs exact",
        built["recall_at_10"],
        "",
        Target(0.98, higher=True),
        note=""
        if not calibrated
        else (
            f"calibrated at build: width {calibrated['width']}, "
            f"recall@10 {calibrated['recall_at_10']:.3f} on {calibrated['queries']} noisy rows"
        ),
    )
    budget = 15.0 if n <= 100_000 else 50.0
    for mode in ("hybrid", "dense", "bm25"):
        lat = served[mode]
        target = Target(budget) if mode == "hybrid" else None
        report.add(f"{tag}: {mode} p50", lat["p50"], "ms")
        report.add(f"{tag}: {mode} p95", lat["p95"], "ms", target)
    memo = served["hybrid_memo"]
    note = "query vector memoised: FAISS + BM25 + fusion"
    report.add(f"{tag}: hybrid p95, embedding memoised", memo["p95"], "ms", note=note)
    report.add(f"{tag}: serve peak RSS", served["serve_peak_rss_mb"], "MB", Target(4096))
    report.add(f"{tag}: build peak RSS", built["build_peak_rss_mb"], "MB", Target(8192))
    for r in built.get("ann", []):
        report.add(
            f"{tag}: faiss {r['name']} p95", r["p95_ms"], "ms", note=f"recall@10 {r['recall']:.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    """Build and serve each size, then print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,300000", help="comma-separated counts")
    parser.add_argument("--seeds", type=int, default=3000, help="distinct seed paragraphs")
    parser.add_argument("--calibration", type=int, default=600, help="variants embedded for real")
    parser.add_argument("--queries", type=int, default=200, help="query texts")
    parser.add_argument("--limit-pdfs", type=int, help="source only the N smallest sample PDFs")
    parser.add_argument("--no-ann-table", action="store_true", help="skip flat-vs-HNSW table")
    parser.add_argument(
        "--stores", default="embedded", help="comma-separated: embedded, milvus (Milvus Lite)"
    )
    parser.add_argument("--work", type=Path, help="keep indexes here (default: temporary)")
    parser.add_argument(
        "--cache", type=Path, default=CACHE, help="real embeddings cache (default: %(default)s)"
    )
    add_common_args(parser)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if min(sizes) < args.seeds + args.calibration:
        parser.error("every size must be at least --seeds + --calibration")
    work = args.work or Path(tempfile.mkdtemp(prefix="policykb-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    the_plan = plan(args)
    (work / "plan.json").write_text(json.dumps(the_plan))
    report = Report("scale", meta={**machine(), "sizes": sizes, "seeds": args.seeds,
                                   "calibration": args.calibration, "queries": args.queries,
                                   "source_paragraphs": the_plan["source_paragraphs"]})  # fmt: skip
    failed = False
    try:
        for n in sizes:
            for store in args.stores.split(","):
                try:
                    built = child("build", work, n, store)
                    report_size(report, n, built, child("serve", work, n, store), store)
                except RuntimeError as exc:  # one store or size failing keeps the others' rows
                    report.add(f"{n}: {store} failed", 1, "", note=str(exc)[-400:])
                    failed = True
                args.out.mkdir(parents=True, exist_ok=True)  # rows so far, should a later die
                (args.out / "scale.partial.json").write_text(json.dumps(report.to_json()))
                if args.work is None:  # disk: a 1M index is GBs, and the next store reuses the name
                    shutil.rmtree(work / f"index-{n}", ignore_errors=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    emit(report, args)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
