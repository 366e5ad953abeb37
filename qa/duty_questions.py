"""Answers "What are the ATSD(PA)'s responsibilities?" with that organisation's duties, cited.

Such a question asks for a list an issuance already states, organisation by organisation, in
its Responsibilities section; a search would return the few paragraphs that best match the
words and miss the rest. So when a question asks what an organisation must do and the loaded
issuances assign that organisation duties, the answer is the duties themselves, each quoted
verbatim with its lead-in and citation (qa.duties). Any other question is left to retrieval.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa import quote
from qa.context import context_for
from qa.duties import Duty, organisations, select
from qa.ports import LibraryLike
from qa.records import Answer, Quote, Support, Verdict

MAX_DUTIES = 40  # beyond this an answer stops being readable; the CLI/app table lists all
_DUTIES = r"(?:roles\s+and\s+)?(?:responsibilities|duties|tasks|roles)"
_THE = r"(?:the\s+)?"
_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"^what\s+(?:are|were)\s+{_THE}(?P<org>.+?)(?:'s|\u2019s|s'|\u2019)\s+{_DUTIES}$",
        rf"^what\s+(?:are|is)\s+{_THE}{_DUTIES}\s+(?:of|for|assigned\s+to)\s+{_THE}(?P<org>.+)$",
        rf"^(?:list|show)(?:\s+me)?\s+(?:all\s+)?{_THE}{_DUTIES}\s+(?:of|for)\s+{_THE}(?P<org>.+)$",
        rf"^what\s+(?:must|shall|should|will|does|do)\s+{_THE}(?P<org>.+?)\s+"
        r"(?:(?:have|need)\s+to\s+)?do$",
        rf"^what\s+(?:is|are)\s+{_THE}(?P<org>.+?)\s+responsible\s+for$",
        rf"^{_THE}(?P<org>.+?)(?:'s|\u2019s)\s+{_DUTIES}$",
    )
)
_PEOPLE = frozenset({"i", "we", "you", "they", "he", "she", "it", "my", "our", "your", "us"})


def asked_organisation(question: str) -> str | None:
    """The organisation a "what must X do?" question names, None for any other question."""
    text = " ".join(question.split()).rstrip(" ?.!")
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            org = match.group("org").strip(" ,")
            return None if org.casefold() in _PEOPLE else org
    return None


def duties_answer(
    question: str, library: LibraryLike, doc_ids: Sequence[str] | None = None
) -> Answer | None:
    """The cited list of an organisation's duties, or None when the question is not one.

    Args:
        question: as asked.
        library: the loaded issuances.
        doc_ids: only these issuances (the document filter); None for all.

    Returns:
        A Required answer whose support quotes every duty (up to MAX_DUTIES) with its
        lead-in, and whose direct answer quotes each holder paragraph ("The USD(P&R):");
        None when the question names no organisation that the issuances assign duties to.
    """
    org = asked_organisation(question)
    if org is None:
        return None
    rows = [d for d in select(library, org, doc_ids) if d.paragraph.text.strip()]
    if not rows:
        return None
    shown = rows[:MAX_DUTIES]
    support = tuple(_support(library, d) for d in shown)
    glossary = context_for(library).glossary
    quoted = [q for s in support for q in (*s.lead_in, s.quote)]
    return Answer(
        question=question,
        verdict=Verdict.REQUIRED,
        direct=_holders(library, shown),
        conditions=(),
        support=support,
        related=(),
        abstained=False,
        notes=(_note(org, rows, len(shown)),),
        expansions=glossary.expansions((q.paragraph.doc_id, q.text) for q in quoted),
        confidence=1.0,
    )


def _support(library: LibraryLike, duty: Duty) -> Support:
    """One duty quoted whole, with the lead-ins that introduce it."""
    leads = tuple(quote.whole(library, p) for p in duty.lead_in)
    return Support(quote.whole(library, duty.paragraph), leads, confidence=1.0)


def _holders(library: LibraryLike, rows: list[Duty]) -> tuple[Quote, ...]:
    """Each holder paragraph's own words ("The USD(A&S):"), or its first duty when it has none."""
    out: dict[tuple[str, str, str | None], Quote] = {}
    for d in rows:
        if d.holder.key not in out:
            first = d.holder if d.holder.text.strip() else d.paragraph
            out[d.holder.key] = quote.whole(library, first)
    return tuple(out.values())


def _note(org: str, rows: list[Duty], shown: int) -> str:
    """Where the list comes from, and how to see all of it when it was cut."""
    docs = ", ".join(dict.fromkeys(d.paragraph.doc_id for d in rows))
    names = "; ".join(organisations(rows))
    note = (
        f"Answered from the Responsibilities section of {docs}: {len(rows)} duties assigned to "
        f"{names}, each quoted with its citation."
    )
    if shown < len(rows):
        note += f' The first {shown} are shown; `policykb duties --org "{org}"` lists all.'
    return note
