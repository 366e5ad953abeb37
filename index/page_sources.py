"""Where a record is printed: the index's verified copy of its PDF and its boxes on each page.

What the page image needs from an index, read without numpy, FAISS or torch. Every way a
record cannot be shown on its page is a `NoPageImage` whose message says why and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index import files, pdfs
from index.boxes import BOXES, Boxes, read_boxes
from index.errors import NoPageImage, rebuild_command
from ingest.records import Box, Document, Paragraph

FROM_TEXT = "no page image (ingested from text)"


@dataclass(frozen=True)
class SourcePages:
    """A record's pages in its source PDF.

    Attributes:
        pdf: the index's copy of the PDF, its sha256 checked against the document's.
        boxes: where the record is printed, in reading order (PDF points).
        pages: the 1-indexed pages its boxes lie on, ascending.
    """

    pdf: Path
    boxes: tuple[Box, ...]
    pages: tuple[int, ...]

    def on(self, page: int) -> tuple[Box, ...]:
        """The boxes on one page."""
        return tuple(b for b in self.boxes if b.page == page)


class PageSources:
    """The boxes and PDF copies of one index version."""

    def __init__(
        self,
        version: Path,
        index_dir: Path,
        documents: dict[str, Document],
        boxes: Boxes | None,
        stored: dict[str, str],
    ) -> None:
        self.version = version
        self.index_dir = index_dir
        self.documents = documents
        self.boxes = boxes
        self.stored = stored

    @classmethod
    def load(cls, version: Path, index_dir: Path) -> PageSources:
        """Read the boxes and the PDF list of `version` (part of the index at `index_dir`).

        Raises:
            IndexLoadError: the manifest or the boxes file is damaged.
        """
        manifest = files.read_manifest(version, index_dir, (files.DOCUMENTS, BOXES))
        documents = files.read_documents(version, index_dir)
        stored = {str(k): str(v) for k, v in manifest.get("pdfs", {}).items()}
        return cls(version, index_dir, documents, read_boxes(version, index_dir), stored)

    def locate(self, p: Paragraph) -> SourcePages:
        """The verified PDF and the boxes of `p`.

        Raises:
            NoPageImage: the record came from a page-text file, the index has no boxes or no
                copy of the PDF, or the copy no longer has the digest the record was read from.
        """
        doc = self.documents.get(p.doc_id)
        if doc is None:
            raise NoPageImage(f"no page image: {p.doc_id} is not in this index")
        if not doc.printed:
            raise NoPageImage(FROM_TEXT)
        again = f"Ingest {doc.source} again (`{rebuild_command(self.index_dir)}`) to add it"
        if self.boxes is None:
            raise NoPageImage(
                f"no page image: this index was built before page positions were recorded. {again}"
            )
        boxes = self.boxes.get(p.key, ())
        if not boxes:
            raise NoPageImage(f"no page image: no printed position was recorded for {p.path}")
        name = self.stored.get(p.doc_id)
        if name is None:
            raise NoPageImage(f"no page image: the index holds no copy of {doc.source}. {again}")
        pdf = self.version / name
        digest = pdfs.verified(pdf)
        if digest is None:
            raise NoPageImage(f"no page image: {pdf} (copy of {doc.source}) is missing. {again}")
        if digest != doc.sha256:
            raise NoPageImage(
                f"no page image: {pdf} (copy of {doc.source}) has changed since it was ingested "
                f"(sha256 {digest[:12]}…, expected {doc.sha256[:12]}…). {again}"
            )
        return SourcePages(pdf, boxes, tuple(sorted({b.page for b in boxes})))
