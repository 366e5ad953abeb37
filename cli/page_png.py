"""`policykb cite --png`: the cited page(s) as PNG files, the paragraph highlighted.

For a brief or a memo: the page exactly as printed, the paragraph tinted, its citation above.
Kept out of `cli/cite.py` so looking a citation up never loads PDFium or PIL.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from cli.common import CommandError
from highlight.pages import highlighted_pages
from index.errors import NoPageImage
from index.library import Library
from index.page_sources import PageSources
from ingest.citation import format_citation
from ingest.records import Paragraph

DPI = 150.0  # print quality for a memo: a letter page is 1275 x 1650 pixels


def write_pngs(library: Library, p: Paragraph, png: str, index_dir: Path) -> list[str]:
    """Write `p`'s first page to the file `png`, or every page it covers into a directory.

    `png` is a directory when it exists as one or ends with a path separator (kept as typed:
    `Path` would drop the trailing separator).

    Returns:
        One line per file written, for the terminal.

    Raises:
        CommandError: the record has no page image (the message says why and what to do).
    """
    doc = library.documents[p.doc_id]
    citation = format_citation(doc, p)
    if library.version is None:
        raise CommandError(f"{citation}: no page image: the library was not loaded from an index")
    target = Path(png)
    as_directory = target.is_dir() or png.endswith(("/", os.sep))
    try:
        source = PageSources.load(library.version, index_dir).locate(p)
        pages = source.pages if as_directory else source.pages[:1]
        images = highlighted_pages(source, citation, DPI, pages)
    except NoPageImage as exc:
        raise CommandError(f"{citation}: {exc}") from exc
    if as_directory:
        target.mkdir(parents=True, exist_ok=True)
    lines = []
    for image in images:
        path = target / f"{_slug(p)}-p{image.page}.png" if as_directory else target
        path.write_bytes(image.png())
        size = f"{image.image.width}x{image.image.height} px"
        lines.append(f"Wrote {path} (p. {image.page} of {doc.source}, {size})")
    if not as_directory and len(source.pages) > 1:
        rest = ", ".join(str(n) for n in source.pages[1:])
        lines.append(f"The paragraph continues on p. {rest}; give a directory to --png for all.")
    return lines


def _slug(p: Paragraph) -> str:
    """A file-name-safe name for a record: "DoDI_4715.13_3.3.b._2_a"."""
    return re.sub(r"[^A-Za-z0-9.]+", "_", f"{p.doc_id} {p.path} {p.term or ''}").strip("_")
