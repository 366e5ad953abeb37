"""Answer metrics: are the citations right, the verdict right, the quotes real, abstentions apt.

Works on :class:`AnswerRecord`, eval's own view of an answer, so the metrics can be derived by
hand in tests and do not change when the answer module grows fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eval.gold import GoldQuestion, Ref
from eval.metrics import is_hit, mean


@dataclass(frozen=True)
class CitedQuote:
    """One support citation of an answer and the text it quotes from that paragraph."""

    ref: Ref
    quote: str
    term: str | None = None  # glossary/reference records share a path and differ by term
    source: str = "text"  # "title" when the quote is the paragraph's printed title


@dataclass(frozen=True)
class AnswerRecord:
    """What the evaluation reads from an answer."""

    verdict: str
    abstained: bool
    direct: str  # the direct quote that answers the question, "" when none
    support: tuple[CitedQuote, ...]  # supporting paragraphs, the governing one first
    shown: tuple[CitedQuote, ...] = ()  # every quote put on screen (direct, lead-ins, related)
    ranked: tuple[Ref, ...] = ()  # the answer layer's own ranking, best first (eval.quality)


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace, so wrapped-line joins do not decide containment."""
    return " ".join(text.split())


def answer_scores(
    gold: Sequence[GoldQuestion],
    answers: Sequence[AnswerRecord],
    paragraph_text: Callable[[CitedQuote], str | None],
) -> dict[str, float]:
    """All answer metrics over one run, as means in [0, 1].

    Args:
        gold: the labelled questions, in the same order as ``answers``.
        answers: one answer per question.
        paragraph_text: the cited paragraph's stored text, None when the citation names no
            indexed paragraph (which makes its quote non-verbatim).

    Returns:
        first_citation_accuracy, citation_precision, citation_recall (answerable questions the
        system answered), verdict_accuracy (questions with gold verdicts; any one listed
        counts), quote_containment (questions with a gold quote), verbatim_quote_rate (every
        quote shown), and
        abstention_precision/recall/f1 (unanswerable is the positive class).
    """
    pairs = list(zip(gold, answers, strict=True))
    answered = [(g, a) for g, a in pairs if g.expect and not a.abstained]
    cited = [(g, a) for g, a in answered if a.support]
    scores = {
        "first_citation_accuracy": mean(
            float(bool(a.support) and is_hit(a.support[0].ref, g.expect)) for g, a in answered
        ),
        "citation_precision": mean(
            sum(is_hit(c.ref, g.expect) for c in a.support) / len(a.support) for g, a in cited
        ),
        "citation_recall": mean(
            float(any(is_hit(c.ref, g.expect) for c in a.support)) for g, a in answered
        ),
        "verdict_accuracy": mean(float(a.verdict in g.verdicts) for g, a in pairs if g.verdicts),
        "quote_containment": mean(
            float(_contains(a, g.quote)) for g, a in pairs if g.quote is not None
        ),
        "verbatim_quote_rate": verbatim_rate(answers, paragraph_text),
    }
    scores.update(abstention_scores(gold, answers))
    return scores


def verbatim_rate(
    answers: Sequence[AnswerRecord], paragraph_text: Callable[[CitedQuote], str | None]
) -> float:
    """Share of shown quotes that occur word for word in the paragraph they cite (1.0 if none).

    Reads ``shown`` (every quote on screen) and falls back to ``support`` when a record has
    no separate list.
    """
    quotes = [c for a in answers for c in (a.shown or a.support) if c.quote.strip()]
    if not quotes:
        return 1.0
    good = 0
    for cited in quotes:
        text = paragraph_text(cited)
        if text is not None and normalise_space(cited.quote) in normalise_space(text):
            good += 1
    return good / len(quotes)


def abstention_scores(
    gold: Sequence[GoldQuestion], answers: Sequence[AnswerRecord]
) -> dict[str, float]:
    """Precision, recall and F1 of abstaining, with unanswerable questions as positives."""
    tp = sum(g.unanswerable and a.abstained for g, a in zip(gold, answers, strict=True))
    fp = sum(not g.unanswerable and a.abstained for g, a in zip(gold, answers, strict=True))
    fn = sum(g.unanswerable and not a.abstained for g, a in zip(gold, answers, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"abstention_precision": precision, "abstention_recall": recall, "abstention_f1": f1}


def _contains(answer: AnswerRecord, quote: str) -> bool:
    """The gold quote appears in the direct answer or in any quoted support."""
    needle = normalise_space(quote)
    texts = [answer.direct, *(c.quote for c in answer.support)]
    return any(needle in normalise_space(t) for t in texts)
