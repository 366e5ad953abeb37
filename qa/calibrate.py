"""Calibrate abstention on the dev split of a gold set, in the library setting, reproducibly.

Usage:
    python -m qa.calibrate --gold eval/gold/library.jsonl --index DIR --split dev --write

For every gold question it retrieves and scores candidates once, then sweeps the overlap
weight, the threshold and the extra margin asked of an answer when an official source the
library lacks governs the question's topic (qa.absent): a question counts as right when an
answerable one is answered and an unanswerable one ("unanswerable": true) abstains, and the
choice maximises the abstention F1 (unanswerable as the positive class), then the count right.
It prints each question's best confidence, the sweep and the choice; `--write` stores the
choice with its provenance in qa/abstention.json, which qa.abstain reads. Questions the
glossary answers ("what is X?") never abstain and are reported as such.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qa import abstain, rank
from qa.absent import absent_for
from qa.candidates import NOT_ANSWERS, score
from qa.context import context_for
from qa.ports import SearcherLike
from qa.retrieve import retrieve

if TYPE_CHECKING:
    from eval.gold import GoldQuestion

WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)


@dataclass(frozen=True)
class GoldScore:
    """One gold question's candidates as (cosine, overlap) pairs.

    Attributes:
        absent: an official source the library lacks governs its topic (qa.absent).
    """

    qid: str
    unanswerable: bool
    pairs: tuple[tuple[float, float], ...]
    glossary: bool  # answered from the glossary: never abstains
    absent: bool = False

    def confidence(self, weight: float, margin: float = 0.0) -> float:
        """Best confidence over the candidates at this overlap weight, less the absent margin."""
        if self.glossary:
            return float("inf")
        best = max((abstain.confidence(c, o, weight) for c, o in self.pairs), default=0.0)
        return best - (margin if self.absent else 0.0)


def gold_scores(gold: Sequence[GoldQuestion], searcher: SearcherLike, k: int) -> list[GoldScore]:
    """Retrieve and score every gold question once."""
    ctx = context_for(searcher.library)
    out = []
    for g in gold:
        question = g.question
        query = ctx.glossary.expand_query(question)
        qterms = abstain.terms(question)
        scored = score(
            question, searcher.library, retrieve(query, searcher, k), qterms, ctx.glossary
        )
        # the candidates composition weighs for abstention, so the threshold means the same there
        pairs = tuple((s.cosine, s.overlap) for s in scored if s.paragraph.kind not in NOT_ANSWERS)
        is_glossary = bool(ctx.glossary.definitions_for(question))
        found = absent_for(question, ctx.known)
        absent = found is not None and found.issuance.official
        out.append(GoldScore(g.id, g.unanswerable, pairs, is_glossary, absent))
    return out


@dataclass(frozen=True)
class Choice:
    """One setting of the sweep and how it scored."""

    weight: float
    margin: float
    threshold: float
    f1: float
    correct: int


def sweep(scores: Sequence[GoldScore], weight: float, margin: float = 0.0) -> Choice:
    """The best threshold at one weight and margin.

    Candidate thresholds are midpoints between consecutive observed confidences; the best has
    the highest abstention F1, then the most questions right, then lies in the widest gap, so
    it sits furthest from the questions around it.
    """
    values = sorted({s.confidence(weight, margin) for s in scores if not s.glossary})
    gaps = [((a + b) / 2, b - a) for a, b in itertools.pairwise(values)]
    table = [
        (_f1(scores, weight, margin, t), _correct(scores, weight, margin, t), gap, t)
        for t, gap in gaps or [(values[0], 0.0)]
    ]
    f1, correct, _, threshold = max(table)
    return Choice(weight, margin, threshold, f1, correct)


def _abstains(s: GoldScore, weight: float, margin: float, threshold: float) -> bool:
    return s.confidence(weight, margin) < threshold


def _correct(scores: Sequence[GoldScore], weight: float, margin: float, threshold: float) -> int:
    return sum(_abstains(s, weight, margin, threshold) == s.unanswerable for s in scores)


def _f1(scores: Sequence[GoldScore], weight: float, margin: float, threshold: float) -> float:
    tp = sum(_abstains(s, weight, margin, threshold) and s.unanswerable for s in scores)
    fp = sum(_abstains(s, weight, margin, threshold) and not s.unanswerable for s in scores)
    fn = sum(not _abstains(s, weight, margin, threshold) and s.unanswerable for s in scores)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the calibration, print the per-question table, the sweep and the choice."""
    parser = argparse.ArgumentParser(
        prog="python -m qa.calibrate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--gold", type=Path, required=True, help="gold JSONL (eval/gold/*.jsonl)")
    parser.add_argument("--index", type=Path, required=True, help="index of the whole library")
    parser.add_argument("--split", default="dev", help="dev (default), test or all")
    parser.add_argument(
        "-k", type=int, default=rank.CANDIDATES, help="hits per question (as answers use)"
    )
    parser.add_argument("--write", action="store_true", help=f"store the choice in {abstain.PATH}")
    args = parser.parse_args(argv)
    from eval.gold import load_gold
    from index.search import Searcher  # heavy (torch); only when actually calibrating
    from index.settings import Settings

    searcher = Searcher.open(args.index, Settings.from_env(index_dir=args.index))
    gold = [q for q in load_gold(args.gold) if q.labelled]
    gold = [q for q in gold if args.split == "all" or q.split == args.split]
    scores = gold_scores(gold, searcher, args.k)
    choices = [sweep(scores, w, m) for w in WEIGHTS for m in MARGINS]
    best = max(choices, key=lambda c: (c.f1, c.correct, c.weight == abstain.OVERLAP_WEIGHT))
    _print_table(scores, best)
    for c in choices:
        print(f"weight {c.weight:<4} margin {c.margin:<4} threshold {c.threshold:.3f}  "
              f"F1 {c.f1:.3f}  correct {c.correct}/{len(scores)}")  # fmt: skip
    print(f"chosen: overlap weight {best.weight}, threshold {best.threshold:.3f}, absent margin "
          f"{best.margin} (F1 {best.f1:.3f}, {best.correct}/{len(scores)} right)")  # fmt: skip
    if args.write:
        provenance = {
            "command": "python -m qa.calibrate " + " ".join(sys.argv[1:] if argv is None else argv),
            "gold": str(args.gold), "split": args.split, "questions": len(scores),
            "unanswerable": sum(s.unanswerable for s in scores), "f1": round(best.f1, 4),
            "correct": best.correct, "calibrated": time.strftime("%Y-%m-%d"),
        }  # fmt: skip
        data = {"overlap_weight": best.weight, "threshold": round(best.threshold, 4),
                "absent_margin": best.margin, "provenance": provenance}  # fmt: skip
        abstain.PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {abstain.PATH}")
    return 0


def _print_table(scores: Sequence[GoldScore], c: Choice) -> None:
    print(f"{'id':<14} {'gold':<12} {'confidence':>10}  result")
    for s in sorted(scores, key=lambda s: s.confidence(c.weight, c.margin)):
        conf = s.confidence(c.weight, c.margin)
        gold = "unanswerable" if s.unanswerable else "answerable"
        shown = "glossary" if s.glossary else f"{conf:.3f}"
        ok = _abstains(s, c.weight, c.margin, c.threshold) == s.unanswerable
        print(f"{s.qid:<14} {gold:<12} {shown:>10}  {'ok' if ok else 'WRONG'}")


if __name__ == "__main__":
    sys.exit(main())
