"""Rendering (terminal, Markdown, JSON, the ask --json payload) and the verbatim property."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_qa_compose import DOC1, DOC2, FakeSearcher, _p, fictional_library

from cli.ask import payload as ask_json
from index.library import Library
from qa.answer import answer, answer_and_hits
from qa.quote import verify
from qa.records import QuoteError
from qa.render import to_json, to_markdown, to_text

LIBRARY = fictional_library()
QUESTION = "May personnel share official content from personal social media accounts?"
CITATION = "DoDI 9999.01, para. 1.2.a, p. 3 (Jan 2, 2024, incorporating Change 1, Mar 4, 2025)"


@pytest.fixture()
def searcher() -> FakeSearcher:
    return FakeSearcher(LIBRARY)


def test_text_shows_verdict_direct_answer_and_copy_ready_citations(searcher: FakeSearcher) -> None:
    text = to_text(answer(QUESTION, searcher))
    assert text.startswith(f"Q: {QUESTION}\nVerdict: Permitted\n")
    assert f"— {CITATION}" in text
    assert "“It is DoD policy that:” …" in text  # the parent's lead-in comes with the child
    assert (
        "Conditions:\n  • [provided that] “provided that they do not imply DoD endorsement.”"
        in text
    )
    assert "**" not in text and "“DoD personnel may use personal social media accounts" in text
    bold = to_text(answer(QUESTION, searcher), ("<b>", "</b>"))
    assert "<b>DoD personnel may use personal social media accounts" in bold  # matched sentence


def test_markdown_export_quotes_and_cites(searcher: FakeSearcher) -> None:
    md = to_markdown(answer(QUESTION, searcher))
    assert "**Verdict:** Permitted" in md
    assert f"> — {CITATION}" in md
    assert "> It is DoD policy that:" in md


def test_markup_in_document_text_is_escaped_in_markdown() -> None:
    base = fictional_library()
    hostile = _p(
        DOC1,
        "1.2.d",
        "Personnel must not post <script>alert(1)</script> & such, nor [links](http://x) *ever*.",
        4,
        "1.2",
    )
    a = answer(
        "Can personnel post script alerts?",
        FakeSearcher(Library(base.documents, [*base.paragraphs, hostile])),
    )
    md = to_markdown(a)
    escaped = r"\<script\>alert(1)\</script\> \& such, nor \[links\](http://x) \*ever\*."
    assert "<script>" not in md and escaped in md
    assert a.direct[0].text.startswith("Personnel must not post <script>alert(1)</script> & such")


def test_abstention_renders_related_not_an_answer(searcher: FakeSearcher) -> None:
    a = answer("What is the per diem rate for Hawaii?", searcher)
    text, md = to_text(a), to_markdown(a)
    assert "Verdict: Not addressed" in text and "Related, not an answer:" in text
    assert "#### Related, not an answer" in md
    assert to_json(a)["citations"] == [] and to_json(a)["abstained"] is True


def test_ask_json_payload_extends_the_core_contract(searcher: FakeSearcher) -> None:
    a, hits = answer_and_hits(QUESTION, searcher, k=5)
    payload = json.loads(json.dumps(ask_json(a, hits)))
    assert payload["question"] == QUESTION
    assert len(payload["results"]) == 5
    assert set(payload["results"][0]) >= {
        "doc_id",
        "paragraph",
        "pages",
        "heading",
        "text",
        "score",
    }
    assert payload["verdict"] == "Permitted" and payload["abstained"] is False
    assert payload["answer"] == a.direct[0].text
    first = payload["citations"][0]
    assert {k: first[k] for k in ("doc_id", "paragraph", "pages")} == {
        "doc_id": DOC1,
        "paragraph": "1.2.a",
        "pages": [3],
    }
    assert first["quote"] in a.support[0].quote.paragraph.text
    assert first["citation"] == CITATION
    assert payload["conditions"][0]["keyword"] == "provided that"


def test_xrefs_and_expansions_are_data_in_json(searcher: FakeSearcher) -> None:
    data = to_json(answer("How soon does an EOP have to be registered in the registry?", searcher))
    assert {"term": "EOP", "meaning": "external official presence", "doc_id": DOC1} in data[
        "expansions"
    ]
    xref = next(x for x in data["xrefs"] if x["text"] == "DoDI 8170.01")  # type: ignore[union-attr]
    assert xref["paragraph"] == "References" and xref["doc_id"] == DOC1


def test_rendering_refuses_a_tampered_quote(searcher: FakeSearcher) -> None:
    a = answer(QUESTION, searcher)
    object.__setattr__(a.direct[0], "text", "Personnel may post anything they like.")
    for render in (to_text, to_markdown, to_json, verify):
        with pytest.raises(QuoteError, match="non-verbatim"):
            render(a)


WORDS = sorted({w for p in LIBRARY.paragraphs for w in p.text.split()} | {"EOP", "Hawaii", "can"})


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), st.sampled_from([None, [DOC2]]))
@settings(max_examples=150, deadline=None)
def test_every_quote_of_any_answer_is_a_verbatim_substring(
    words: list[str], docs: list[str] | None
) -> None:
    a = answer(" ".join(words) + "?", FakeSearcher(LIBRARY), doc_ids=docs)
    for q in a.quotes():
        assert q.text and q.text in q.printed
        assert docs is None or q.paragraph.doc_id in docs
    for s in (*a.support, *a.related):
        assert all(m in s.quote.text for m in s.marked)
    if a.abstained:
        assert a.direct == () and a.support == ()
    else:  # the governing paragraph is quoted in the direct answer (after a lead-in or actor)
        assert a.support[0].quote.paragraph in [q.paragraph for q in a.direct]
