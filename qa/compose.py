"""Compose an Answer from retrieved hits: governing paragraph, verdict, conditions, support.

Pure and fast (no model, no I/O): everything here runs after retrieval and is what
bench/answer.py times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ingest.records import Paragraph
from qa import abstain, quote, xrefs
from qa.candidates import NOT_ANSWERS, Scored
from qa.context import Context
from qa.ports import LibraryLike
from qa.records import Answer, Condition, Quote, Verdict
from qa.sentences import sentence_spans
from qa.support import support_for, supports
from qa.verdict import condition_spans, force

RELATED = 3
MAX_DEFINITIONS = 4
ABSTAIN_NOTE = (
    "The indexed issuances do not address this question. The nearest paragraphs are listed "
    "as related, not as an answer."
)


def compose(
    question: str,
    qterms: frozenset[str],
    scored: Sequence[Scored],
    library: LibraryLike,
    ctx: Context,
    threshold: float = abstain.THRESHOLD,
) -> Answer:
    """The extractive answer for `question` from scored candidates.

    Args:
        question: as asked.
        qterms: content terms of the question (qa.abstain.terms).
        scored: candidates from `score`, best first.
        library: for citations, lead-ins and children.
        ctx: the library's glossary and references.
        threshold: abstain when the best answer-like candidate scores below it.
    """
    answers = [s for s in scored if s.paragraph.kind not in NOT_ANSWERS]
    best = max((s.confidence for s in answers), default=0.0)
    if abstain.abstains(best, threshold):
        return abstained(question, scored, library, qterms)
    gov = answers[0]
    direct, verdict = direct_answer(gov, qterms, library)
    support = supports(gov, answers[1:], qterms, library, threshold)
    return finish(
        Answer(
            question=question,
            verdict=verdict,
            direct=direct,
            conditions=conditions(gov, library),
            support=support,
            related=(),
            abstained=False,
            confidence=best,
        ),
        library,
        ctx,
    )


def definition(
    question: str,
    rows: Sequence[Paragraph],
    qterms: frozenset[str],
    library: LibraryLike,
    ctx: Context,
) -> Answer:
    """Answer "what is X?" from X's G.2 definition(s), one support per issuance.

    The direct answer is the definition's first sentence; the support quotes each defining
    issuance whole, so a term two issuances define differently shows both.
    """
    first = rows[0]
    a, b = sentence_spans(first.text)[0]
    support = tuple(
        support_for(Scored(r, i, 1.0, 1.0, 1.0, ()), qterms, library) for i, r in enumerate(rows)
    )
    answer = Answer(
        question=question,
        verdict=Verdict.STATED,
        direct=(quote.part(library, first, a, b),),
        conditions=(),
        support=support[:MAX_DEFINITIONS],
        related=(),
        abstained=False,
        notes=(f"Answered from the glossary definition of {first.term!r}.",),
        confidence=1.0,
    )
    return finish(answer, library, ctx)


def abstained(
    question: str,
    scored: Sequence[Scored],
    library: LibraryLike,
    qterms: frozenset[str],
    note: str = ABSTAIN_NOTE,
) -> Answer:
    """An answer that says plainly the issuances do not address the question."""
    related = tuple(support_for(s, qterms, library) for s in scored[:RELATED])
    best = max((s.confidence for s in scored), default=0.0)
    return Answer(
        question, Verdict.NOT_ADDRESSED, (), (), (), related, True, (note,), confidence=best
    )


def finish(answer: Answer, library: LibraryLike, ctx: Context) -> Answer:
    """Add acronym expansions and resolved cross-references for what the answer quotes."""
    shown = [*answer.direct, *(q for s in answer.support for q in (*s.lead_in, s.quote))]
    used = ctx.glossary.expansions((q.paragraph.doc_id, q.text) for q in shown)
    refs = xrefs.resolve(library, ctx.references, [s.quote for s in answer.support])
    return replace(answer, expansions=used, xrefs=refs)


def direct_answer(
    gov: Scored, qterms: frozenset[str], library: LibraryLike
) -> tuple[tuple[Quote, ...], Verdict]:
    """One or two governing sentences and the verdict they state.

    The best-matching sentence comes first. When it states no force but another sentence
    of the paragraph does, that sentence is added, so the verdict shown is quoted. With no
    force in the paragraph, the lead-in's force applies ("The DNWG will:" -> Required).
    """
    p = gov.paragraph
    spans = sentence_spans(p.text)
    ranked = sorted(spans, key=lambda s: -abstain.overlap(qterms, p.text[s[0] : s[1]]))
    best = ranked[0]
    chosen = [best]
    verdict = force(p.text[best[0] : best[1]])
    if verdict is None:
        forced = next((s for s in ranked if force(p.text[s[0] : s[1]])), None)
        if forced is not None:
            chosen.append(forced)
            verdict = force(p.text[forced[0] : forced[1]])
    if verdict is None:
        verdict = next((v for q in reversed(gov.lead_in) if (v := force(q.text))), None)
    chosen.sort()
    quotes = tuple(quote.part(library, p, a, b) for a, b in chosen)
    return quotes, verdict or Verdict.STATED


def conditions(gov: Scored, library: LibraryLike) -> tuple[Condition, ...]:
    """Every condition in the governing paragraph and its lead-ins, never just the first.

    A condition that ends in a colon ("may … only after:") is completed by its children,
    which are quoted as conditions too.
    """
    out: list[Condition] = []
    for q in (*gov.lead_in, quote.whole(library, gov.paragraph)):
        p = q.paragraph
        for a, b in sentence_spans(p.text):
            for keyword, start, end in condition_spans(p.text[a:b]):
                out.append(Condition(keyword, quote.part(library, p, a + start, a + end)))
                if p.text[a + start : a + end].endswith(":"):
                    out.extend(
                        Condition(keyword, quote.whole(library, c))
                        for c in library.children(p)
                        if c.text.strip()
                    )
    return tuple(out)
