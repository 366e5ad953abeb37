"""PolicyKB in the browser: ask, find a citation, responsibilities, browse, manage the library.

A thin view: answers come from `qa`, search and the paragraph tree from `index`, and the
drawing from `webapp`. Run with `streamlit run app.py` (the index is read from
POLICYKB_INDEX, default data/index; uploads and feedback go under POLICYKB_DATA, default
data/; POLICYKB_READ_ONLY=1 turns uploads and removals off).
"""

from __future__ import annotations

import streamlit as st

from index.errors import IndexLoadError, IndexMissingError
from index.library import Library
from index.settings import Settings
from webapp import empty, nav, views_ask, views_browse, views_cite, views_duties, views_library
from webapp.messages import public
from webapp.resources import Paths, index_stamp, load_library, open_searcher


def main() -> None:
    """Load the index once, pick a mode, draw it; with no index, say how to make one."""
    st.set_page_config(page_title="PolicyKB", page_icon="📘", layout="wide")
    st.title("PolicyKB")
    st.caption("DoD issuances, answered with exact quotes and citations.")
    settings = Settings.from_env()
    paths = Paths.from_settings(settings)
    stamp = index_stamp(paths.index_dir)
    library, problem = _library(paths, stamp)
    nav.apply_query_params(library)
    views_library.notice()  # what the last upload or removal did, also after the page changed
    if library is None:
        empty.render(public(problem, paths) if problem else None, paths.read_only)
        views_library.render(None, paths, settings)
        return
    mode = st.radio("Mode", nav.MODES, key="mode", horizontal=True, label_visibility="collapsed")
    if mode == nav.LIBRARY:
        views_library.render(library, paths, settings)
        return
    if mode == nav.BROWSE:
        views_browse.render(library)
        return
    if mode == nav.DUTIES:
        views_duties.render(library)
        return
    try:
        searcher = open_searcher(str(paths.index_dir), stamp, settings)
    except IndexLoadError as exc:  # e.g. vectors damaged while the records still load
        empty.render(public(str(exc), paths), paths.read_only)
        return
    if mode == nav.CITE:
        views_cite.render(searcher, library)
    else:
        views_ask.render(searcher, library, paths)


def _library(paths: Paths, stamp: str) -> tuple[Library | None, str | None]:
    """The library, or None with the reason it could not be opened (None when absent)."""
    if not stamp:
        return None, None
    try:
        return load_library(str(paths.index_dir), stamp), None
    except IndexMissingError:
        return None, None
    except IndexLoadError as exc:  # damaged or outdated: the message names file and fix
        return None, str(exc)


main()
