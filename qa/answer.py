"""`answer(question, searcher)`: the one call the CLI and the app make.

Order of work: glossary expansion of the query, retrieval, then composition (a "what is X?"
question goes to the glossary definition, anything else to the extractive composer), then
(only when asked) LLM synthesis that must survive verification. Every quote is re-verified
before the answer is returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from qa import abstain, rank
from qa.candidates import score
from qa.compose import abstained, compose, definition
from qa.context import context_for
from qa.duty_questions import duties_answer
from qa.llm import LLMClient, synthesise
from qa.ports import HitLike, LibraryLike, SearcherLike
from qa.quote import verify
from qa.records import Answer
from qa.retrieve import MAX_QUERY_CHARS, Retrieval, retrieve

DEFAULT_K = rank.CANDIDATES  # the pool the ranker was fitted to re-order
EMPTY_NOTE = "The question is empty. Ask about a DoD policy, e.g. 'Can I waive demilitarization?'"
LONG_NOTE = f"Only the first {MAX_QUERY_CHARS} characters of the question were searched."


def answer(
    question: str,
    searcher: SearcherLike,
    k: int = DEFAULT_K,
    doc_ids: Sequence[str] | None = None,
    llm: LLMClient | None = None,
    threshold: float = abstain.THRESHOLD,
) -> Answer:
    """Answer `question` from the indexed issuances, quoting and citing every claim.

    Args:
        question: as the user typed it; control characters are dropped.
        searcher: an open index (`index.search.Searcher`).
        k: fused hits to compose from.
        doc_ids: restrict the answer to these issuances (`--doc`); None searches all.
        llm: optional chat endpoint; its answer is kept only if every id and quote verifies.
        threshold: abstention threshold on qa.abstain.confidence (calibrated default).

    Returns:
        A verified Answer; `abstained` is True when the issuances do not address it.

    Raises:
        qa.records.QuoteError: a quote failed verification (a bug; never shown to a user).
    """
    return answer_and_hits(question, searcher, k, doc_ids, llm, threshold)[0]


def answer_and_hits(
    question: str,
    searcher: SearcherLike,
    k: int = DEFAULT_K,
    doc_ids: Sequence[str] | None = None,
    llm: LLMClient | None = None,
    threshold: float = abstain.THRESHOLD,
) -> tuple[Answer, tuple[HitLike, ...]]:
    """`answer` plus the fused hits it was composed from (for `ask --json` "results")."""
    clean = "".join(c if c.isprintable() else " " for c in question).strip()
    library = searcher.library
    if not any(c.isalnum() for c in clean):
        return abstained(question, [], library, frozenset(), EMPTY_NOTE), ()
    # "What must the USD(P&R) do?": the organisation's duties from its Responsibilities
    # section, quoted in full, instead of the few paragraphs a search would rank (qa.duties).
    listed = duties_answer(clean, library, doc_ids)
    if listed is not None:
        return verify(listed), ()
    query = context_for(library).glossary.expand_query(clean[:MAX_QUERY_CHARS], doc_ids)
    retrieval = retrieve(query, searcher, k, doc_ids)
    result = compose_answer(clean, retrieval, library, doc_ids, threshold)
    if llm is not None and not result.abstained:
        result = verify(synthesise(result, retrieval, llm, library))
    return result, retrieval.hits


def compose_answer(
    question: str,
    retrieval: Retrieval,
    library: LibraryLike,
    doc_ids: Sequence[str] | None = None,
    threshold: float = abstain.THRESHOLD,
) -> Answer:
    """Everything after retrieval: glossary answer or extractive composition, verified.

    This is the stage bench/answer.py times (target: p95 under 50 ms).
    """
    ctx = context_for(library)
    qterms = abstain.terms(question[:MAX_QUERY_CHARS])
    rows = ctx.glossary.definitions_for(question, doc_ids)
    if rows:
        result = definition(question, rows, qterms, library, ctx)
    else:
        scored = score(question, library, retrieval, qterms, ctx.glossary)
        result = compose(question, qterms, scored, library, ctx, threshold)
    if len(question) > MAX_QUERY_CHARS:
        result = replace(result, notes=(*result.notes, LONG_NOTE))
    return verify(result)
