"""Every benchmark runs end to end at a tiny size, so none can rot between real runs.

Tiny means the smallest sample PDF and a few hundred synthetic paragraphs; the figures are
meaningless at this size, so the tests check shape (every row measured, JSON written), not
targets. The app cold start (a browser) and `policykb ask` cold start are left to real runs.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bench import ingest, late_store, peers, query, scale

pytestmark = pytest.mark.model  # loads the packaged model


def _rows(out: Path, name: str) -> dict[str, dict]:
    """The rows of the one results file `name` wrote into `out`, by metric."""
    (path,) = out.glob(f"{name}-*.json")
    data = json.loads(path.read_text())
    assert data["meta"]["cores"], "machine facts missing"
    return {r["metric"]: r for r in data["rows"]}


def _all_finite(rows: dict[str, dict]) -> None:
    for metric, row in rows.items():
        assert math.isfinite(row["value"]) and row["value"] >= 0, metric


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    """An index of the smallest sample PDF, shared by the query and peers smoke runs."""
    from bench import corpus

    path = tmp_path_factory.mktemp("bench") / "index"
    return corpus.ensure_index(path, corpus.sample_pdfs(1))


def test_ingest_bench(tmp_path: Path, samples_dir: Path) -> None:
    assert ingest.main(["--limit-pdfs", "1", "--out", str(tmp_path)]) == 0
    rows = _rows(tmp_path, "ingest")
    _all_finite(rows)
    assert rows["parse: pages/s"]["value"] > 0
    assert rows["ingest_paths: unchanged re-ingest"]["target"] == "<= 1"


def test_query_bench(tmp_path: Path, index_dir: Path) -> None:
    argv = ["--index", str(index_dir), "--limit-pdfs", "1", "--questions", "4", "--repeats", "1",
            "--cold", "light", "--out", str(tmp_path)]  # fmt: skip
    assert query.main(argv) == 0
    rows = _rows(tmp_path, "query")
    _all_finite(rows)
    assert rows["search hybrid p95"]["target"] == "<= 25"
    assert {
        "embed query, onnx (index.query_onnx) p95",
        "embed query, numpy (index.query_encoder) p95",
    } <= set(rows)
    assert "no torch" in rows["cold policykb cite"]["note"]


def test_scale_bench(tmp_path: Path, samples_dir: Path) -> None:
    sizes = ["--sizes", "200", "--seeds", "40", "--calibration", "20", "--queries", "10"]
    argv = [*sizes, "--limit-pdfs", "3", "--cache", str(tmp_path / "c"), "--out", str(tmp_path)]
    assert scale.main(argv) == 0
    rows = _rows(tmp_path, "scale")
    _all_finite(rows)
    assert rows["200: recall@10 flat vs exact"]["value"] == 1.0  # exact search is exact


def test_scale_bench_reports_a_failed_child_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(step: str, work: Path, n: int, store: str = "embedded") -> dict:
        raise RuntimeError(f"{step} {n} {store}: killed")

    plan = {"source_paragraphs": 0, "sentences": [], "acronyms": [], "queries": []}
    monkeypatch.setattr(scale, "plan", lambda args: plan)
    monkeypatch.setattr(scale, "child", fails)
    argv = ["--sizes", "200", "--seeds", "40", "--calibration", "20", "--out", str(tmp_path)]
    assert scale.main(argv) == 1
    assert "killed" in _rows(tmp_path, "scale")["200: embedded failed"]["note"]


def test_peers_bench(tmp_path: Path, index_dir: Path) -> None:
    assert peers.main(["--index", str(index_dir), "--limit-pdfs", "1", "--out", str(tmp_path)]) == 0
    rows = _rows(tmp_path, "peers")
    _all_finite(rows)
    systems = ("ours hybrid", "rank-bm25", "naive 1000-char dense")
    for system in (*systems, "BM25 over the same 1000-char chunks"):
        assert 0 <= rows[f"{system}: Recall@5"]["value"] <= 1


def test_late_store_bench(tmp_path: Path, index_dir: Path) -> None:
    assert (
        late_store.main(["--index", str(index_dir), "--queries", "5", "--out", str(tmp_path)]) == 0
    )
    rows = _rows(tmp_path, "late_store")
    _all_finite(rows)
    assert "vectors fetched" in rows["late scores, Milvus per-token collection: p50"]["note"]
