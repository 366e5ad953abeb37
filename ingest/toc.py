"""The table of contents: recognise its pages, read its entries, compare them with the body.

The contents pages are not body text, but their entries (number, title, page) are a free check
on the parse: an entry the body lacks, or finds on another page, becomes a warning. The body is
trusted, since a stale contents page is a known fault of real issuances.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.layout import PageText
from ingest.records import Kind, Paragraph

_LEADER = re.compile(r"^(?P<label>.*?)\s*(?:\.\s?)+\s*(?P<page>\d{1,4})\s*$")
_ENTRY = (
    (re.compile(r"^SECTION\s+(\d+)\s*[:.]?\s*(.*)$"), "section"),
    (re.compile(r"^(\d+)\.(\d+)\.?\s+(.*)$"), "nm"),
    (re.compile(r"^([a-z]{1,2})\.\s+(.*)$"), "lower"),
    (re.compile(r"^G\.(\d)\.?\s+(.*)$"), "glossary"),
    (re.compile(r"^(GLOSSARY|REFERENCES)\s*$"), "part"),
)


@dataclass(frozen=True)
class TocEntry:
    """One contents line: the path it points at ("3.2.a", "G.1", "References"), its page."""

    path: str
    title: str
    page: int


def is_toc_page(page: PageText, previous_was_toc: bool) -> bool:
    """A page headed TABLE OF CONTENTS, or one of dot leaders right after such a page."""
    texts = [line.text.strip() for line in page.body]
    if texts and texts[0].upper() == "TABLE OF CONTENTS":
        return True
    leaders = sum(1 for t in texts if _LEADER.match(t))
    return previous_was_toc and leaders > 0 and leaders >= len(texts) // 3


def read_entries(lines: Iterable[str]) -> list[TocEntry]:
    """Parse contents lines (wrapped entries joined) into entries, skipping tables/figures."""
    entries: list[TocEntry] = []
    pending = ""
    parent_nm = ""
    for raw in lines:
        text = (pending + " " + raw.strip()).strip()
        found = _LEADER.match(text)
        if not found:
            pending = text if not text.upper().startswith(("TABLE", "FIGURE")) else ""
            continue
        pending = ""
        entry = _entry(found.group("label").strip(), int(found.group("page")), parent_nm)
        if entry is not None:
            parent_nm = entry.path if entry.path.count(".") == 1 else parent_nm
            entries.append(entry)
    return entries


def _entry(label: str, page: int, parent_nm: str) -> TocEntry | None:
    for pattern, kind in _ENTRY:
        found = pattern.match(label)
        if not found:
            continue
        if kind == "section":
            return TocEntry(found.group(1), found.group(2), page)
        if kind == "nm":
            return TocEntry(f"{found.group(1)}.{found.group(2)}", found.group(3), page)
        if kind == "lower":
            return TocEntry(f"{parent_nm}.{found.group(1)}", found.group(2), page)
        if kind == "glossary":
            return TocEntry(f"G.{found.group(1)}", found.group(2), page)
        return TocEntry(found.group(1).title(), found.group(1), page)
    return None


def compare(entries: list[TocEntry], records: Iterable[Paragraph]) -> list[str]:
    """Warnings where the contents and the body disagree (the body is trusted)."""
    first_page: dict[str, int] = {}
    for rec in records:
        key = "Glossary" if rec.kind in (Kind.ACRONYM, Kind.DEFINITION) else rec.path
        for name in {key, rec.path}:
            first_page.setdefault(name, rec.pages[0] if rec.pages else 0)
    warnings = []
    for entry in entries:
        if entry.path not in first_page:
            warnings.append(
                f"table of contents lists {entry.path} ({entry.title}) "
                "but the body has no such paragraph"
            )
        elif first_page[entry.path] != entry.page:
            warnings.append(
                f"table of contents puts {entry.path} on page {entry.page}, "
                f"the body on page {first_page[entry.path]}"
            )
    return warnings + _unlisted(entries, records)


def _unlisted(entries: list[TocEntry], records: Iterable[Paragraph]) -> list[str]:
    """Body paragraphs at a level the contents lists, under a parent it itemises, but absent."""
    listed = {e.path for e in entries}
    itemised = {e.path.rsplit(".", 1)[0] for e in entries if "." in e.path and e.path[0].isdigit()}
    return [
        f"paragraph {rec.path} is missing from the table of contents"
        for rec in records
        if rec.kind is Kind.PARAGRAPH
        and rec.path not in listed
        and rec.parent in itemised
        and re.fullmatch(r"\d+\.\d+(?:\.[a-z]{1,2})?", rec.path)
    ]
