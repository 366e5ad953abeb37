"""Four people at once in the app: four browser contexts (separate Streamlit sessions) ask at once.

The app runs on the real modern samples moved into Milvus Lite (`ingest --store milvus`), so
this also shows the app finding the store from the index directory alone. Each session must
get its own answer, and no page may show another session's question or answer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_index import sample_pdfs, shared_index
from test_app_browser import CHROMIUM_ARGS, REPO, TIMEOUT_MS, _free_port, _wait_healthy, chromium

pytestmark = [pytest.mark.browser, pytest.mark.model]
__all__ = ["chromium"]  # the browser fixture, shared with the single-session browser test

# (question, words its answer must quote), each about a different sample issuance.
ASKED = (
    ("What is the primary DoD noise model for aircraft?", "NOISEMAP"),
    ("Can we bury contaminated equipment instead of demilitarizing it?", "Burial may be"),
    ("Who approves demilitarization coding of DoD property?", None),
    ("What must installations do about noise complaints?", None),
)


@pytest.fixture(scope="module")
def milvus_app(
    chromium: str, tmp_path_factory: pytest.TempPathFactory, samples_dir: Path
) -> Iterator[str]:
    """The app on a Milvus copy of the samples index, on a free 127.0.0.1 port."""
    pdfs = sample_pdfs(samples_dir)
    index_dir = tmp_path_factory.mktemp("sessions") / "index"
    shutil.copytree(shared_index(tmp_path_factory, "samples", pdfs), index_dir, symlinks=True)
    # In a child process: Milvus Lite embedded in this one would hold the file the app opens.
    code = "import sys; from cli.main import main; sys.exit(main())"
    subprocess.run([sys.executable, "-c", code, "ingest", "--index", str(index_dir), "--store",
                    "milvus", "--no-progress", *map(str, pdfs)], cwd=REPO, check=True)  # fmt: skip
    port = _free_port()
    env = {**os.environ, "POLICYKB_INDEX": str(index_dir), "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
    log = (index_dir.parent / "streamlit.log").open("wb")
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_four_sessions_asking_at_once_each_get_their_own_answer(
    chromium: str, milvus_app: str
) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            pages = []
            for _ in ASKED:
                page = browser.new_context(viewport={"width": 1280, "height": 1600}).new_page()
                page.set_default_timeout(TIMEOUT_MS)
                page.goto(milvus_app)
                page.get_by_label("Your question").wait_for()
                pages.append(page)
            start = time.perf_counter()
            for page, (question, _) in zip(pages, ASKED, strict=True):
                box = page.get_by_label("Your question")
                box.fill(question)
                box.press("Enter")  # all four submitted before any answer is awaited
            for page, (question, quoted) in zip(pages, ASKED, strict=True):
                page.get_by_text(f"“{question}” answered in").wait_for()
                if quoted:
                    page.get_by_text(quoted).first.wait_for()
            seconds = time.perf_counter() - start
            for page, (question, _) in zip(pages, ASKED, strict=True):
                text = page.locator("main").inner_text()
                others = [f"“{q}” answered in" for q, _ in ASKED if q != question]
                assert f"“{question}” answered in" in text, question
                assert not any(other in text for other in others), question
        finally:
            browser.close()
    assert seconds < TIMEOUT_MS / 1000
