"""`policykb eval`: score a gold set against an index, side by side with baselines.

Examples:
    policykb eval --gold eval/gold/samples.jsonl --index data/index --report data/reports/s
    policykb eval --gold eval/gold/samples.jsonl --json
    policykb eval --gold eval/gold/library.jsonl --index data/library --split dev
    policykb eval import-feedback data/feedback.jsonl --out eval/gold/candidates.jsonl
    policykb eval review-sheet --gold eval/gold/mission.jsonl --out data/reports/mission
    policykb eval beir-export --gold eval/gold/samples.jsonl --out data/beir/samples
    policykb eval gold-stats --gold eval/gold/library.jsonl --index data/library
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eval.feedback import FeedbackError
from eval.gold import GoldError


def configure(parser: argparse.ArgumentParser) -> None:
    """Flags for the scoring run and the three helper subcommands."""
    parser.description = __doc__
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    _gold_flags(parser, required=False)
    parser.add_argument(
        "--json",
        action="store_true",
        help="print metrics, latency and raw rankings of the default as JSON",
    )
    parser.add_argument("--report", type=Path, help="write report.md, results.json and plots here")
    parser.add_argument("--variants", help="comma-separated variant names (default: all)")
    parser.add_argument("--no-answers", action="store_true", help="score retrieval only")
    parser.add_argument(
        "--split",
        choices=("dev", "test", "all"),
        default="all",
        help="score only this split of the gold set (fixed by question id; tune on dev)",
    )
    parser.add_argument(
        "--setting",
        choices=("library", "single"),
        default="library",
        help="library: one index of every issuance (where users are; default); single: each "
        "question asked within its own issuance only",
    )
    sub = parser.add_subparsers(
        dest="action", metavar="{import-feedback,review-sheet,beir-export,gold-stats}"
    )
    feedback = sub.add_parser(
        "import-feedback",
        help="app thumbs up/down -> gold candidates",
        description="example: policykb eval import-feedback fb.jsonl "
        "--out eval/gold/candidates.jsonl",
    )
    feedback.add_argument("feedback", type=Path, help="JSONL the app wrote")
    feedback.add_argument("--out", type=Path, help="candidates JSONL (default: stdout)")
    review = sub.add_parser(
        "review-sheet",
        help="unlabelled questions + answers -> CSV/Markdown",
        description="example: policykb eval review-sheet --gold "
        "eval/gold/mission.jsonl --out data/reports/mission",
    )
    _gold_flags(review, required=True, sub=True)
    review.add_argument("--out", type=Path, required=True, help="directory for review.csv/.md")
    beir = sub.add_parser(
        "beir-export",
        help="gold set + index -> BEIR corpus/queries/qrels",
        description="example: policykb eval beir-export --gold "
        "eval/gold/samples.jsonl --out data/beir/samples",
    )
    _gold_flags(beir, required=True, sub=True)
    beir.add_argument("--out", type=Path, required=True, help="directory for the BEIR files")
    stats = sub.add_parser(
        "gold-stats",
        help="check a gold set's labels against an index; counts and word overlap",
        description="example: policykb eval gold-stats --gold eval/gold/library.jsonl "
        "--index data/library",
    )
    _gold_flags(stats, required=True, sub=True)
    stats.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print the statistics as JSON",
    )
    stats.add_argument(
        "--allow-unbound",
        action="store_true",
        help="exit 0 even when labels do not bind (paths missing, quotes not verbatim)",
    )


def run(args: argparse.Namespace) -> int:
    """Dispatch; user errors become one line on stderr and exit status 2."""
    from eval.commands import (
        UsageError,
        beir_export,
        gold_stats,
        import_feedback,
        review_sheet,
        score,
    )
    from index.errors import IndexLoadError

    commands = {
        "import-feedback": import_feedback,
        "review-sheet": review_sheet,
        "beir-export": beir_export,
        "gold-stats": gold_stats,
    }
    try:
        if args.action in commands:
            return commands[args.action](args)
        if args.gold is None:
            print(
                "policykb eval: --gold FILE is required (e.g. eval/gold/samples.jsonl)",
                file=sys.stderr,
            )
            return 2
        return score(args)
    except (GoldError, FeedbackError, UsageError, IndexLoadError, FileNotFoundError) as exc:
        print(f"policykb eval: {exc}", file=sys.stderr)
        return 2


def _gold_flags(parser: argparse.ArgumentParser, required: bool, sub: bool = False) -> None:
    """--gold and --index; a subcommand's --index must not reset one given before it."""
    parser.add_argument("--gold", type=Path, required=required, help="gold set JSONL")
    parser.add_argument(
        "--index",
        type=Path,
        default=argparse.SUPPRESS if sub else None,
        help="index directory (default: $POLICYKB_INDEX or data/index)",
    )
