"""Builds the indexes the app tests share: once per test session, under pytest's basetemp.

Both the AppTest file and the browser test need the same index over the real modern sample
PDFs; building it once (a few seconds of embedding) keeps the suite lean on two cores.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.fictional_issuance import write_fictional_pdf
from streamlit.testing.v1 import AppTest

from index.build import ingest_paths
from index.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def open_app(
    monkeypatch: pytest.MonkeyPatch,
    index_dir: Path,
    params: dict[str, str] | None = None,
    data_dir: Path | None = None,
    read_only: bool = False,
) -> AppTest:
    """The app over `index_dir`, writing under `data_dir` (default: the index's parent)."""
    monkeypatch.setenv("POLICYKB_INDEX", str(index_dir))
    monkeypatch.setenv("POLICYKB_DATA", str(data_dir or index_dir.parent))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    if read_only:
        monkeypatch.setenv("POLICYKB_READ_ONLY", "1")
    else:
        monkeypatch.delenv("POLICYKB_READ_ONLY", raising=False)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params.update(params or {})
    at.run()
    assert not at.exception, at.exception
    return at


def find_citation(at: AppTest, query: str) -> AppTest:
    """Switch the app to "Find a citation" and look `query` up."""
    at.radio(key="mode").set_value("Find a citation").run()
    return at.text_input(key="cite_q").set_value(query).run()


def sample_pdfs(samples_dir: Path) -> list[Path]:
    """The real modern-template sample PDFs (DoDD 5132.03, DoDI 4715.13, DoDM 4160.28 Vol 1)."""
    return sorted((samples_dir / "modern").glob("*.pdf"))


def shared_index(factory: pytest.TempPathFactory, name: str, sources: list[Path]) -> Path:
    """An index over `sources` at `<basetemp>/<name>/index`, built on first use."""
    index_dir = factory.getbasetemp() / name / "index"
    if not index_dir.is_dir():
        settings = Settings.from_env(index_dir=index_dir)
        report = ingest_paths(sources, index_dir, settings)
        assert not report.skipped, report.skipped
    return index_dir


HOSTILE = (
    "Pothos <script>alert('pkb')</script> <img src=x onerror=alert(2)> "
    "[click](javascript:alert(3)) :red[boom] $x^2$."
)


def write_hostile_issuance(path: Path) -> Path:
    """The fictional DoDI 9999.01 as page text, with markup and script in para. 3.1.a.(2)(d).

    Shows that text inside an issuance is displayed, never interpreted, wherever it appears.
    """
    from pypdf import PdfReader

    pdf = write_fictional_pdf(path.with_suffix(".pdf"))
    pages = PdfReader(pdf).pages
    text = "".join(f"=== PAGE {i} ===\n{p.extract_text()}\n" for i, p in enumerate(pages, 1))
    assert text.count("Pothos.") == 1, "the fictional issuance changed; pick another paragraph"
    path.write_text(text.replace("Pothos.", HOSTILE), encoding="utf-8")
    pdf.unlink()
    return path


def copy_with(index_dir: Path, target: Path, extra: list[Path]) -> Path:
    """A copy of `index_dir` at `target` with `extra` files ingested (only they are embedded)."""
    shutil.copytree(index_dir, target, symlinks=True)
    report = ingest_paths(extra, target, Settings.from_env(index_dir=target))
    assert not report.skipped, report.skipped
    return target
