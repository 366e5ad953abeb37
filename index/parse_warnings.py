"""Parser warnings per issuance, kept in each version's manifest for as long as it is indexed.

`policykb ingest` prints a file's warnings once ("paragraph 2.4 is missing from the table of
contents"); the Library page shows them beside the document afterwards, so whoever relies on
an issuance can see where its parse may be imperfect. Documents an ingest keeps unchanged keep
the warnings their own ingest recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from index import files, versions

if TYPE_CHECKING:
    from index.assemble import Previous
    from ingest.records import ParsedDocument

KEY = "warnings"  # manifest key: {doc_id: [warning, ...]}, documents without warnings omitted


def carried(
    previous: Previous | None, parsed: Sequence[ParsedDocument], kept: Iterable[str]
) -> dict[str, list[str]]:
    """The warnings of a new version: fresh ones for parsed documents, recorded ones for kept.

    Args:
        previous: the version being replaced, None for the first.
        parsed: documents parsed in this run.
        kept: ids of every document the new version holds.
    """
    old = previous.manifest.get(KEY, {}) if previous is not None else {}
    out = {d: list(old[d]) for d in kept if isinstance(old.get(d), list) and old[d]}
    for doc in parsed:
        out.pop(doc.document.doc_id, None)
        if doc.warnings:
            out[doc.document.doc_id] = list(doc.warnings)
    return out


def read(index_dir: Path) -> dict[str, tuple[str, ...]]:
    """Warnings by document id of the current version; {} for versions written before them.

    Raises:
        IndexLoadError: no index, or its manifest is unreadable.
    """
    version = versions.resolve(index_dir)
    manifest = files.read_json(version / versions.MANIFEST, index_dir)
    recorded = manifest.get(KEY, {}) if isinstance(manifest, dict) else {}
    return {
        str(d): tuple(str(w) for w in ws)
        for d, ws in recorded.items()
        if isinstance(ws, list) and ws
    }
