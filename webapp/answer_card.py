"""Draws an `qa.records.Answer`: verdict badge, direct quote, conditions, support, xrefs.

Every quoted string is verbatim document text (qa guarantees it) and is escaped here, so a
paragraph containing markup or script is shown as text.
"""

from __future__ import annotations

import streamlit as st

from index.library import Library
from qa.records import Answer, Quote, Support, Verdict
from webapp.cards import citation_block, context_view, xref_buttons
from webapp.markup import escape, quote
from webapp.source_view import show_in_source

_BADGE_COLOURS = {
    Verdict.PERMITTED: "green",
    Verdict.REQUIRED: "blue",
    Verdict.PROHIBITED: "red",
    Verdict.RECOMMENDED: "violet",
    Verdict.STATED: "gray",
    Verdict.NOT_ADDRESSED: "orange",
}
_NOT_ADDRESSED = "The ingested issuances do not answer this question."


def answer_card(library: Library, answer: Answer) -> None:
    """Show the whole answer; an abstention shows "Not addressed" and the related paragraphs."""
    # The label is one of the Verdict constants, never document or user text.
    st.markdown(f"**Verdict** :{_BADGE_COLOURS[answer.verdict]}-badge[{answer.verdict.value}]")
    notes = answer.notes
    if answer.abstained:  # one notice: the first note already says why it abstained
        st.warning("**Not addressed.** " + escape(notes[0] if notes else _NOT_ADDRESSED))
        notes = notes[1:]
    for note in notes:
        st.caption(escape(note))
    if answer.synthesis is not None:
        st.markdown(escape(answer.synthesis.text))
        st.caption(escape(f"Written by {answer.synthesis.model}; every quote it uses verified."))
    if answer.direct:
        st.markdown("**Direct answer**")
        _quotes(library, answer.direct, "dir")
    direct = {q.citation for q in answer.direct}
    for j, condition in enumerate(answer.conditions):
        st.markdown(f"**Condition** ({escape(condition.keyword)})")
        _quotes(library, (condition.quote,), f"cond{j}", cited=direct)
    _supports(library, answer, answer.support, "Quoted paragraphs", "sup")
    _supports(library, answer, answer.related, "Related paragraphs (not an answer)", "rel")
    if answer.expansions:
        st.caption(
            escape("Acronyms: " + "; ".join(f"{e.term} = {e.meaning}" for e in answer.expansions))
        )


def _quotes(
    library: Library, quotes: tuple[Quote, ...], key: str, cited: set[str] | None = None
) -> None:
    """Quotes from one paragraph read as one passage, then its citation unless in `cited`."""
    for citation in dict.fromkeys(q.citation for q in quotes):
        mine = [q for q in quotes if q.citation == citation]
        st.markdown(quote(" … ".join(q.text for q in mine)))
        if citation not in (cited or set()):
            st.code(citation, language=None, wrap_lines=True)
            show_in_source(library, mine[0].paragraph, key)


def _supports(
    library: Library, answer: Answer, supports: tuple[Support, ...], title: str, key: str
) -> None:
    """One block per paragraph: lead-in, quote, citation, cross-references, context."""
    if not supports:
        return
    st.subheader(title)
    for i, s in enumerate(supports):
        p = s.quote.paragraph
        with st.container(border=True):
            for lead in s.lead_in:
                st.markdown(quote(lead.text))
            st.markdown(quote(s.quote.text, s.marked))
            citation_block(library, p)
            show_in_source(library, p, f"{key}{i}")
            xref_buttons([x for x in answer.xrefs if x.source == s.quote.citation], f"{key}{i}")
            with st.expander("Full paragraph, lead-in and sub-paragraphs"):
                context_view(library, p, f"{key}{i}")
