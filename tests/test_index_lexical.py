"""BM25 at query time reads bm25s's saved arrays itself: the same scores as bm25s, no bm25s import.

Texts: the lines of a real sample issuance's page text; questions: the sample gold set.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import bm25s
import numpy as np

from index import lexical

REPO = Path(__file__).resolve().parents[1]


def test_scores_equal_bm25s_on_a_real_issuance(samples_dir: Path, tmp_path: Path) -> None:
    text = (samples_dir / "modern" / "DoDM_4160.28_Vol1.pypdf.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if len(line) > 20]
    lexical.save(lexical.build(lines), tmp_path)
    ours = lexical.load(tmp_path, tmp_path)
    theirs = bm25s.BM25.load(str(tmp_path))
    gold = (REPO / "eval" / "gold" / "samples.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(g)["question"] for g in gold if g.strip()]
    scored = 0
    for question in [*questions, "demilitarization demilitarization waiver", "zzqx of the"]:
        ids = [int(i) for i in theirs.get_tokens_ids(lexical.tokenize(question))]
        expected = theirs.get_scores(ids) if ids else None
        got = lexical.scores(ours, question)
        if expected is None:
            assert got is None, question
            continue
        assert got is not None and np.array_equal(got, expected), question
        scored += int(got.max() > 0)
    assert len(lines) > 800 and scored > 40


def test_a_search_process_never_imports_bm25s_or_scipy() -> None:
    code = (
        "import sys; from index import lexical; lexical.tokenize('The policy of the DoD');"
        "print(sorted(m for m in ('bm25s', 'scipy') if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert run.stdout.strip() == "[]", run.stderr
