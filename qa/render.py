"""An Answer as terminal text, Markdown and JSON; every quote re-verified before output.

Quotes are printed exactly; matched sentences are marked by surrounding them with ** (the
words inside the quote marks never change). Citations are printed in the one copy-ready form
of ingest.citation.
"""

from __future__ import annotations

from collections.abc import Callable

from qa.quote import verify
from qa.records import Answer, Support

# Markdown acts on these anywhere in a line. "-", "+" and "1." act only at a line's start and
# are left alone for readability: a quote that itself begins "- " would show as a list item.
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#|~&$"})


def to_text(answer: Answer, emphasis: tuple[str, str] = ("", "")) -> str:
    """The answer for a terminal: verdict, direct answer, quoted support, citations.

    Args:
        answer: a composed answer; its quotes are verified again here.
        emphasis: what goes before and after each sentence that matched the question. The
            CLI passes ANSI bold on a terminal; the default adds nothing, so text piped or
            copied from the output stays verbatim inside its quotation marks.
    """
    verify(answer)
    lines = [f"Q: {answer.question}", f"Verdict: {answer.verdict.value}", ""]
    if answer.synthesis is not None:
        lines += ["Summary (LLM, verified):", f"  {answer.synthesis.text}", ""]
    if answer.direct:
        lines.append("Answer:")
        lines += [f"  “{q.text}”\n    — {q.citation}" for q in answer.direct]
    if answer.conditions:
        lines += ["", "Conditions:"]
        lines += [f"  • [{c.keyword}] “{c.quote.text}”" for c in answer.conditions]
    if answer.support:
        lines += ["", "Support:"]
        lines += [_support_text(i, s, emphasis) for i, s in enumerate(answer.support, start=1)]
    if answer.related:
        lines += ["", "Related, not an answer:"]
        lines += [_support_text(i, s, emphasis) for i, s in enumerate(answer.related, start=1)]
    lines += _extras(answer, bullet="  ")
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(answer: Answer) -> str:
    """The answer as Markdown for export: block quotes, matched sentences in bold.

    Text from documents and from the user is escaped (`_escape`), so a viewer shows the quoted
    characters exactly and never renders markup, links or emphasis found in a PDF.
    """
    verify(answer)
    e = _escape
    lines = [f"### {e(answer.question)}", "", f"**Verdict:** {answer.verdict.value}", ""]
    if answer.synthesis is not None:
        lines += [f"*Summary (LLM, verified):* {e(answer.synthesis.text)}", ""]
    for q in answer.direct:
        lines += [f"> {e(q.text)}", ">", f"> — {e(q.citation)}", ""]
    if answer.conditions:
        lines += ["**Conditions:**", ""]
        lines += [
            f"- *{c.keyword}*: “{e(c.quote.text)}” ({e(c.quote.citation)})"
            for c in answer.conditions
        ]
        lines.append("")
    for title, items in (("Support", answer.support), ("Related, not an answer", answer.related)):
        if items:
            lines += [f"#### {title}", ""]
            for s in items:
                lines += [
                    *(f"> {e(q.text)}" for q in s.lead_in),
                    f"> {_mark(s, ('**', '**'), e)}",
                    ">",
                ]
                lines += [f"> — {e(s.quote.citation)}", ""]
    lines += _extras(answer, bullet="- ", escape=e)
    return "\n".join(lines).rstrip() + "\n"


def to_json(answer: Answer) -> dict[str, object]:
    """The answer's fields for `ask --json`: answer, verdict, abstained, citations, ..."""
    verify(answer)
    return {
        "answer": " ".join(q.text for q in answer.direct),
        "direct": [{"quote": q.text, "citation": q.citation} for q in answer.direct],
        "verdict": answer.verdict.value,
        "abstained": answer.abstained,
        "confidence": round(answer.confidence, 4),
        "why": answer.why,
        "citations": [_citation_json(s) for s in answer.support],
        "conditions": [
            {"keyword": c.keyword, "quote": c.quote.text, "citation": c.quote.citation}
            for c in answer.conditions
        ],
        "related": [_citation_json(s) for s in answer.related],
        "notes": list(answer.notes),
        "expansions": [
            {"term": e.term, "meaning": e.meaning, "doc_id": e.doc_id} for e in answer.expansions
        ],
        "xrefs": [
            {
                "source": x.source,
                "text": x.text,
                "doc_id": x.doc_id,
                "paragraph": x.path,
                "term": x.term,
                "citation": x.citation,
            }
            for x in answer.xrefs
        ],
        "synthesis": None
        if answer.synthesis is None
        else {
            "text": answer.synthesis.text,
            "model": answer.synthesis.model,
            "quotes": [{"quote": q.text, "citation": q.citation} for q in answer.synthesis.quotes],
        },
    }


def _citation_json(s: Support) -> dict[str, object]:
    p = s.quote.paragraph
    return {
        "doc_id": p.doc_id,
        "paragraph": p.path,
        "term": p.term,
        "pages": list(p.pages),
        "quote": s.quote.text,
        "citation": s.quote.citation,
        "lead_in": [q.text for q in s.lead_in],
        "marked": list(s.marked),
        "confidence": round(s.confidence, 4),
    }


def _support_text(i: int, s: Support, emphasis: tuple[str, str]) -> str:
    head = f"  {i}. {s.quote.citation}"
    lead = [f"     “{q.text}” …" for q in s.lead_in]
    return "\n".join([head, *lead, f"     “{_mark(s, emphasis)}”"])


def _mark(s: Support, emphasis: tuple[str, str], escape: Callable[[str], str] = str) -> str:
    """The quote with each matched sentence between `emphasis` (first occurrence each)."""
    text = escape(s.quote.text)
    if emphasis == ("", ""):
        return text
    before, after = emphasis
    for sentence in map(escape, s.marked):
        text = text.replace(sentence, f"{before}{sentence}{after}", 1)
    return text


def _escape(text: str) -> str:
    """Document or user text as Markdown that renders exactly as written.

    The characters Markdown acts on are backslash-escaped (CommonMark allows it for any ASCII
    punctuation); '.', '(', ')' and '-' are left alone so citations and words such as
    "non-DoD" stay readable in the raw file.
    Line breaks become spaces, which is how Markdown shows them anyway, so a multi-line quote
    cannot leave its block quote.
    """
    return " ".join(text.translate(_MARKDOWN).split("\n"))


def _extras(answer: Answer, bullet: str, escape: Callable[[str], str] = str) -> list[str]:
    """Acronyms, cross-references and notes, shared by text and Markdown."""
    e = escape
    lines: list[str] = []
    if answer.expansions:
        lines += ["", "Acronyms:"]
        lines += [f"{bullet}{e(x.term)}: {e(x.meaning)}" for x in answer.expansions]
    if answer.xrefs:
        lines += ["", "Cross-references:"]
        lines += [f"{bullet}{e(x.text)} → {e(x.citation)}" for x in answer.xrefs]
    if answer.notes:
        lines += ["", "Notes:"]
        lines += [f"{bullet}{e(n)}" for n in answer.notes]
    return lines
