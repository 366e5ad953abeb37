"""Each mode of the app through Streamlit's AppTest, against a prebuilt index in tmp_path."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from app_index import (
    HOSTILE,
    copy_with,
    find_citation,
    open_app,
    sample_pdfs,
    shared_index,
    write_hostile_issuance,
)
from streamlit.testing.v1 import AppTest

from index.library import Library
from index.search import Searcher
from index.settings import Settings
from qa.answer import answer
from qa.render import to_markdown
from webapp.examples import example_questions
from webapp.markup import HIGHLIGHT
from webapp.views_ask import for_reading

CANONICAL = "Can I like an official post from my personal account?"
HIGHLIGHTED = HIGHLIGHT.split("{")[0]  # ":yellow-background["

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
    return open_app(monkeypatch, index_dir, params)


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
    monkeypatch: pytest.MonkeyPatch, sample_index: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"  # POLICYKB_DATA, not beside POLICYKB_INDEX
    at = open_app(monkeypatch, sample_index, data_dir=data)
    at.text_input(key="ask_q").set_value("What is the primary DoD noise model for aircraft?").run()
    assert not at.exception, at.exception
    quotes = [str(m.value) for m in at.markdown if str(m.value).startswith("\u201c")]
    assert quotes and not any(str(m.value).startswith("> ") for m in at.markdown)
    assert any(HIGHLIGHTED in q and "NOISEMAP" in q for q in quotes), "matched sentence marked"
    citations = [str(c.value) for c in at.code]
    assert any(c.startswith("DoDI 4715.13, para.") for c in citations), citations
    assert "answered in" in _plain(at.caption)
    assert "feedback.jsonl in PolicyKB's data directory" in _plain(at.caption)
    assert str(data) not in _plain(at.caption) and at.get("download_button")
    at.feedback[0].set_value(1).run()
    approved = next(m for m in at.multiselect if str(m.key).startswith("fb-approved"))
    assert len(approved.value) == 1  # the first citation, until the reader ticks others
    next(t for t in at.text_input if str(t.key).startswith("fb-comment")).set_value("exact")
    next(b for b in at.button if str(b.key).startswith("fb-send")).click().run()
    assert "saved" in _plain(at.success)
    record = json.loads((data / "feedback.jsonl").read_text("utf-8").splitlines()[-1])
    assert (record["rating"], record["comment"]) == ("up", "exact")
    assert record["question"] == "What is the primary DoD noise model for aircraft?"
    assert record["citations"] and record["citations"][0]["doc_id"] == "DoDI 4715.13"
    assert record["approved"] == record["citations"][:1]
    assert not (sample_index.parent / "feedback.jsonl").exists()


def test_examples_come_from_the_loaded_library_and_are_answered(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    examples = example_questions(Library.load(sample_index))
    labels = [str(b.label) for b in at.button if str(b.key).startswith("ex-")]
    assert labels == examples and CANONICAL not in labels  # DoDI 5400.17 is not loaded
    assert "What must the USD(P) do?" in labels  # made from DoDD 5132.03's Responsibilities
    for example in examples:
        next(b for b in at.button if b.label == example).click().run()
        assert at.text_input(key="ask_q").value == example
        assert not at.warning, f"{example!r} abstained"


def test_ask_canonical_question_abstains_with_one_notice_and_no_marks(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    at.text_input(key="ask_q").set_value(CANONICAL).run()
    assert len(at.warning) == 1 and "Not addressed" in _plain(at.warning)
    assert "do not address" not in _plain(at.caption)  # said once, in the warning
    assert not any(HIGHLIGHTED in str(m.value) for m in at.markdown)


def test_markdown_export_marks_only_matched_sentences(sample_index: Path) -> None:
    searcher = Searcher.open(sample_index, Settings())
    abstained = answer(CANONICAL, searcher)
    assert abstained.abstained and abstained.related
    exported = to_markdown(for_reading(abstained))
    assert exported.count("**") == 2  # only "**Verdict:**": nothing in "related" matched
    answered = for_reading(answer("What is the primary DoD noise model for aircraft?", searcher))
    marked = [m for s in answered.support for m in s.marked]
    text = to_markdown(answered).replace("**Verdict:**", "").replace("**Conditions:**", "")
    assert marked and text.count("**") == 2 * len(marked)


def test_ask_shows_what_is_loaded_and_filters_by_title(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    loaded = next(e for e in at.expander if "Answers come from" in _unescape(str(e.label)))
    assert "DoDI 4715.13" in _unescape(str(loaded.label))
    table = at.dataframe[0].value
    assert list(table.columns) == ["id", "title", "effective", "change"]
    assert "DoD Operational Noise Program" in set(table["title"])
    assert "Change 3, July 15, 2019" in set(table["change"])
    docs = at.multiselect(key="ask_docs")
    assert "DoDI 4715.13 — DoD Operational Noise Program" in docs.options


def test_ask_lists_an_organisations_duties_and_reopens_earlier_answers(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    at.text_input(key="ask_q").set_value("What are the USD(P)'s responsibilities?").run()
    citations = [str(c.value) for c in at.code]
    assert "DoDD 5132.03, para. 2.1.a, p. 5 (Dec 29, 2016)" in citations
    assert "Responsibilities section of DoDD 5132.03" in _plain(at.caption)
    first = next(c for c in at.caption if "answered in" in str(c.value)).value
    at.text_input(key="ask_q").set_value("What is the primary DoD noise model for aircraft?").run()
    earlier = next(b for b in at.button if str(b.key).startswith("hist-"))
    assert _unescape(str(earlier.label)).startswith("What are the USD(P)'s responsibilities?")
    earlier.click().run()
    assert at.text_input(key="ask_q").value == "What are the USD(P)'s responsibilities?"
    again = next(c for c in at.caption if "answered in" in str(c.value)).value
    assert again == first  # the same answer re-opened, not asked again


def test_responsibilities_mode_filters_by_organisation_and_exports(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    at.radio(key="mode").set_value("Responsibilities").run()
    everything = at.table[0].value.map(_unescape)
    assert {"DoDD 5132.03", "DoDI 4715.13"} <= {
        p.rsplit(" ", 1)[0] for p in everything["paragraph"]
    }
    at.text_input(key="duties_org").set_value("Secretaries of the Military Departments").run()
    table = at.table[0].value.map(_unescape)
    assert list(table.columns) == ["organisation", "paragraph", "lead-in", "duty", "citation"]
    assert set(table["organisation"]) >= {"SECRETARIES OF THE MILITARY DEPARTMENTS"}
    assert "DoDI 4715.13 2.5.a" in set(table["paragraph"]) and len(table) < len(everything)
    assert [b.label for b in at.get("download_button")] == ["Download CSV", "Download Markdown"]
    at.text_input(key="duties_org").set_value("ATSD(PA)").run()
    assert "No duties of “ATSD(PA)”" in _plain(at.warning)


def test_find_a_citation_gives_text_citation_and_neighbours(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    find_citation(at, "4715.13 1.1.a.(2)")
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
    find_citation(at, "4715.13 3.3")  # a title with no text of its own
    assert not at.exception, at.exception
    assert any(str(c.value).startswith("DoDI 4715.13, para. 3.3, p.") for c in at.code)
    at.radio(key="mode").set_value("Browse").run()
    at.selectbox(key="browse_doc").set_value("DoDD 5132.03").run()
    para = at.selectbox(key="browse_para")
    para.select(next(o for o in para.options if o.strip().startswith("2 "))).run()  # SECTION 2
    assert not at.exception, at.exception


def test_find_a_citation_says_no_such_paragraph_and_offers_the_nearest(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    find_citation(at, "4715.13 3.9.z")  # once: 1.1, 1.2, 2.5 shown
    assert "DoDI 4715.13 3.9.z: no such paragraph." in _plain(at.warning)
    assert not at.code, "no paragraph is shown for a citation that names none"
    nearest = [b for b in at.button if str(b.key).startswith("cite-near-")]
    assert nearest and all(_unescape(str(b.label)).startswith("DoDI 4715.13 3.") for b in nearest)
    nearest[0].click().run()
    wanted = _unescape(str(nearest[0].label)).removeprefix("DoDI 4715.13 ")
    assert any(str(c.value).startswith(f"DoDI 4715.13, para. {wanted}, p.") for c in at.code)


def test_find_a_citation_of_an_issuance_not_loaded_says_so(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = _app(monkeypatch, sample_index)
    find_citation(at, "5400.17 8.2.c(3)")  # the README's own example
    assert "5400.17 is not in your library" in _plain(at.warning)
    assert not at.code
    at.text_input(key="cite_q").set_value("DoDD 5132.04 2.1").run()
    assert "DoDD 5132.04 is not in your library" in _plain(at.warning)
    assert [_unescape(str(b.label)) for b in at.button if str(b.key).startswith("cite-near")] == [
        "DoDD 5132.03"
    ]


def test_cross_references_inside_the_expander_are_buttons(
    monkeypatch: pytest.MonkeyPatch, hostile_index: Path
) -> None:
    at = _app(monkeypatch, hostile_index)
    find_citation(at, "9999.01 2.1")  # "The OPC will:" a., b., c.
    inside = [b for b in at.button if "-child-x-" in str(b.key)]
    assert inside and "Paragraph 3.1.a" in _unescape(str(inside[0].label))
    inside[0].click().run()
    assert at.radio(key="mode").value == "Browse"
    assert any(str(c.value).startswith("DoDI 9999.01, para. 3.1.a, p.") for c in at.code)


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


def test_hostile_document_text_is_shown_escaped(
    monkeypatch: pytest.MonkeyPatch, hostile_index: Path
) -> None:
    at = _app(monkeypatch, hostile_index)
    find_citation(at, "9999.01 3.1.a.(2)(d)")
    bodies = [str(m.value) for m in at.markdown]
    shown = next(b for b in bodies if "Pothos" in b)
    assert "\\<script\\>" in shown and "<script>" not in shown
    assert "\\[click\\]\\(javascript" in shown and "\\:red\\[boom\\]" in shown
    assert HOSTILE in _plain([m for m in at.markdown if "Pothos" in str(m.value)])


def test_cross_reference_opens_the_cited_paragraph(
    monkeypatch: pytest.MonkeyPatch, hostile_index: Path
) -> None:
    at = _app(monkeypatch, hostile_index)
    find_citation(at, "DoDI 9999.01 para 2.1.b")
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
