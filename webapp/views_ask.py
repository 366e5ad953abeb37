"""Ask mode: a question in, a verdict with exact quotes and citations out.

The answer is computed once per (question, document filter) and kept in the session, so
clicking feedback or export does not recompute it. The server-side time is shown under it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

from index.library import Library
from index.search import Searcher
from qa.answer import answer as compose_answer
from qa.llm import LLMClient
from qa.records import Answer
from qa.render import to_markdown
from webapp.answer_card import answer_card
from webapp.feedback import CitedParagraph, Feedback, Rating, append_feedback
from webapp.markup import escape
from webapp.resources import Paths

EXAMPLES = (
    "Can I like an official post from my personal account?",
    "What is the primary DoD noise model for aircraft?",
    "What must installations do about noise complaints?",
)
MAX_QUESTION_CHARS = 1000  # bounds the work a pasted document could cause


@dataclass(frozen=True)
class Asked:
    """An answer with what produced it and how long the server took (milliseconds)."""

    question: str
    doc_ids: tuple[str, ...]
    answer: Answer
    elapsed_ms: float
    index: int  # id() of the Searcher: a rebuilt index (an upload, an ingest) is asked anew


def render(searcher: Searcher, library: Library, paths: Paths) -> None:
    """Question box, example questions, document filter, then the answer card."""
    st.text_input("Your question", key="ask_q", max_chars=MAX_QUESTION_CHARS)
    for column, example in zip(st.columns(len(EXAMPLES)), EXAMPLES, strict=True):
        column.button(example, key=f"ex-{example}", on_click=_set_question, args=(example,))
    docs = st.multiselect("Only these issuances", sorted(library.documents), key="ask_docs")
    question = " ".join(str(st.session_state.get("ask_q", "")).split())
    if not question:
        st.info("Type a question or pick an example. Answers quote the issuances word for word.")
        return
    asked = _asked(searcher, question, tuple(docs))
    answer_card(library, asked.answer)
    st.caption(escape(f"“{asked.question}” answered in {asked.elapsed_ms:.0f} ms on the server."))
    st.download_button(
        "Download answer as Markdown",
        to_markdown(asked.answer),
        file_name="policykb-answer.md",
        mime="text/markdown",
    )
    _feedback(asked, paths)


def _set_question(text: str) -> None:
    st.session_state["ask_q"] = text


def _asked(searcher: Searcher, question: str, doc_ids: tuple[str, ...]) -> Asked:
    """Answer `question`, or reuse this session's answer when nothing changed."""
    previous = st.session_state.get("asked")
    key = (question, doc_ids, id(searcher))
    if isinstance(previous, Asked) and (previous.question, previous.doc_ids, previous.index) == key:
        return previous
    start = time.perf_counter()
    result = compose_answer(
        question, searcher, doc_ids=list(doc_ids) or None, llm=LLMClient.from_env()
    )
    elapsed = (time.perf_counter() - start) * 1000
    asked = Asked(question, doc_ids, result, elapsed, id(searcher))
    st.session_state["asked"] = asked
    return asked


def _feedback(asked: Asked, paths: Paths) -> None:
    """Thumbs up/down with an optional comment, appended to the feedback JSONL file."""
    st.markdown("**Was this answer right?**")
    key = f"{asked.question}|{asked.doc_ids}"
    rating = st.feedback("thumbs", key=f"fb-rating-{key}")
    comment = st.text_input("Comment (optional)", key=f"fb-comment-{key}", max_chars=2000)
    if st.button("Send feedback", key=f"fb-send-{key}", disabled=rating is None):
        verdict: Rating = "up" if rating == 1 else "down"
        append_feedback(paths.feedback, _record(asked, verdict, comment))
        st.success("Thank you: saved for the evaluation team.")


def _record(asked: Asked, rating: Rating, comment: str) -> Feedback:
    """The feedback line: the answer's quoted text and every paragraph it cited."""
    answer = asked.answer
    quotes = answer.direct or tuple(s.quote for s in answer.support)
    cited = tuple(
        CitedParagraph(s.quote.paragraph.doc_id, s.quote.paragraph.path, s.quote.paragraph.pages)
        for s in answer.support
    )
    return Feedback(
        question=asked.question,
        answer=" ".join(q.text for q in quotes) or "Not addressed",
        verdict=answer.verdict.value,
        citations=cited,
        rating=rating,
        comment=comment,
    )
