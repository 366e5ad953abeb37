"""Decimal paragraph numbering of older issuances: "2.", "2.1.", "2.1.1." and "E2.1.1.".

Issuances from before about 2008 number every level with decimals instead of letters and
parentheses, and number enclosure paragraphs with the enclosure ("E3.2.1." is Enclosure 3,
paragraph 2.1). The same rule as for lettered outlines applies: a number opens a paragraph only
when it is the next sibling of an open paragraph or the first child of the innermost one.
"""

from __future__ import annotations

import re

_DECIMAL = re.compile(r"^\s*(?:E(\d{1,2})\.)?(\d{1,2}(?:\.\d{1,2}){0,5})\.(?=\s|$)")


def uses_decimals(texts: list[str]) -> bool:
    """Whether lines number subparagraphs "1.1." (or "E1.1.") rather than "a."."""
    return any(re.match(r"^\s*(?:E\d{1,2}\.)?\d{1,2}\.1\.\s", t) for t in texts)


class DecimalOutliner:
    """Numbering state for one decimal outline; same interface as ``outline.Outliner``.

    Args:
        root: "" for the main body, or "E2" for the paragraphs of Enclosure 2.
    """

    def __init__(self, root: str) -> None:
        self.root = root
        self.numbers: list[int] = []

    def match(self, text: str, lead_in: bool = False) -> tuple[int, str, str] | None:
        """Return (depth, number, marker) if ``text`` opens the next paragraph, else None.

        ``lead_in`` is part of the ``Numbering`` interface; decimal numbers never restart.
        """
        found = _DECIMAL.match(text)
        if not found or (f"E{found.group(1)}" if found.group(1) else "") != self.root:
            return None
        numbers = [int(part) for part in found.group(2).split(".")]
        depth = len(numbers) - 1
        if depth > len(self.numbers) or numbers[:-1] != self.numbers[:depth]:
            return None
        expected = self.numbers[depth] + 1 if depth < len(self.numbers) else 1
        if numbers[-1] != expected and (self.numbers or depth):
            return None
        return depth, found.group(2), found.group(0).strip()

    def open(self, depth: int, value: str) -> tuple[str, str | None]:
        """Open paragraph ``value`` ("2.1"); returns its path and its parent's path."""
        self.numbers = [int(part) for part in value.split(".")]
        parent = self._path(self.numbers[:-1])
        return self._path(self.numbers), parent or None

    def _path(self, numbers: list[int]) -> str:
        joined = ".".join(map(str, numbers))
        return ".".join(part for part in (self.root, joined) if part)
