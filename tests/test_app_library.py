"""The Library page through Streamlit's AppTest: what is loaded, uploads, replacement, removal,
read-only deployments, and error messages that name no server path."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from app_index import open_app, sample_pdfs, shared_index
from fixtures.fictional_issuance import write_fictional_pdf
from streamlit.testing.v1 import AppTest

from index.library import Library

pytestmark = pytest.mark.model
SAMPLES = {"DoDD 5132.03", "DoDI 4715.13", "DoDM 4160.28, Volume 1"}


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    return shared_index(tmp_path_factory, "samples", sample_pdfs(samples_dir))


@pytest.fixture
def own_index(tmp_path: Path, sample_index: Path) -> Path:
    """A copy of the sample index this test may change, at <tmp>/data/index."""
    index_dir = tmp_path / "data" / "index"
    shutil.copytree(sample_index, index_dir, symlinks=True)
    return index_dir


def _plain(elements: object) -> str:
    """The text of Streamlit elements without webapp.markup's backslash escapes."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in elements))  # type: ignore[attr-defined]


def _library_page(monkeypatch: pytest.MonkeyPatch, index_dir: Path, **kwargs: object) -> AppTest:
    at = open_app(monkeypatch, index_dir, **kwargs)  # type: ignore[arg-type]
    at.radio(key="mode").set_value("Library").run()
    return at


def _submit(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception


def test_library_lists_documents_and_parse_warnings_and_refuses_a_non_pdf(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _library_page(monkeypatch, sample_index)
    table = at.dataframe[0].value
    assert set(table["id"]) == SAMPLES
    assert all(len(h) == 64 for h in table["sha256"])
    assert dict(zip(table["id"], table["warnings"], strict=True))["DoDI 4715.13"] == 1
    (warned,) = [e for e in at.expander if "parse warning" in str(e.label)]
    assert "DoDI 4715.13" in re.sub(r"\\(.)", r"\1", str(warned.label))
    assert "paragraph 2.4 is missing from the table of contents" in _plain(at.markdown)
    at.file_uploader[0].set_value(("../../evil.pdf", b"<html>nope</html>", "application/pdf"))
    _submit(at, "Add to the index")
    assert "evil.pdf: this is not a PDF" in _plain(at.error)
    assert not (sample_index.parent / "uploads" / "evil.pdf").exists()


def test_upload_adds_a_pdf_and_keeps_what_was_there(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, own_index: Path
) -> None:
    pdf = write_fictional_pdf(tmp_path / "fictional.pdf").read_bytes()
    at = open_app(monkeypatch, own_index)
    at.text_input(key="ask_q").set_value("How often are succulents watered?").run()
    assert not any("DoDI 9999.01" in str(c.value) for c in at.code)  # not in the index yet
    at.radio(key="mode").set_value("Library").run()
    at.file_uploader[0].set_value(("../DoDI 9999.01.pdf", pdf, "application/pdf"))
    _submit(at, "Add to the index")
    assert "Added DoDI_9999.01.pdf" in _plain(at.success)
    assert (tmp_path / "data" / "uploads" / "DoDI_9999.01.pdf").read_bytes() == pdf
    assert set(at.dataframe[0].value["id"]) == SAMPLES | {"DoDI 9999.01"}  # no reload needed
    at.radio(key="mode").set_value("Ask").run()
    at.text_input(key="ask_q").set_value("How often are succulents watered?").run()
    # the same question in the same session, answered from the new index, not the old answer
    assert any(str(c.value).startswith("DoDI 9999.01, para. 3.1.a") for c in at.code)


def test_upload_into_an_empty_index_brings_up_ask(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pdf = write_fictional_pdf(tmp_path / "fictional.pdf").read_bytes()
    at = open_app(monkeypatch, tmp_path / "data" / "index")
    assert "No issuances are indexed yet" in _plain(at.markdown)
    at.file_uploader[0].set_value(("DoDI_9999.01.pdf", pdf, "application/pdf"))
    _submit(at, "Add to the index")
    assert "Added DoDI_9999.01.pdf" in _plain(at.success)
    assert "No issuances are indexed yet" not in _plain(at.markdown)
    assert at.radio(key="mode").value == "Ask" and at.text_input(key="ask_q") is not None


def test_a_rejected_upload_names_no_server_path(
    monkeypatch: pytest.MonkeyPatch, own_index: Path, tmp_path: Path
) -> None:
    at = _library_page(monkeypatch, own_index)
    at.file_uploader[0].set_value(("memo.pdf", b"%PDF-1.7\nnot really a PDF", "application/pdf"))
    _submit(at, "Add to the index")
    error = _plain(at.error)
    assert error.startswith("nothing was ingested") and "memo.pdf" in error
    assert str(tmp_path) not in error and "/uploads/" not in error, error
    assert not (tmp_path / "data" / "uploads" / "memo.pdf").exists()


def test_replace_and_remove_change_the_library_atomically(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, own_index: Path
) -> None:
    pdf = write_fictional_pdf(tmp_path / "fictional.pdf").read_bytes()
    at = _library_page(monkeypatch, own_index)
    at.file_uploader[0].set_value(("DoDI_9999.01.pdf", pdf, "application/pdf"))
    at.selectbox[0].set_value("DoDI 4715.13")  # "Replaces"
    _submit(at, "Add to the index")
    assert "Replaced DoDI 4715.13 with DoDI_9999.01.pdf" in _plain(at.success)
    expected = SAMPLES - {"DoDI 4715.13"} | {"DoDI 9999.01"}
    assert set(Library.load(own_index).documents) == expected
    assert set(at.dataframe[0].value["id"]) == expected
    remove = at.selectbox[1]  # the removal form's issuance
    remove.set_value("DoDI 9999.01")
    _submit(at, "Remove")
    assert "Tick" in _plain(at.warning)  # not without confirming
    assert "DoDI 9999.01" in Library.load(own_index).documents
    at.selectbox[1].set_value("DoDI 9999.01")
    at.checkbox[0].check()
    _submit(at, "Remove")
    assert "Removed DoDI 9999.01" in _plain(at.success)
    assert set(Library.load(own_index).documents) == SAMPLES - {"DoDI 4715.13"}
    assert not (tmp_path / "data" / "uploads" / "DoDI_9999.01.pdf").exists()  # its upload too


def test_read_only_deployment_takes_no_uploads_and_removes_nothing(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path, tmp_path: Path
) -> None:
    at = _library_page(monkeypatch, sample_index, read_only=True)
    assert at.dataframe and not at.get("file_uploader")
    assert not [b for b in at.button if b.label in ("Add to the index", "Remove")]
    assert "read-only" in _plain(at.info)
    empty = open_app(monkeypatch, tmp_path / "data" / "index", read_only=True)
    assert not empty.get("file_uploader") and "read-only" in _plain(empty.info)
