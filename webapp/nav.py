"""Moves the reader between modes: cross-reference buttons and shareable deep links.

Every paragraph the app shows can be opened in Browse, either by a button (a callback that
sets the widgets' state before they are drawn) or by a URL such as
`?mode=browse&doc=DoDI+4715.13&para=3.3`, which the first run of a session honours.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from index.library import Library
from ingest.records import Paragraph
from webapp.markup import escape

ASK, CITE, BROWSE, LIBRARY = "Ask", "Find a citation", "Browse", "Library"
DUTIES = "Responsibilities"
MODES = (ASK, CITE, DUTIES, BROWSE, LIBRARY)
_BY_SLUG = {"ask": ASK, "cite": CITE, "duties": DUTIES, "browse": BROWSE, "library": LIBRARY}


def open_paragraph(doc_id: str, path: str, term: str | None = None) -> None:
    """Button callback: show one paragraph in Browse and put it in the URL."""
    st.session_state["mode"] = BROWSE
    st.session_state["browse_doc"] = doc_id
    st.session_state["browse_target"] = (doc_id, path, term)
    st.query_params.from_dict(_params(doc_id, path, term))


def paragraph_button(p: Paragraph, label: str, key: str) -> None:
    """A button that opens `p` in Browse; `label` is plain text, escaped (labels are Markdown)."""
    st.button(escape(label), key=key, on_click=open_paragraph, args=(p.doc_id, p.path, p.term))


def deep_link(p: Paragraph) -> str:
    """The relative URL that opens `p` in Browse, for sharing."""
    return "?" + urlencode(_params(p.doc_id, p.path, p.term))


def apply_query_params(library: Library | None) -> None:
    """On a session's first run, honour `?mode=...&doc=...&para=...&term=...`.

    Unknown modes and paragraphs are ignored: a stale link opens the app, not an error.
    """
    if st.session_state.get("nav_applied"):
        return
    st.session_state["nav_applied"] = True
    params = st.query_params
    mode = _BY_SLUG.get(params.get("mode", "").lower())
    if mode:
        st.session_state["mode"] = mode
    doc_id, path = params.get("doc"), params.get("para")
    if library is None or not doc_id or doc_id not in library.documents:
        return
    st.session_state["browse_doc"] = doc_id
    if path and library.get(doc_id, path, params.get("term")) is not None:
        st.session_state["browse_target"] = (doc_id, path, params.get("term"))


def _params(doc_id: str, path: str, term: str | None) -> dict[str, str]:
    params = {"mode": "browse", "doc": doc_id, "para": path}
    if term:
        params["term"] = term
    return params
