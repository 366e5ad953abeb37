"""When to say "the issuances do not address this": a score comparable across questions.

Fused ranking scores (reciprocal rank) only order hits within one question, so abstention
uses `confidence = cosine + overlap_weight * overlap`: the dense cosine between question and
paragraph (absolute, in [-1, 1]) plus the share of the question's content words the
paragraph contains. Both mean the same thing for every question, so one threshold applies.
When an official source the library lacks governs the question's topic (qa.absent), an
answer must clear the threshold by an extra margin.

The numbers are data, in qa/abstention.json, written by `python -m qa.calibrate` on the dev
split of a gold set in the library setting; that file names the command, the gold file and the
F1 it reached. Rerun it after changing the model, the parser, the ranker or this score.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import Stemmer

PATH = Path(__file__).with_name("abstention.json")
_CALIBRATED = json.loads(PATH.read_text(encoding="utf-8"))
OVERLAP_WEIGHT: float = _CALIBRATED["overlap_weight"]
THRESHOLD: float = _CALIBRATED["threshold"]
ABSENT_MARGIN: float = _CALIBRATED["absent_margin"]

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


@lru_cache(maxsize=65_536)
def terms(text: str) -> frozenset[str]:
    """Stemmed content words of `text` (stop words and question scaffolding removed).

    Cached: the ranker's features read the same paragraphs and sentences for many questions.
    """
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
