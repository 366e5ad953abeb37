"""`policykb remove`: take issuances out of the index, atomically, as ingest puts them in.

Removal writes a complete new version without the documents (every other vector, page box
and PDF copy re-used, so the model is not loaded) under the same writer lock, and swaps it in
with the same pointer replace as an ingest: a reader sees the index with or without them,
never half of it. The source PDFs are not touched; ingesting them again brings the documents
back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from index import parse_warnings, versions
from index.assemble import Previous, write_index
from index.build import embedding
from index.errors import IndexCorruptError, IndexMissingError, UnknownDocumentError
from index.library import Library
from index.settings import Settings


@dataclass(frozen=True)
class Removed:
    """What a removal did.

    Attributes:
        doc_ids: the documents taken out.
        paragraphs: their records.
        sources: where each had been ingested from (left in place), by document id.
        total_documents: documents left in the index.
        total_paragraphs: records left in the index.
        version: the version directory written.
    """

    doc_ids: tuple[str, ...]
    paragraphs: int
    sources: dict[str, Path]
    total_documents: int
    total_paragraphs: int
    version: Path


def remove_documents(index_dir: Path, doc_ids: Iterable[str], settings: Settings) -> Removed:
    """Publish a version of `index_dir` without `doc_ids`.

    Raises:
        IndexMissingError: nothing has been built at `index_dir`.
        IndexCorruptError: the current version cannot be read as it is; ingest repairs it.
        UnknownDocumentError: a document id is not in the index (nothing is changed).
        IndexBusyError: an ingest or another removal is writing the index.
    """
    wanted = tuple(dict.fromkeys(doc_ids))
    with versions.writer_lock(index_dir):
        previous = Previous.load(index_dir)
        if previous is None:
            raise IndexMissingError(index_dir, "no index has been built here yet", index_dir)
        if not previous.compatible:
            raise IndexCorruptError(
                previous.version, "cannot remove from a damaged or outdated index", index_dir
            )
        unknown = [d for d in wanted if d not in previous.documents]
        if unknown:
            held = ", ".join(sorted(previous.documents)) or "none"
            raise UnknownDocumentError(
                f"{', '.join(unknown)}: not in the index {index_dir} (it holds: {held}); "
                "nothing was removed"
            )
        documents = {i: d for i, d in previous.documents.items() if i not in wanted}
        library = Library(documents, [p for p in previous.paragraphs if p.doc_id in documents])
        sources = previous.sources()
        kept = {d: p for d, p in sources.items() if d in documents}
        warnings = parse_warnings.carried(previous, [], documents)
        # Where the kept records are printed: without it their page images would be gone.
        boxes = {key: found for key, found in previous.boxes().items() if key[0] in documents}
        written = write_index(
            index_dir,
            library,
            settings,
            embedding(settings),
            previous,
            sources=kept,
            boxes=boxes,
            warnings=warnings,
        )
    return Removed(
        doc_ids=wanted,
        paragraphs=len(previous.paragraphs) - len(library.paragraphs),
        sources={d: sources[d] for d in wanted if d in sources},
        total_documents=len(documents),
        total_paragraphs=len(library.paragraphs),
        version=written.version,
    )
