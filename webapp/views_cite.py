"""Find a citation: from "5400.17 8.2.c(3)" or a phrase to the exact text and its citation.

For public affairs staff who need the words and the cite, not an answer: a citation-shaped
query is resolved in the library directly; anything else is a plain search. No answer is
composed and no verdict is given.
"""

from __future__ import annotations

import streamlit as st

from index.errors import EmptyQueryError
from index.library import Library
from index.search import Searcher
from ingest.records import Paragraph
from webapp.cards import paragraph_card
from webapp.markup import escape
from webapp.nav import paragraph_button

MAX_RESULTS = 5


def render(searcher: Searcher, library: Library) -> None:
    """Lookup box, then each match with its citation (copy button) and its neighbours."""
    st.text_input(
        "Citation or phrase",
        key="cite_q",
        max_chars=500,
        placeholder="e.g. 4715.13 3.3.f, or a phrase from the paragraph",
    )
    text = " ".join(str(st.session_state.get("cite_q", "")).split())
    if not text:
        st.info("Type a citation such as `4715.13 3.3.f` or a few words from a paragraph.")
        return
    matches = find(searcher, library, text)
    if not matches:
        st.warning("No paragraph matches. Check the issuance number in Library, or try words.")
        return
    for i, p in enumerate(matches):
        with st.container(border=True):
            paragraph_card(library, p, key=f"cite{i}")
            with st.expander("Neighbouring paragraphs", expanded=True):
                for side, n in zip(("before", "after"), library.neighbours(p), strict=True):
                    if n is not None:
                        st.markdown(f"**{escape(n.path)}** " + escape(n.text))
                        paragraph_button(n, f"Open {n.path} ({side})", key=f"cite{i}-{side}")


def find(searcher: Searcher, library: Library, text: str) -> list[Paragraph]:
    """Paragraphs a citation names exactly, else the best search hits for the phrase."""
    resolved = library.resolve(text)
    if resolved:
        return resolved[:MAX_RESULTS]
    try:
        hits = searcher.search(text, k=MAX_RESULTS)
    except EmptyQueryError:  # only punctuation or control characters: nothing to look up
        return []
    return [hit.paragraph for hit in hits]
