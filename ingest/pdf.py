"""Open a PDF with pypdf and turn every way it can fail into an ``IngestError``.

Checks run cheapest first (size, signature, end marker) so a renamed text file or a cut-off
download is named as such rather than as whatever pypdf happens to raise.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError

from ingest.errors import (
    CorruptPdfError,
    EmptyFileError,
    EncryptedPdfError,
    NotAPdfError,
    NoTextLayerError,
)
from ingest.pages import Page, pdf_page_lines

_REDOWNLOAD = "Download it again from https://www.esd.whs.mil/DD/ and re-run the ingest"


def read_pdf(path: Path, data: bytes) -> list[Page]:
    """Positioned pages of a PDF given as bytes.

    Raises:
        EmptyFileError, NotAPdfError, CorruptPdfError, EncryptedPdfError, NoTextLayerError.
    """
    if not data:
        raise EmptyFileError(path, f"the file is empty (0 bytes). {_REDOWNLOAD}")
    if b"%PDF-" not in data[:1024]:
        raise NotAPdfError(
            path, "this is not a PDF (no %PDF- signature at its start). Check that the file "
            "is the issuance PDF itself and not a web page or a renamed document"
        )  # fmt: skip
    if b"%%EOF" not in data[-2048:]:
        raise CorruptPdfError(path, f"the PDF is truncated (no %%EOF end marker). {_REDOWNLOAD}")
    try:
        reader = PdfReader(io.BytesIO(data))
        _unlock(reader, path)
        pages = [pdf_page_lines(page, i + 1) for i, page in enumerate(reader.pages)]
    except (EncryptedPdfError, NoTextLayerError):
        raise
    except Exception as exc:  # pypdf raises many types on damaged input; all mean "corrupt"
        raise CorruptPdfError(path, f"pypdf cannot read it ({exc}). {_REDOWNLOAD}") from exc
    if not pages:
        raise CorruptPdfError(path, f"the PDF has no pages. {_REDOWNLOAD}")
    if not any(page.lines for page in pages):
        raise NoTextLayerError(
            path, f"none of its {len(pages)} pages has a text layer (a scan?). Add one with "
            "OCR, e.g. `ocrmypdf in.pdf out.pdf`, and ingest the result"
        )  # fmt: skip
    return pages


def _unlock(reader: PdfReader, path: Path) -> None:
    """Open an encrypted PDF with the empty password (common for print-restricted files)."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise EncryptedPdfError(
            path, "the PDF is encrypted with AES, which needs the 'cryptography' package "
            "(`pip install cryptography`), or save an unencrypted copy"
        ) from exc  # fmt: skip
    if not opened:
        raise EncryptedPdfError(
            path, "the PDF is encrypted with a password. Save an unencrypted copy "
            "(e.g. `qpdf --decrypt --password=... in.pdf out.pdf`) and ingest that"
        )  # fmt: skip
