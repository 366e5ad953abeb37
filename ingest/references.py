"""REFERENCES: one record per cited document.

Entries are alphabetical and wrap with a hanging indent. Positioned lines start an entry at the
left margin; unpositioned lines start one unless the previous line is visibly unfinished (ends
in a comma, a connecting word, or inside an open quotation before the entry's date). Some
issuances group the list under headings in capitals ("OTHER REFERENCES"); those cite nothing.
Footnote marks after a title ("Defense Acquisition Guidebook1") and the footnotes are removed
with the page furniture (``ingest.footnotes``).
"""

from __future__ import annotations

import re

from ingest.layout import DATE
from ingest.pages import Line
from ingest.records import Kind, Paragraph
from ingest.wrap import join_lines

Sourced = tuple[Paragraph, tuple[Line, ...]]
_HEADING = re.compile(r"^\s*(?:REFERENCES|[A-Z][A-Z,&()-]*(?: [A-Z][A-Z,&()-]*)+)\s*$")
_OPEN_END = re.compile(r"(?:,”?|\bof|\band|\bthe|\bfor|\bto|\bin|\bon|-)\s*$")
_INDENT_PT = 6.0
# an entry that ends in its date is finished even if a misprinted quote looks open
# ("DoD Instruction 5000.82, “Acquisition of Information Technology, “April 21, 2020")
_DATED = re.compile(rf"(?:{DATE}|current edition)(?:,?\s*as amended)?\s*$")


def records(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[Line]]:
    """Reference records of a REFERENCES region, and its heading lines."""
    headings = [t for t in lines if _HEADING.match(t.text)]
    body = [t for t in lines if not _HEADING.match(t.text)]
    margin = min((t.spans[0].x for t in body if t.spans), default=0.0)
    entries: list[list[Line]] = []
    for line in body:
        if not entries or _starts_entry(line, entries[-1], margin):
            entries.append([line])
        else:
            entries[-1].append(line)
    out: list[Sourced] = []
    seen: set[str] = set()
    for src in entries:
        text = join_lines(t.text for t in src)
        term = base = designation(text)
        count = 1
        while term in seen:
            count += 1
            term = f"{base} ({count})"
        seen.add(term)
        pages = tuple(sorted({t.page for t in src}))
        rec = Paragraph(doc_id, "References", Kind.REFERENCE, ("REFERENCES",), term, text, pages,
                        None, term)  # fmt: skip
        out.append((rec, tuple(src)))
    return out, headings


def _starts_entry(line: Line, entry: list[Line], margin: float) -> bool:
    """Whether ``line`` begins a new reference after the (unfinished?) ``entry``."""
    previous = entry[-1]
    if line.spans and previous.spans:
        return line.spans[0].x < margin + _INDENT_PT
    so_far = " ".join(t.text for t in entry)
    quoting = so_far.count("“") > so_far.count("”") and not _DATED.search(previous.text)
    if _OPEN_END.search(previous.text) or quoting:
        return False
    return line.text.lstrip()[:1].isupper()


def designation(text: str) -> str:
    """What a reference is cited as: the text before its quoted title, or all of it."""
    head = re.split(r"[“\"]", text, maxsplit=1)[0]
    if head.count("(") > head.count(")"):
        head = head[: head.rfind("(")]
    return head.rstrip(" ,") or text
