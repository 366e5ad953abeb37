"""What every subcommand shares: the --index option, user errors, and record output.

Records leave the program in one JSON shape (the contract the app, answers and evaluation
build on): {"doc_id", "paragraph", "pages", "heading", "text"} plus "score" in search results.
"""

from __future__ import annotations

import argparse
import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.settings import data_dir
from ingest.citation import format_citation
from ingest.records import Document, Paragraph

if TYPE_CHECKING:
    from index.library import Library


class CommandError(Exception):
    """A problem the user can fix; main() prints it as one line and exits non-zero."""


def add_index_option(parser: argparse.ArgumentParser) -> None:
    """--index DIR, defaulting to $POLICYKB_INDEX, else index/ in $POLICYKB_DATA (data/)."""
    parser.add_argument(
        "--index",
        type=Path,
        default=None,
        metavar="DIR",
        help="index directory (default: $POLICYKB_INDEX, else $POLICYKB_DATA/index, data/index)",
    )


def index_dir(args: argparse.Namespace) -> Path:
    """The index directory the command works on."""
    if args.index is not None:
        return Path(args.index)
    return Path(os.environ.get("POLICYKB_INDEX") or data_dir() / "index")


def issuances(library: Library, name: str) -> list[str]:
    """Document ids `name` ("DoDI 5400.17", "5400.17") matches; none is an error listing all."""
    found = library.find_documents(name)
    if not found:
        known = ", ".join(sorted(library.documents)) or "none; run `policykb ingest` first"
        raise CommandError(f"{name}: no such issuance in the index (it holds: {known})")
    return found


def record_json(p: Paragraph, score: float | None = None) -> dict[str, Any]:
    """A record in the CLI's JSON contract; "score" only for search results."""
    data: dict[str, Any] = {
        "doc_id": p.doc_id,
        "paragraph": p.path,
        "pages": list(p.pages),
        "heading": list(p.heading),
        "text": p.text,
    }
    if score is not None:
        data["score"] = round(score, 6)
    return data


def record_text(doc: Document | None, p: Paragraph, indent: str = "") -> str:
    """A record for people: citation line, heading trail, wrapped text."""
    cite = format_citation(doc, p) if doc else f"{p.doc_id} {p.path}"
    lines = [indent + cite]
    if p.heading:
        lines.append(indent + " > ".join(p.heading))
    body = p.text if not p.term else f"{p.term}: {p.text}"
    if body:
        lines += textwrap.wrap(body, 100, initial_indent=indent, subsequent_indent=indent)
    return "\n".join(lines)


def example(text: str) -> str:
    """An --help epilog with a worked example."""
    return "example:\n  " + text.strip().replace("\n", "\n  ")
