"""Each mode of the app through Streamlit's AppTest, against a prebuilt index in tmp_path."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from app_index import HOSTILE, copy_with, sample_pdfs, shared_index, write_hostile_issuance
from fixtures.fictional_issuance import write_fictional_pdf
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
CANONICAL = "Can I like an official post from my personal account?"

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    return shared_index(tmp_path_factory, "samples", sample_pdfs(samples_dir))


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory, sample_index: Path) -> Path:
    """The samples plus the fictional DoDI 9999.01 with markup and script in one paragraph."""
    base = tmp_path_factory.mktemp("hostile")
    text = write_hostile_issuance(base / "DoDI_9999.01_hostile.txt")
    return copy_with(sample_index, base / "data" / "index", [text])


def _app(
    monkeypatch: pytest.MonkeyPatch, index_dir: Path, params: dict[str, str] | None = None
) -> AppTest:
    monkeypatch.setenv("POLICYKB_INDEX", str(index_dir))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params.update(params or {})
    at.run()
    assert not at.exception, at.exception
    return at


def _unescape(text: str) -> str:
    """Undo webapp.markup's backslash escapes."""
    return re.sub(r"\\(.)", r"\1", text)


def _plain(elements: object) -> str:
    """The text of Streamlit elements, unescaped and joined by newlines."""
    return _unescape("\n".join(str(e.value) for e in elements))  # type: ignore[attr-defined]


def test_empty_state_explains_fetch_and_offline_ingest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = _app(monkeypatch, tmp_path / "data" / "index")
    info = "\n".join(str(i.value) for i in at.info)
    assert "policykb fetch" in info
    assert "policykb ingest corpus/" in info
    assert "Offline" in info and "make run" in info
    assert at.get("file_uploader"), "the empty page still lets you add a PDF"


def test_damaged_index_shows_the_file_and_rebuild_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sample_index: Path
) -> None:
    broken = tmp_path / "index"
    shutil.copytree(sample_index, broken, symlinks=True)
    version = broken / (broken / "current").readlink()
    (version / "documents.json").write_text("{not json", encoding="utf-8")
    at = _app(monkeypatch, broken)
    errors = _plain(at.error)
    assert "documents.json" in errors and "policykb ingest" in errors


def test_ask_shows_verdict_quote_citation_export_and_saves_feedback(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    at.text_input(key="ask_q").set_value("What is the primary DoD noise model for aircraft?").run()
    assert not at.exception, at.exception
    quotes = [m.value for m in at.markdown if str(m.value).startswith("> ")]
    assert quotes, "the answer quotes the issuance"
    citations = [str(c.value) for c in at.code]
    assert any(c.startswith("DoDI 4715.13, para.") for c in citations), citations
    assert "answered in" in _plain(at.caption)
    assert at.get("download_button")
    at.feedback[0].set_value(1).run()
    next(t for t in at.text_input if str(t.key).startswith("fb-comment")).set_value("exact")
    next(b for b in at.button if str(b.key).startswith("fb-send")).click().run()
    assert "saved" in _plain(at.success)
    lines = (sample_index.parent / "feedback.jsonl").read_text("utf-8").splitlines()
    record = json.loads(lines[-1])
    assert (record["rating"], record["comment"]) == ("up", "exact")
    assert record["question"] == "What is the primary DoD noise model for aircraft?"
    assert record["citations"] and record["citations"][0]["doc_id"] == "DoDI 4715.13"


def test_ask_canonical_question_abstains_on_the_samples(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    example = next(b for b in at.button if b.label == CANONICAL)
    example.click().run()
    assert at.text_input(key="ask_q").value == CANONICAL
    assert "Not addressed" in _plain(at.warning)


def test_find_a_citation_gives_text_citation_and_neighbours(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    at.radio(key="mode").set_value("Find a citation").run()
    at.text_input(key="cite_q").set_value("4715.13 1.1.a.(2)").run()
    assert not at.exception, at.exception
    assert next(str(c.value) for c in at.code).startswith("DoDI 4715.13, para. 1.1.a.(2), p.")
    assert "Military noise from:" in _plain(at.markdown)
    neighbour = next(b for b in at.button if str(b.label).startswith("Open"))
    neighbour.click().run()
    assert at.radio(key="mode").value == "Browse"


def test_bare_headings_open_in_browse_and_find_a_citation(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    at.radio(key="mode").set_value("Find a citation").run()
    at.text_input(key="cite_q").set_value("4715.13 3.3").run()  # a title with no text of its own
    assert not at.exception, at.exception
    assert any(str(c.value).startswith("DoDI 4715.13, para. 3.3, p.") for c in at.code)
    at.radio(key="mode").set_value("Browse").run()
    at.selectbox(key="browse_doc").set_value("DoDD 5132.03").run()
    para = at.selectbox(key="browse_para")
    para.select(next(o for o in para.options if o.strip().startswith("2 "))).run()  # SECTION 2
    assert not at.exception, at.exception


def test_browse_opens_any_paragraph_and_searches_the_glossary(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    at.radio(key="mode").set_value("Browse").run()
    at.selectbox(key="browse_doc").set_value("DoDI 4715.13").run()
    para = at.selectbox(key="browse_para")
    target = next(o for o in para.options if "1.1.a.(2)(a)" in o)
    para.select(target).run()
    assert not at.exception, at.exception
    assert any(str(c.value).startswith("DoDI 4715.13, para. 1.1.a.(2)(a)") for c in at.code)
    at.text_input(key="glossary_q").set_value("noise").run()
    assert at.dataframe, "the glossary table is shown"


def test_library_lists_documents_and_refuses_a_non_pdf(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    at.radio(key="mode").set_value("Library").run()
    table = at.dataframe[0].value
    assert set(table["id"]) == {"DoDD 5132.03", "DoDI 4715.13", "DoDM 4160.28, Volume 1"}
    assert all(len(h) == 64 for h in table["sha256"])
    at.file_uploader[0].set_value(("../../evil.pdf", b"<html>nope</html>", "application/pdf"))
    at.button[0].click().run()
    assert "evil.pdf: this is not a PDF" in _plain(at.error)
    assert not (sample_index.parent / "uploads" / "evil.pdf").exists()


def test_upload_adds_a_pdf_and_keeps_what_was_there(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sample_index: Path
) -> None:
    index_dir = tmp_path / "data" / "index"
    shutil.copytree(sample_index, index_dir, symlinks=True)
    pdf = write_fictional_pdf(tmp_path / "fictional.pdf").read_bytes()
    at = _app(monkeypatch, index_dir)
    at.text_input(key="ask_q").set_value("How often are succulents watered?").run()
    assert not any("DoDI 9999.01" in str(c.value) for c in at.code)  # not in the index yet
    at.radio(key="mode").set_value("Library").run()
    at.file_uploader[0].set_value(("../DoDI 9999.01.pdf", pdf, "application/pdf"))
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "Added DoDI_9999.01.pdf" in _plain(at.success)
    assert (tmp_path / "data" / "uploads" / "DoDI_9999.01.pdf").read_bytes() == pdf
    at.run()
    ids = set(at.dataframe[0].value["id"])
    assert ids == {"DoDD 5132.03", "DoDI 4715.13", "DoDM 4160.28, Volume 1", "DoDI 9999.01"}
    at.radio(key="mode").set_value("Ask").run()
    at.text_input(key="ask_q").set_value("How often are succulents watered?").run()
    # the same question in the same session, answered from the new index, not the old answer
    assert any(str(c.value).startswith("DoDI 9999.01, para. 3.1.a") for c in at.code)


def test_hostile_document_text_is_shown_escaped(
    monkeypatch: pytest.MonkeyPatch, hostile_index: Path
) -> None:
    at = _app(monkeypatch, hostile_index)
    at.radio(key="mode").set_value("Find a citation").run()
    at.text_input(key="cite_q").set_value("9999.01 3.1.a.(2)(d)").run()
    bodies = [str(m.value) for m in at.markdown]
    shown = next(b for b in bodies if "Pothos" in b)
    assert "\\<script\\>" in shown and "<script>" not in shown
    assert "\\[click\\]\\(javascript" in shown and "\\:red\\[boom\\]" in shown
    assert HOSTILE in _plain([m for m in at.markdown if "Pothos" in str(m.value)])


def test_cross_reference_opens_the_cited_paragraph(
    monkeypatch: pytest.MonkeyPatch, hostile_index: Path
) -> None:
    at = _app(monkeypatch, hostile_index)
    at.radio(key="mode").set_value("Find a citation").run()
    at.text_input(key="cite_q").set_value("DoDI 9999.01 para 2.1.b").run()
    xref = next(b for b in at.button if _unescape(str(b.label)).startswith("↪"))
    assert "Paragraph 3.1.a" in _unescape(str(xref.label))
    xref.click().run()
    assert at.radio(key="mode").value == "Browse"
    assert at.selectbox(key="browse_doc").value == "DoDI 9999.01"
    assert any(str(c.value).startswith("DoDI 9999.01, para. 3.1.a, p.") for c in at.code)


def test_deep_link_opens_the_paragraph_in_browse(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    params = {"mode": "browse", "doc": "DoDI 4715.13", "para": "3.3.b.(2)(b)"}
    at = _app(monkeypatch, sample_index, params)
    assert at.radio(key="mode").value == "Browse"
    assert at.code[0].value == "DoDI 4715.13, para. 3.3.b.(2)(b), p. 11 (Jan 28, 2020)"
    assert "BNoise model" in _plain(at.markdown)
    assert "?mode=browse&doc=DoDI+4715.13&para=3.3.b.%282%29%28b%29" in _plain(at.markdown)


def test_damaged_vectors_show_the_file_in_ask_but_browse_still_works(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sample_index: Path
) -> None:
    broken = tmp_path / "index"
    shutil.copytree(sample_index, broken, symlinks=True)
    (broken / (broken / "current").readlink() / "faiss.index").write_bytes(b"truncated")
    at = _app(monkeypatch, broken)
    assert "faiss.index" in _plain(at.error) and "policykb ingest" in _plain(at.error)
    at.radio(key="mode").set_value("Browse").run()
    assert not at.exception and not at.error
    assert at.code, "the records still load, so Browse shows a paragraph"
