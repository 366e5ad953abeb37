"""Both stores end to end, through the commands people run, with the real model.

The indexes the app and eval tests share are copied and moved into Milvus Lite with
`policykb ingest --store milvus` (vectors re-used, nothing embedded); then `eval` and `ask`
need only `--index DIR` and must give the same figures and answers as the embedded store.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from app_index import sample_pdfs, shared_index
from fixtures.fictional_issuance import write_fictional_pdf

from cli.main import main

pytestmark = pytest.mark.model
GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold"


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


def in_milvus(index_dir: Path, target: Path, sources: list[Path]) -> Path:
    """A copy of `index_dir` moved into Milvus Lite by `policykb ingest --store milvus`."""
    shutil.copytree(index_dir, target, symlinks=True)
    code, out = run(["ingest", "--index", str(target), "--store", "milvus", "--no-progress",
                     *map(str, sources)])  # fmt: skip
    assert code == 0 and "embedded 0," in out, out
    manifest = json.loads((target / "current" / "manifest.json").read_text())
    assert manifest["store"]["kind"] == "milvus" and (target / "milvus.db").exists()
    return target


@pytest.fixture(scope="module")
def fictional(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    pdf = write_fictional_pdf(tmp_path_factory.mktemp("fictional-pdf") / "DoDI_9999.01.pdf")
    embedded = shared_index(tmp_path_factory, "fictional", [pdf])
    return embedded, in_milvus(embedded, tmp_path_factory.mktemp("m") / "fictional", [pdf])


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> tuple[Path, Path]:
    pdfs = sample_pdfs(samples_dir)
    embedded = shared_index(tmp_path_factory, "samples", pdfs)
    return embedded, in_milvus(embedded, tmp_path_factory.mktemp("m") / "samples", pdfs)


def evaluate(index_dir: Path) -> dict[str, Any]:
    code, out = run(["eval", "--gold", str(GOLD / "fixture.jsonl"), "--index", str(index_dir),
                     "--json"])  # fmt: skip
    assert code == 0
    return dict(json.loads(out))


def test_eval_gives_the_same_figures_on_both_stores(fictional: tuple[Path, Path]) -> None:
    embedded, milvus = (evaluate(d) for d in fictional)
    timing = {k for k in embedded["metrics"] if k.endswith("_ms")}
    same = {k: v for k, v in embedded["metrics"].items() if k not in timing}
    assert same == {k: v for k, v in milvus["metrics"].items() if k not in timing}
    assert same["recall@5"] > 0.8 and same["questions"] > 10
    assert [q["results"] for q in embedded["questions"]] == [
        q["results"] for q in milvus["questions"]
    ]


def test_ask_gives_the_same_answer_on_both_stores(samples: tuple[Path, Path]) -> None:
    gold = [json.loads(line) for line in (GOLD / "samples.jsonl").read_text().splitlines()]
    asked = [g["question"] for g in gold if g["id"].startswith(("noise", "demil"))][:12]
    assert len(asked) >= 8
    for question in asked:
        answers = [run(["ask", question, "--index", str(d), "--json"]) for d in samples]
        assert answers[0][0] == 0 and answers[0] == answers[1], question
