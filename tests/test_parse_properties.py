"""Property tests: the line parser never crashes and never loses or duplicates body text.

The parser is staged so that this can be checked: ``strip_page`` returns the body (footnote
marks removed) and the stripped furniture of a page, and ``modern.parse_body`` returns each
record with the lines it was read from plus the lines that belong to no record (headings).
Every input line must land in exactly one of those places, and a paragraph's marker, title and
text must account for every visible character of its lines.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.errors import UnrecognisedIssuanceError
from ingest.layout import strip_page
from ingest.modern import parse_body
from ingest.pages import Line, Page
from ingest.parse import Source, parse_pages
from ingest.records import Kind
from ingest.textpages import mend_splits
from ingest.toc import is_toc_page

_PREFIXES = [
    "", "", "", "a. ", "b. ", "c. ", "aa. ", "(1) ", "(2) ", "(a) ", "(b) ", "(i) ", "1. ",
    "2. ", "1.1.  ", "1.2.  POLICY.  ", "2.1.  ", "SECTION 1:  GENERAL ISSUANCE INFORMATION",
    "SECTION 2: RESPONSIBILITIES", "GLOSSARY", "G.1.  ACRONYMS.", "G.2.  DEFINITIONS.",
    "REFERENCES", "DoDI 1234.56, May 1, 2020", "Change 1, June 2, 2021",
    "SECTION 1:  GENERAL 3", "TABLE OF CONTENTS", "Title.  ", "term.  ", "ACRONYM MEANING",
    "SECTION 3: ", "4", "(", "G", "Guidebook1 ", "1  Available at ", "Title 102",
]  # fmt: skip
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=50)
_LINE = st.builds(lambda prefix, text: prefix + text, st.sampled_from(_PREFIXES), _TEXT)
_PAGES = st.lists(st.lists(_LINE, max_size=25), min_size=1, max_size=6)


def _visible(text: str) -> str:
    return re.sub(r"\s", "", text)


def _pages(raw: list[list[str]]) -> list[Page]:
    """Unpositioned pages; y carries a unique line index so equal texts stay distinct."""
    count = 0
    pages = []
    for number, texts in enumerate(raw, start=1):
        lines = []
        for text in texts:
            lines.append(Line(number, text, float(count)))
            count += 1
        pages.append(Page(number, tuple(lines)))
    return pages


@settings(max_examples=200, deadline=None)
@given(_PAGES)
def test_every_body_line_lands_in_exactly_one_place(raw: list[list[str]]) -> None:
    pages = _pages(raw)
    body: list[Line] = []
    furniture: list[Line] = []
    in_toc = False
    for page in pages:
        text = strip_page(page)
        in_toc = is_toc_page(text, in_toc)
        furniture.extend(text.stripped)
        (furniture if in_toc else body).extend(text.body)
    # by position: a body line may lose a footnote mark ("Guidebook1" above a note "1  ...")
    assert Counter((t.page, t.y) for t in furniture + body) == Counter(
        (t.page, t.y) for page in pages for t in page.lines
    )

    parsed = parse_body(body, "DoDI 1234.56")
    placed = [line for _, source in parsed.records for line in source] + list(parsed.unplaced)
    assert Counter(placed) == Counter(body)
    for record, source in parsed.records:
        visible = _visible("".join(line.text for line in source))
        assert _visible(record.text) in visible or not record.text
        assert record.pages == tuple(sorted({line.page for line in source}))


@settings(max_examples=200, deadline=None)
@given(_PAGES)
def test_paragraph_marker_title_and_text_cover_its_lines(raw: list[list[str]]) -> None:
    body = [line for page in _pages(raw) for line in strip_page(page).body]
    for record, source in parse_body(body, "DoDI 1234.56").records:
        if record.kind is not Kind.PARAGRAPH:
            continue
        printed = _visible("".join(line.text for line in source))
        marker = record.heading[-1].split(" ", 1)[0]
        # a title ends with its period, or (older issuances) with the end of the marker line
        endings = (".", "") if record.title else ("",)
        assert printed in {_visible(marker + record.title + end + record.text) for end in endings}


@given(st.lists(_LINE, max_size=30))
def test_mending_split_lines_keeps_every_character(lines: list[str]) -> None:
    mended = mend_splits(lines)
    assert _visible("".join(mended)) == _visible("".join(t for t in lines if t.strip() != "---"))


_COVERS = st.sampled_from(
    [
        ["DOD INSTRUCTION 1234.56", "FICTIONAL TITLE", "Effective: May 1, 2020"],
        ["Department of Defense", "INSTRUCTION", "NUMBER 1234.56", "May 1, 2020"],
        ["Quarterly cafeteria menu"],
    ]
)


@settings(max_examples=150, deadline=None)
@given(_COVERS, _PAGES)
def test_whole_text_pipeline_never_crashes(cover: list[str], raw: list[list[str]]) -> None:
    pages = _pages([cover + raw[0], *raw[1:]])
    try:
        parsed = parse_pages(pages, Source("fuzz.txt", "0" * 64), Path("fuzz.txt"))
    except UnrecognisedIssuanceError as err:
        assert str(err).startswith("fuzz.txt: ")
        return
    everything = _visible("".join(line.text for page in pages for line in page.lines))
    for record in parsed.paragraphs:
        assert all(word in everything for word in record.text.split()), record
