"""Checks an uploaded file before it touches the disk, then stores it inside the data directory.

An upload is untrusted input from a browser: its name may try to climb out of the upload
directory ("../../etc/passwd.pdf") and its bytes may not be a PDF at all. Everything is checked
here, before the parser ever sees the file, so a bad upload cannot overwrite anything.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_UPLOAD_BYTES = 20_000_000  # DoD issuances are rarely over 5 MB; 20 MB is generous
PDF_SIGNATURE = b"%PDF-"
# PDF 1.7 (ISO 32000-1, 7.5.2) lets the header start anywhere in the first 1024 bytes.
_SIGNATURE_WINDOW = 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_STEM = 100


class UploadError(ValueError):
    """An upload was refused; the message names the file, the reason and the fix."""


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check: a safe file name and the bytes to store."""

    name: str
    data: bytes


def safe_filename(name: str) -> str:
    """Reduce a browser-supplied file name to a plain ASCII name ending in `.pdf`.

    Directory parts are dropped (both `/` and `\\`, since browsers on Windows send either),
    anything outside `[A-Za-z0-9._-]` becomes `_`, and leading dots are stripped so the result
    can be neither hidden nor `..`.

    Args:
        name: the file name as the browser reported it.

    Returns:
        A name such as `DoDI_5400.17.pdf`; `upload.pdf` when nothing usable is left.
    """
    base = re.split(r"[\\/]", name)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    stem = base[:-4] if base.lower().endswith(".pdf") else base
    stem = _UNSAFE.sub("_", stem).strip("._-")[:_MAX_STEM]
    return f"{stem or 'upload'}.pdf"


def check_upload(name: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> CheckedUpload:
    """Accept only a non-empty PDF under the size cap.

    Args:
        name: the file name as the browser reported it (used only for messages and, once
            sanitised, for storage).
        data: the uploaded bytes.
        max_bytes: the size cap in bytes.

    Returns:
        The sanitised name and the bytes.

    Raises:
        UploadError: empty, too large, or without the `%PDF-` signature.
    """
    shown = safe_filename(name)
    if not data:
        raise UploadError(f"{shown}: the file is empty. Upload the issuance PDF itself.")
    if len(data) > max_bytes:
        raise UploadError(
            f"{shown}: {len(data) / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit. "
            "Ingest large files with `policykb ingest <file>` instead."
        )
    if PDF_SIGNATURE not in data[:_SIGNATURE_WINDOW]:
        raise UploadError(
            f"{shown}: this is not a PDF (no %PDF- header). "
            "Upload the issuance as downloaded from esd.whs.mil."
        )
    return CheckedUpload(name=shown, data=data)


def store_upload(upload: CheckedUpload, directory: Path) -> Path:
    """Write the upload into `directory` atomically and return its path.

    A different file already stored under the same name is never overwritten: the new one
    gets a numbered name instead. The bytes go to a temporary file in the same directory
    first and are renamed into place, so a crash never leaves a half-written PDF behind.

    Raises:
        UploadError: the resolved target would fall outside `directory` (defence in depth:
            `safe_filename` already prevents it).
    """
    directory.mkdir(parents=True, exist_ok=True)
    root = directory.resolve()
    target = _free_name(root, upload)
    if target.parent != root:
        raise UploadError(f"{upload.name}: refused, it would be stored outside the upload folder.")
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(upload.data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _free_name(root: Path, upload: CheckedUpload) -> Path:
    """The stored path for `upload`: its own name, or `name-2.pdf`, ... if that is taken."""
    stem = upload.name[:-4]
    for n in range(1, 1000):
        target = (root / (upload.name if n == 1 else f"{stem}-{n}.pdf")).resolve()
        if not target.exists() or target.read_bytes() == upload.data:
            return target
    raise UploadError(f"{upload.name}: too many uploads share this name. Rename the file.")
