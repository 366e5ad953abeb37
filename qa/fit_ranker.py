"""Fit the ranker's weights (qa/ranker.json) on the dev split of a gold set.

    python -m qa.fit_ranker --gold eval/gold/library.jsonl --index data/library --split dev

The model is a conditional logit: for each question, a softmax over its retrieved candidates,
fitted to put the probability on the paragraphs the gold set accepts (any-of), with an L2
penalty chosen by 5-fold cross-validation over questions. Cross-validated Recall@1 is printed
for the fused ranking, the fitted ranker and the ranker with each signal group left out (the
ablations), so every weight in the file comes with the evidence for it. One model is fitted
per set of optional index signals ("late"), so an index without them still ranks well.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

from qa import features, rank

FOLDS = 5
PENALTIES = (0.01, 0.1, 1.0, 10.0, 100.0)
TOLERANCE = 0.02  # one question in 50
# Signal groups for ablations; optional index signals are the keys of `models`.
GROUPS: dict[str, tuple[str, ...]] = {
    "fused rank": ("fused",),
    "MiniLM cosine": ("cosine", "cosine_gap"),
    "BM25": ("bm25", "bm25_gap"),
    "late interaction": features.LATE,
    "lexical overlap": ("overlap", "focus", "qualifier", "heading_overlap"),
    "neighbours": features.NEIGHBOURS,
    "record structure": (
        "definition", "section", "purpose", "enclosure", "depth", "lead_in", "has_children",
        "states_force", "no_duty", "length", "responsibilities", "procedures", "policy",
        "applicability",
    ),
    "question type x structure": (
        "may_force", "must_force", "who_responsibilities", "who_actor", "list_lead_in",
        "when_time", "definition_match", "how_procedures", "actor_match", "actor_in_text",
    ),
}  # fmt: skip
OPTIONAL = {"late": features.LATE}


@dataclass(frozen=True)
class Group:
    """One question's candidates: full feature rows and which ones the gold set accepts."""

    qid: str
    matrix: np.ndarray  # (candidates, len(features.NAMES))
    labels: np.ndarray  # (candidates,) bool


def _loss(w: np.ndarray, groups: Sequence[tuple[np.ndarray, np.ndarray]], penalty: float):
    """Conditional-logit negative log-likelihood and its gradient (any-of positives)."""
    total = 0.5 * penalty * float(w @ w)
    grad = penalty * w
    for x, y in groups:
        s = x @ w
        s = s - s.max()
        e = np.exp(s)
        p_all = e / e.sum()
        p_pos = np.where(y, e, 0.0)
        p_pos = p_pos / p_pos.sum()
        total -= float(np.log(e[y].sum() / e.sum()))
        grad = grad + x.T @ (p_all - p_pos)
    return total, grad


def fit(groups: Sequence[Group], names: Sequence[str], penalty: float) -> rank.Model:
    """Fit one linear model on `groups` (only questions with an accepted candidate teach)."""
    from scipy.optimize import minimize

    columns = [features.NAMES.index(n) for n in names]
    stacked = np.vstack([g.matrix[:, columns] for g in groups])
    mean = stacked.mean(axis=0)
    scale = stacked.std(axis=0)
    scale[scale < 1e-9] = 1.0
    data = [((g.matrix[:, columns] - mean) / scale, g.labels) for g in groups if g.labels.any()]
    result = minimize(
        _loss, np.zeros(len(columns)), args=(data, penalty), jac=True, method="L-BFGS-B"
    )
    return rank.Model(frozenset(), tuple(names), mean, scale, result.x)


def recall_at_1(model: rank.Model | None, groups: Sequence[Group]) -> float:
    """Share of questions whose top candidate is accepted (fused order when model is None)."""
    hits = 0
    for g in groups:
        top = 0 if model is None else int(np.argmax(model.score(g.matrix)))
        hits += bool(g.labels[top])
    return hits / len(groups) if groups else 0.0


def cross_validate(groups: Sequence[Group], names: Sequence[str], penalty: float) -> float:
    """Recall@1 over held-out folds (folds by question order, which the split hash mixed)."""
    hits = 0.0
    for fold in range(FOLDS):
        train = [g for i, g in enumerate(groups) if i % FOLDS != fold]
        test = [g for i, g in enumerate(groups) if i % FOLDS == fold]
        hits += recall_at_1(fit(train, names, penalty), test) * len(test)
    return hits / len(groups)


def choose(groups: Sequence[Group], names: Sequence[str]) -> tuple[float, float]:
    """(penalty, cross-validated Recall@1) for this feature set: the strongest penalty whose
    Recall@1 is within TOLERANCE of the best, since on a dev set of this size smaller gaps are
    noise and weak penalties let a few features take extreme weights."""
    scored = {p: cross_validate(groups, names, p) for p in PENALTIES}
    best = max(scored.values())
    penalty = max(p for p, r in scored.items() if r >= best - TOLERANCE)
    return penalty, scored[penalty]


def collect(gold_path: Path, index_dir: Path, split: str) -> list[Group]:
    """Candidates and labels of every answerable question of `split`, through qa's retrieval."""
    from eval.gold import Ref, load_gold
    from eval.metrics import is_hit
    from index.search import Searcher
    from index.settings import Settings
    from qa.candidates import candidate_rows
    from qa.context import context_for
    from qa.retrieve import retrieve

    searcher = Searcher.open(index_dir, Settings.from_env(index_dir=index_dir))
    ctx = context_for(searcher.library)
    groups = []
    for q in load_gold(gold_path):
        if not q.expect or (split != "all" and q.split != split):
            continue
        query = ctx.glossary.expand_query(q.question, None)
        retrieval = retrieve(query, searcher, rank.CANDIDATES)
        rows = candidate_rows(q.question, searcher.library, retrieval, ctx.glossary)
        if not rows:
            continue
        labels = [is_hit(Ref(r.paragraph.doc_id, r.paragraph.path), q.expect) for r in rows]
        groups.append(Group(q.id, np.array([r.features for r in rows]), np.array(labels)))
    return groups


def main(argv: Sequence[str] | None = None) -> int:
    """Fit every model, print the evidence, write the ranker file."""
    parser = argparse.ArgumentParser(
        prog="python -m qa.fit_ranker",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--gold", type=Path, required=True, action="append", help="gold set JSONL (repeatable)"
    )
    parser.add_argument("--index", type=Path, required=True, help="index of the whole library")
    parser.add_argument("--split", default="dev", help="dev (default), test or all")
    parser.add_argument(
        "--also",
        type=Path,
        action="append",
        default=[],
        help="another gold set whose every question also trains (one with no held-out split)",
    )
    parser.add_argument("--out", type=Path, default=rank.DEFAULT_PATH, help="ranker file")
    args = parser.parse_args(argv)
    groups = [g for gold in args.gold for g in collect(gold, args.index, args.split)]
    groups += [g for gold in args.also for g in collect(gold, args.index, "all")]
    teach = sum(bool(g.labels.any()) for g in groups)
    print(f"{len(groups)} answerable {args.split} questions, {teach} with an accepted candidate "
          f"in the top {rank.CANDIDATES}")  # fmt: skip
    print(f"fused order: Recall@1 {recall_at_1(None, groups):.3f}")
    models, evidence = [], {}
    for size in range(len(OPTIONAL) + 1):
        for signals in combinations(sorted(OPTIONAL), size):
            names = _names(frozenset(signals))
            penalty, cv = choose(groups, names)
            model = fit(groups, names, penalty)
            models.append(rank.Model(frozenset(signals), model.names, model.mean, model.scale,
                                     model.weights))  # fmt: skip
            label = "+".join(signals) or "base"
            evidence[label] = {"penalty": penalty, "cv_recall_at_1": round(cv, 4)}
            print(f"model {label:8s} penalty {penalty:5}: cross-validated Recall@1 {cv:.3f}")
    full = _names(frozenset(OPTIONAL))
    ablations = {}
    for group, cut in GROUPS.items():
        names = [n for n in full if n not in cut]
        ablations[group] = round(choose(groups, names)[1], 4)
        print(f"  without {group:26s} Recall@1 {ablations[group]:.3f}")
    provenance = {
        "command": "python -m qa.fit_ranker " + " ".join(sys.argv[1:] if argv is None else argv),
        "gold": [str(g) for g in args.gold],
        "also": [str(g) for g in args.also],
        "split": args.split,
        "questions": len(groups),
        "fused_recall_at_1": round(recall_at_1(None, groups), 4),
        "models": evidence,
        "ablations_cv_recall_at_1": ablations,
        "fitted": time.strftime("%Y-%m-%d"),
    }
    payload = {"provenance": provenance, "models": [rank.model_to_json(m) for m in models]}
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _names(signals: frozenset[str]) -> list[str]:
    """Feature names of a model that may use these optional signals."""
    dropped = {n for s, cut in OPTIONAL.items() if s not in signals for n in cut}
    return [n for n in features.NAMES if n not in dropped]


if __name__ == "__main__":
    sys.exit(main())
