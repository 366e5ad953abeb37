"""Quotes with citations, and the final check that everything shown is verbatim.

`Quote` refuses non-verbatim text when it is built; `verify` re-checks a finished answer
just before rendering, so a bug anywhere between composition and the screen raises instead
of showing a paraphrase in quotation marks.
"""

from __future__ import annotations

from ingest.citation import format_citation
from ingest.records import Paragraph
from qa.ports import LibraryLike
from qa.records import Answer, Quote, QuoteError


def cite(library: LibraryLike, paragraph: Paragraph) -> str:
    """The copy-ready citation of `paragraph`, e.g. "DoDI 4715.13, para. 3.3.f, p. 12 (…)".

    Raises:
        QuoteError: the paragraph's issuance is not in the library (an index bug).
    """
    doc = library.documents.get(paragraph.doc_id)
    if doc is None:
        raise QuoteError(
            f"{paragraph.doc_id}: cited paragraph {paragraph.path} belongs to no indexed "
            "document. Rebuild the index with `policykb ingest`."
        )
    return format_citation(doc, paragraph)


def whole(library: LibraryLike, paragraph: Paragraph) -> Quote:
    """The paragraph's full text as a quote."""
    return Quote(paragraph, paragraph.text.strip(), cite(library, paragraph))


def part(library: LibraryLike, paragraph: Paragraph, start: int, end: int) -> Quote:
    """`paragraph.text[start:end]` as a quote (offsets from qa.sentences / qa.verdict)."""
    return Quote(paragraph, paragraph.text[start:end], cite(library, paragraph))


def title(library: LibraryLike, paragraph: Paragraph) -> Quote:
    """The paragraph's printed title as a quote ("SECRETARIES OF THE MILITARY DEPARTMENTS")."""
    return Quote(paragraph, paragraph.title.strip(), cite(library, paragraph), "title")


def lead_in(library: LibraryLike, paragraph: Paragraph) -> tuple[Quote, ...]:
    """Ancestors' lead-ins ("The DNWG will:"), outermost first, quoted.

    A quoted child must carry them so that it reads as the policy reads.
    """
    return tuple(whole(library, p) for p in library.lead_in(paragraph))


def verify(answer: Answer) -> Answer:
    """Re-check every quote of `answer` against its cited paragraph; return it unchanged.

    Raises:
        QuoteError: a quote is not a verbatim substring of the paragraph it cites.
    """
    for q in answer.quotes():
        if not q.text.strip() or q.text not in q.printed:
            raise QuoteError(
                f"{q.paragraph.doc_id} {q.paragraph.path}: refusing to show a non-verbatim "
                f"quote {q.text[:60]!r}. This is a bug in qa; report it with the question."
            )
    for s in (*answer.support, *answer.related):
        for sentence in s.marked:
            if sentence not in s.quote.text:
                raise QuoteError(
                    f"{s.quote.citation}: marked sentence {sentence[:60]!r} is not in its quote."
                )
    return answer
