"""The summary an ingest returns and `policykb ingest` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from index.assemble import Written
from index.library import Library
from index.text import searchable
from ingest.records import ParsedDocument


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did.

    Attributes:
        documents: documents of this run's files (parsed or unchanged).
        pages: their pages.
        paragraphs: their records.
        embedded: texts embedded by the model in this run.
        reused: texts whose vectors came from the previous version.
        skipped: (file, reason) of every file that could not be ingested.
        parsed: files parsed in this run (the others were unchanged).
        total_documents: documents in the index afterwards.
        total_paragraphs: records in the index afterwards.
        version: the version directory written, None when nothing changed.
        seconds: wall time of the whole ingest.
        warnings: parser warnings, prefixed with the file name.
    """

    documents: int
    pages: int
    paragraphs: int
    embedded: int
    reused: int
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    parsed: int = 0
    total_documents: int = 0
    total_paragraphs: int = 0
    version: Path | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def make_report(
    library: Library,
    written: Written | None,
    parsed: list[ParsedDocument],
    unchanged: list[str],
    skipped: list[tuple[Path, str]],
    seconds: float,
) -> IngestReport:
    """The summary of one ingest run."""
    run_docs = [d.document for d in parsed]
    run_docs += [library.documents[d] for d in unchanged if d in library.documents]
    run_ids = {d.doc_id for d in run_docs}
    return IngestReport(
        documents=len(run_docs),
        pages=sum(d.pages for d in run_docs),
        paragraphs=sum(p.doc_id in run_ids for p in library.paragraphs),
        embedded=written.embedded if written else 0,
        reused=written.reused if written else _searched(library, run_ids),
        skipped=skipped,
        parsed=len(parsed),
        total_documents=len(library.documents),
        total_paragraphs=len(library.paragraphs),
        version=written.version if written else None,
        seconds=seconds,
        warnings=[f"{d.document.source}: {w}" for d in parsed for w in d.warnings],
    )


def _searched(library: Library, doc_ids: set[str]) -> int:
    """How many searched records these documents have (all re-used when nothing changed)."""
    return sum(p.doc_id in doc_ids and searchable(p) for p in library.paragraphs)
