"""Hostile text is escaped: Markdown renders it literally, never as HTML, links or LaTeX."""

from __future__ import annotations

import re

import pytest

from webapp.markup import escape, quote

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](http://example.invalid/x.png)",
    "$\\frac{1}{2}$ and :red[colour] and :smile:",
    "**bold** _it_ `code` # heading",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_leaves_no_unescaped_markup_character(text: str) -> None:
    escaped = escape(text)
    # Every ASCII punctuation character is preceded by a backslash.
    assert not re.search(r"(?<!\\)[<>\[\]()!*_`$:#]", escaped.replace("\\\\", ""))
    assert escaped.replace("\\", "") == text.replace("\\", "")


def test_escape_keeps_line_breaks_and_drops_control_characters() -> None:
    assert escape("a\nb\x00c\x1b") == "a  \nbc"


def test_quote_is_body_text_in_quotation_marks_not_a_grey_block_quote() -> None:
    assert quote("one\ntwo.") == "\u201cone  \ntwo\\.\u201d"


def test_quote_highlights_each_matched_sentence_once_and_escaped() -> None:
    text = "Keep it. Bury [it] only if contaminated. Keep it."
    marked = ("Bury [it] only if contaminated.", "Keep it.", "Not in the text.")
    assert quote(text, marked) == (
        "\u201c:yellow-background[Keep it\\.] "
        ":yellow-background[Bury \\[it\\] only if contaminated\\.] Keep it\\.\u201d"
    )


def test_quote_of_overlapping_marks_highlights_the_first() -> None:
    assert (
        quote("A b. C d.", ("A b. C", "b. C d.")) == "\u201c:yellow-background[A b\\. C] d\\.\u201d"
    )
