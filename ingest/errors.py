"""Errors the parser raises for input it cannot turn into cited paragraphs.

Each message names the file, says what is wrong with it and what the user can do, so the CLI
and the app can show it as is: "<file>: <problem>. <what to do>".
"""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file could not be ingested; ``str(err)`` is a complete message for the user.

    Attributes:
        path: the offending file.
        reason: the problem and the fix, without the file name.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class EmptyFileError(IngestError):
    """The file has zero bytes (an interrupted download or copy)."""


class NotAPdfError(IngestError):
    """The file is not a PDF (or page-text file), whatever its extension says."""


class CorruptPdfError(IngestError):
    """The file claims to be a PDF but pypdf cannot read it (damaged or truncated)."""


class EncryptedPdfError(IngestError):
    """The PDF is encrypted and the empty password does not open it."""


class NoTextLayerError(IngestError):
    """The PDF has pages but no extractable text: a scan without OCR."""


class UnrecognisedIssuanceError(IngestError):
    """The text does not look like a DoD issuance (no cover page the parser knows)."""
