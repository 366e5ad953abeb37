"""Retrieved paragraphs scored for answering: cosine, lexical overlap, confidence, lead-in.

Two numbers per candidate. `confidence` decides abstention and must mean the same for every
question (qa.abstain). `preference` orders candidates within one question: confidence plus
how well one sentence of the paragraph's own text matches (the governing paragraph states
the answer in one place, a parent or sibling only shares vocabulary) plus a bonus for
stating a force, or the absence of a duty, when the question asks for one ("Can I …?", "Do
we have to …?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.records import Kind, Paragraph
from qa import abstain, quote
from qa.glossary import Glossary
from qa.ports import LibraryLike
from qa.records import Quote
from qa.retrieve import Retrieval
from qa.sentences import sentences
from qa.verdict import force

# Records that cite well but do not answer a question on their own: abstention looks past them.
NOT_ANSWERS = frozenset({Kind.REFERENCE, Kind.ACRONYM, Kind.ENCLOSURE})
FOCUS_WEIGHT = 0.3
FORCE_BONUS = 0.1
# Definitions share a question's vocabulary without answering it; "what is X?" questions
# reach them through qa.glossary instead.
DEFINITION_PENALTY = 0.15
# A lead-in ("… the following requirements shall apply:") is completed by its children; when
# a child was retrieved too, the child is the governing text.
LEAD_IN_PENALTY = 0.1
_ASKS_FORCE = re.compile(
    r"^\s*(?:can|may|must|should|shall|do|does|is|are|am|will|could|would)\b|\b(?:have|has|"
    r"need|needs|required|allowed|permitted)\s+to\b|\bprohibited\b",
    re.IGNORECASE,
)
# Absence of a duty answers "Do I need to …?" as squarely as a duty does, though it states no
# force of its own ("A waiver is not required when …").
_NO_DUTY = re.compile(
    r"\b(?:is|are)\s+not\s+(?:required|needed|necessary)\b|\bneed\s+not\b|\bexempt\b",
    re.IGNORECASE,
)


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
    """Score every non-empty hit; best first by preference, the fused rank breaking ties.

    Args:
        question: as asked; decides whether stating a force earns the bonus.
        library: for lead-ins.
        retrieval: hits and cosines.
        qterms: content terms of the question as asked (not of the expanded query, so an
            acronym and its meaning count once).
        glossary: a paragraph that spells out an acronym also matches the acronym.
        weight: weight of overlap in the confidence.

    The lead-in and title count toward overlap because a child such as "(3) Occupational
    noise exposure …" is only about applicability through its parents' words.
    """
    asks_force = bool(_ASKS_FORCE.search(question))
    out = []
    for i, hit in enumerate(retrieval.hits):
        p = hit.paragraph
        if not p.text.strip():
            continue
        lead = quote.lead_in(library, p)
        context = " ".join([p.term or "", p.title, *(q.text for q in lead), p.text])
        context += " " + " ".join(glossary.spelled_out(context))
        lex = abstain.overlap(qterms, context)
        cos = retrieval.cosine_of(p.id)
        conf = abstain.confidence(cos, lex, weight)
        states = force(p.text) is not None or _NO_DUTY.search(p.text) is not None
        pref = conf + _focus(qterms, p.text) + (FORCE_BONUS if asks_force and states else 0)
        pref -= DEFINITION_PENALTY if p.kind is Kind.DEFINITION else 0
        pref -= LEAD_IN_PENALTY if p.text.rstrip().endswith(":") else 0
        out.append(Scored(p, i, cos, lex, conf, lead, pref))
    out.sort(key=lambda s: (-s.preference, s.rank))
    return out


def _focus(qterms: frozenset[str], text: str) -> float:
    """FOCUS_WEIGHT times the best share of query terms found within one sentence."""
    return FOCUS_WEIGHT * max((abstain.overlap(qterms, s) for s in sentences(text)), default=0.0)
