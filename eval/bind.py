"""Bind the runner to a real index: one Searcher per settings variant, answers from qa.

Heavy imports (index.search loads torch) happen inside the functions, so the CLI can show
help and validate gold files without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from eval.answers import AnswerRecord, CitedQuote
from eval.gold import GoldQuestion, Ref
from eval.runner import Ask, Retrieve, Variant, VariantRun, run_variant
from eval.subtree import LeafHit, rerank_by_unit

WARM_UP = "Who is responsible for this program?"  # untimed first query per variant


def default_variants() -> tuple[Variant, ...]:
    """The shipped default first (hybrid), then each baseline worth comparing against it."""
    return (
        Variant("hybrid"),
        Variant("bm25", mode="bm25"),
        Variant("dense", mode="dense"),
        Variant("hybrid-dense2x", overrides=(("dense_weight", 2.0),)),
        Variant("hybrid-bm25-2x", overrides=(("bm25_weight", 2.0),)),
        Variant("hybrid-expanded", overrides=(("expand_queries", True),)),
        Variant("bm25-expanded", mode="bm25", overrides=(("expand_queries", True),)),
        Variant("hybrid-children", unit="subtree"),
    )


def align_doc_ids(
    gold: Sequence[GoldQuestion], doc_ids: Sequence[str]
) -> tuple[list[GoldQuestion], list[str]]:
    """Map gold doc ids onto the index's spelling ("DoDD 5535.4" -> "DoDD 5535.04").

    Returns:
        The gold questions with aligned ids, and one warning per gold id the index lacks
        (its questions cannot be hit, which the report should not blame on ranking).
    """
    from ingest.citation import parse_doc

    mapping: dict[str, str] = {}
    warnings: list[str] = []
    for wanted in sorted({e.doc_id for q in gold for e in q.expect}):
        ref = parse_doc(wanted)
        found = [d for d in doc_ids if d == wanted] or [
            d for d in doc_ids if ref is not None and ref.matches(d)
        ]
        if found:
            mapping[wanted] = found[0]
        else:
            warnings.append(f"gold document {wanted!r} is not in the index; its questions miss")
    aligned = [
        replace(
            q, expect=tuple(Ref(mapping.get(e.doc_id, e.doc_id), e.paragraph) for e in q.expect)
        )
        for q in gold
    ]
    return aligned, warnings


def evaluate(
    gold: Sequence[GoldQuestion],
    index_dir: Path,
    variants: Sequence[Variant],
    answers: bool = True,
    k: int = 10,
    single: bool = False,
) -> list[VariantRun]:
    """Run every variant against the index; answers only for the first (the default).

    Args:
        single: the per-issuance setting: each question is searched and answered within its
            own governing issuance only (a document filter on the library index), as if that
            issuance were the only one loaded. Default: the library setting, every issuance.
    """
    from index.search import Searcher
    from index.settings import Settings

    base = Searcher.open(index_dir, Settings.from_env(index_dir=index_dir))
    text = partial(paragraph_text, base.library)
    scopes = {q.question: sorted({e.doc_id for e in q.expect}) for q in gold} if single else {}
    runs = []
    for i, variant in enumerate(variants):
        searcher = base.with_settings(**dict(variant.overrides))
        retrieve = make_retrieve(searcher, variant, scopes)
        # Its own query cache: the answer must not reuse the vector retrieval just computed.
        ask = make_ask(searcher.with_settings(), scopes) if answers and i == 0 else None
        retrieve(WARM_UP, k)  # load the model and caches outside the timed questions
        if ask is not None:
            ask(WARM_UP)
        runs.append(run_variant(gold, variant, retrieve, ask, k, text))
    return runs


def make_retrieve(
    searcher: Any, variant: Variant, scopes: dict[str, list[str]] | None = None
) -> Retrieve:
    """question, k -> ranked refs for one variant of one Searcher.

    Args:
        scopes: question -> the issuances to search it in (the per-issuance setting); a
            question not listed searches everything.
    """

    def leaf(question: str, k: int) -> list[Ref]:
        docs = (scopes or {}).get(question)
        hits = searcher.search(question, k=k, doc_ids=docs, mode=variant.mode)
        return [Ref(h.paragraph.doc_id, h.paragraph.path) for h in hits]

    def subtree(question: str, k: int) -> list[Ref]:
        # The same k leaves re-ordered: a deeper pool lets big lists (tables, glossaries) win
        # on sheer member count, which measured worse (Recall@5 0.21 vs 0.69 on samples).
        hits = searcher.search(
            question, k=k, doc_ids=(scopes or {}).get(question), mode=variant.mode
        )
        leaves = [
            LeafHit(Ref(h.paragraph.doc_id, h.paragraph.path), h.paragraph.parent) for h in hits
        ]
        return rerank_by_unit(leaves, k)

    return subtree if variant.unit == "subtree" else leaf


def make_ask(searcher: Any, scopes: dict[str, list[str]] | None = None) -> Ask:
    """question -> AnswerRecord through qa.answer.answer (within its scope, if any)."""
    from qa.answer import answer

    return lambda question: to_record(
        answer(question, searcher, doc_ids=(scopes or {}).get(question))
    )


def make_ask_answers(
    index_dir: Path, questions: Sequence[str]
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Answer questions for a review sheet: (verdict, direct quote, formatted citations)."""
    from index.search import Searcher
    from index.settings import Settings
    from ingest.citation import format_citation
    from qa.answer import answer

    searcher: Any = Searcher.open(index_dir, Settings.from_env(index_dir=index_dir))
    docs = searcher.library.documents
    out = []
    for question in questions:
        ans = answer(question, searcher)
        shown = ans.support or ans.related
        cites = tuple(
            format_citation(docs[s.quote.paragraph.doc_id], s.quote.paragraph) for s in shown
        )
        out.append((str(ans.verdict.value), " ".join(q.text for q in ans.direct), cites))
    return out


def to_record(ans: Any) -> AnswerRecord:
    """eval's view of a qa.records.Answer: verdict, abstention, support and every shown quote."""
    support = tuple(_cited(s.quote) for s in ans.support)
    return AnswerRecord(
        verdict=str(ans.verdict.value),
        abstained=bool(ans.abstained),
        direct=" ".join(q.text for q in ans.direct),
        support=support,
        shown=tuple(_cited(q) for q in ans.quotes()),
        ranked=tuple(Ref(p.doc_id, p.path) for p in ans.ranking),
    )


def paragraph_text(library: Any, cited: CitedQuote) -> str | None:
    """The stored text (or title) the quote cites, None when the index has no such paragraph."""
    p = library.get(cited.ref.doc_id, cited.ref.paragraph, cited.term)
    if p is None:
        return None
    return p.title if cited.source == "title" else p.text


def _cited(quote: Any) -> CitedQuote:
    p = quote.paragraph
    return CitedQuote(Ref(p.doc_id, p.path), quote.text, p.term, quote.source)
