"""Verify an LLM reply: JSON shape, only retrieved ids, only verbatim quotes.

Kept apart from the HTTP client because this is the security boundary: whatever the model
was told (including by injected text inside a paragraph), only a reply that passes these
checks is ever shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from ingest.records import Paragraph
from qa.ports import LibraryLike
from qa.quote import cite
from qa.records import Quote, Synthesis

_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
_ID = re.compile(r"\bP\d+\b")
MIN_QUOTED_WORDS = 3  # shorter quoted text is a term ("EOP"), not a claim about the text


class Rejected(ValueError):
    """The reply failed verification; the message says which rule it broke."""


def verify_reply(
    reply: str, by_id: Mapping[str, Paragraph], library: LibraryLike, model: str
) -> Synthesis:
    """Parse and verify a reply; return it as a Synthesis with verified quotes.

    Raises:
        Rejected: not a JSON object with an answer and citations; a cited or mentioned id
            that was not retrieved; a quote that is not verbatim in its cited paragraph.
    """
    data = _parse(reply)
    text = data.get("answer")
    citations = data.get("citations")
    if not isinstance(text, str) or not text.strip() or not isinstance(citations, list):
        raise Rejected("the reply has no answer text or no citations list")
    if not citations:
        raise Rejected("the reply cites no paragraph")
    quotes = tuple(_quote(c, by_id, library) for c in citations)
    for pid in _ID.findall(text):
        if pid not in by_id:
            raise Rejected(f"the answer mentions {pid}, which was not retrieved")
    cited = [q.paragraph.text for q in quotes]
    for m in _QUOTED.finditer(text):
        words = m.group(1) or m.group(2)
        if len(words.split()) >= MIN_QUOTED_WORDS and not any(words in t for t in cited):
            raise Rejected(f"the answer quotes {words[:60]!r}, which no cited paragraph contains")
    return Synthesis(text.strip(), quotes, model)


def _parse(reply: str) -> dict[str, object]:
    """The JSON object in `reply`, tolerating a Markdown code fence around it."""
    start, end = reply.find("{"), reply.rfind("}")
    if start < 0 or end < start:
        raise Rejected("the reply is not a JSON object")
    try:
        data = json.loads(reply[start : end + 1])
    except ValueError as exc:
        raise Rejected(f"the reply is not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise Rejected("the reply is not a JSON object")
    return data


def _quote(citation: object, by_id: Mapping[str, Paragraph], library: LibraryLike) -> Quote:
    """One {"id", "quote"} citation as a verified Quote."""
    if not isinstance(citation, dict):
        raise Rejected("a citation is not an object with id and quote")
    pid, words = citation.get("id"), citation.get("quote")
    if not isinstance(pid, str) or pid not in by_id:
        raise Rejected(f"it cites {pid!r}, which was not retrieved")
    paragraph = by_id[pid]
    if not isinstance(words, str) or not words.strip() or words not in paragraph.text:
        raise Rejected(f"its quote for {pid} is not verbatim in that paragraph")
    return Quote(paragraph, words, cite(library, paragraph))
