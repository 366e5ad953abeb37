"""Typed values that flow from the PDF parser to the index, the answers and the screen.

Every record carries its own citation (document id, paragraph path as printed, 1-indexed pages)
so nothing downstream ever has to renumber or guess where a sentence came from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

TEXT_SUFFIXES = (".txt", ".md")  # page-text files: parsed without positions, no page image


class Kind(StrEnum):
    """What a record is; decides how it is cited and whether it is searched."""

    PURPOSE = "purpose"  # the cover page's Purpose statement and bullets
    SECTION = "section"  # "SECTION 3: PROCEDURES" (text: any lines before its first n.m.)
    PARAGRAPH = "paragraph"  # n.m., a., (1), (a), ... and old-style 1., E2.1.
    ACRONYM = "acronym"  # one G.1 row: term -> expansion
    DEFINITION = "definition"  # one G.2 term and its definition
    REFERENCE = "reference"  # one REFERENCES entry
    ENCLOSURE = "enclosure"  # old template: "ENCLOSURE 2" heading record


@dataclass(frozen=True)
class Change:
    """One change to an issuance as the cover page and running header state it."""

    number: int
    date: str  # as printed, e.g. "January 24, 2023"


@dataclass(frozen=True)
class Document:
    """Metadata of one ingested issuance, read from its cover page.

    Attributes:
        doc_id: the id as the issuance names itself: "DoDI 5400.17", "DoDM 4160.28, Volume 1".
        title: title in the issuance's own words (cover page, capitals normalised to title case
            only when the cover prints it in capitals).
        effective: effective date as printed ("August 12, 2022").
        changes: changes incorporated, oldest first.
        template: "modern" (2017+, SECTION n / n.m.) or "old" (numbered paragraphs, enclosures).
        source: file name the document was read from.
        sha256: hex digest of the source file's bytes.
        pages: page count of the source.
        fields: other cover-page fields verbatim (Originating Component, Releasability, ...).
    """

    doc_id: str
    title: str
    effective: str
    changes: tuple[Change, ...]
    template: str
    source: str
    sha256: str
    pages: int
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def printed(self) -> bool:
        """Whether it was read from a PDF (its pages can be shown), not from a page-text file."""
        return not self.source.lower().endswith(TEXT_SUFFIXES)

    @property
    def edition(self) -> str:
        """The edition in citation form: 'Aug 12, 2022, incorporating Change 1, Jan 24, 2023'."""
        text = _short_date(self.effective)
        if self.changes:
            last = self.changes[-1]
            text += f", incorporating Change {last.number}, {_short_date(last.date)}"
        return text


@dataclass(frozen=True)
class Paragraph:
    """One cited unit of an issuance: a paragraph, glossary entry, reference or purpose.

    Attributes:
        doc_id: id of the issuance it belongs to ("DoDI 4715.13").
        path: the paragraph number as printed, without a trailing period: letter and digit
            levels are joined by periods and parenthesised levels follow the level above
            directly after its period, as DoD cites itself: "3", "3.2", "8.2.c.(3)",
            "1.2.r.(2)(c)". Glossary records are "G.1" / "G.2" (told apart by ``term``),
            references "References" (told apart by ``term``, the cited title), the cover's
            purpose "Purpose". Old-template body paragraphs are "4.a.(1)"; enclosure paragraphs
            carry the enclosure number: "E2.1.a" is Enclosure 2, paragraph 1.a.
        kind: what the record is.
        heading: heading trail from the outside in, e.g. ("SECTION 3: PROCEDURES", "3.2. DNWG",
            "b. Function").
        title: the paragraph's own printed title ("DNWG"), empty when it has none.
        text: the record's own text, verbatim from the PDF with wrapped lines joined and
            header/footer residue removed; excludes the text of its children.
        pages: 1-indexed pages the text occupies, ascending.
        parent: path of the enclosing record, None at the top.
        term: for ACRONYM and DEFINITION records, the term being defined.
    """

    doc_id: str
    path: str
    kind: Kind
    heading: tuple[str, ...]
    title: str
    text: str
    pages: tuple[int, ...]
    parent: str | None = None
    term: str | None = None
    id: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self))

    @property
    def key(self) -> tuple[str, str, str | None]:
        """Unique within an index: glossary records share a path and differ by term."""
        return (self.doc_id, self.path, self.term)


def content_id(p: Paragraph) -> str:
    """A stable id from content, so re-ingesting unchanged text re-uses its embedding."""
    h = hashlib.sha256()
    for part in (p.doc_id, p.path, p.term or "", " > ".join(p.heading), p.text):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Box:
    """Where printed text lies on a page, so it can be highlighted on the page image.

    Coordinates are PDF points in the page's own space (origin at the bottom left, y up), the
    space both pypdf and PDFium report positions in.

    Attributes:
        page: 1-indexed page number.
        x0: left edge.
        y0: bottom edge.
        x1: right edge.
        y1: top edge.
    """

    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class ParsedDocument:
    """What the parser hands to the index: the document and its records in reading order.

    Attributes:
        document: the issuance's metadata.
        paragraphs: its records in reading order.
        warnings: e.g. the table of contents disagrees with the body.
        boxes: where each record is printed, one entry per record in ``paragraphs`` order
            (several boxes per page, on every page the record covers); empty when the source
            has no positions (a page-text file) or was built by hand.
    """

    document: Document
    paragraphs: tuple[Paragraph, ...]
    warnings: tuple[str, ...] = ()
    boxes: tuple[tuple[Box, ...], ...] = ()

    def __post_init__(self) -> None:
        if self.boxes and len(self.boxes) != len(self.paragraphs):
            raise ValueError(f"{len(self.boxes)} box entries for {len(self.paragraphs)} records")


_MONTHS = {
    "January": "Jan",
    "February": "Feb",
    "March": "Mar",
    "April": "Apr",
    "May": "May",
    "June": "Jun",
    "July": "Jul",
    "August": "Aug",
    "September": "Sep",
    "October": "Oct",
    "November": "Nov",
    "December": "Dec",
}


def _short_date(date: str) -> str:
    """'August 12, 2022' -> 'Aug 12, 2022'; anything else is returned unchanged."""
    month, _, rest = date.partition(" ")
    return f"{_MONTHS[month]} {rest}" if month in _MONTHS and rest else date
