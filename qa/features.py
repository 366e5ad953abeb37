"""Features of one (question, candidate paragraph) pair, for the learned ranker (qa.rank).

Retrieval signals say how similar a paragraph is to the question; they cannot say whether it
*answers* it. The structural features below carry what a reader uses for that: a who-question
is answered in a Responsibilities section, a may/must question by a sentence with modal force,
a list question by a lead-in ending in ":", a definition question by a G.2 record. Each feature
is a plain number; qa.rank weighs them with weights fitted on the dev split.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.records import Kind, Paragraph
from qa import abstain
from qa.question import QType, Question
from qa.records import Verdict
from qa.sentences import sentences
from qa.verdict import force

# Signals that come from the index; a ranker fitted with one of them needs it at query time.
RETRIEVAL = ("fused", "cosine", "cosine_gap", "bm25", "bm25_gap")
LATE = ("late", "late_gap")
NEIGHBOURS = ("doc_share", "doc_best", "family")
STRUCTURE = (
    "overlap", "focus", "qualifier", "heading_overlap", "actor_match", "actor_in_text",
    "definition", "section", "purpose",
    "enclosure", "depth", "lead_in", "has_children", "states_force", "no_duty", "length",
    "responsibilities", "procedures", "policy", "applicability",
    "may_force", "must_force", "who_responsibilities", "who_actor", "list_lead_in",
    "when_time", "definition_match", "how_procedures",
)  # fmt: skip
NAMES = RETRIEVAL + LATE + NEIGHBOURS + STRUCTURE

_COUNT = (  # a number in figures or words, as issuances print durations
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|thirty|sixty|"
    r"ninety)"
)
TIME = re.compile(  # a time, deadline or frequency (when-questions): "30 days", "12-month"
    rf"\b(?:{_COUNT}[\s-]+(?:calendar\s+|business\s+|working\s+)?(?:days?|hours?|weeks?|"
    r"months?|years?)|annual(?:ly)?|quarterly|monthly|weekly|daily|biennial(?:ly)?|every\s+\w+|"
    r"within|no\s+later\s+than|prior\s+to|before|after|at\s+least\s+once|each\s+(?:year|"
    r"fiscal\s+year|quarter)|(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+\d+)\b",
    re.IGNORECASE,
)
_NO_DUTY = re.compile(
    r"\b(?:is|are)\s+not\s+(?:required|needed|necessary)\b|\bneed\s+not\b|\bexempt\b", re.I
)
# Words that narrow a rule to a case ("after the Guard has done it", "unless …"). They are stop
# words to overlap, yet the paragraph that governs such a question is the one that states the
# same case, not the general rule beside it.
_QUALIFIER = re.compile(
    r"\b(after|before|during|until|unless|without|except|while|once|if|only|overseas|abroad)\b",
    re.IGNORECASE,
)
_SECTION_WORDS = {
    "responsibilities": re.compile(r"RESPONSIBILIT", re.IGNORECASE),
    "procedures": re.compile(r"PROCEDURE|REQUIREMENTS|IMPLEMENTATION", re.IGNORECASE),
    "policy": re.compile(r"\bPOLICY\b", re.IGNORECASE),
    "applicability": re.compile(r"APPLICABILITY|GENERAL ISSUANCE|PURPOSE", re.IGNORECASE),
}


@dataclass(frozen=True)
class Signals:
    """What retrieval measured for one candidate (None where the index lacks the signal).

    Attributes:
        rank: 1-based fused rank.
        cosine: MiniLM cosine with the question.
        bm25: BM25 score.
        late: late-interaction (MaxSim) score with the question's token vectors.
    """

    rank: int
    cosine: float
    bm25: float
    late: float | None = None


@dataclass(frozen=True)
class Neighbours:
    """What the other candidates of the question say about this one.

    Attributes:
        doc_share: share of the question's candidates from the same issuance (an issuance
            that keeps coming up is likely the one the question is about).
        doc_best: 1/log2(1 + best fused rank) of any candidate from the same issuance.
        family: candidates that are its parent, a child or a sibling (a passage several of
            whose parts match is more likely than a stray match).
    """

    doc_share: float
    doc_best: float
    family: int


@dataclass(frozen=True)
class Context:
    """A candidate with the text around it that features read.

    Attributes:
        paragraph: the candidate record.
        lead_in: its ancestors' lead-ins, outermost first.
        has_children: whether it has child records.
        spelled_out: glossary expansions of acronyms in its text (an acronym in the question
            matches a paragraph that spells it out, and vice versa).
    """

    paragraph: Paragraph
    lead_in: tuple[Paragraph, ...]
    has_children: bool
    spelled_out: str = ""


def features(
    question: Question, ctx: Context, sig: Signals, best: Signals, near: Neighbours
) -> list[float]:
    """The feature vector of one candidate, in the order of NAMES.

    Args:
        question: the analysed question.
        ctx: the candidate and its surroundings.
        sig: its retrieval signals.
        best: the best value of each signal over all candidates of this question, so that
            gaps ("how far below the best") mean the same for every question.
        near: what the other candidates say about it.
    """
    p = ctx.paragraph
    lead = " ".join(a.text for a in ctx.lead_in)
    trail = " ".join(p.heading)
    context = " ".join([p.term or "", p.title, lead, p.text, ctx.spelled_out])
    terms = question.terms
    verdict = _force_of(p, ctx.lead_in)
    kinds = {Kind.DEFINITION: 0.0, Kind.SECTION: 0.0, Kind.PURPOSE: 0.0, Kind.ENCLOSURE: 0.0}
    kinds[p.kind] = 1.0
    sections = {name: float(bool(rx.search(p.heading[0] if p.heading else ""))) for name, rx in
                _SECTION_WORDS.items()}  # fmt: skip
    actor = abstain.overlap(question.actor_terms, f"{trail} {lead}") if question.actor else 0.0
    t = question.type
    states = verdict is not None
    lead_in = float(p.text.rstrip().endswith(":"))
    no_duty = bool(_NO_DUTY.search(p.text))
    values = {
        "fused": 1.0 / math.log2(1 + sig.rank),
        "cosine": sig.cosine,
        "cosine_gap": sig.cosine - best.cosine,
        "bm25": sig.bm25 / best.bm25 if best.bm25 > 0 else 0.0,
        "bm25_gap": (sig.bm25 - best.bm25) / best.bm25 if best.bm25 > 0 else 0.0,
        "late": sig.late or 0.0,
        "late_gap": (sig.late or 0.0) - (best.late or 0.0),
        "doc_share": near.doc_share,
        "doc_best": near.doc_best,
        "family": min(near.family, 3) / 3.0,
        "overlap": abstain.overlap(terms, context),
        "focus": max((abstain.overlap(terms, s) for s in sentences(p.text)), default=0.0),
        "qualifier": _shared_share(_qualifiers(question.text), _qualifiers(f"{lead} {p.text}")),
        "heading_overlap": abstain.overlap(terms, f"{trail} {p.title}"),
        "actor_match": actor,
        "actor_in_text": abstain.overlap(question.actor_terms, p.text) if question.actor else 0.0,
        "definition": kinds[Kind.DEFINITION],
        "section": kinds[Kind.SECTION],
        "purpose": kinds[Kind.PURPOSE],
        "enclosure": kinds[Kind.ENCLOSURE],
        "depth": min(len(p.heading), 6) / 6.0,
        "lead_in": lead_in,
        "has_children": float(ctx.has_children),
        "states_force": float(states),
        "no_duty": float(no_duty),
        "length": min(math.log1p(len(p.text.split())) / 6.0, 1.0),
        **sections,
        "may_force": float(t is QType.MAY and verdict in _MAY_ANSWERS),
        "must_force": float(t is QType.MUST and (verdict in _MUST_ANSWERS or no_duty)),
        "who_responsibilities": float(t is QType.WHO) * sections["responsibilities"],
        "who_actor": float(t is QType.WHO) * actor,
        "list_lead_in": float(t is QType.LIST) * lead_in,
        "when_time": float(t is QType.WHEN and bool(TIME.search(p.text))),
        "definition_match": float(t is QType.DEFINITION) * kinds[Kind.DEFINITION],
        "how_procedures": float(t is QType.HOW) * sections["procedures"],
    }
    return [values[name] for name in NAMES]


_MAY_ANSWERS = frozenset({Verdict.PERMITTED, Verdict.PROHIBITED})
_MUST_ANSWERS = frozenset({Verdict.REQUIRED, Verdict.PROHIBITED})


def _qualifiers(text: str) -> frozenset[str]:
    return frozenset(m.lower() for m in _QUALIFIER.findall(text))


def _shared_share(asked: frozenset[str], found: frozenset[str]) -> float:
    """Share of the question's qualifiers the candidate states too (0 when it asks none)."""
    return len(asked & found) / len(asked) if asked else 0.0


def _force_of(p: Paragraph, lead_in: Sequence[Paragraph]) -> Verdict | None:
    """The force the paragraph states, or its nearest lead-in's when it states none."""
    own = force(p.text)
    if own is not None:
        return own
    return next((v for a in reversed(lead_in) if (v := force(a.text)) is not None), None)
