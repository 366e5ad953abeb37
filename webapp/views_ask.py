"""Ask mode: a question in, a verdict with exact quotes and citations out.

The answer is computed once per (question, document filter, index) and kept in the session's
history, so clicking feedback or export does not recompute it and an earlier answer re-opens
at once. The server-side time is shown under it, and what the answer could draw on (the
loaded issuances) above it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import streamlit as st

from index.library import Library
from index.search import Searcher
from qa.answer import answer as compose_answer
from qa.llm import LLMClient
from qa.records import Answer
from qa.render import to_markdown
from webapp.answer_card import answer_card
from webapp.examples import example_questions
from webapp.feedback import CitedParagraph, Feedback, Rating, append_feedback
from webapp.markup import escape
from webapp.resources import Paths
from webapp.views_library import document_rows

MAX_QUESTION_CHARS = 1000  # bounds the work a pasted document could cause
MAX_HISTORY = 20  # answers kept per session
FEEDBACK_NOTE = (
    "Ratings are appended to feedback.jsonl in PolicyKB's data directory on this server "
    "(POLICYKB_DATA) for the evaluation team; nothing is sent anywhere else."
)


@dataclass(frozen=True)
class Asked:
    """An answer with what produced it and how long the server took (milliseconds)."""

    question: str
    doc_ids: tuple[str, ...]
    answer: Answer
    elapsed_ms: float
    index: int  # id() of the Searcher: a rebuilt index (an upload, an ingest) is asked anew


def render(searcher: Searcher, library: Library, paths: Paths) -> None:
    """What is loaded, question box, examples, document filter, history, then the answer."""
    loaded(library)
    st.text_input("Your question", key="ask_q", max_chars=MAX_QUESTION_CHARS)
    examples = example_questions(library)
    for column, example in zip(st.columns(max(len(examples), 1)), examples, strict=False):
        column.button(example, key=f"ex-{example}", on_click=_set_question, args=(example,))
    # A document removed since it was picked would make the widget fail: keep loaded ones.
    picked = st.session_state.get("ask_docs") or []
    st.session_state["ask_docs"] = [d for d in picked if d in library.documents]
    docs = st.multiselect(
        "Only these issuances",
        sorted(library.documents),
        key="ask_docs",
        format_func=lambda d: f"{d} — {library.documents[d].title}",
    )
    question = " ".join(str(st.session_state.get("ask_q", "")).split())
    _history(question, tuple(docs))
    if not question:
        st.info("Type a question or pick an example. Answers quote the issuances word for word.")
        return
    asked = _asked(searcher, question, tuple(docs))
    shown = for_reading(asked.answer)
    answer_card(library, shown)
    st.caption(escape(f"“{asked.question}” answered in {asked.elapsed_ms:.0f} ms on the server."))
    st.download_button(
        "Download answer as Markdown",
        to_markdown(shown),
        file_name="policykb-answer.md",
        mime="text/markdown",
    )
    _feedback(asked, paths)


def loaded(library: Library) -> None:
    """The issuances answers come from, with title, effective date and change."""
    docs = library.documents
    names = ", ".join(sorted(docs)) if len(docs) <= 4 else f"{len(docs)} issuances"
    with st.expander(escape(f"Answers come from {names}"), expanded=False):
        columns = ("id", "title", "effective", "change")
        rows = [{c: row[c] for c in columns} for row in document_rows(library)]
        st.dataframe(rows, hide_index=True, width="stretch")


def for_reading(answer: Answer) -> Answer:
    """The answer as shown and exported: related paragraphs carry no matched sentences.

    They are listed because nothing answered the question, so no sentence in them "matched";
    marking their shared words as matches made an abstention look like an answer.
    """
    related = tuple(replace(s, marked=()) for s in answer.related)
    return replace(answer, related=related)


def _set_question(text: str) -> None:
    st.session_state["ask_q"] = text


def _reopen(question: str, doc_ids: tuple[str, ...]) -> None:
    st.session_state["ask_q"] = question
    st.session_state["ask_docs"] = list(doc_ids)


def _history(current: str, doc_ids: tuple[str, ...]) -> None:
    """Buttons that re-open this session's earlier answers, newest first."""
    earlier = [
        a
        for a in reversed(st.session_state.get("ask_history", {}).values())
        if (a.question, a.doc_ids) != (current, doc_ids)
    ]
    if not earlier:
        return
    with st.expander(f"Earlier questions this session ({len(earlier)})"):
        for i, a in enumerate(earlier):
            where = f" (only {', '.join(a.doc_ids)})" if a.doc_ids else ""
            label = f"{a.question}{where} — {a.answer.verdict.value}"
            st.button(
                escape(label), key=f"hist-{i}", on_click=_reopen, args=(a.question, a.doc_ids)
            )


def _asked(searcher: Searcher, question: str, doc_ids: tuple[str, ...]) -> Asked:
    """Answer `question`, or reuse this session's answer when nothing changed."""
    history: dict[tuple[str, tuple[str, ...], int], Asked] = st.session_state.setdefault(
        "ask_history", {}
    )
    key = (question, doc_ids, id(searcher))
    if key in history:
        return history[key]
    start = time.perf_counter()
    result = compose_answer(
        question, searcher, doc_ids=list(doc_ids) or None, llm=LLMClient.from_env()
    )
    elapsed = (time.perf_counter() - start) * 1000
    asked = Asked(question, doc_ids, result, elapsed, id(searcher))
    history[key] = asked
    while len(history) > MAX_HISTORY:
        history.pop(next(iter(history)))
    return asked


def _feedback(asked: Asked, paths: Paths) -> None:
    """Thumbs up/down, the paragraphs a thumbs-up vouches for, and an optional comment."""
    st.markdown("**Was this answer right?**")
    key = f"{asked.question}|{asked.doc_ids}"
    rating = st.feedback("thumbs", key=f"fb-rating-{key}")
    cited = _cited(asked.answer)
    approved: list[int] = []
    if rating == 1 and cited:
        approved = st.multiselect(
            "Which quoted paragraphs answer it? Only these become expected answers.",
            list(range(len(cited))),
            default=[0],
            key=f"fb-approved-{key}",
            format_func=lambda i: f"{cited[i].doc_id} {cited[i].paragraph}",
        )
    comment = st.text_input("Comment (optional)", key=f"fb-comment-{key}", max_chars=2000)
    if st.button("Send feedback", key=f"fb-send-{key}", disabled=rating is None):
        verdict: Rating = "up" if rating == 1 else "down"
        chosen = tuple(cited[i] for i in approved)
        try:
            append_feedback(paths.feedback, _record(asked, verdict, comment, chosen))
        except OSError:
            st.error("Could not save the feedback: the data directory is not writable here.")
        else:
            st.success("Thank you: saved for the evaluation team.")
    st.caption(FEEDBACK_NOTE)


def _cited(answer: Answer) -> tuple[CitedParagraph, ...]:
    """Every paragraph the answer quoted as support, best first."""
    return tuple(
        CitedParagraph(s.quote.paragraph.doc_id, s.quote.paragraph.path, s.quote.paragraph.pages)
        for s in answer.support
    )


def _record(
    asked: Asked, rating: Rating, comment: str, approved: tuple[CitedParagraph, ...]
) -> Feedback:
    """The feedback line: the answer's quoted text, every paragraph it cited, the approved."""
    answer = asked.answer
    quotes = answer.direct or tuple(s.quote for s in answer.support)
    return Feedback(
        question=asked.question,
        answer=" ".join(q.text for q in quotes) or "Not addressed",
        verdict=answer.verdict.value,
        citations=_cited(answer),
        rating=rating,
        comment=comment,
        approved=approved,
    )
