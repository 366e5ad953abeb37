"""Pages from a page-text file: ``=== PAGE n ===`` (pypdf dumps) or ``## Page N`` markers.

Such files widen the evaluation corpus beyond the PDFs at hand. They carry no positions, so
the parser strips headers and footers by pattern; plain extraction also splits some words and
markers over two lines ("Or" / "iginating Component:", " c" / ".  DoD"), which are re-joined
here before parsing.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.pages import Line, Page
from ingest.words import join_split_lines

_MARKER = re.compile(r"^(?:=== PAGE (\d+) ===|## Page (\d+))\s*$")


def text_pages(text: str) -> list[Page]:
    """Split a page-text file (``=== PAGE n ===`` or ``## Page N`` markers) into pages.

    Text before the first marker (a provenance comment) is not part of any page. Files that
    number pages from 0 are shifted so that pages are 1-indexed like the printed document.
    """
    pages: list[tuple[int, list[str]]] = []
    for raw in text.splitlines():
        found = _MARKER.match(raw)
        if found:
            pages.append((int(found.group(1) or found.group(2)), []))
        elif pages:
            pages[-1][1].append(raw.rstrip())
    shift = 1 if pages and pages[0][0] == 0 else 0
    return [
        Page(n + shift, tuple(Line(n + shift, t) for t in join_split_lines(mend_splits(lines))))
        for n, lines in pages
    ]


_FRAGMENT = re.compile(r"^\s*(?:\(?[A-Za-z0-9]{0,3}|(?:\(\w{1,2}\)|\w{1,2}\.)\s+[A-Z])$")
_LONE_MARKER = re.compile(r"^\s*(?:[a-z]{1,2}\.|\(\w{1,2}\))$")
_LONE_PART = re.compile(r"^\s*PART\s*$")  # "PART" / " I.  ABBREVIATIONS AND ACRONYMS"
_ROMAN = re.compile(r"^\s*[IVX]{1,4}\s?[.:]")


def mend_splits(lines: list[str]) -> list[str]:
    """Re-join what plain text extraction split: "Or" / "iginating", " c" / ".  DoD", "(" / "1)",
    "PART" / " I.  ABBREVIATIONS".

    Only a line that is a mere fragment (a few characters, or a marker plus one capital) is
    joined to the next, so ordinary short lines are left alone. Blank lines and "---" page
    rules are dropped.
    """
    out: list[str] = []
    for text in lines:
        if not text.strip() or text.strip() == "---":
            continue
        rest = text.lstrip()
        tight = rest[:1].islower() or rest[:1] in ".)" or (bool(out) and out[-1].endswith("("))
        if out and out[-1].strip().isdigit():  # a page number, unless "(2" + ")" or "3" + "."
            tight = rest[:1] in ".)"
        if out and _FRAGMENT.match(out[-1]) and tight:
            out[-1] = out[-1].rstrip() + rest
        elif out and (
            _LONE_MARKER.match(out[-1]) or (_LONE_PART.match(out[-1]) and _ROMAN.match(rest))
        ):
            out[-1] = out[-1].rstrip() + " " + rest
        else:
            out.append(text)
    return out


def has_page_markers(path: Path) -> bool:
    """Whether a text file uses one of the page markers ``text_pages`` understands."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        return any(_MARKER.match(line.rstrip()) for line in handle)
