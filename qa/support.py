"""Choose and quote the supporting paragraphs, marking the sentences that matched.

Two to four paragraphs, the governing one first. When another issuance also bears on the
question (scores above the abstention threshold), its best paragraph is always included,
so an answer that spans two issuances cites both.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa import abstain, quote
from qa.candidates import Scored
from qa.ports import LibraryLike
from qa.records import Support
from qa.sentences import sentence_spans

MIN_SUPPORT = 2
MAX_SUPPORT = 4
MARK_SHARE = 0.5  # a sentence is marked when it shares at least half the best sentence's terms


def supports(
    gov: Scored,
    rest: Sequence[Scored],
    qterms: frozenset[str],
    library: LibraryLike,
    threshold: float = abstain.THRESHOLD,
) -> tuple[Support, ...]:
    """The governing paragraph's support followed by the best other candidates.

    Args:
        gov: the governing candidate.
        rest: other answer-like candidates, best first.
        qterms: content terms of the query.
        library: for citations and lead-ins.
        threshold: candidates at or above it count as bearing on the question.
    """
    ancestors = {q.paragraph.key for q in gov.lead_in}
    pool = [s for s in rest if s.paragraph.key not in ancestors]
    chosen = [s for s in pool if s.confidence >= threshold][: MAX_SUPPORT - 1]
    if len(chosen) < MIN_SUPPORT - 1:
        chosen = pool[: MIN_SUPPORT - 1]
    docs = {gov.paragraph.doc_id, *(s.paragraph.doc_id for s in chosen)}
    other = next(
        (s for s in pool if s.paragraph.doc_id not in docs and s.confidence >= threshold), None
    )
    if other is not None:
        chosen = [*chosen[: MAX_SUPPORT - 2], other]
    return tuple(support_for(s, qterms, library) for s in (gov, *chosen))


def support_for(s: Scored, qterms: frozenset[str], library: LibraryLike) -> Support:
    """One candidate quoted whole, with its lead-in chain and matched sentences marked."""
    q = quote.whole(library, s.paragraph)
    return Support(q, s.lead_in, marked(q.text, qterms), s.confidence)


def marked(text: str, qterms: frozenset[str]) -> tuple[str, ...]:
    """Sentences of `text` that share the most query terms (at least MARK_SHARE of the best)."""
    spans = sentence_spans(text)
    shares = [abstain.overlap(qterms, text[a:b]) for a, b in spans]
    best = max(shares, default=0.0)
    if best <= 0:
        return ()
    return tuple(
        text[a:b] for (a, b), x in zip(spans, shares, strict=True) if x >= MARK_SHARE * best
    )
