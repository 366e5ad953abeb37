"""Split a paragraph's printed title from its text.

"3.2.  DNWG.  The DNWG is ..." carries a title in capitals; "b. Function." and "(1)
Concurrence.  If the ICP concurs ..." carry a short title in title case. A short sentence such as
"(1) NSN." that is the whole paragraph is text, not a title, so a title-case phrase counts as a
title only when more text or child paragraphs follow it.
"""

from __future__ import annotations

import re

_SMALL = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
    "to", "with", "within", "under", "vs", "per",
}  # fmt: skip
_MAX_TITLE_WORDS = 8


def caps_title(text: str) -> tuple[str, str]:
    """'APPLICABILITY.  This issuance:' -> ('APPLICABILITY', 'This issuance:').

    The title is the longest run without lower-case letters that ends in a period followed by
    a blank (or the end); ('', text) when there is none.
    """
    run = re.match(r"[^a-z]*", text.replace("DoD", "DXD"))  # "DoD" counts as capitals
    prefix = text[: run.end()] if run else ""
    cut = -1
    for found in re.finditer(r"\.(?=\s|$)", prefix):
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


def phrase_title(text: str, has_children: bool) -> tuple[str, str]:
    """'Function.  The DNWG will:' -> ('Function', 'The DNWG will:'); else ('', text)."""
    found = re.match(r"([^.]{1,120}?)\.(?:\s+|$)", text)
    if not found:
        return "", text
    title, rest = found.group(1).strip(), text[found.end() :].strip()
    if not rest and not has_children:
        return "", text
    words = title.split()
    if not words or len(words) > _MAX_TITLE_WORDS or not words[0][:1].isupper():
        return "", text
    if all(_title_word(w) for w in words[1:]):
        return title, rest
    return "", text


def _title_word(word: str) -> bool:
    core = word.strip("(),:;“”\"'")
    return not core or core[0].isupper() or core[0].isdigit() or core.lower() in _SMALL
