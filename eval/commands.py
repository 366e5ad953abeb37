"""What each `policykb eval` command does, behind the argument parsing in cli/eval.py."""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from pathlib import Path
from typing import Any

from eval.gold import GoldQuestion, Ref, load_gold
from eval.runner import Variant
from ingest.citation import is_within


class UsageError(ValueError):
    """A command-line value that cannot work; the message says what to use instead."""


def score(args: argparse.Namespace) -> int:
    """Run the variants, print the table (or --json), write the report when asked."""
    from eval.bind import default_variants, evaluate
    from eval.report import json_payload, markdown_table, quality_table, write_report

    gold, index_dir, library = _aligned_gold(args.gold, args.index)
    gold = [q for q in gold if args.split == "all" or q.split == args.split]
    single = args.setting == "single"
    if single:  # only answerable questions have an issuance of their own to be asked within
        gold = [q for q in gold if q.expect]
    if not gold:
        raise UsageError(f"no questions in the {args.split} split of {args.gold}")
    variants = _pick(default_variants(), args.variants)
    if args.json and args.report is None and args.variants is None:
        variants = variants[:1]  # the payload holds the default only; skip the baselines
    runs = evaluate(gold, index_dir, variants, answers=not args.no_answers, single=single)
    out = sys.stderr if args.json else sys.stdout
    if args.json:
        print(json.dumps(json_payload(runs[0], gold), indent=2, ensure_ascii=False))
    else:
        print(markdown_table(runs), end="")
        if not args.no_answers:
            print(f"\nAnswers as a reader meets them ({args.setting} setting; 95 % intervals):\n")
            print(quality_table(gold, runs[0]), end="")
    if args.report is not None:
        for path in write_report(gold, runs, args.report, partial(holds, library)):
            print(f"wrote {path}", file=out)
    return 0


def import_feedback(args: argparse.Namespace) -> int:
    """Feedback JSONL -> gold-candidate JSONL (stdout or --out)."""
    from eval.feedback import FIRST_ONLY, candidates_from_feedback, first_only

    candidates = candidates_from_feedback(args.feedback)
    guessed = first_only(candidates)
    if guessed:
        print(f"{guessed} thumbs-up expect only {FIRST_ONLY}", file=sys.stderr)
    lines = [json.dumps(c, ensure_ascii=False) for c in candidates]
    text = "".join(line + "\n" for line in lines)
    if args.out is None:
        print(text, end="")
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {len(lines)} candidates to {args.out}", file=sys.stderr)
    return 0


def review_sheet(args: argparse.Namespace) -> int:
    """Answer the unlabelled questions and write review.csv and review.md for a person."""
    from eval.bind import make_ask_answers
    from eval.feedback import SheetRow, sheet_csv, sheet_markdown

    gold = [q for q in load_gold(args.gold) if not q.labelled]
    rows = [
        SheetRow(q.id, q.question, verdict, text, citations)
        for q, (verdict, text, citations) in zip(
            gold, make_ask_answers(_index_dir(args.index), [q.question for q in gold]), strict=True
        )
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "review.csv").write_text(sheet_csv(rows), encoding="utf-8")
    (args.out / "review.md").write_text(sheet_markdown(rows), encoding="utf-8")
    print(f"wrote {args.out / 'review.csv'} and review.md ({len(rows)} questions)")
    return 0


def beir_export(args: argparse.Namespace) -> int:
    """Gold set + the index's paragraphs -> BEIR corpus.jsonl, queries.jsonl, qrels/test.tsv."""
    from eval.beir import write_beir

    gold, _, library = _aligned_gold(args.gold, args.index)
    count = write_beir(gold, library.paragraphs, args.out)
    print(f"wrote BEIR files to {args.out} ({count} qrels)")
    return 0


def gold_stats(args: argparse.Namespace) -> int:
    """Counts, overlap and label bindings of a gold set; exit 1 when labels do not bind."""
    from eval.gold_stats import check_gold, render_text, stats_json
    from index.library import Library

    questions = load_gold(args.gold)  # a bad gold file is reported before the index is touched
    stats = check_gold(questions, Library.load(_index_dir(args.index)))
    if args.json:
        print(json.dumps(stats_json(stats), indent=2, ensure_ascii=False))
    else:
        print(render_text(stats), end="")
    if stats.problems and not args.allow_unbound:
        print(
            f"policykb eval gold-stats: {len(stats.problems)} question(s) have labels that do "
            "not bind (listed above); fix their paths or quotes, or pass --allow-unbound",
            file=sys.stderr,
        )
        return 1
    return 0


def _aligned_gold(path: Path, index: Path | None) -> tuple[list[GoldQuestion], Path, Any]:
    """Load the gold set and the index's library; align doc ids, warning about missing ones."""
    from eval.bind import align_doc_ids
    from index.library import Library

    questions = load_gold(path)  # a bad gold file is reported before the index is touched
    index_dir = _index_dir(index)
    library = Library.load(index_dir)
    gold, warnings = align_doc_ids(questions, list(library.documents))
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return gold, index_dir, library


def holds(library: Any, ref: Ref) -> bool:
    """Whether the library has the paragraph ``ref`` names or one below it."""
    return any(
        p.doc_id == ref.doc_id and is_within(p.path, ref.paragraph) for p in library.paragraphs
    )


def _index_dir(index: Path | None) -> Path:
    from index.settings import Settings

    return index if index is not None else Settings.from_env().index_dir


def _pick(variants: tuple[Variant, ...], names: str | None) -> list[Variant]:
    """Variants by name, in the order given; unknown names are an error naming the choices."""
    if names is None:
        return list(variants)
    by_name = {v.name: v for v in variants}
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in by_name]
    if unknown:
        raise UsageError(f"unknown variant(s) {unknown}; choose from {list(by_name)}")
    return [by_name[n] for n in wanted]
