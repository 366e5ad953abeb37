"""Retrieved paragraphs scored for answering: the ranker's order and the abstention score.

Two numbers per candidate. `confidence` decides abstention and must mean the same for every
question (qa.abstain). `preference` orders candidates within one question: the learned
ranker's score (qa.rank over qa.features), which weighs retrieval signals with what the
question asks for (a verdict, an organisation, a list) and what the paragraph is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ingest.records import Kind, Paragraph
from qa import abstain, features, quote, rank
from qa.glossary import Glossary
from qa.ports import LibraryLike
from qa.question import analyse
from qa.records import Quote
from qa.retrieve import Retrieval

# Records that cite well but do not answer a question on their own: abstention looks past them.
NOT_ANSWERS = frozenset({Kind.REFERENCE, Kind.ACRONYM, Kind.ENCLOSURE})


@dataclass(frozen=True)
class Scored:
    """A candidate paragraph with the parts of its abstention score.

    Attributes:
        paragraph: the retrieved record.
        rank: 0-based position in the fused hit list.
        cosine: dense cosine with the query.
        overlap: share of query terms found in the paragraph, its title and its lead-ins.
        confidence: qa.abstain.confidence of the two.
        lead_in: the ancestors' lead-ins a quote of it must carry.
        preference: ordering key within one question (higher first).
    """

    paragraph: Paragraph
    rank: int
    cosine: float
    overlap: float
    confidence: float
    lead_in: tuple[Quote, ...]
    preference: float = 0.0


def score(
    question: str,
    library: LibraryLike,
    retrieval: Retrieval,
    qterms: frozenset[str],
    glossary: Glossary,
    weight: float = abstain.OVERLAP_WEIGHT,
) -> list[Scored]:
    """Score every non-empty hit; best first by the learned ranker, the fused rank breaking ties.

    Args:
        question: as asked; the ranker reads its type and actor (qa.question).
        library: for lead-ins and children.
        retrieval: hits with their signals.
        qterms: content terms of the question as asked (not of the expanded query, so an
            acronym and its meaning count once).
        glossary: a paragraph that spells out an acronym also matches the acronym.
        weight: weight of overlap in the confidence.

    The lead-in and title count toward overlap because a child such as "(3) Occupational
    noise exposure …" is only about applicability through its parents' words.
    """
    rows = candidate_rows(question, library, retrieval, glossary)
    if not rows:
        return []
    matrix = np.array([r.features for r in rows])
    available = frozenset({"late"}) if any(h.late is not None for h in retrieval.hits) else None
    model = rank.load().model_for(available or frozenset())
    preference = model.score(matrix)
    out = []
    for row, pref in zip(rows, preference, strict=True):
        lex = abstain.overlap(qterms, row.context)
        conf = abstain.confidence(row.cosine, lex, weight)
        lead = tuple(quote.whole(library, a) for a in row.lead_in)
        out.append(Scored(row.paragraph, row.rank, row.cosine, lex, conf, lead, float(pref)))
    out.sort(key=lambda s: (-s.preference, s.rank))
    return out


@dataclass(frozen=True)
class Row:
    """One candidate with its feature vector (qa.features.NAMES order)."""

    paragraph: Paragraph
    rank: int  # 0-based fused rank
    cosine: float
    lead_in: tuple[Paragraph, ...]
    context: str  # term, title, lead-ins, text and spelled-out acronyms: what overlap reads
    features: list[float]


def candidate_rows(
    question: str, library: LibraryLike, retrieval: Retrieval, glossary: Glossary
) -> list[Row]:
    """Feature rows of every non-empty hit, in fused order (also what qa.fit_ranker fits on)."""
    analysed = analyse(question)
    hits = [(i, h) for i, h in enumerate(retrieval.hits) if h.paragraph.text.strip()]
    signals = [features.Signals(i + 1, h.cosine or 0.0, h.bm25 or 0.0, h.late) for i, h in hits]
    if not signals:
        return []
    best = features.Signals(
        1,
        max(s.cosine for s in signals),
        max(s.bm25 for s in signals),
        max((s.late for s in signals if s.late is not None), default=None),
    )
    near = _neighbours([h.paragraph for _, h in hits], [sig.rank for sig in signals])
    rows = []
    for (i, h), sig, around in zip(hits, signals, near, strict=True):
        p = h.paragraph
        lead = tuple(library.lead_in(p))
        base = " ".join([p.term or "", p.title, *(a.text for a in lead), p.text])
        spelled = " ".join(glossary.spelled_out(base))
        ctx = features.Context(p, lead, bool(library.children(p)), spelled)
        rows.append(
            Row(
                p,
                i,
                sig.cosine,
                lead,
                f"{base} {spelled}",
                features.features(analysed, ctx, sig, best, around),
            )
        )
    return rows


def _neighbours(paragraphs: list[Paragraph], ranks: list[int]) -> list[features.Neighbours]:
    """Each candidate's standing among the others: its issuance's share and best rank, and
    how many of its parent, children and siblings were retrieved too."""
    count: dict[str, int] = {}
    best: dict[str, int] = {}
    for p, r in zip(paragraphs, ranks, strict=True):
        count[p.doc_id] = count.get(p.doc_id, 0) + 1
        best[p.doc_id] = min(best.get(p.doc_id, r), r)
    keys = {(p.doc_id, p.path) for p in paragraphs}
    parents: dict[tuple[str, str | None], int] = {}
    for p in paragraphs:
        parents[(p.doc_id, p.parent)] = parents.get((p.doc_id, p.parent), 0) + 1
    out = []
    for p in paragraphs:
        family = (
            ((p.doc_id, p.parent) in keys)
            + parents.get((p.doc_id, p.path), 0)
            + parents.get((p.doc_id, p.parent), 1)
            - 1
        )
        out.append(
            features.Neighbours(
                count[p.doc_id] / len(paragraphs), 1.0 / math.log2(1 + best[p.doc_id]), family
            )
        )
    return out
