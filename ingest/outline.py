"""Number-driven segmentation of body lines into paragraph blocks.

DoD issuances number every paragraph, and each level has its own marker style (``2.1.``,
``a.``, ``(1)``, ``(a)``, ``1.``, ``a.``). A line opens a new block only when its marker is the
*next* number at some open level or the *first* number one level deeper; anything else (a
wrapped line that happens to begin "2." or "(c)") stays text. That rule is what makes "(i)"
after "(h)" a letter and keeps cross references from starting paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from ingest.pages import Line

_STYLE_RE = {
    "nm": re.compile(r"^\s*(\d{1,2})\.(\d{1,3})\.?(?=\s|$)"),
    "lower": re.compile(r"^\s*([a-z]{1,2})\s?\.(?=\s|$|[A-Z])"),
    "pnum": re.compile(r"^\s*\(\s?(\d{1,2})\s?\)"),
    "plower": re.compile(r"^\s*\(\s?([a-z]{1,2})\s?\)"),
    "num": re.compile(r"^\s*(\d{1,2})\s?\.(?=\s|$)"),
}
# A letter printed without its period ("c  Establish ...", DoDI 2030.08): a marker only as the
# next sibling of an open letter, and only before a capital or alone on its line.
_BARE_LETTER = re.compile(r"^\s*([a-z]{1,2})(?:\s{2,}(?=[A-Z])|\s*$)")
# Text that goes on mid-sentence: the line before ends without punctuation, this one's words
# start in lower case ("... homeland defense activities between" / "(1) the Secretary of ...").
_OPEN_END = re.compile(r"[A-Za-z0-9,]$")
# Styles a list may restart with, one level deeper, right after a lead-in ending in ":" when the
# template's own next style does not follow. Only the fifth and sixth levels ("1.", "a.",
# underlined in print) do so: DoDM 5200.01 Vol 1 numbers the items under "(e) ... including the
# following:" "(1)", "(2)".
_RESTART = ("pnum", "plower")
_RESTART_DEPTH = 4
MODERN = ("nm", "lower", "pnum", "plower", "num", "lower")
OLD = ("num", "lower", "pnum", "plower", "num", "lower")


@dataclass(frozen=True)
class Block:
    """The lines of one numbered paragraph, its marker first.

    Attributes:
        path: paragraph path as DoD cites it ("3.2.b.(9)", "E2.1.a").
        marker: the marker as printed, without blanks ("3.2.", "b.", "(9)").
        depth: 0 for the outermost numbered level of this outline.
        lines: the paragraph's own lines (children excluded), marker line first.
        parent: path of the enclosing block, or the outline's root path.
    """

    path: str
    marker: str
    depth: int
    lines: tuple[Line, ...]
    parent: str | None


@dataclass(frozen=True)
class _Open:
    depth: int
    value: str
    segment: str
    style: str


def join_path(segments: list[str]) -> str:
    """Join path segments as DoD cites: "8.2" "c" "(3)" "(a)" -> "8.2.c.(3)(a)"."""
    path = segments[0] if segments else ""
    for prev, seg in pairwise(segments):
        path += ("" if prev.startswith("(") else ".") + seg
    return path


def _next(value: str) -> str:
    if value.isdigit():
        return str(int(value) + 1)
    if value == "z":
        return "aa"
    if len(value) == 2 and value[0] == value[1]:
        return chr(ord(value[0]) + 1) * 2
    return chr(ord(value) + 1)


def _first(style: str) -> str:
    return "a" if style in ("lower", "plower") else "1"


def _segment(style: str, value: str) -> str:
    return f"({value})" if style in ("pnum", "plower") else value


class Outliner:
    """Splits a run of body lines into numbered blocks under one root (a section, enclosure).

    Args:
        root: path of the enclosing record ("3", "E2") or "" for an old issuance's body.
        styles: marker style per depth, outermost first (``MODERN`` or ``OLD``).
        section: for the modern "n.m." level, the section number n it must carry.
    """

    def __init__(self, root: str, styles: tuple[str, ...], section: str = "") -> None:
        self.root = root
        self.styles = styles
        self.section = section
        self.stack: list[_Open] = []
        self._restart: str | None = None  # style of a restarted list, from match to open

    def match(self, text: str, lead_in: bool = False) -> tuple[int, str, str] | None:
        """Return (depth, value, marker) if ``text`` opens the next paragraph, else None.

        Args:
            text: the line.
            lead_in: whether the line before ends a lead-in (":"), after which a list may
                restart in a style the template reserves for another level.
        """
        self._restart = None
        for depth in self._candidate_depths():
            style = self._style(depth)
            found = _STYLE_RE[style].match(text)
            if found and self._fits(depth, found):
                value = found.group(2) if style == "nm" else found.group(1)
                return depth, value, re.sub(r"\s", "", found.group(0))
            bare = _BARE_LETTER.match(text)
            if bare and self._bare_sibling(depth, bare.group(1)):
                return depth, bare.group(1), bare.group(1)
        deeper = len(self.stack)
        if not (lead_in and _RESTART_DEPTH <= deeper < len(self.styles)):
            return None
        for style in _RESTART:
            found = _STYLE_RE[style].match(text)
            if style != self._style(deeper) and found and found.group(1) == _first(style):
                self._restart = style
                return deeper, found.group(1), re.sub(r"\s", "", found.group(0))
        return None

    def _style(self, depth: int) -> str:
        """The marker style at ``depth``: as opened, else as the template prescribes."""
        return self.stack[depth].style if depth < len(self.stack) else self.styles[depth]

    def _bare_sibling(self, depth: int, value: str) -> bool:
        """A period-less letter opens a paragraph only as the next sibling of an open one."""
        if depth >= len(self.stack) or self._style(depth) != "lower":
            return False
        return value == _next(self.stack[depth].value)

    def _candidate_depths(self) -> list[int]:
        deeper = len(self.stack)
        depths = [o.depth for o in reversed(self.stack)]
        return ([deeper] if deeper < len(self.styles) else []) + depths

    def _fits(self, depth: int, found: re.Match[str]) -> bool:
        style = self._style(depth)
        if style == "nm" and found.group(1) != self.section:
            return False
        value = found.group(2) if style == "nm" else found.group(1)
        if depth == len(self.stack):
            return value == _first(style) or (style == "nm" and not self.stack)
        last = self.stack[depth].value
        if style == "nm":
            return 0 < int(value) - int(last) <= 2
        return value == _next(last)

    def open(self, depth: int, value: str) -> tuple[str, str | None]:
        """Open a paragraph at ``depth``; returns its path and its parent's path."""
        style = self._restart or self._style(depth)
        self._restart = None
        del self.stack[depth:]
        seg = f"{self.section}.{value}" if style == "nm" else _segment(style, value)
        parent = self.path()
        self.stack.append(_Open(depth, value, seg, style))
        return self.path(), parent or None

    def path(self) -> str:
        """Path of the innermost open paragraph (the root when none is open)."""
        segs = [o.segment for o in self.stack]
        if self.root and not (self.stack and self.styles[0] == "nm"):
            segs = [self.root, *segs]
        return join_path(segs) if segs else self.root


class Numbering(Protocol):
    """What ``outline`` needs from a numbering scheme (lettered ``Outliner`` or decimal)."""

    def match(self, text: str, lead_in: bool = False) -> tuple[int, str, str] | None: ...

    def open(self, depth: int, value: str) -> tuple[str, str | None]: ...


def outline(lines: list[Line], outliner: Numbering) -> tuple[list[Line], list[Block]]:
    """Split ``lines`` into the root's own leading lines and the numbered blocks after them.

    Every input line lands in exactly one place: the returned leading lines or one block.
    """
    lead: list[Line] = []
    blocks: list[Block] = []
    current: tuple[str, str, int, str | None] | None = None
    own: list[Line] = []
    previous = ""
    for line in lines:
        lead_in = previous.rstrip().endswith(":")
        hit = None if _continues(previous, line.text) else outliner.match(line.text, lead_in)
        previous = line.text
        if hit is None:
            (own if current else lead).append(line)
            continue
        if current:
            blocks.append(Block(current[0], current[1], current[2], tuple(own), current[3]))
        depth, value, marker = hit
        path, parent = outliner.open(depth, value)
        current, own = (path, marker, depth, parent), [line]
    if current:
        blocks.append(Block(current[0], current[1], current[2], tuple(own), current[3]))
    return lead, blocks


def _continues(previous: str, text: str) -> bool:
    """Whether ``text`` carries on the sentence of the line before, whatever marker it starts with.

    A wrapped line can begin with something shaped like a marker ("(1) the Secretary of Defense
    and ... (2) the States", DoDD 3160.01); a real paragraph starts after a finished line and
    with a capital, except lower-case defined terms ("a.  disclosure of an invention."), which
    follow a finished sentence.
    """
    words = re.sub(r"^\s*(?:\(\s?\w{1,2}\s?\)|\w{1,2}\s?\.)\s*", "", text, count=1)
    return bool(_OPEN_END.search(previous.rstrip())) and words[:1].islower()
