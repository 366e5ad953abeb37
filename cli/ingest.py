"""Parse issuance PDFs into the index (default: corpus/); unchanged files are skipped.

Exit status: 0 all files ingested, 3 some files skipped (reasons printed), 1 nothing ingested
(the existing index is untouched). Air-gapped: copy the PDFs anywhere and name them here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import example, index_dir
from index.errors import NothingToIngestError

if TYPE_CHECKING:
    from index.build import IngestReport

EPILOG = example(
    "policykb ingest corpus/\npolicykb ingest --index /tmp/idx ~/Downloads/540017p.pdf\n"
    "POLICYKB_MILVUS_URI=http://127.0.0.1:19530 policykb ingest --store milvus corpus/"
)
PARTIAL = 3


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `policykb ingest`."""
    parser.epilog = EPILOG
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="PDF files or directories"
    )
    parser.add_argument(
        "--strict", action="store_true", help="any file that fails aborts the ingest"
    )
    parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="no PDFs is not an error (explains how to add them)",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.add_argument(
        "--store",
        choices=("embedded", "milvus"),
        default=None,
        help="where the searched index lives: embedded (FAISS + BM25 files, the default for a "
        "new index) or milvus ($POLICYKB_MILVUS_URI: a .db file for Milvus Lite or "
        "http://host:19530, default DIR/milvus.db; $POLICYKB_MILVUS_TOKEN). "
        "Default: the store the index already uses",
    )


def run(args: argparse.Namespace) -> int:
    """Ingest and print the summary."""
    from index.build import ingest_paths
    from index.settings import Settings

    settings = Settings.from_env(index_dir=index_dir(args), store=args.store)
    paths = args.paths or [Path("corpus")]
    try:
        report = ingest_paths(
            paths,
            settings.index_dir,
            settings,
            progress=not args.no_progress and sys.stderr.isatty(),
            strict=args.strict,
        )
    except NothingToIngestError as exc:
        if not args.allow_empty:
            raise
        print(f"Nothing to ingest yet. {exc}")
        return 0
    print(summary(report, settings.index_dir))
    return PARTIAL if report.skipped else 0


def summary(report: IngestReport, index: Path) -> str:
    """The end-of-ingest summary: counts, timing, and every skipped file with its reason."""
    unchanged = report.documents - report.parsed
    lines = [
        f"Ingested {_count(report.documents, 'document')} ({report.parsed} parsed, "
        f"{unchanged} unchanged): {_count(report.pages, 'page')}, "
        f"{_count(report.paragraphs, 'paragraph')}; embedded {report.embedded}, "
        f"reused {report.reused} in {report.seconds:.1f} s.",
        f"Index {index}: {_count(report.total_documents, 'document')}, "
        f"{_count(report.total_paragraphs, 'paragraph')}"
        + ("" if report.version else " (unchanged)."),
    ]
    lines += [f"warning: {w}" for w in report.warnings]
    if report.skipped:
        lines.append(f"Skipped {_count(len(report.skipped), 'file')}:")
        lines += [f"  {reason}" for _, reason in report.skipped]
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    """The count with its noun: 1 document, 3 documents."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
