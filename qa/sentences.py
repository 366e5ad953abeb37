"""Split paragraph text into sentences without breaking DoD abbreviations or paragraph numbers.

Sentences are returned as (start, end) offsets into the original text, so a sentence is
always a verbatim substring and can be quoted without re-checking how it was cut.
"""

from __future__ import annotations

import re

# Words that end in a period without ending a sentence, lower-cased, period removed.
_ABBREVIATIONS = frozenset(
    """e.g i.e u.s u.s.c etc no nos vol vols mr mrs ms dr jr sr inc co corp st sec secs ch
    para paras approx al viz cf fig figs jan feb mar apr jun jul aug sep sept oct nov dec
    a.m p.m u.k u.n""".split()  # noqa: SIM905 (a word list reads best as prose)
)
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace.
_BOUNDARY = re.compile("[.!?][\"\u201d\u2019')\\]]*\\s+")
# "3.3." / "2.5.b.(12)." / "4.2.1." — a paragraph number.
_PARAGRAPH_NUMBER = re.compile(r"(?:\d+|[A-Z]\d+)(?:\.(?:[0-9a-z]{1,3}|\(\w{1,3}\)))+\.?$")
_INITIAL = re.compile(r"^[A-Z]\.?$")  # "Ellen M. Lord"
_NEXT_STARTS_SENTENCE = re.compile("[\"\u201c\u2018'(\\[]*[A-Z0-9]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets in `text`, trailing whitespace excluded.

    A boundary is a '.', '!' or '?' followed by whitespace and a capital or digit, unless the
    word before it is a known abbreviation ("e.g.", "U.S."), an initial, or a paragraph
    number ("Paragraph 3.3.").

    Args:
        text: paragraph text as stored (verbatim from the PDF).

    Returns:
        Non-overlapping spans covering every non-blank sentence, in order.
    """
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    for m in _BOUNDARY.finditer(text):
        if not _NEXT_STARTS_SENTENCE.match(text, m.end()) or _protected(text, start, m.start()):
            continue
        end = m.start() + len(m.group().rstrip())
        if end > start:
            spans.append((start, end))
        start = m.end()
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each a verbatim substring of it."""
    return [text[a:b] for a, b in sentence_spans(text)]


def _protected(text: str, start: int, dot: int) -> bool:
    """Whether the period at `dot` belongs to an abbreviation, an initial or a number."""
    word = text[start : dot + 1].rsplit(None, 1)[-1] if text[start : dot + 1].strip() else ""
    bare = word.rstrip(".").lstrip('("“').lower()
    if bare in _ABBREVIATIONS or _INITIAL.match(word):
        return True
    # A number opening the sentence is its marker ("4.2.1.  A performance ..."); a number
    # ending one is a reference that closes it ("... in Paragraph 3.3.  The DNWG ...").
    first = text[start : dot + 1].split(None, 1)[0]
    return first == word and bool(_PARAGRAPH_NUMBER.match(word))


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i
