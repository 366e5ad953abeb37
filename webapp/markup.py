"""Turns untrusted text (document paragraphs, questions) into inert Streamlit Markdown.

Streamlit's Markdown understands HTML-like tags, links, images, LaTeX (`$...$`), colour
directives (`:red[...]`) and emoji shortcodes. A PDF's text or a user's question must show up
exactly as typed, never as any of those, so every ASCII punctuation character is
backslash-escaped (CommonMark lets any of them be escaped) before it reaches `st.markdown`.
Nothing in the app passes `unsafe_allow_html`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

_ESCAPE = str.maketrans({c: "\\" + c for c in string.punctuation})
_LINE_BREAKS = re.compile(r"\r\n?|\n")
# Streamlit's highlighter directive; escaped text inside it stays literal (brackets too).
HIGHLIGHT = ":yellow-background[{}]"


def escape(text: str) -> str:
    """Escape `text` so Markdown renders it literally.

    Line breaks become Markdown hard breaks (two spaces + newline) so a quoted paragraph keeps
    its lines; control characters other than newline and tab are dropped.

    Args:
        text: untrusted text.

    Returns:
        Markdown source that displays `text` verbatim.
    """
    clean = "".join(c for c in text if c in "\n\t" or c == "\r" or c.isprintable())
    escaped = clean.translate(_ESCAPE)
    return _LINE_BREAKS.sub("  \n", escaped)


def quote(text: str, marked: Iterable[str] = ()) -> str:
    """`text` escaped as a quotation in the body colour, each `marked` sentence highlighted.

    Not a Markdown block quote: Streamlit draws those in a faded grey, which made the quoted
    policy the hardest text on the page to read. Typographic quotation marks say it is a
    quote instead.

    Args:
        text: untrusted text (a paragraph).
        marked: sentences of `text` to highlight (qa.records.Support.marked); each is
            highlighted at its first occurrence, and a sentence not in `text` is ignored.

    Returns:
        Markdown source that displays “text” verbatim.
    """
    parts: list[str] = []
    end = 0
    for start, stop in _spans(text, marked):
        parts.append(escape(text[end:start]))
        # A hard break would end the highlight early; inside it a line break shows as a space.
        parts.append(HIGHLIGHT.format(escape(text[start:stop]).replace("  \n", " ")))
        end = stop
    parts.append(escape(text[end:]))
    return "\u201c" + "".join(parts) + "\u201d"


def _spans(text: str, sentences: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) offsets of each sentence's first occurrence, in order."""
    found = sorted(
        (i, i + len(s)) for s in dict.fromkeys(sentences) if s.strip() and (i := text.find(s)) >= 0
    )
    out: list[tuple[int, int]] = []
    for start, stop in found:
        if not out or start >= out[-1][1]:
            out.append((start, stop))
    return out
