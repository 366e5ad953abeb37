"""The index's own copy of every ingested PDF, so a cited page can always be drawn.

Each version holds ``pdf/<sha256>.pdf`` for every document read from a PDF. Copying instead
of remembering where the file was makes the index one self-contained directory:

- uploads, downloads in ``corpus/`` and files named on the command line may be moved, renamed
  or deleted after the ingest; the page image does not depend on them;
- a deployment that ships or mounts the index read-only (the app on a shared server) needs
  nothing outside it, and the absolute source paths in the manifest mean nothing there;
- a version is published atomically with the copies it needs, and pruning an old version
  removes its copies with it, so no separate clean-up is needed.

The cost is disk: one more copy of each PDF (the 17 sample PDFs are 5.0 MB). A new version
hard-links the previous version's copies (same directory tree, so the same file system), so
re-ingesting costs no copying for unchanged documents. A copy is checked against the sha256
the document was parsed from, when it is stored and again before a page is drawn; a missing
or changed copy is reported as such, never drawn as another file's page.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from ingest.records import Document

PDF_DIR = "pdf"
_verified: dict[tuple[str, int, int], str] = {}  # (path, size, mtime) -> sha256 already hashed


def relative_path(sha256: str) -> str:
    """Where a version keeps the copy of the PDF with this digest, relative to the version."""
    return f"{PDF_DIR}/{sha256}.pdf"


def store_pdfs(
    directory: Path,
    documents: Mapping[str, Document],
    sources: Mapping[str, Path],
    previous: Path | None,
) -> dict[str, str]:
    """Put a copy of each document's PDF into the version being written.

    Args:
        directory: the version being written.
        documents: its documents by id; page-text documents get no copy.
        sources: the file each document was ingested from, by id.
        previous: the current version, whose copies are hard-linked instead of copied.

    Returns:
        The copy of each stored document by id, relative to ``directory``. A document whose
        file is gone or no longer has the digest it was parsed from is left out: its pages
        then say why they cannot be shown.
    """
    stored: dict[str, str] = {}
    for doc_id, doc in documents.items():
        if not doc.printed:
            continue
        name = relative_path(doc.sha256)
        target = directory / name
        target.parent.mkdir(exist_ok=True)
        old = previous / name if previous is not None else None
        linked = target.is_file() or (old is not None and _link(old, target, doc.sha256))
        if linked or (doc_id in sources and _copy(sources[doc_id], target, doc.sha256)):
            stored[doc_id] = name
    return stored


def _link(old: Path, target: Path, sha256: str) -> bool:
    """Hard-link (else copy) the previous version's copy when it is intact."""
    if verified(old) != sha256:
        return False
    try:
        os.link(old, target)
    except OSError:  # another file system or no hard links: copy instead
        shutil.copyfile(old, target)
    return True


def _copy(source: Path, target: Path, sha256: str) -> bool:
    """Copy `source` to `target` while hashing it; keep the copy only if the digest matches."""
    digest = hashlib.sha256()
    try:
        with open(source, "rb") as src, open(target, "wb") as dst:
            for block in iter(lambda: src.read(1 << 20), b""):
                digest.update(block)
                dst.write(block)
    except OSError:
        target.unlink(missing_ok=True)
        return False
    if digest.hexdigest() != sha256:  # changed since it was parsed
        target.unlink()
        return False
    return True


def verified(path: Path) -> str | None:
    """The sha256 of the file at `path`, None when it cannot be read.

    Hashing a 0.5 MB issuance takes about a millisecond; the result is remembered per
    (path, size, modification time), so each page drawn does not hash the file again.
    """
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _verified:
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            return None
        _verified[key] = digest.hexdigest()
    return _verified[key]
