"""Example questions for the Ask page, taken from what the index actually holds.

An example must be answerable from the loaded library: a question about an issuance that is
not loaded only shows off an abstention. So a hand-picked question appears only when its
issuance is loaded, and the rest are made from the library itself: one organisation's duties
(qa.duties) and one glossary definition, each checked to be routed to its answer.
"""

from __future__ import annotations

import re

from qa.context import context_for
from qa.duties import all_duties
from qa.duty_questions import asked_organisation
from qa.ports import LibraryLike

COUNT = 3
# (issuance, a question its text answers: checked on the samples by tests/test_app.py).
CURATED = (
    ("DoDI 5400.17", "Can I like an official post from my personal account?"),
    ("DoDI 4715.13", "What is the primary DoD noise model for aircraft?"),
    ("DoDM 4160.28, Volume 1", "Can we bury contaminated equipment instead of demilitarizing it?"),
)
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&/()]*[A-Z)]$")  # "USD(P&R)", "CJCS", "ASD(SO/LIC)"
_TRAILING_ACRONYM = re.compile(r"\((?P<acronym>[A-Z][A-Za-z0-9&/()]*[A-Z)])\)\s*$")


def example_questions(library: LibraryLike) -> list[str]:
    """Up to COUNT questions the loaded issuances answer, the hand-picked ones first."""
    loaded = set(library.documents)
    found = [question for doc_id, question in CURATED if doc_id in loaded]
    for made in (_duties_question(library), _definition_question(library)):
        if made:
            found.append(made)
    return list(dict.fromkeys(found))[:COUNT]


def _duties_question(library: LibraryLike) -> str | None:
    """ "What must the USD(P) do?" for the first organisation named by an acronym."""
    for duty in all_duties(library):
        name = duty.organisation.strip()
        match = _TRAILING_ACRONYM.search(name)
        acronym = match.group("acronym") if match else name if _ACRONYM.match(name) else None
        question = f"What must the {acronym} do?" if acronym else None
        if question and asked_organisation(question) == acronym:
            return question
    return None


def _definition_question(library: LibraryLike) -> str | None:
    """ "What does integrated country strategy mean?" for a short term some G.2 defines."""
    glossary = context_for(library).glossary
    for term in glossary.definitions:
        if not 1 <= len(term.split()) <= 3 or not term.replace(" ", "").isalpha():
            continue
        question = f"What does {term} mean?"
        if glossary.definitions_for(question):
            return question
    return None
