"""What is embedded and BM25-indexed for a record: its text in context.

A child such as "(3) Approve the annual plan." means little alone; a reader takes its meaning
from the document, the heading trail and the lead-in it continues ("The DNWG will:"). The
searched text therefore carries all of them, while the stored record keeps the paragraph's own
text for quoting.
"""

from __future__ import annotations

import hashlib
import re

from ingest.records import Kind, Paragraph

KEY_BYTES = 16  # bytes of a text key: 2**128 texts before a collision is likely
_LEAD_IN_CHARS = 240  # the end of a lead-in carries its meaning ("... the DNWG will:")
_SENTENCE_END = re.compile(r"[.;]\s+(?=[A-Z(])")


# Lists that only restate other text: an acronym row ("PA: public affairs") or a reference
# entry matches nearly every question that uses its words and then outranks the paragraph
# that governs. They stay in the library for the glossary, cross-references and `cite`.
# Measured on eval/gold/samples.jsonl: hybrid Recall@5 0.788 with them searched, 0.846 without.
_LIST_KINDS = frozenset({Kind.ACRONYM, Kind.REFERENCE})


def searchable(p: Paragraph) -> bool:
    """Whether a record is searched: not bare headings (no text, no term), not list rows."""
    return p.kind not in _LIST_KINDS and bool(p.text.strip() or p.term)


def lead_in_clause(text: str) -> str:
    """The clause that introduces the children: the last sentence, at most 240 characters.

    Example: "3.2. DNWG. The DNWG was chartered in 2019. The DNWG will:" -> "The DNWG will:".
    """
    text = " ".join(text.split())
    starts = [m.end() for m in _SENTENCE_END.finditer(text)]
    clause = text[starts[-1] :] if starts else text
    return clause[-_LEAD_IN_CHARS:]


def search_text(p: Paragraph, lead_ins: list[Paragraph], doc_title: str = "") -> str:
    """Document id and title, heading trail, lead-in clauses, term and text, one line each."""
    lines = [f"{p.doc_id} {doc_title}".strip(), " > ".join(p.heading)]
    lines += [lead_in_clause(a.text) for a in lead_ins]
    if p.term:
        lines.append(p.term)
    lines.append(p.text)
    return "\n".join(line for line in lines if line)


def text_key(text: str) -> bytes:
    """16-byte hash of a searched text: equal text, equal embedding, so it can be reused."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:KEY_BYTES]
