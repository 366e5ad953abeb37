"""Join printed lines back into running text.

The issuances set text justified with few real end-of-line hyphenations, while hyphenated
compounds ("DoD-controlled", "noise-related") are common and often fall at a line end, so a
line ending in a hyphen is joined *keeping* the hyphen. Spacing inside a line is kept as printed
(two blanks after a sentence), so quoted text matches the PDF.
"""

from __future__ import annotations

from collections.abc import Iterable


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines with one blank, or none after a line-end hyphen.

    Args:
        lines: printed lines, top to bottom; blank lines are skipped.

    Returns:
        The running text without leading or trailing blanks.
    """
    out = ""
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if not out:
            out = text
        elif out.endswith("-") and not out.endswith(" -") and text[0].isalnum():
            out += text
        else:
            out += " " + text
    return out
