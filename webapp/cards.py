"""Draws one cited paragraph: heading trail, exact text, copy-ready citation, context.

Shared by every mode so a paragraph looks the same wherever it appears. All document text
goes through `webapp.markup`, never through raw HTML.
"""

from __future__ import annotations

import streamlit as st

from index.library import Library
from ingest.records import Paragraph
from qa.context import context_for
from qa.quote import cite
from qa.records import Quote, XRef
from qa.xrefs import resolve
from webapp.markup import escape, quote
from webapp.nav import open_paragraph, paragraph_button
from webapp.source_view import show_in_source


def label(p: Paragraph) -> str:
    """A short plain-text label for buttons and lists: path, term or title, first words."""
    name = f"{p.path} {p.term}" if p.term else p.path
    gist = p.title or p.text
    gist = gist if len(gist) <= 70 else gist[:67].rstrip() + "…"
    return f"{p.doc_id} {name} — {gist}" if gist else f"{p.doc_id} {name}"


def citation_block(library: Library, p: Paragraph) -> None:
    """The citation in a code block: Streamlit gives every code block a copy button."""
    st.code(cite(library, p), language=None, wrap_lines=True)


def paragraph_card(library: Library, p: Paragraph, key: str) -> None:
    """Show `p` quoted with its heading trail, citation, cross-references and context.

    Args:
        library: the loaded index, for the citation and the surrounding paragraphs.
        p: the paragraph to show.
        key: a prefix unique on the page, for the widgets inside the card.
    """
    if p.heading:
        st.caption(escape(" > ".join(p.heading)))
    st.markdown(quote(p.text))
    citation_block(library, p)
    show_in_source(library, p, key)
    own_xrefs(library, p, key)
    with st.expander("Full paragraph, lead-in and sub-paragraphs"):
        context_view(library, p, key)


def own_xrefs(library: Library, p: Paragraph, key: str) -> None:
    """Buttons for the cross-references in `p`'s own text ("in accordance with Paragraph 7.3")."""
    if p.text.strip():  # a bare heading ("SECTION 3", "ENCLOSURE 2") has nothing to refer on
        own = Quote(p, p.text, cite(library, p))
        xref_buttons(resolve(library, context_for(library).references, [own]), key)


def xref_buttons(xrefs: tuple[XRef, ...] | list[XRef], key: str) -> None:
    """Each cross-reference in a paragraph becomes a button that opens its target in Browse."""
    for j, x in enumerate(xrefs):
        st.button(
            escape(f"↪ {x.text} — {x.citation}"),
            key=f"{key}-x{j}",
            on_click=open_paragraph,
            args=(x.doc_id, x.path, x.term),
        )


def context_view(library: Library, p: Paragraph, key: str) -> None:
    """The lead-in chain above `p`, its full text, its sub-paragraphs, and buttons to each.

    Cross-references in any of these texts are buttons too, as in the answer card.
    """
    for ancestor in library.lead_in(p):
        st.markdown(quote(ancestor.text))
        own_xrefs(library, ancestor, f"{key}-lead-{ancestor.id}")
    st.markdown(f"**{escape(p.path)}** " + escape(p.text))
    own_xrefs(library, p, f"{key}-self")
    parent = library.parent(p)
    if parent is not None:
        paragraph_button(parent, "↑ " + label(parent), key=f"{key}-up-{parent.id}")
    for child in library.children(p):
        st.markdown(f"**{escape(child.path)}** " + escape(child.text))
        own_xrefs(library, child, f"{key}-child-x-{child.id}")
        paragraph_button(child, f"Open {child.path}", key=f"{key}-child-{child.id}")
