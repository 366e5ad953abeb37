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

_ESCAPE = str.maketrans({c: "\\" + c for c in string.punctuation})
_LINE_BREAKS = re.compile(r"\r\n?|\n")


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


def quote(text: str) -> str:
    """`text` escaped as a Markdown block quote, each line prefixed with `> `."""
    return "\n".join("> " + line for line in escape(text).split("\n"))
