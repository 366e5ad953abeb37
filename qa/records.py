"""Typed values an answer is made of, from the verdict down to each verified quote.

Quotes are values that cannot exist unverified: constructing a `Quote` checks that its text is
a verbatim substring of the paragraph it cites, so nothing paraphrased can reach the screen
inside quotation marks, whatever code path built it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ingest.records import Paragraph


class Verdict(StrEnum):
    """The force of the governing text, as the text itself states it."""

    PERMITTED = "Permitted"  # "may", "is authorized to"
    REQUIRED = "Required"  # "must", "will", "shall"
    PROHIBITED = "Prohibited"  # "must not", "will not", "may not", "prohibited"
    RECOMMENDED = "Recommended"  # "should", "is encouraged"
    # The text answers but states a fact or a definition with no modal force
    # ("NOISEMAP is the primary aircraft DoD noise model.", a G.2 definition).
    STATED = "Stated"
    NOT_ADDRESSED = "Not addressed"  # the issuances do not answer; the answer abstains


class QuoteError(ValueError):
    """A quote is not a verbatim substring of the paragraph it cites (a bug, never shown)."""


@dataclass(frozen=True)
class Quote:
    """Verbatim text from one paragraph together with its copy-ready citation.

    Attributes:
        paragraph: the cited record; `text` must occur in its `source` field exactly.
        text: the quoted words, verbatim.
        citation: e.g. "DoDI 4715.13, para. 3.3.f, p. 12 (Jan 28, 2020)".
        source: "text" (the paragraph's own text) or "title" (its printed title: where an
            organisation's name stands above the duties it is given).
    """

    paragraph: Paragraph
    text: str
    citation: str
    source: str = "text"

    @property
    def printed(self) -> str:
        """The field of the paragraph the quote is taken from."""
        return self.paragraph.title if self.source == "title" else self.paragraph.text

    def __post_init__(self) -> None:
        if not self.text.strip() or self.text not in self.printed:
            raise QuoteError(
                f"{self.paragraph.doc_id} {self.paragraph.path}: quote {self.text[:60]!r} is not "
                "verbatim in the cited paragraph. Quote only substrings of Paragraph.text."
            )


@dataclass(frozen=True)
class Support:
    """One supporting paragraph: its lead-in chain, the quote and the sentences that matched.

    Attributes:
        quote: the paragraph's text, quoted whole.
        lead_in: ancestors' lead-ins, outermost first ("The DNWG will:"), so that a quoted
            child reads as the policy reads.
        marked: sentences of `quote.text` that matched the question, each verbatim in it.
        confidence: the abstention score of this paragraph (see qa.abstain).
    """

    quote: Quote
    lead_in: tuple[Quote, ...] = ()
    marked: tuple[str, ...] = ()
    confidence: float = 0.0


@dataclass(frozen=True)
class Condition:
    """A clause that limits the verdict ("provided that …", "unless …", "only after:")."""

    keyword: str
    quote: Quote


@dataclass(frozen=True)
class Expansion:
    """An acronym from an issuance's G.1 table, shown in full on its first use."""

    term: str
    meaning: str
    doc_id: str


@dataclass(frozen=True)
class XRef:
    """A cross-reference found in a quoted paragraph and what it points to.

    Attributes:
        source: citation of the paragraph that contains the reference.
        text: the reference as written ("Paragraph 3.3.", "DoDI 6055.12").
        doc_id: issuance holding the target record.
        path: path of the target ("3.3", or "References" for another issuance's entry).
        term: the reference's term for REFERENCES entries, else None.
        citation: copy-ready citation of the target.
    """

    source: str
    text: str
    doc_id: str
    path: str
    term: str | None
    citation: str


@dataclass(frozen=True)
class Synthesis:
    """An LLM-written answer that passed verification: its text and its verified quotes."""

    text: str
    quotes: tuple[Quote, ...]
    model: str


@dataclass(frozen=True)
class Answer:
    """Everything a reader needs: what the policy says, the exact words and where they are.

    Attributes:
        question: as asked.
        verdict: force of the direct answer; NOT_ADDRESSED when abstaining.
        direct: one or two governing sentences, quoted; None when abstaining.
        conditions: every condition the governing text attaches to the verdict.
        support: two to four supporting paragraphs, the governing paragraph first.
        related: nearest paragraphs shown as "related, not an answer" when abstaining.
        abstained: the issuances do not address the question.
        notes: plain-language remarks (why it abstained, LLM rejected, ...).
        expansions: acronyms used in the quotes with their G.1 meaning.
        xrefs: cross-references in the quoted paragraphs, resolved.
        confidence: the abstention score compared with the threshold (best candidate).
        synthesis: the optional LLM answer, present only when it verified.
        ranking: the candidates in the ranker's order, best first (what eval judges ranking
            by, and `ask --json` shows).
        why: when the governing paragraph is not the top-ranked one, the reason; else "".
    """

    question: str
    verdict: Verdict
    direct: tuple[Quote, ...]
    conditions: tuple[Condition, ...]
    support: tuple[Support, ...]
    related: tuple[Support, ...]
    abstained: bool
    notes: tuple[str, ...] = ()
    expansions: tuple[Expansion, ...] = ()
    xrefs: tuple[XRef, ...] = ()
    confidence: float = 0.0
    synthesis: Synthesis | None = None
    ranking: tuple[Paragraph, ...] = ()
    why: str = ""

    def quotes(self) -> tuple[Quote, ...]:
        """Every quote the answer would show, for verification and rendering."""
        out: list[Quote] = [*self.direct, *(c.quote for c in self.conditions)]
        for s in (*self.support, *self.related):
            out.extend((*s.lead_in, s.quote))
        if self.synthesis is not None:
            out.extend(self.synthesis.quotes)
        return tuple(out)
