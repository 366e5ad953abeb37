"""People's judgements in, gold candidates out: app feedback and review sheets.

The app appends one JSON line per thumbs up/down::

    {"question": "...", "answer": "...", "verdict": "Permitted", "rating": "up",
     "citations": [{"doc_id": "DoDI 9999.01", "paragraph": "3.2.a", "pages": [4]}],
     "comment": "", "ts": "..."}

A thumbs-up makes expected answers of the paragraphs the person ticked as answering it
(``"approved"``, same shape as ``"citations"``); a line without that choice (older app
versions) vouches for its first citation only, never for every paragraph the answer happened to
quote, and says so under ``_feedback.expect_from``. A thumbs-down leaves the question unlabelled
for a person to fix. Either way the line is kept, under ``_feedback``, so the reviewer sees what
was said. Review sheets go the other way: unlabelled questions with the system's
answer, as CSV (to fill in) and Markdown (to read).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.gold import VERDICTS, Ref

# ingest.citation.format_citation writes "DoDI 5400.17, para. 8.2.c.(3), p. 21 (Aug 12, 2022)";
# other locators: "Glossary, G.2 “term”", "Section 3", "Enclosure 2", "Enclosure 2, paragraph
# 4.a.(1)" (path E2.4.a.(1)), "References", "Purpose".
_CITATION = re.compile(
    r"^(?P<doc>.+?),\s+(?:para\.\s+(?P<para>[^,\s]+)|Glossary,\s+(?P<gloss>G\.\d+)"
    r"|Section\s+(?P<section>\d+)|Enclosure\s+(?P<encl>\d+)(?:,\s+paragraph\s+(?P<sub>[^,\s]+))?"
    r"|(?P<other>References|Purpose)\b)"
)
SHEET_COLUMNS = (
    "id",
    "question",
    "system_verdict",
    "system_answer",
    "system_citations",
    "label_expect",
    "label_verdict",
    "label_unanswerable",
)


class FeedbackError(ValueError):
    """A feedback line that cannot be read; names the file, line and what to fix."""


def parse_citation(value: Any) -> Ref | None:
    """A citation as the app stores it (dict or formatted string) -> Ref, None if unreadable."""
    if isinstance(value, dict):
        doc, path = value.get("doc_id"), value.get("paragraph") or value.get("path")
        return Ref(doc, path) if isinstance(doc, str) and isinstance(path, str) else None
    if isinstance(value, str):
        m = _CITATION.match(value.strip())
        if m is None:
            return None
        encl = f"E{m['encl']}" + (f".{m['sub']}" if m["sub"] else "") if m["encl"] else None
        return Ref(m["doc"], m["para"] or m["gloss"] or m["section"] or encl or m["other"])
    return None


def candidates_from_feedback(path: Path) -> list[dict[str, Any]]:
    """Gold-candidate lines, one per distinct question, latest feedback winning.

    Raises:
        FeedbackError: a line is not JSON or lacks "question"/"rating".
    """
    latest: dict[str, dict[str, Any]] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise FeedbackError(
                f"{path}:{number}: not JSON ({exc.msg}); the app writes one object a line"
            ) from exc
        if (
            not isinstance(item, dict)
            or not item.get("question")
            or item.get("rating") not in ("up", "down")
        ):
            raise FeedbackError(f'{path}:{number}: needs "question" and "rating" "up"/"down"')
        latest[" ".join(item["question"].lower().split())] = item
    return [_candidate(item) for item in latest.values()]


FIRST_ONLY = "the first citation (no paragraphs were ticked)"
APPROVED = "the paragraphs the person ticked"


def _candidate(item: dict[str, Any]) -> dict[str, Any]:
    refs, source = _expected(item) if item["rating"] == "up" else ([], "")
    digest = hashlib.sha1(item["question"].encode("utf-8")).hexdigest()[:8]
    candidate: dict[str, Any] = {
        "id": f"fb-{digest}",
        "question": item["question"],
        "expect": [{"doc_id": r.doc_id, "paragraph": r.paragraph} for r in refs],
    }
    if refs and item.get("verdict") in VERDICTS:
        candidate["verdict"] = item["verdict"]  # a thumbs-up vouches for the verdict shown too
    keep = ("rating", "comment", "answer", "verdict", "citations", "approved", "ts")
    candidate["_feedback"] = {k: item.get(k) for k in keep}
    if source:
        candidate["_feedback"]["expect_from"] = source
    return candidate


def _expected(item: dict[str, Any]) -> tuple[list[Ref], str]:
    """The paragraphs a thumbs-up vouches for, and which rule chose them."""
    approved = item.get("approved")
    if isinstance(approved, list) and approved:
        return [r for r in map(parse_citation, approved) if r], APPROVED
    cited = [r for r in (parse_citation(c) for c in item.get("citations") or []) if r]
    return (cited[:1], FIRST_ONLY) if cited else ([], "")


def first_only(candidates: Iterable[dict[str, Any]]) -> int:
    """How many candidates took their first citation because nobody ticked paragraphs."""
    return sum(c.get("_feedback", {}).get("expect_from") == FIRST_ONLY for c in candidates)


@dataclass(frozen=True)
class SheetRow:
    """One unlabelled question with what the system answered, for a person to label."""

    id: str
    question: str
    verdict: str
    answer: str
    citations: tuple[str, ...]


def sheet_csv(rows: Sequence[SheetRow]) -> str:
    """CSV with empty label columns: expect as "DoDI 5400.17 8.2.c.(3); ...", verdict, yes/no."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(SHEET_COLUMNS)
    for r in rows:
        writer.writerow([r.id, r.question, r.verdict, r.answer, "; ".join(r.citations), "", "", ""])
    return buffer.getvalue()


def sheet_markdown(rows: Iterable[SheetRow]) -> str:
    """The same sheet for reading: one section per question."""
    parts = [
        "# Review sheet\n",
        "Label each question in the CSV: expected paragraphs, verdict, or unanswerable.\n",
    ]
    for r in rows:
        cited = "\n".join(f"- {c}" for c in r.citations) or "- (none)"
        parts.append(
            f"## {r.id}: {r.question}\n\n**System verdict:** {r.verdict}\n\n"
            f"> {r.answer or '(abstained)'}\n\n{cited}\n"
        )
    return "\n".join(parts)
