"""Saves thumbs up/down on an answer as one JSON line, for the evaluation harness to mine.

Each line holds the question, the answer's verdict and cited paragraphs, the rating, the
paragraphs a thumbs-up vouches for and an optional comment, so a reviewer can turn good answers
into gold cases and bad ones into bugs.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

Rating = Literal["up", "down"]
MAX_COMMENT_CHARS = 2000  # a comment is a note, not a document; bounds the file's growth


@dataclass(frozen=True)
class CitedParagraph:
    """One paragraph an answer cited, in the form the gold files use."""

    doc_id: str
    paragraph: str
    pages: tuple[int, ...]


@dataclass(frozen=True)
class Feedback:
    """A reader's verdict on one answer.

    Attributes:
        question: the question as asked.
        answer: the answer's direct text (its quote, or the abstention message).
        verdict: the answer's verdict label, e.g. "Permitted" or "Not addressed".
        citations: the paragraphs the answer quoted, best first.
        rating: "up" or "down".
        comment: free text from the reader, possibly empty.
        ts: UTC time of the rating, ISO 8601.
        approved: for a thumbs-up, the cited paragraphs the reader ticked as answering the
            question (`policykb eval import-feedback` takes only these as expected answers).
    """

    question: str
    answer: str
    verdict: str
    citations: tuple[CitedParagraph, ...]
    rating: Rating
    comment: str = ""
    ts: str = ""
    approved: tuple[CitedParagraph, ...] = ()


def append_feedback(path: Path, item: Feedback) -> Path:
    """Append `item` to the JSONL file at `path`, creating it and its directory if needed.

    One `write` of one line in append mode: concurrent sessions never interleave a record.

    Returns:
        The path written.
    """
    record = asdict(item)
    record["comment"] = item.comment[:MAX_COMMENT_CHARS]
    record["ts"] = item.ts or datetime.now(UTC).isoformat(timespec="seconds")
    for cited in (*record["citations"], *record["approved"]):
        cited["pages"] = list(cited["pages"])
    line = json.dumps(record, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)
    return path
