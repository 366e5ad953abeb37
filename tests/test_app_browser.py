"""The app in a real browser: `streamlit run app.py` driven through Debian chromium.

Asks questions and sees quoted citations, looks a citation up and copies it to the clipboard,
browses to a paragraph; screenshots go to test-artifacts/. Also records cold-start and
server-side answer times in test-artifacts/timings.json. In CI (env CI set) a missing
chromium is a failure, never a skip.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from app_index import HOSTILE, copy_with, sample_pdfs, shared_index, write_hostile_issuance
from fixtures.fictional_issuance import write_fictional_pdf

if TYPE_CHECKING:
    from playwright.sync_api import Dialog, Locator, Page

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("POLICYKB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
CANONICAL = "Can I like an official post from my personal account?"
SAMPLE_QUESTION = "What is the primary DoD noise model for aircraft?"
WARM_QUESTIONS = (
    "Who approves demilitarization coding of DoD property?",
    "What must installations do about noise complaints?",
)
TIMEOUT_MS = 120_000

pytestmark = [pytest.mark.browser, pytest.mark.model]


@dataclass(frozen=True)
class Server:
    """A running `streamlit run app.py` and how long it took to answer health checks (s)."""

    url: str
    started_s: float


@pytest.fixture(scope="module")
def chromium() -> str:
    """Debian's chromium; checked before anything is built so a missing browser fails fast."""
    if Path(CHROMIUM).is_file() or shutil.which(CHROMIUM):
        return CHROMIUM
    message = f"{CHROMIUM}: chromium is missing. Install it with `apt-get install chromium`."
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)  # only on a developer machine without a browser; never in CI


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(
    chromium: str, tmp_path_factory: pytest.TempPathFactory, samples_dir: Path
) -> Iterator[Server]:
    """The app on a free 127.0.0.1 port: the real modern samples plus a hostile fictional one."""
    samples = shared_index(tmp_path_factory, "samples", sample_pdfs(samples_dir))
    base = tmp_path_factory.mktemp("browser")
    hostile = write_hostile_issuance(base / "DoDI_9999.01_hostile.txt")
    index_dir = copy_with(samples, base / "data" / "index", [hostile])
    with _serve(index_dir, tmp_path_factory, "streamlit.log") as running:
        yield running


@contextmanager
def _serve(
    index_dir: Path, factory: pytest.TempPathFactory, log_name: str, **env: str
) -> Iterator[Server]:
    """`streamlit run app.py` over `index_dir` (data beside it) until the block ends."""
    port = _free_port()
    environ = {**os.environ, "POLICYKB_INDEX": str(index_dir), "HF_HUB_OFFLINE": "1"}
    environ.update(POLICYKB_DATA=str(index_dir.parent), **env)
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    log = (factory.getbasetemp() / log_name).open("wb")
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=REPO, env=environ, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield Server(url, time.perf_counter() - start)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _wait_healthy(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"streamlit exited with status {proc.returncode}; see its log")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url}: streamlit did not answer its health check within 60 s")


@pytest.fixture(scope="module")
def browser_page(chromium: str) -> Iterator[Page]:
    """A chromium page with clipboard access."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 1600},
            permissions=["clipboard-read", "clipboard-write"],
        )
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            yield page
        finally:
            browser.close()


def test_ask_lookup_copy_browse_in_a_real_browser(server: Server, browser_page: Page) -> None:
    page = browser_page
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    timings: dict[str, object] = {"server_start_s": round(server.started_s, 2)}

    start = time.perf_counter()
    page.goto(server.url)
    question = page.get_by_label("Your question")
    question.wait_for()
    timings["first_page_s"] = round(time.perf_counter() - start, 2)

    # The canonical question: on the samples (no DoDI 5400.17) it must abstain, not invent.
    # It is no example here: examples come from the loaded issuances.
    assert page.get_by_role("button", name=CANONICAL).count() == 0
    start = time.perf_counter()
    question.fill(CANONICAL)
    question.press("Enter")
    timings["first_answer_server_ms"] = _server_ms(page, CANONICAL)
    timings["first_answer_in_browser_s"] = round(time.perf_counter() - start, 2)
    _shot(page, "ask-canonical")
    assert page.get_by_text("Not addressed").first.is_visible()
    assert page.locator('[data-testid="stAlert"]').count() == 1  # one notice, not two

    # A sample question: a quoted paragraph with its citation.
    _ask(page, SAMPLE_QUESTION, expect="NOISEMAP is the primary aircraft DoD noise model")
    assert page.locator('[data-testid="stCode"]', has_text="DoDI 4715.13, para.").first.is_visible()
    _shot(page, "ask")
    warm = [_server_ms(page, SAMPLE_QUESTION)]
    for text in WARM_QUESTIONS:
        _ask(page, text, expect=None)
        warm.append(_server_ms(page, text))
    timings["warm_answer_server_ms"] = warm

    # Find a citation, copy it with the code block's copy button.
    _enter(page, "Find a citation", "Citation or phrase", "4715.13 3.3.b(2)(a)")
    wanted = "DoDI 4715.13, para. 3.3.b.(2)(a), p. 11 (Jan 28, 2020)"
    block = page.locator('[data-testid="stCode"]', has_text=wanted).first
    block.wait_for()
    block.hover()
    block.get_by_role("button", name="Copy to clipboard").click()
    assert page.evaluate("navigator.clipboard.readText()") == wanted
    _shot(page, "cite")

    # Browse: the neighbouring paragraph opens in Browse mode.
    page.get_by_role("button", name=re.compile(r"^Open 3\.3\.b\.\(2\)\(b\) \(after\)")).click()
    page.locator('[data-testid="stCode"]', has_text="para. 3.3.b.(2)(b), p. 11").first.wait_for()
    assert page.get_by_role("radio", name="Browse").is_checked()
    assert page.get_by_text("The BNoise model is the primary DoD noise model").first.is_visible()
    page.get_by_text("Paragraph", exact=True).wait_for()  # the outline's selectbox label
    page.locator('[data-testid="stDataFrame"]').first.wait_for()  # the glossary table
    _shot(page, "browse")

    # Hostile text from a (fictional) issuance is shown as text and never runs.
    _enter(page, "Find a citation", "Citation or phrase", "9999.01 3.1.a.(2)(d)")
    page.get_by_text(HOSTILE).first.wait_for()
    assert page.locator("main script, main img[src='x']").count() == 0
    assert page.get_by_role("link", name="click").count() == 0
    _shot(page, "hostile-text")
    assert dialogs == []

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=2) + "\n")


def _colour(locator: Locator, prop: str = "color") -> str:
    return str(locator.evaluate(f"e => getComputedStyle(e).{prop}"))


def test_quotes_in_body_colour_matches_highlighted_history_reopens(
    server: Server, browser_page: Page
) -> None:
    page = browser_page
    page.goto(server.url)
    _ask(page, SAMPLE_QUESTION, expect="NOISEMAP is the primary aircraft DoD noise model")
    texts = page.locator('[data-testid="stMarkdownContainer"] p')
    body = _colour(texts.filter(has_text="Direct answer").first)
    quoted = texts.filter(has_text="\u201cNOISEMAP is the primary aircraft DoD noise model")
    assert _colour(quoted.first) == body  # not the faded grey of a block quote
    marked = page.locator(
        '[data-testid="stMarkdownContainer"] span', has_text="NOISEMAP is the primary aircraft"
    ).first
    assert _colour(marked, "backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert _colour(marked) == body
    _shot(page, "ask-highlight")
    _ask(page, WARM_QUESTIONS[1], expect=None)
    page.get_by_text("Earlier questions this session").click()
    page.get_by_role("button", name=re.compile(re.escape(SAMPLE_QUESTION) + " — ")).click()
    page.get_by_text(f"\u201c{SAMPLE_QUESTION}\u201d answered in").wait_for()
    assert page.get_by_label("Your question").input_value() == SAMPLE_QUESTION


def test_responsibilities_table_and_csv_download(server: Server, browser_page: Page) -> None:
    page = browser_page
    page.goto(server.url)
    _enter(page, "Responsibilities", "Organisation", "USD(A&S)")
    page.get_by_text(re.compile(r"^\d+ duties of 1 organisations")).wait_for()
    table = page.locator('[data-testid="stTable"]').first
    table.wait_for()  # long duties wrap instead of being cut at the column's width
    assert table.get_by_text("Establishes policy, guidance, oversight, and representation").count()
    _shot(page, "responsibilities")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("doc_id,organisation,holder,paragraph")
    assert any(r.startswith("DoDI 4715.13,UNDER SECRETARY OF DEFENSE FOR ACQ") for r in rows)


def test_find_a_citation_says_what_is_missing_and_links_inside_expanders(
    server: Server, browser_page: Page
) -> None:
    page = browser_page
    page.goto(server.url)
    _enter(page, "Find a citation", "Citation or phrase", "4715.13 3.9.z")
    page.get_by_text("DoDI 4715.13 3.9.z: no such paragraph.").wait_for()
    assert page.locator('[data-testid="stCode"]').count() == 0
    _enter(page, "Find a citation", "Citation or phrase", "5400.17 8.2.c(3)")
    page.get_by_text("5400.17 is not in your library").wait_for()
    assert page.locator('[data-testid="stCode"]').count() == 0
    _shot(page, "cite-missing")
    _enter(page, "Find a citation", "Citation or phrase", "9999.01 2.1")
    page.get_by_text("Full paragraph, lead-in and sub-paragraphs").first.click()
    expander = page.locator('[data-testid="stExpander"]').first
    expander.get_by_role("button", name=re.compile(r"^↪ Paragraph 3\.1\.a")).first.click()
    target = "DoDI 9999.01, para. 3.1.a, p."
    page.locator('[data-testid="stCode"]', has_text=target).first.wait_for()
    assert page.get_by_role("radio", name="Browse").is_checked()


def test_upload_into_an_empty_library_brings_up_ask(
    chromium: str, browser_page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.mktemp("empty")
    pdf = write_fictional_pdf(base / "DoDI_9999.01.pdf")
    page = browser_page
    with _serve(base / "data" / "index", tmp_path_factory, "streamlit-empty.log") as empty:
        page.goto(empty.url)
        page.get_by_text("No issuances are indexed yet").wait_for()
        page.locator('input[type="file"]').set_input_files(str(pdf))
        page.get_by_role("button", name="Add to the index").click()
        page.get_by_label("Your question").wait_for()  # Ask, without reloading the page
        assert page.get_by_text("Added DoDI_9999.01.pdf").first.is_visible()
        assert page.get_by_text("No issuances are indexed yet").count() == 0
        _shot(page, "upload-empty")


def test_a_read_only_deployment_offers_no_upload(
    browser_page: Page, tmp_path_factory: pytest.TempPathFactory, samples_dir: Path
) -> None:
    samples = shared_index(tmp_path_factory, "samples", sample_pdfs(samples_dir))
    page = browser_page
    with _serve(samples, tmp_path_factory, "streamlit-ro.log", POLICYKB_READ_ONLY="1") as ro:
        page.goto(ro.url)
        page.get_by_text("Library", exact=True).click()
        page.get_by_text("This library is read-only").wait_for()
        assert page.get_by_role("button", name="Add to the index").count() == 0
        assert page.get_by_role("button", name="Remove").count() == 0
        assert page.locator('input[type="file"]').count() == 0


def _enter(page: Page, mode: str, label: str, text: str) -> None:
    """Open a mode of the app, type `text` into the field labelled `label`, press Enter."""
    page.get_by_text(mode, exact=True).click()
    field = page.get_by_label(label)
    field.fill(text)
    field.press("Enter")


def _ask(page: Page, text: str, expect: str | None) -> None:
    """Type a question, press Enter, wait until this question's answer is on the page."""
    box = page.get_by_label("Your question")
    box.fill(text)
    box.press("Enter")
    _server_ms(page, text)
    if expect:
        page.get_by_text(expect).first.wait_for()


def _server_ms(page: Page, question: str) -> float:
    """Wait for the answer to `question` and return the server-side time its caption states."""
    caption = page.get_by_text(f"“{question}” answered in")
    caption.wait_for()
    return float(re.search(r"answered in (\d+) ms", caption.inner_text()).group(1))  # type: ignore[union-attr]


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
