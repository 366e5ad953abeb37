"""Find a citation: from "5400.17 8.2.c(3)" or a phrase to the exact text and its citation.

For public affairs staff who need the words and the cite, not an answer: a citation-shaped
query is resolved in the library directly; anything else is a plain search. A citation that
names an issuance the library lacks, or a paragraph the issuance lacks, is said to be missing
(with the nearest paragraphs, as `policykb cite` does), never answered with search hits that
would look like the paragraph asked for. No answer is composed and no verdict is given.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import streamlit as st

from index.errors import EmptyQueryError
from index.library import Library
from index.search import Searcher
from ingest.citation import parse_citation
from ingest.records import Paragraph
from webapp.cards import paragraph_card
from webapp.markup import escape
from webapp.nav import paragraph_button

MAX_RESULTS = 5
_NUMBERED = re.compile(r"(?:E\d+|G|\d+)(?:[.(][0-9a-zA-Z.()]*)?")  # "3", "E2.1.a", "8.2.c.(3)"


@dataclass(frozen=True)
class Lookup:
    """What a query found: paragraphs, or why there are none and what is close.

    Attributes:
        paragraphs: the records to show, best first.
        problem: why nothing is shown ("no such paragraph", "not in your library").
        nearby: paragraphs to offer instead ("did you mean").
        similar: loaded issuances whose number is close to one the library lacks.
    """

    paragraphs: list[Paragraph]
    problem: str = ""
    nearby: list[Paragraph] = field(default_factory=list)
    similar: list[str] = field(default_factory=list)


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
    found = find(searcher, library, text)
    if found.problem:
        _missing(found)
        return
    if not found.paragraphs:
        st.warning("No paragraph matches. Check the issuance number in Library, or try words.")
        return
    for i, p in enumerate(found.paragraphs):
        with st.container(border=True):
            paragraph_card(library, p, key=f"cite{i}")
            with st.expander("Neighbouring paragraphs", expanded=True):
                for side, n in zip(("before", "after"), library.neighbours(p), strict=True):
                    if n is not None:
                        st.markdown(f"**{escape(n.path)}** " + escape(n.text))
                        paragraph_button(n, f"Open {n.path} ({side})", key=f"cite{i}-{side}")


def find(searcher: Searcher, library: Library, text: str) -> Lookup:
    """Paragraphs a citation names exactly, else the best search hits for a phrase.

    A citation of an issuance that is not loaded, or of a paragraph that does not exist,
    finds nothing and says so; only text that is no citation is searched.
    """
    citation = parse_citation(text)
    numbered = citation.path is not None and _NUMBERED.fullmatch(citation.path) is not None
    docs = library.find_documents(text) if citation.doc is not None else []
    if citation.doc is not None and not docs:
        return _not_loaded(library, text)
    resolved = library.resolve(text)
    if resolved:
        return Lookup(resolved[:MAX_RESULTS])
    where = f"{docs[0]} " if len(docs) == 1 else ""
    if numbered:
        term = f" \u201c{citation.term}\u201d" if citation.term else ""
        problem = f"{where}{citation.path}{term}: no such paragraph."
        return Lookup([], problem, library.suggest(text))
    if docs and citation.path is None:  # "4715.13" alone: which paragraph?
        return Lookup([], f"{where.strip() or text}: name a paragraph too, e.g. {text} 1.2.")
    try:
        hits = searcher.search(text, k=MAX_RESULTS, doc_ids=docs or None)
    except EmptyQueryError:  # only punctuation or control characters: nothing to look up
        return Lookup([])
    return Lookup([hit.paragraph for hit in hits])


def _not_loaded(library: Library, text: str) -> Lookup:
    """The issuance a citation names is not in the library; offer the closest numbers."""
    ref = parse_citation(text).doc
    assert ref is not None  # only called for citations that name an issuance
    named = f"{ref.series} {ref.number}" if ref.series else ref.number
    numbers = {d: d.split(" ")[1].rstrip(",") for d in library.documents if " " in d}
    close = difflib.get_close_matches(ref.number, list(numbers.values()), n=3, cutoff=0.8)
    similar = [d for d, number in numbers.items() if number in close]
    problem = f"{named} is not in your library. Add it on the Library page, or check the number."
    return Lookup([], problem, similar=similar)


def _missing(found: Lookup) -> None:
    """Say what is missing, then offer what is close as buttons that look it up."""
    st.warning(escape(found.problem))
    offers = [f"{p.doc_id} {p.path}" for p in found.nearby] + found.similar
    if offers:
        st.markdown("Did you mean:")
        for i, offer in enumerate(offers):
            st.button(escape(offer), key=f"cite-near-{i}", on_click=_look_up, args=(offer,))


def _look_up(text: str) -> None:
    st.session_state["cite_q"] = text
