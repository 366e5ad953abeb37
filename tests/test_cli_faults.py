"""Faults across processes: `policykb ingest` killed mid-write, and queries during a rebuild.

Both rest on the atomic swap of index/versions.py: a version is complete before `current`
names it, and readers resolve `current` once.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_index_build import fictional_index, fictional_pdf, page_text_variant

from index.build import ingest_paths
from index.library import Library
from index.search import Searcher
from index.settings import Settings

pytestmark = pytest.mark.model
REPO = Path(__file__).resolve().parents[1]

READER = """
import sys, time
from pathlib import Path
from index.library import Library
from index.search import Searcher
from index.settings import Settings
index, stop = Path(sys.argv[1]), Path(sys.argv[2])
loads, seen = 0, set()
while not stop.exists() or loads < 3:
    searcher = Searcher.open(index, Settings())
    hits = searcher.search("which plants are leafy", k=3, mode="bm25")
    para = searcher.library.get("DoDI 9999.01", "3.1.a.(2)(d)")
    assert hits and para is not None and para.text in ("Pothos.", "Golden pothos."), para
    seen.add(para.text)
    loads += 1
print(loads, len(seen))
"""


@pytest.fixture
def index_copy(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    target = tmp_path / "index"
    shutil.copytree(fictional_index(tmp_path_factory), target, symlinks=True)
    return target


def _staging_started(index_dir: Path) -> bool:
    """Whether a build is writing files into a staging directory right now."""
    return any(any(d.iterdir()) for d in index_dir.glob(".tmp-*") if d.is_dir())


def test_sigkill_mid_write_keeps_previous_index(index_copy: Path, samples_dir: Path) -> None:
    cmd = [sys.executable, "-m", "cli.main", "ingest", "--index", str(index_copy)]
    proc = subprocess.Popen(
        [*cmd, "--no-progress", str(samples_dir / "old" / "DoDD_6000.6.pdf")],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    while not _staging_started(index_copy):
        assert proc.poll() is None, "ingest finished before it could be killed mid-write"
        assert time.monotonic() < deadline
        time.sleep(0.0005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert list(index_copy.glob(".tmp-*")), "the kill did not land mid-write"
    assert list(Library.load(index_copy).documents) == ["DoDI 9999.01"]
    hits = Searcher.open(index_copy, Settings()).search("succulents", k=1, mode="bm25")
    assert hits[0].paragraph.path == "3.1.a.(1)"
    report = ingest_paths([samples_dir / "old" / "DoDD_6000.6.pdf"], index_copy, Settings())
    assert report.total_documents == 2 and not list(index_copy.glob(".tmp-*"))


def test_queries_during_rebuilds_see_whole_versions(
    index_copy: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    pdf = fictional_pdf(tmp_path_factory)
    variant = page_text_variant(pdf, tmp_path / "v2.txt", "Pothos.", "Golden pothos.")
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(index_copy), str(stop)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for source in [variant, pdf] * 3:
            report = ingest_paths([source], index_copy, Settings())
            assert report.version is not None and report.embedded <= 2
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err
    loads, _ = map(int, out.split())
    assert loads >= 3
