"""Words split in two by text extraction ("po licy", "I t", "A s"), found with a real word list.

pypdf puts a blank inside a word where a PDF moves the pen between two pieces of it, and the
page-text extractions of the samples carry the same blanks. A blank is a split when the two
letter runs on either side join into an English word while at least one of them is no word on
its own. The word list is pyspellchecker's English frequency list (160k words counted in a
large corpus): a fragment such as "po" or "ere" occurs in it, but rarely, so a short token counts
as a word only when it is common (``_MIN_COUNT``). English has two one-letter words, "a" and
"I"; any other single letter is a fragment ("I t" is "It").

Guards keep real two-word sequences apart: a token that continues into an abbreviation,
compound or number ("a U.S. patent", "shall be E-7", "a G-TSCMIS", "or B&P") is not a fragment,
and the joined word must be cased as one word ("the IR" is not "their"; all capitals need five
letters, so a table of acronyms such as "SO UR" stays apart).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

_TOKEN = re.compile(r"[^\W\d_]+")  # a run of letters (any script, so "attachés" is one token)
_ASCII_WORD = re.compile(r"[A-Za-z]+")
_ONE_WORD_CASE = re.compile(r"[A-Z]?[a-z]+|[A-Z]{5,}")
_APOSTROPHES = "'\u2019"
_JOINERS = "-&/." + _APOSTROPHES  # a token after one of these ends a compound or abbreviation
# How often a short token must occur in the word list to count as a word on its own. The list
# holds fragments such as "po" (1,007), "ere" (3,073) and "de" (98,568) from foreign or broken
# text; common short English words occur far more often ("or" 4.1 million, "tax" 32,043).
_MIN_COUNT = {2: 100_000, 3: 5_000}


@cache
def word_counts() -> Mapping[str, int]:
    """pyspellchecker's English word list: lower-case word -> count in its source corpus."""
    from spellchecker import SpellChecker  # loads a 650 kB list: only when text is checked

    return SpellChecker(language="en", distance=1).word_frequency.dictionary


def is_word(token: str) -> bool:
    """Whether a letter run is an English word on its own (case-insensitive)."""
    lower = token.lower()
    if len(lower) == 1:
        return lower in ("a", "i")
    return word_counts().get(lower, 0) >= _MIN_COUNT.get(len(lower), 1)


@dataclass(frozen=True)
class SplitWord:
    """A word printed as two tokens: ``text[start:end]`` is "left right"."""

    start: int
    end: int
    left: str
    right: str

    @property
    def word(self) -> str:
        """The word as it should read: the two tokens without the blank."""
        return self.left + self.right


def find_split_words(text: str) -> list[SplitWord]:
    """Every split word in ``text``, left to right, none overlapping.

    Where two candidates share a token ("An e xplanation": "Ane" or "explanation"), the one
    whose halves are both fragments wins, then the more common joined word.
    """
    tokens = list(_TOKEN.finditer(text))
    found: list[tuple[int, int, SplitWord]] = []
    for i, (left, right) in enumerate(pairwise(tokens)):
        strength = _split_strength(text, left, right)
        if strength:
            split = SplitWord(left.start(), right.end(), left[0], right[0])
            found.append((strength, i, split))
    found.sort(key=lambda item: (-item[0], -word_counts().get(item[2].word.lower(), 0)))
    taken: set[int] = set()
    chosen: list[SplitWord] = []
    for _, i, split in found:
        if i not in taken and i + 1 not in taken:
            taken.update((i, i + 1))
            chosen.append(split)
    return sorted(chosen, key=lambda s: s.start)


def join_split_words(text: str) -> str:
    """``text`` with the blank inside every split word removed ("po licy" -> "policy").

    ``text`` is one printed line: a single letter after a word at its end may be the head of a
    word that goes on in the next line ("An e" / "xplanation"), so it is left for
    ``join_split_lines``; "POLIC Y" at a line end is joined.
    """
    for _ in range(3):  # a word in three pieces needs a second pass
        splits = [s for s in find_split_words(text) if not _ends_in_letter(text, s)]
        if not splits:
            break
        for split in reversed(splits):
            text = text[: split.start] + split.word + text[split.end :]
    return text


def join_split_lines(lines: list[str]) -> list[str]:
    """Printed lines with split words joined, also where a split falls at a line end.

    Plain text extraction breaks some lines inside a split word ("(b) An e" / "xplanation of
    why", "(1) Pr" / "otect", "E" / "NCLOSURE 1"); the word's tail moves up to its head, so a
    paragraph marker keeps its text, and a line that held only the head is joined to the next.
    """
    out = [join_split_words(line) for line in lines]
    for i in range(len(out) - 1):
        head, tail = out[i].rstrip(), out[i + 1].lstrip()
        if not head or not tail:
            continue
        both = f"{head} {tail}"
        across = [s for s in find_split_words(both) if s.start < len(head) < s.end]
        if across:
            split = across[0]
            rest = both[split.end :]  # after the word: "] COM" or " of why"
            # A line that held only the head ("E" / "NCLOSURE 1:  REFERENCES") takes the whole
            # next line; otherwise the word's tail moves up with what sticks to it ("]").
            cut = len(rest) if split.start == 0 or " " not in rest else rest.find(" ")
            out[i] = head[: split.start] + split.word + rest[:cut]
            out[i + 1] = rest[cut:].lstrip()
    return [line for line in out if line.strip()]


def _ends_in_letter(text: str, split: SplitWord) -> bool:
    """Whether a word and one letter end ``text`` ("An e"): the letter may go on below."""
    return len(split.right) == 1 and not text[split.end :].strip() and is_word(split.left)


def _split_strength(text: str, left: re.Match[str], right: re.Match[str]) -> int:
    """2 if both tokens are fragments of one word, 1 if one is, 0 if they are two words."""
    if text[left.end() : right.start()] != " ":
        return 0
    a, b = left[0], right[0]
    if not (_ASCII_WORD.fullmatch(a) and _ASCII_WORD.fullmatch(b)):
        return 0
    before = text[left.start() - 1] if left.start() else ""
    after = text[right.end() : right.end() + 2]
    inside_compound = before == "-" and after[:1] == "-"  # "25-Y ear-Old"
    if not inside_compound and (_joined_before(before, a) or _joined_after(after, b)):
        return 0
    joined = a + b
    if not _ONE_WORD_CASE.fullmatch(joined) or joined.lower() not in word_counts():
        return 0
    return 2 - is_word(a) - is_word(b)


def _joined_before(before: str, token: str) -> bool:
    """Whether what precedes ``token`` makes it the end of an abbreviation, number or name.

    "E.O", "7000.14-R", "DoD's", "AA&E", "2nd" (but "NON-GOVE RNMENT" is a split).
    """
    if not before:
        return False
    return before.isdigit() or (before in _JOINERS and (before != "-" or len(token) == 1))


def _joined_after(after: str, token: str) -> bool:
    """Whether what follows ``token`` makes it part of an abbreviation, compound or number.

    "a U.S.", "or B&P", "be E-7", "a re-ingest", "to re-gain" (but "CL ASSIFICATION]" and
    "Y ear-Old" can be splits: a longer token before a hyphen is a compound's first word).
    """
    if not after:
        return False
    first = after[0]
    if first == "-":
        return len(token) <= 2
    abbreviation = first == "." and after[1:2].isalnum()
    return first in "&/" + _APOSTROPHES or first.isdigit() or abbreviation
