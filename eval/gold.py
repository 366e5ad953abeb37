"""Gold sets: questions with the paragraphs that answer them, read from JSONL.

One question a line, in the shape other people write gold sets in::

    {"id": "q17", "question": "...", "expect": [{"doc_id": "DoDI 5400.17",
     "paragraph": "8.2.c.(3)"}], "verdict": "Permitted", "quote": "...", "unanswerable": false}

``expect`` is an any-of list. A question with an empty ``expect`` that is not marked
``unanswerable`` is *unlabelled*: it is asked and shown on a review sheet but not scored, so
questions about documents we cannot read yet can be collected before anyone labels them.

Optional labels (eval/gold/library.jsonl uses them all)::

    "type": "who",                      # may|who|must|list|when|where|how|definition|other
    "verdicts": ["Required", "Prohibited"],   # every verdict a careful reader accepts
    "key_phrase": "...",                # 3-12 words of the governing text that answer it
    "actor": "USD(P)", "actor_aliases": ["Under Secretary of Defense for Policy"],
    "absent_doc": "DoDI 5400.17",       # unanswerable: the issuance that would govern
    "expect": [{"doc_id": "...", "paragraph": "G.2", "term": "blanket waiver"}]

``verdict`` (one value) is the older form of ``verdicts``; a line gives one or the other.
Each question's split is fixed by its id (see :func:`split_of`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# qa.records.Verdict values; "Stated" is text with no modal force (a fact or a definition).
VERDICTS = ("Permitted", "Required", "Prohibited", "Recommended", "Stated", "Not addressed")
# What a question asks for: "may" covers can/may/am I allowed, "must" covers must/do we have
# to, "list" covers lists and procedures ("what has to be in ..."); the rest as named.
TYPES = ("may", "who", "must", "list", "when", "where", "how", "definition", "other")
SPLITS = ("dev", "test")
_KEYS = {
    "id",
    "question",
    "expect",
    "verdict",
    "verdicts",
    "quote",
    "unanswerable",
    "type",
    "key_phrase",
    "actor",
    "actor_aliases",
    "absent_doc",
}
_KEY_PHRASE_WORDS = (3, 12)
# The contract's path convention: "3", "3.2", "8.2.c.(3)", "1.2.r.(2)(c)", "3.3.b.(3)(a)1",
# "4.a.(1)", enclosures "E3" and their paragraphs "E2.1.a", "E2.4.a.(1)" or, where an
# enclosure numbers with letters, "E3.a"; glossary "G.1"/"G.2", "References", "Purpose". A
# parenthesised level after a letter or digit level needs its own period ("3.2.b.(3)", never
# "3.2.b(3)"), which is the typo this catches.
_PATH = re.compile(
    r"^(?:Purpose|References|G\.\d+|E\d+"
    r"|(?:E\d+\.)?\d+(?:\.\d+)*(?:\.[a-z]{1,2})?(?:\.\(\d+\)(?:\([a-z]{1,2}\)\d*)?)?"
    r"|E\d+\.[a-z]{1,2}(?:\.\(\d+\)(?:\([a-z]{1,2}\)\d*)?)?)$"
)
# Records that share a path and are told apart by a term: glossary entries and references.
_TERMED = re.compile(r"^(?:G\.\d+|References)$")


class GoldError(ValueError):
    """A gold file that cannot be used; the message names the file, the line and the fix."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Ref:
    """A paragraph as cited: issuance id and paragraph path as printed.

    ``term`` names one glossary entry or reference under a shared path ("G.2", "blanket
    waiver"). It is left out of equality: retrieval is judged by path, as DoD cites, while
    the gold checker uses the term to find the one record a quote must come from.
    """

    doc_id: str
    paragraph: str
    term: str | None = field(default=None, compare=False)


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
        type: what it asks for, one of TYPES, or None when not labelled.
        verdicts: every verdict a careful reader accepts ("for official purposes only" is
            Required and Prohibited); ``(verdict,)`` when only the single form was given.
        key_phrase: words of the governing paragraph a correct direct answer must contain.
        actor: for who-questions, the official or organisation as the issuance prints it.
        actor_aliases: other names of the actor (the expanded title).
        absent_doc: for unanswerable questions, the issuance that would govern, not held.
    """

    id: str
    question: str
    expect: tuple[Ref, ...]
    verdict: str | None = None
    quote: str | None = None
    unanswerable: bool = False
    line: int = 0
    type: str | None = None
    verdicts: tuple[str, ...] = ()
    key_phrase: str | None = None
    actor: str | None = None
    actor_aliases: tuple[str, ...] = ()
    absent_doc: str | None = None

    def __post_init__(self) -> None:
        if self.verdict is not None and not self.verdicts:
            object.__setattr__(self, "verdicts", (self.verdict,))

    @property
    def labelled(self) -> bool:
        """Scored questions: answerable with expected paragraphs, or known unanswerable."""
        return self.unanswerable or bool(self.expect)

    @property
    def split(self) -> str:
        """ "dev" or "test", fixed by the id alone (see :func:`split_of`)."""
        return split_of(self.id)


def split_of(question_id: str) -> str:
    """The split a question id belongs to: "dev" or "test", about half each.

    The rule: the first byte of sha256(id, UTF-8) below 128 is dev, else test. It depends on
    nothing but the id, so adding, removing or reordering questions never moves another one,
    and a question keeps its split in every gold file and every checkout.
    """
    return SPLITS[hashlib.sha256(question_id.encode("utf-8")).digest()[0] >> 7]


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
    verdicts = _parse_verdicts(data, path, line)
    quote = _optional_text(data, "quote", path, line)
    key_phrase = _optional_text(data, "key_phrase", path, line)
    actor = _optional_text(data, "actor", path, line)
    absent_doc = _optional_text(data, "absent_doc", path, line)
    unanswerable = data.get("unanswerable", False)
    if not isinstance(unanswerable, bool):
        raise GoldError(path, line, '"unanswerable" must be true or false')
    if unanswerable and (expect or quote or key_phrase or actor):
        raise GoldError(
            path,
            line,
            'an "unanswerable" question cannot have "expect", "quote", "key_phrase" or "actor"',
        )
    if absent_doc and not unanswerable:
        raise GoldError(path, line, '"absent_doc" is for "unanswerable": true questions only')
    for key, value in (("quote", quote), ("key_phrase", key_phrase)):
        if value and not expect:
            raise GoldError(path, line, f'"{key}" needs the "expect" paragraph it comes from')
    if key_phrase is not None:
        _check_key_phrase(key_phrase, path, line)
    qtype = data.get("type")
    if qtype is not None and qtype not in TYPES:
        raise GoldError(path, line, f'"type" {qtype!r} is not one of {list(TYPES)}')
    if qtype == "who" and expect and actor is None:
        raise GoldError(path, line, 'a "who" question needs its "actor", as the issuance prints it')
    return GoldQuestion(
        data["id"],
        data["question"],
        expect,
        verdict,
        quote,
        unanswerable,
        line,
        type=qtype,
        verdicts=verdicts,
        key_phrase=key_phrase,
        actor=actor,
        actor_aliases=_parse_aliases(data, actor, path, line),
        absent_doc=absent_doc,
    )


def _optional_text(data: dict[str, Any], key: str, path: Path, line: int) -> str | None:
    """A key whose value, when given, is a non-empty string."""
    value = data.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise GoldError(path, line, f'"{key}" must be a non-empty string when given')
    return value


def _parse_verdicts(data: dict[str, Any], path: Path, line: int) -> tuple[str, ...]:
    """The acceptable verdicts; empty when the line has none or only the older "verdict"."""
    value = data.get("verdicts")
    if value is None:
        return ()
    if "verdict" in data:
        raise GoldError(path, line, 'give "verdicts" (a list) or the older "verdict", not both')
    if not isinstance(value, list) or not value:
        raise GoldError(path, line, '"verdicts" must be a non-empty list, e.g. ["Permitted"]')
    wrong = [v for v in value if v not in VERDICTS]
    if wrong:
        raise GoldError(path, line, f'"verdicts" {wrong!r} not in {list(VERDICTS)}')
    if len(set(value)) != len(value):
        raise GoldError(path, line, '"verdicts" lists a verdict twice; list each once')
    return tuple(value)


def _check_key_phrase(phrase: str, path: Path, line: int) -> None:
    """A key phrase is a short run of words, not a word and not the whole paragraph."""
    low, high = _KEY_PHRASE_WORDS
    if not low <= len(phrase.split()) <= high:
        raise GoldError(
            path,
            line,
            f'"key_phrase" has {len(phrase.split())} words; quote the {low}-{high} words of the '
            "paragraph that answer the question",
        )


def _parse_aliases(
    data: dict[str, Any], actor: str | None, path: Path, line: int
) -> tuple[str, ...]:
    """Other names of the actor; they need the actor they stand for."""
    value = data.get("actor_aliases")
    if value is None:
        return ()
    if actor is None:
        raise GoldError(path, line, '"actor_aliases" needs the "actor" they are other names of')
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        raise GoldError(path, line, '"actor_aliases" must be a list of non-empty strings')
    return tuple(value)


def _parse_expect(value: Any, path: Path, line: int) -> tuple[Ref, ...]:
    """The any-of list of expected paragraphs, each path checked against the convention."""
    if not isinstance(value, list):
        raise GoldError(path, line, '"expect" must be a list (empty when unanswerable)')
    refs: list[Ref] = []
    for item in value:
        if not isinstance(item, dict) or not {"doc_id", "paragraph"} <= set(item) <= {
            "doc_id",
            "paragraph",
            "term",
        }:
            raise GoldError(
                path,
                line,
                'each "expect" item must be {"doc_id": ..., "paragraph": ...} and, for a '
                'glossary entry or reference, "term"',
            )
        doc_id, paragraph, term = item["doc_id"], item["paragraph"], item.get("term")
        if not isinstance(doc_id, str) or not doc_id.strip():
            raise GoldError(path, line, '"doc_id" must name the issuance, e.g. "DoDI 4715.13"')
        if not isinstance(paragraph, str) or not _PATH.match(paragraph):
            raise GoldError(
                path,
                line,
                f"paragraph {paragraph!r} does not follow the path convention; write it as "
                'DoD cites it: "3", "3.2", "8.2.c.(3)", "1.2.r.(2)(c)", "E2.1.a", "G.2"',
            )
        if term is not None and (
            not isinstance(term, str) or not term.strip() or not _TERMED.match(paragraph)
        ):
            raise GoldError(
                path,
                line,
                f'"term" {term!r} names a glossary entry or reference; give it as a non-empty '
                'string with a "G.1", "G.2" or "References" paragraph',
            )
        refs.append(Ref(doc_id, paragraph, term))
    return tuple(refs)
