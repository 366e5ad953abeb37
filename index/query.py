"""Questions as typed by people, made safe and specific before they are searched.

Pasted text can hold control characters or run to pages; both are cut down here so a query
always costs bounded work. Acronyms the corpus' glossaries define are expanded so BM25 also
matches the spelled-out form the paragraphs use.
"""

from __future__ import annotations

import re
import unicodedata

from index.errors import EmptyQueryError
from ingest.records import Kind, Paragraph

_ACRONYM = re.compile(r"\b[A-Z][A-Za-z&()/]*[A-Z)]\b")


def clean(query: str, max_chars: int) -> str:
    """`query` without control characters, whitespace collapsed, cut at `max_chars`.

    Raises:
        EmptyQueryError: nothing searchable is left.
    """
    visible = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch for ch in query[: max_chars * 2]
    )
    text = " ".join(visible.split())[:max_chars]
    if not any(ch.isalnum() for ch in text):
        raise EmptyQueryError(
            "The question is empty. Ask in words, e.g. "
            'policykb ask "Who approves official social media accounts?"'
        )
    return text


def acronyms(glossary: list[Paragraph]) -> dict[str, str]:
    """Acronym -> expansion from the ACRONYM records of the loaded issuances."""
    return {
        p.term: p.text.strip()
        for p in glossary
        if p.kind is Kind.ACRONYM and p.term and p.text.strip()
    }


def expand(query: str, table: dict[str, str]) -> str:
    """`query` followed by what its acronyms stand for and the acronyms of what it spells out.

    Both directions matter: paragraphs mostly use the acronym ("the DNWG will"), people mostly
    type the words ("noise working group"), or the other way round.
    """
    lowered = " ".join(query.lower().split())
    found = dict.fromkeys(table[m] for m in _ACRONYM.findall(query) if m in table)
    found.update(
        dict.fromkeys(
            a for a, words in table.items() if _spelled(words, lowered) and a not in query
        )
    )
    found.pop("", None)
    return query if not found else f"{query} ({'; '.join(found)})"


def _spelled(words: str, lowered_query: str) -> bool:
    """Whether the query spells out an expansion, ignoring a leading "DoD"/"the"."""
    words = words.lower().removeprefix("dod ").removeprefix("the ")
    return len(words) > 8 and words in lowered_query
