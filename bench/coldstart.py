"""Cold starts as a user meets them: `policykb ask/cite/toc` and the Streamlit app, each a fresh
subprocess, timed from spawn to answer (CLI) or to the first page script run (app).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.timing import ChildRun, peak_rss_mb, run_child

REPO = Path(__file__).resolve().parents[1]
# `policykb` is `cli.main:main`; calling it through -c lets -X importtime see every import.
_CLI = "import sys; from cli.main import main; sys.exit(main())"
HEAVY = ("torch", "sentence_transformers", "transformers")


def env(index_dir: Path) -> dict[str, str]:
    """The environment a user's shell would have, pointed at `index_dir`."""
    return {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "POLICYKB_INDEX": str(index_dir),
    }


def cli(args: list[str], index_dir: Path) -> ChildRun:
    """One cold `policykb ARGS` run.

    Raises:
        RuntimeError: the command failed, so its time would mean nothing.
    """
    run = run_child([sys.executable, "-c", _CLI, *args], env=env(index_dir))
    if run.returncode != 0:
        raise RuntimeError(
            f"policykb {' '.join(args)}: exit {run.returncode}: {run.stderr[-1500:]}"
        )
    return run


def heavy_imports(args: list[str], index_dir: Path) -> list[str]:
    """Which of torch / sentence-transformers / transformers `policykb ARGS` imports.

    Read from `python -X importtime`, which lists every module imported, on stderr.
    """
    run = run_child([sys.executable, "-X", "importtime", "-c", _CLI, *args], env=env(index_dir))
    seen = set()
    for line in run.stderr.splitlines():
        if line.startswith("import time:"):
            name = line.rsplit("|", 1)[-1].strip()
            seen.add(name.split(".")[0])
    return sorted(seen.intersection(HEAVY))


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_health(url: str, proc: subprocess.Popen[bytes], deadline: float) -> None:
    """Poll Streamlit's health endpoint until it answers 200."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(f"{url}: no answer before the deadline")


def app(
    index_dir: Path, script: Path = REPO / "app.py", timeout_s: float = 90
) -> tuple[float, float, float]:
    """Seconds to health, seconds to the first page script run, and the server's peak RSS (MB).

    The browser (Debian chromium through Playwright) starts before the server so its own start
    is not counted. "First run" is when the page reports its first script run finished: the
    frontend sets `data-test-script-state="notRunning"` on stApp only once a run id exists.
    """
    from playwright.sync_api import sync_playwright

    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port",
           str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium")
        start = time.monotonic()
        proc = subprocess.Popen(
            cmd, env=env(index_dir), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            _wait_health(f"http://127.0.0.1:{port}/_stcore/health", proc, start + timeout_s)
            healthy = time.monotonic() - start
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            done = '[data-testid="stApp"][data-test-script-state="notRunning"]'
            page.wait_for_selector(done, state="attached", timeout=timeout_s * 1000)
            first_run = time.monotonic() - start
            rss = peak_rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            browser.close()
    return healthy, first_run, rss
