"""Public entry point: one issuance file in, one ``ParsedDocument`` of cited records out.

    >>> parsed = parse_file(Path("DoDI_4715.13.pdf"))        # doctest: +SKIP
    >>> parsed.document.doc_id, parsed.paragraphs[5].path    # doctest: +SKIP
    ('DoDI 4715.13', '1.1.a.(2)')

Accepts a PDF, or a page-text file (``=== PAGE n ===`` or ``## Page N`` markers) parsed by the
same line-based parser without positions. Bad input raises an ``IngestError`` subclass whose
message names the file, the problem and the fix.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ingest import cover, modern, old, toc
from ingest.boxes import PageRuns, record_boxes, text_runs
from ingest.coverage import coverage_warnings
from ingest.errors import EmptyFileError, IngestError, NotAPdfError, UnrecognisedIssuanceError
from ingest.layout import PageText, strip_page
from ingest.pages import Line, Page
from ingest.pdf import read_pdf
from ingest.records import TEXT_SUFFIXES, Box, Document, Kind, Paragraph, ParsedDocument
from ingest.textpages import has_page_markers, text_pages

_COVER_LINES = 40  # cover.read_modern reads the cover's fields from this many first lines
_PURPOSE = re.compile(r"^\s*Purpose\s*:")


@dataclass(frozen=True)
class Source:
    """Where the pages came from: file name and the sha256 of its bytes."""

    name: str
    sha256: str


def parse_file(path: Path) -> ParsedDocument:
    """Parse one issuance file into its document metadata and cited records.

    Raises:
        IngestError: a subclass naming the file and the problem (not a PDF, empty, corrupt,
            encrypted, no text layer, not a DoD issuance).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc.strerror}). Check the path") from exc
    source = Source(path.name, hashlib.sha256(data).hexdigest())
    runs: PageRuns = {}
    if path.suffix.lower() in TEXT_SUFFIXES:
        if not data:
            raise EmptyFileError(path, "the file is empty (0 bytes). Write its pages again")
        if not has_page_markers(path):
            raise NotAPdfError(
                path, "this text file has no '=== PAGE n ===' or '## Page N' page markers. "
                "Ingest the PDF instead, or add the markers"
            )  # fmt: skip
        pages = text_pages(data.decode("utf-8", errors="replace"))
    else:
        pages = read_pdf(path, data)
        runs = text_runs(data)
    return parse_pages(pages, source, path, runs)


def parse_pages(
    pages: list[Page], source: Source, path: Path, runs: PageRuns | None = None
) -> ParsedDocument:
    """Parse already-read pages; ``path`` is only used to name the file in errors.

    Args:
        pages: the pages, positioned (PDF) or not (page-text file).
        source: file name and sha256, recorded in the document.
        path: the file, named in errors.
        runs: PDFium's text runs per page, which give the records' boxes their exact width;
            without them boxes use pypdf's positions alone.
    """
    texts = [strip_page(page) for page in pages]
    first = [line.text for line in texts[0].body] if texts else []
    found = cover.read_modern(first[:_COVER_LINES])
    if found is not None:
        return _modern(found, texts, source, runs or {})
    cut = next((i for i, t in enumerate(first) if old.FIRST_PARAGRAPH.match(t)), len(first))
    found = cover.read_old(first[:cut])
    if found is not None:
        return _old(found, texts, cut, source, runs or {})
    raise UnrecognisedIssuanceError(
        path, "this does not look like a DoD issuance (no 'DOD INSTRUCTION n' or "
        "'Department of Defense ... NUMBER n' cover page). Ingest DoD issuances only"
    )  # fmt: skip


def _document(found: cover.Cover, template: str, source: Source, pages: int) -> Document:
    return Document(found.doc_id, found.title, found.effective, found.changes, template,
                    source.name, source.sha256, pages, found.fields)  # fmt: skip


def _split_toc(texts: list[PageText]) -> tuple[list[str], list[Line]]:
    """(contents lines, body lines) of the pages after the cover page."""
    toc_lines: list[str] = []
    body: list[Line] = []
    in_toc = False
    for page in texts:
        in_toc = toc.is_toc_page(page, in_toc)
        if in_toc:
            toc_lines.extend(line.text for line in page.body)
        else:
            body.extend(page.body)
    return toc_lines, body


def _modern(
    found: cover.Cover, texts: list[PageText], source: Source, runs: PageRuns
) -> ParsedDocument:
    toc_lines, body = _split_toc(texts[1:])
    parsed = modern.parse_body(body, found.doc_id)
    sourced = list(parsed.records)
    if found.purpose:
        purpose = Paragraph(found.doc_id, "Purpose", Kind.PURPOSE, ("Purpose",), "",
                            found.purpose, (1,))  # fmt: skip
        sourced.insert(0, (purpose, _purpose_lines(texts[0])))
    records, warnings, boxes = _finish(sourced, runs)
    warnings += toc.compare(toc.read_entries(toc_lines), records)
    warnings += coverage_warnings(records, {line.page for line in body})
    if parsed.lead:
        pages = sorted({line.page for line in parsed.lead})
        warnings.append(f"text before the first SECTION heading (pages {pages}) is in no record")
    doc = _document(found, "modern", source, len(texts))
    return ParsedDocument(doc, tuple(records), tuple(warnings), boxes)


def _purpose_lines(cover_page: PageText) -> tuple[Line, ...]:
    """The cover's "Purpose:" field and its bullets: the last field of the cover's first lines.

    ``cover.read_modern`` reads the fields from the first 40 lines of the cover page, so the
    purpose's lines are the ones from its label up to there.
    """
    lines = cover_page.body[:_COVER_LINES]
    start = next((i for i, line in enumerate(lines) if _PURPOSE.match(line.text)), len(lines))
    return lines[start:]


def _old(
    found: cover.Cover, texts: list[PageText], cut: int, source: Source, runs: PageRuns
) -> ParsedDocument:
    body = list(texts[0].body[cut:]) + _split_toc(texts[1:])[1]
    sourced, stray = old.parse_body(body, found.doc_id)
    records, warnings, boxes = _finish(sourced, runs)
    warnings += stray + coverage_warnings(records, {line.page for line in body})
    doc = _document(found, "old", source, len(texts))
    return ParsedDocument(doc, tuple(records), tuple(warnings), boxes)


def _finish(
    sourced: list[tuple[Paragraph, tuple[Line, ...]]], runs: PageRuns
) -> tuple[list[Paragraph], list[str], tuple[tuple[Box, ...], ...]]:
    """Unique records, their warnings, and each record's boxes (none without positions)."""
    records, warnings = unique([rec for rec, _ in sourced])
    boxes = tuple(record_boxes(lines, runs) for _, lines in sourced)
    return records, warnings, boxes if any(boxes) else ()


def unique(records: list[Paragraph]) -> tuple[list[Paragraph], list[str]]:
    """Make record keys unique, as the index requires, without dropping any text.

    A repeated key (an acronym listed twice, a paragraph number printed twice) gets "[2]",
    "[3]" ... appended to its term, and a warning names it.
    """
    seen: set[tuple[str, str, str | None]] = set()
    out: list[Paragraph] = []
    warnings: list[str] = []
    for rec in records:
        count = 1
        while (key := (rec.doc_id, rec.path, _numbered(rec.term, count))) in seen:
            count += 1
        if count > 1:
            warnings.append(f"{rec.path} {rec.term or ''} occurs {count} times; kept as [{count}]")
            rec = replace(rec, term=key[2], id="")
        seen.add(key)
        out.append(rec)
    return out, warnings


def _numbered(term: str | None, count: int) -> str | None:
    return term if count == 1 else f"{term or ''} [{count}]".strip()
