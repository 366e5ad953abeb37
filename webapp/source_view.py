""" "Show in the source": the cited page(s) as printed, the quoted paragraph highlighted.

Every citation the app shows gets the toggle; a page is drawn only when its toggle is on, and
the PNGs are cached per record and index version, so an answer with many citations costs
nothing until a reader asks to see one, and a page is drawn once however often it is shown.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from highlight.pages import highlighted_pages
from index.errors import IndexLoadError, NoPageImage
from index.library import Library
from index.page_sources import PageSources
from ingest.records import Paragraph
from qa.quote import cite
from webapp.markup import escape

MAX_CACHED = 64  # drawn records kept per server (~0.2 MB of PNG per page at 110 DPI)


def show_in_source(library: Library, p: Paragraph, key: str) -> None:
    """A "Show in the source" toggle; when on, each page `p` covers with `p` highlighted.

    Args:
        library: the loaded index (its version locates the boxes and the PDF copy).
        p: the cited record.
        key: a prefix unique on the page, for the toggle.
    """
    if not st.toggle("Show in the source", key=f"{key}-source-{p.id}"):
        return
    citation = cite(library, p)
    if library.version is None:
        st.caption("no page image: this library was not loaded from an index")
        return
    drawn = page_pngs(str(library.version), p.doc_id, p.path, p.term, citation, p)
    if isinstance(drawn, str):
        st.caption(escape(drawn))
        return
    for page, png in drawn:
        st.image(png, caption=f"p. {page}", alt=f"p. {page}: {citation}, highlighted")


@st.cache_resource(show_spinner=False, max_entries=4)
def page_sources(version: str) -> PageSources:
    """The boxes and PDF copies of one index version, read once per server."""
    path = Path(version)
    index_dir = path.parent if path.name.startswith("v-") else path
    return PageSources.load(path, index_dir)


@st.cache_data(show_spinner="Drawing the page…", max_entries=MAX_CACHED)
def page_pngs(
    version: str, doc_id: str, path: str, term: str | None, citation: str, _p: Paragraph
) -> list[tuple[int, bytes]] | str:
    """(page, PNG) for each page of one record, or why it has no page image.

    The record is cached under its key (document, path, term) and the index version; `_p`
    itself is not hashed. A reason is returned rather than raised so it is cached too.
    """
    try:
        images = highlighted_pages(page_sources(version).locate(_p), citation)
    except (IndexLoadError, NoPageImage) as exc:
        return str(exc)
    return [(image.page, image.png()) for image in images]
