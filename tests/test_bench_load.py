"""The load test, short: 4 clients, both setups (embedded; two processes on served Milvus Lite).

The smallest sample PDF is the index, and an ingest replaces it (its page text, one sentence
marked as edited) while the clients ask; every answer must equal the serial answer of the
version that gave it, with no error, on both stores. Figures at this size mean nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import corpus, load

pytestmark = pytest.mark.model


def test_concurrent_answers_equal_serial_answers_on_both_stores(
    tmp_path: Path, samples_dir: Path
) -> None:
    index_dir = corpus.ensure_index(tmp_path / "index", corpus.sample_pdfs(1))
    argv = ["--clients", "4", "--requests", "16", "--processes", "2", "--replace", "DoDD_6000.6",
            "--from-index", str(index_dir), "--work", str(tmp_path / "work"),
            "--out", str(tmp_path / "out"), "--limit-pdfs", "1"]  # fmt: skip
    assert load.main(argv) == 0
    (path,) = (tmp_path / "out").glob("load-*.json")
    rows = {r["metric"]: r for r in json.loads(path.read_text())["rows"]}
    for setup in ("(a) 1 process, embedded", "(b) 2 processes, Milvus"):
        for phase in (setup, f"{setup}, ingest replacing a document"):
            assert rows[f"{phase}: errors"]["value"] == 0, rows[f"{phase}: errors"]["note"]
            assert rows[f"{phase}: answers unlike their serial answer"]["value"] == 0
            assert rows[f"{phase}: throughput"]["value"] > 0
        note = rows[f"{setup}, ingest replacing a document: answers unlike their serial answer"]
        assert note["note"] == "versions answering: 2"  # the swap happened under load
        assert rows[f"{setup}: answers changed by the replacement"]["value"] >= 1
    assert rows["serial answers differing between the stores"]["value"] == 0
