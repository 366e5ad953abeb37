"""Browse mode: an issuance's outline down to any paragraph, and its searchable glossary."""

from __future__ import annotations

import streamlit as st

from index.library import Library
from ingest.citation import path_levels
from ingest.records import Kind, Paragraph
from webapp.cards import paragraph_card
from webapp.nav import deep_link

_GLOSSARY_KINDS = (Kind.ACRONYM, Kind.DEFINITION)  # shown in the glossary table instead
_INDENT = "\u2003"  # an em space: selectbox labels are plain text, so indent with a visible gap


def render(library: Library) -> None:
    """Pick an issuance, then any of its paragraphs from the indented outline; glossary below.

    Every record is listed (not only titled ones), so a child opened from a cross-reference
    or a sub-paragraph button can always be selected.
    """
    doc_ids = sorted(library.documents)
    doc_id = st.selectbox(
        "Issuance",
        doc_ids,
        key="browse_doc",
        format_func=lambda d: f"{d} — {library.documents[d].title}",
    )
    if doc_id is None:
        return
    by_id = {
        p.id: p for p in library.paragraphs if p.doc_id == doc_id and p.kind not in _GLOSSARY_KINDS
    }
    _apply_target(library, by_id)
    chosen = st.selectbox(
        "Paragraph",
        list(by_id),
        key="browse_para",
        format_func=lambda pid: _outline_label(by_id[pid]),
    )
    if chosen is not None:
        p = by_id[chosen]
        with st.container(border=True):
            paragraph_card(library, p, key="browse")
        st.markdown(f"[Link to this paragraph]({deep_link(p)})")
    glossary(library, doc_id)


def glossary(library: Library, doc_id: str) -> None:
    """The issuance's acronyms and definitions as a table, filtered by a search box."""
    entries = library.glossary(doc_id)
    st.subheader("Glossary")
    if not entries:
        st.caption("This issuance has no glossary.")
        return
    needle = st.text_input("Search the glossary", key="glossary_q").strip().lower()
    rows = [
        {"term": p.term or "", "meaning": p.text, "kind": p.kind.value, "paragraph": p.path}
        for p in entries
        if not needle or needle in (p.term or "").lower() or needle in p.text.lower()
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def _apply_target(library: Library, by_id: dict[str, Paragraph]) -> None:
    """Select the paragraph a cross-reference, neighbour button or deep link asked for."""
    target = st.session_state.pop("browse_target", None)
    p = library.get(*target) if target is not None else None
    if p is not None and p.id in by_id:
        st.session_state["browse_para"] = p.id
    elif p is not None and p.kind in _GLOSSARY_KINDS:
        st.session_state["glossary_q"] = p.term or ""
    elif st.session_state.get("browse_para") not in by_id:
        st.session_state.pop("browse_para", None)  # the issuance changed: start at its top


def _outline_label(p: Paragraph) -> str:
    """The paragraph number indented by depth, then its title or first words."""
    depth = 0 if p.parent is None else len(path_levels(p.path)) - 1
    text = p.term or p.title or p.text
    text = text if len(text) <= 80 else text[:77].rstrip() + "…"
    return f"{_INDENT * max(depth, 0)}{p.path} {text}".rstrip()
