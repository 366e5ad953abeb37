"""When to say "the issuances do not address this": a score comparable across questions.

Fused ranking scores (reciprocal rank) only order hits within one question, so abstention
uses `confidence = cosine + OVERLAP_WEIGHT * overlap`: the dense cosine between question and
paragraph (absolute, in [-1, 1]) plus the share of the question's content words the
paragraph contains. Both mean the same thing for every question, so one threshold applies.

The defaults below come from `python -m qa.calibrate --gold eval/gold/samples.jsonl --index
DIR`, DIR an index of every sample PDF (modern/*.pdf, old/*.pdf: 17 issuances, 3,312 records;
all-MiniLM-L6-v2; k=15), run on 2026-11-24: 64 questions, 12 unanswerable. Weight 0.5
reaches 59/64 (0.25, 0.75 and 1.0: 58/64; 0: 57/64); the widest best gap lies between 0.579
(an unanswerable question) and 0.591 (an answerable one), so THRESHOLD = 0.585.
The 5 misses (the command lists them) are 1 unanswerable question near a real topic (hearing
protection) and 4 answerable ones worded far from their paragraph. Rerun it
after changing the model, the parser or this score, and paste the chosen values here.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

OVERLAP_WEIGHT = 0.5
THRESHOLD = 0.585

_STEMMER = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
# Function words and question scaffolding carry no topic; modal verbs are the verdict's job.
_STOP = frozenset(
    """a about above after again all am an and any are as at be been before being below between
    both but by can could did do does doing down during each few for from further had has have
    having he her here hers him his how i if in into is it its itself just me might more most
    must my myself no nor not now of off on once only or other our ours out over own same shall
    she should so some such than that the their theirs them then there these they this those
    through to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself allowed allow ok okay get got need needs use used using
    anyone someone somebody people person thing things way ways us let lets want wants able
    kind sort tell know say says said one""".split()  # noqa: SIM905 (prose list; 150 literals)
)


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def terms(text: str) -> frozenset[str]:
    """Stemmed content words of `text` (stop words and question scaffolding removed)."""
    return frozenset(_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP)


def overlap(question_terms: frozenset[str], text: str) -> float:
    """Share of the question's content words that occur in `text`, in [0, 1]."""
    if not question_terms:
        return 0.0
    return len(question_terms & terms(text)) / len(question_terms)


def confidence(cosine: float, lexical: float, weight: float = OVERLAP_WEIGHT) -> float:
    """The abstention score: dense cosine plus weighted lexical overlap."""
    return cosine + weight * lexical


def abstains(score: float, threshold: float = THRESHOLD) -> bool:
    """Whether an answer whose best paragraph scores `score` should abstain."""
    return score < threshold
