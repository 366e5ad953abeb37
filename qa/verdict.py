"""The force a sentence states (may / must / must not / should) and the conditions it sets.

Negations are matched before their positive verbs because "may not" must never read as
"may". Conditions are returned as verbatim spans so they can be quoted, never paraphrased.
"""

from __future__ import annotations

import re

from qa.records import Verdict

# "deficiencies that cannot be corrected" describes an inability, not a prohibition.
_NEG = (
    r"(?:must|will|shall|may|can|could|should)\s+not|(?<!that\s)(?<!which\s)(?<!who\s)"
    r"(?:cannot|can't)|won't|shan't"
)
# Ordered: the first family that matches a sentence decides its force.
_FORCES: tuple[tuple[Verdict, re.Pattern[str]], ...] = (
    (
        Verdict.PROHIBITED,
        re.compile(
            rf"\b(?:{_NEG})\b|\bprohibit(?:s|ed|ion)?\b|\bnot\s+(?:be\s+)?(?:authorized|permitted|"
            r"allowed)\b|\bforbid(?:den|s)?\b|^\s*not\s+to\b|\bno\s+[\w\s,-]{0,60}?\b(?:will|shall|"
            r"may|must)\b|\bnever\b",
            re.IGNORECASE,
        ),
    ),
    (Verdict.RECOMMENDED, re.compile(r"\bshould\b|\bencouraged\b|\bpreferred\b", re.IGNORECASE)),
    (
        Verdict.REQUIRED,
        re.compile(
            r"\b(?:must|shall|will)\b|\b(?:is|are|may\s+be)\s+required\b|\brequired\s+to\b|"
            r"\bresponsible\s+for\b|\b(?:is|are)\s+to\s+be\b",  # "a request is to be submitted"
            re.IGNORECASE,
        ),
    ),
    (
        Verdict.PERMITTED,
        re.compile(
            r"\bmay\b|\b(?:is|are)\s+(?:permitted|authorized|allowed)\b|\bcan\b|"
            r"\boptional(?:ly)?\b|\b(?:at|in)\s+(?:\S+\s+){0,3}discretion\b|\bdiscretionary\b",
            re.IGNORECASE,
        ),
    ),
)
# Condition markers, longest first so "only when" wins over "when".
_CONDITION = re.compile(
    r"\b(provided\s+that|unless|except(?:\s+(?:as|for|when|where|that|in))?|only\s+(?:when|if|"
    r"after|to\s+the\s+extent)|but\s+only\s+if|subject\s+to|to\s+the\s+extent|if|when(?:ever)?|"
    r"until|in\s+the\s+event)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r";\s|:$")


def force(sentence: str) -> Verdict | None:
    """The force `sentence` states, or None when it states none.

    Args:
        sentence: one sentence, as quoted.

    Returns:
        PROHIBITED for "must not", "may not", "will not", "prohibited", "No … will"; then
        RECOMMENDED ("should"), REQUIRED ("must", "shall", "will", "may be required": a
        conditional duty, not a permission), PERMITTED ("may").
    """
    for verdict, pattern in _FORCES:
        if pattern.search(sentence):
            return verdict
    return None


def condition_spans(text: str) -> list[tuple[str, int, int]]:
    """Conditions in one sentence as (keyword, start, end): from the marker to its clause end.

    Call it per sentence (qa.sentences), so that "e.g." inside a clause cannot cut it. A
    clause runs to ';' or the end of the sentence, or to a colon ending it (a lead-in whose
    children are the conditions). Commas do not end it: "but only if A, B can be avoided,
    and C" is one condition, and over-quoting a condition is safer than dropping part of it.
    """
    spans: list[tuple[str, int, int]] = []
    pos = 0
    while m := _CONDITION.search(text, pos):
        stop = _CLAUSE_END.search(text, m.end())
        end = stop.start() + (1 if stop.group().startswith(":") else 0) if stop else len(text)
        end = len(text[:end].rstrip())
        if end > m.end():
            spans.append((" ".join(m.group(1).lower().split()), m.start(), end))
        pos = max(end, m.end())
    return spans
