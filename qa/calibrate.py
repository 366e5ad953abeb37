"""Calibrate the abstention threshold on gold questions, reproducibly.

Usage:
    python -m qa.calibrate --gold eval/gold/samples.jsonl --index DIR [--json]

For every gold question it retrieves and scores candidates once, then sweeps the overlap
weight and the threshold: a question counts as right when an answerable one is answered and
an unanswerable one ("unanswerable": true) abstains. It prints each question's best
(cosine, overlap), the sweep table and the chosen values; paste those into qa/abstain.py.
Questions the glossary answers ("what is X?") never abstain and are reported as such.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qa import abstain
from qa.candidates import NOT_ANSWERS, score
from qa.context import context_for
from qa.ports import SearcherLike
from qa.retrieve import retrieve

WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class GoldScore:
    """One gold question's candidates as (cosine, overlap) pairs."""

    qid: str
    unanswerable: bool
    pairs: tuple[tuple[float, float], ...]
    glossary: bool  # answered from the glossary: never abstains

    def confidence(self, weight: float) -> float:
        """Best confidence over the candidates at this overlap weight."""
        if self.glossary:
            return float("inf")
        return max((abstain.confidence(c, o, weight) for c, o in self.pairs), default=0.0)


def gold_scores(
    gold: Sequence[dict[str, object]], searcher: SearcherLike, k: int
) -> list[GoldScore]:
    """Retrieve and score every gold question once."""
    ctx = context_for(searcher.library)
    out = []
    for g in gold:
        question = str(g["question"])
        query = ctx.glossary.expand_query(question)
        qterms = abstain.terms(question)
        scored = score(
            question, searcher.library, retrieve(query, searcher, k), qterms, ctx.glossary
        )
        # the candidates composition weighs for abstention, so the threshold means the same there
        pairs = tuple((s.cosine, s.overlap) for s in scored if s.paragraph.kind not in NOT_ANSWERS)
        is_glossary = bool(ctx.glossary.definitions_for(question))
        out.append(GoldScore(str(g["id"]), bool(g.get("unanswerable")), pairs, is_glossary))
    return out


def sweep(scores: Sequence[GoldScore], weight: float) -> tuple[float, int, list[tuple[float, int]]]:
    """(best threshold, correct count, [(threshold, correct)]) at one weight.

    Candidate thresholds are midpoints between consecutive observed confidences; among the
    best, the one in the widest gap wins, so it sits furthest from the questions around it.
    """
    values = sorted({s.confidence(weight) for s in scores if not s.glossary})
    gaps = [((a + b) / 2, b - a) for a, b in itertools.pairwise(values)]
    table = [(t, _correct(scores, weight, t), gap) for t, gap in gaps or [(values[0], 0.0)]]
    best_t, best_n, _ = max(table, key=lambda x: (x[1], x[2]))
    return best_t, best_n, [(t, n) for t, n, _ in table]


def _correct(scores: Sequence[GoldScore], weight: float, threshold: float) -> int:
    return sum((s.confidence(weight) < threshold) == s.unanswerable for s in scores)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the calibration and print the per-question table, the sweep and the choice."""
    parser = argparse.ArgumentParser(prog="python -m qa.calibrate", description=__doc__)
    parser.add_argument("--gold", type=Path, required=True, help="gold JSONL (eval/gold/*.jsonl)")
    parser.add_argument("--index", type=Path, required=True, help="index directory")
    parser.add_argument("-k", type=int, default=15, help="hits per question (default: 15)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    from index.search import Searcher  # heavy (torch); only when actually calibrating
    from index.settings import Settings

    searcher = Searcher.open(args.index, Settings.from_env(index_dir=args.index))
    gold = [json.loads(line) for line in args.gold.read_text().splitlines() if line.strip()]
    scores = gold_scores(gold, searcher, args.k)
    results = {w: sweep(scores, w) for w in WEIGHTS}
    weight = max(WEIGHTS, key=lambda w: (results[w][1], w == abstain.OVERLAP_WEIGHT))
    threshold, correct, _ = results[weight]
    if args.json:
        print(
            json.dumps(
                {
                    "weight": weight,
                    "threshold": round(threshold, 3),
                    "correct": correct,
                    "total": len(scores),
                    "per_weight": {str(w): r[:2] for w, r in results.items()},
                }
            )
        )
        return 0
    _print_table(scores, weight, threshold)
    for w, (t, n, _) in results.items():
        print(f"weight {w:<4}  best threshold {t:.3f}  correct {n}/{len(scores)}")
    print(
        f"chosen: OVERLAP_WEIGHT = {weight}  THRESHOLD = {threshold:.3f}  ({correct}/{len(scores)})"
    )
    return 0


def _print_table(scores: Sequence[GoldScore], weight: float, threshold: float) -> None:
    print(f"{'id':<10} {'gold':<12} {'confidence':>10}  result")
    for s in sorted(scores, key=lambda s: s.confidence(weight)):
        conf = s.confidence(weight)
        gold = "unanswerable" if s.unanswerable else "answerable"
        shown = "glossary" if s.glossary else f"{conf:.3f}"
        ok = (conf < threshold) == s.unanswerable
        print(f"{s.qid:<10} {gold:<12} {shown:>10}  {'ok' if ok else 'WRONG'}")


if __name__ == "__main__":
    sys.exit(main())
