"""Why an index cannot be used, each with the file at fault and the command that fixes it.

Only the CLI and the app turn these into messages for people; library code raises them.
"""

from __future__ import annotations

from pathlib import Path


def rebuild_command(index_dir: Path) -> str:
    """The command that rebuilds the index in `index_dir`, a damaged one too.

    Ingest rewrites a version whose files no longer match its manifest even when no PDF changed.
    """
    return f"policykb ingest --index {index_dir} corpus/"


class IndexLoadError(Exception):
    """An index could not be opened; ``str(err)`` names the file, the problem and the fix.

    Attributes:
        path: the file or directory at fault.
    """

    def __init__(self, path: Path, problem: str, index_dir: Path) -> None:
        self.path = path
        super().__init__(f"{path}: {problem}. Rebuild it with `{rebuild_command(index_dir)}`")


class IndexMissingError(IndexLoadError):
    """No index has been built at the location yet."""


class IndexVersionError(IndexLoadError):
    """The index was built by another model, parser version or index format."""


class IndexCorruptError(IndexLoadError):
    """A file of the index is missing, truncated or unreadable."""


class IndexBusyError(Exception):
    """Another `policykb ingest` is writing the same index right now."""


class EmptyQueryError(ValueError):
    """The question holds no searchable text (empty, whitespace or control characters)."""


class IngestFailedError(Exception):
    """Nothing could be ingested (or `--strict` and something failed); the index is untouched."""


class NothingToIngestError(Exception):
    """The paths hold no PDF or page-text files."""


class NoPageImage(Exception):
    """A record cannot be shown on its page; ``str(err)`` says why and how to fix it.

    Records ingested from page-text files never have a page image; other causes (an index
    built before page positions were recorded, a missing or changed copy of the PDF) are fixed
    by ingesting the PDF again.
    """


class UnknownDocumentError(Exception):
    """A document to remove or replace is not in the index; nothing was changed."""


class AnnRecallError(Exception):
    """An approximate dense index cannot reach the recall floor; the build is refused."""


class StoreUnavailableError(IndexLoadError):
    """The index's search store (a Milvus server, or a Milvus Lite file) cannot be used.

    The fix is about reaching the store, not rebuilding, so the message names its own fix.
    """

    def __init__(self, where: str, problem: str, fix: str) -> None:
        self.path = Path(where)
        Exception.__init__(self, f"{where}: {problem}. {fix}")
