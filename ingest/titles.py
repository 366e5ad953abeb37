"""Split a paragraph's printed title from its text.

"3.2.  DNWG.  The DNWG is ..." carries a title in capitals; "b. Function." and "(1)
Concurrence.  If the ICP concurs ..." carry a short title in title case. A short sentence such as
"(1) NSN." that is the whole paragraph is text, not a title, so a title-case phrase counts as a
title only when more text or child paragraphs follow it. Older issuances also print subheadings
with no period at all, on a line of their own above their children ("a.  Election Year Travel",
"2.  PLANNING AND SUPPORT"), and capitalised titles that wrap over two lines.
"""

from __future__ import annotations

import re

_SMALL = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
    "to", "with", "within", "under", "vs", "per",
}  # fmt: skip
# Words a sentence does not end on: a line ending in one is unfinished, not a subheading.
_UNFINISHED = _SMALL | {
    "that", "when", "which", "who", "if", "shall", "will", "must", "may", "should", "is", "are",
    "be", "not", "than", "including", "include", "includes",
}  # fmt: skip
_MAX_TITLE_WORDS = 8
_MAX_SUBHEADING_WORDS = 14
_INITIAL = re.compile(r"\.[A-Za-z]$")  # "U.S" of "U.S. Citizens": the period is not the end
_FINISHED = re.compile("[.:;,!?]['\u2019\u201d\")]*$")


def caps_title(text: str) -> tuple[str, str]:
    """'APPLICABILITY.  This issuance:' -> ('APPLICABILITY', 'This issuance:').

    The title is the longest run without lower-case letters that ends in a period (or, in some
    older issuances, a colon: "RESPONSIBILITIES:  See Enclosure 1.") followed by a blank or the
    end; ('', text) when there is none.
    """
    run = re.match(r"[^a-z]*", _capitalise_dod(text))  # "DoD" counts as capitals
    prefix = text[: run.end()] if run else ""
    cut = -1
    for found in re.finditer(r"[.:](?=\s|$)", prefix):
        if (
            found.end() == len(prefix)
            and found.end() < len(text)
            and not text[found.end()].isspace()
        ):
            continue
        cut = found.start()
    if cut <= 0 or not any(c.isalpha() for c in prefix[:cut]):
        return "", text
    return prefix[:cut].strip(), text[cut + 1 :].strip()


def caps_lines(lines: list[str]) -> int:
    """How many leading lines form a title in capitals with no period ("DoD" counts).

    "6.  UNIT LEVEL (BASIC LOAD QUANTITIES OR QUANTITIES SUFFICIENT FOR" / "TRAINING AND
    OPERATIONAL PURPOSES)" is one title over two lines; 0 when the first line is not one.
    """
    count = 0
    for line in lines:
        text = _capitalise_dod(line).strip()
        if not text or any(c.islower() for c in text) or not any(c.isupper() for c in text):
            break
        count += 1
        if text.endswith("."):
            return 0
    return count


def phrase_title(text: str, has_children: bool) -> tuple[str, str]:
    """'Function.  The DNWG will:' -> ('Function', 'The DNWG will:'); else ('', text).

    The title ends at the first period outside parentheses that is not an initial ("U.S."),
    so "Sponsored, Reimbursable Travel (i.e., Media Travel).  Media ..." keeps its parenthesis.
    A blank that text extraction put before that period ("Family Travel .") is not kept.
    """
    end = _title_end(text)
    if end is None:
        return "", text
    title, rest = text[:end].strip(), text[end + 1 :].strip()
    if not rest and not has_children:
        return "", text
    words = _outer_words(title)
    if not words or len(words) > _MAX_TITLE_WORDS or not words[0][:1].isupper():
        return "", text
    if all(_title_word(w) for w in words[1:]):
        return title, rest
    return "", text


def subheading(lines: list[str], has_children: bool) -> bool:
    """Whether a paragraph's own text is a subheading printed without a period.

    Only a paragraph with children qualifies, and only when its text is unpunctuated: one line
    that does not break off mid-sentence ("Drivers of vehicles transporting AA&E"), or a
    title-case phrase wrapped over two lines.
    """
    text = " ".join(t.strip() for t in lines if t.strip())
    if not has_children or not text or _FINISHED.search(text) or len(lines) > 2:
        return False
    words = _outer_words(text)
    if not words or len(words) > _MAX_SUBHEADING_WORDS or not words[0][:1].isupper():
        return False
    if len(lines) == 1:
        return words[-1].lower() not in _UNFINISHED
    return all(_title_word(w) for w in words[1:])


def _title_end(text: str) -> int | None:
    """Index of the period that ends a leading title, or None (searches 160 characters)."""
    depth = 0
    for i, char in enumerate(text[:160]):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "." and depth == 0:
            follows = text[i + 1 : i + 2]
            if follows and not follows.isspace():
                continue
            if _INITIAL.search(text[:i]):
                continue
            return i
    return None


def _outer_words(text: str) -> list[str]:
    """Words outside parentheses, "and/or" split into its words."""
    outside = re.sub(r"\([^()]*\)", " ", text)
    return [w for w in re.split(r"[\s/]+", outside) if w.strip("(),:;“”\"'")]


def _capitalise_dod(text: str) -> str:
    """ "DoD", "DoDD" and the like read as capitals when telling titles from text."""
    return re.sub(r"\bDoD", "DOD", text)


def _title_word(word: str) -> bool:
    core = word.strip("(),:;“”\"'")
    return not core or core[0].isupper() or core[0].isdigit() or core.lower() in _SMALL
