"""Gold sets: questions with the paragraphs that answer them, read from JSONL.

One question a line, in the shape other people write gold sets in::

    {"id": "q17", "question": "...", "expect": [{"doc_id": "DoDI 5400.17",
     "paragraph": "8.2.c.(3)"}], "verdict": "Permitted", "quote": "...", "unanswerable": false}

``expect`` is an any-of list. A question with an empty ``expect`` that is not marked
``unanswerable`` is *unlabelled*: it is asked and shown on a review sheet but not scored, so
questions about documents we cannot read yet can be collected before anyone labels them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# qa.records.Verdict values; "Stated" is text with no modal force (a fact or a definition).
VERDICTS = ("Permitted", "Required", "Prohibited", "Recommended", "Stated", "Not addressed")
_KEYS = {"id", "question", "expect", "verdict", "quote", "unanswerable"}
# The contract's path convention: "3", "3.2", "8.2.c.(3)", "1.2.r.(2)(c)", "E2.1.a", "4.a.(1)",
# glossary "G.1"/"G.2", "References", "Purpose". A parenthesised level after a letter or digit
# level needs its own period ("3.2.b.(3)", never "3.2.b(3)"), which is the typo this catches.
_PATH = re.compile(
    r"^(?:Purpose|References|G\.\d+"
    r"|(?:E\d+\.)?\d+(?:\.\d+)*(?:\.[a-z]{1,2})?(?:\.\(\d+\)(?:\([a-z]{1,2}\))?)?)$"
)


class GoldError(ValueError):
    """A gold file that cannot be used; the message names the file, the line and the fix."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Ref:
    """A paragraph as cited: issuance id and paragraph path as printed."""

    doc_id: str
    paragraph: str


@dataclass(frozen=True)
class GoldQuestion:
    """One gold question.

    Attributes:
        id: unique within its file.
        question: in the words a user would type.
        expect: paragraphs any one of which answers it (empty when unanswerable or unlabelled).
        verdict: expected verdict, one of VERDICTS, or None when not judged.
        quote: a verbatim substring the answer must contain, or None.
        unanswerable: the documents do not answer it; the right response is to abstain.
        line: 1-based line in the gold file, for messages.
    """

    id: str
    question: str
    expect: tuple[Ref, ...]
    verdict: str | None = None
    quote: str | None = None
    unanswerable: bool = False
    line: int = 0

    @property
    def labelled(self) -> bool:
        """Scored questions: answerable with expected paragraphs, or known unanswerable."""
        return self.unanswerable or bool(self.expect)


def load_gold(path: Path) -> tuple[GoldQuestion, ...]:
    """Read and validate a gold JSONL file.

    Raises:
        GoldError: the first problem found, naming the file and line.
        FileNotFoundError: no such file.
    """
    questions: list[GoldQuestion] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise GoldError(path, number, f"not valid JSON ({exc.msg}); one object a line") from exc
        question = parse_question(data, path, number)
        if question.id in seen:
            raise GoldError(
                path, number, f'id "{question.id}" already used on line {seen[question.id]}'
            )
        seen[question.id] = number
        questions.append(question)
    if not questions:
        raise GoldError(path, 1, "no questions; write one JSON object a line")
    return tuple(questions)


def parse_question(data: Any, path: Path, line: int) -> GoldQuestion:
    """Validate one decoded line; see the module docstring for the shape."""
    if not isinstance(data, dict):
        raise GoldError(path, line, "expected a JSON object")
    # Keys starting with "_" are annotations for people (e.g. "_feedback") and are ignored.
    unknown = sorted(k for k in set(data) - _KEYS if not k.startswith("_"))
    if unknown:
        raise GoldError(path, line, f"unknown key(s) {unknown}; allowed: {sorted(_KEYS)}")
    for key in ("id", "question"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise GoldError(path, line, f'"{key}" must be a non-empty string')
    expect = _parse_expect(data.get("expect"), path, line)
    verdict = data.get("verdict")
    if verdict is not None and verdict not in VERDICTS:
        raise GoldError(path, line, f'"verdict" {verdict!r} is not one of {list(VERDICTS)}')
    quote = data.get("quote")
    if quote is not None and (not isinstance(quote, str) or not quote.strip()):
        raise GoldError(path, line, '"quote" must be a non-empty string when given')
    unanswerable = data.get("unanswerable", False)
    if not isinstance(unanswerable, bool):
        raise GoldError(path, line, '"unanswerable" must be true or false')
    if unanswerable and (expect or quote):
        raise GoldError(path, line, 'an "unanswerable" question cannot have "expect" or "quote"')
    if quote and not expect:
        raise GoldError(path, line, '"quote" needs the "expect" paragraph it comes from')
    return GoldQuestion(data["id"], data["question"], expect, verdict, quote, unanswerable, line)


def _parse_expect(value: Any, path: Path, line: int) -> tuple[Ref, ...]:
    """The any-of list of expected paragraphs, each path checked against the convention."""
    if not isinstance(value, list):
        raise GoldError(path, line, '"expect" must be a list (empty when unanswerable)')
    refs: list[Ref] = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"doc_id", "paragraph"}:
            raise GoldError(
                path, line, 'each "expect" item must be {"doc_id": ..., "paragraph": ...}'
            )
        doc_id, paragraph = item["doc_id"], item["paragraph"]
        if not isinstance(doc_id, str) or not doc_id.strip():
            raise GoldError(path, line, '"doc_id" must name the issuance, e.g. "DoDI 4715.13"')
        if not isinstance(paragraph, str) or not _PATH.match(paragraph):
            raise GoldError(
                path,
                line,
                f"paragraph {paragraph!r} does not follow the path convention; write it as "
                'DoD cites it: "3", "3.2", "8.2.c.(3)", "1.2.r.(2)(c)", "E2.1.a", "G.2"',
            )
        refs.append(Ref(doc_id, paragraph))
    return tuple(refs)
