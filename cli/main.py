"""`policykb`: fetch, ingest, ask, cite, toc, audit (and eval when installed).

Each subcommand lives in `cli/<name>.py` with `configure(parser)` and `run(args) -> int`, and
imports its heavy libraries inside run(), so `policykb cite` never loads torch.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from cli.common import CommandError, add_index_option
from index.errors import (
    EmptyQueryError,
    IndexBusyError,
    IndexLoadError,
    IngestFailedError,
    NothingToIngestError,
)
from ingest.errors import IngestError

COMMANDS = ("fetch", "ingest", "ask", "cite", "toc", "audit", "eval")
USER_ERRORS = (
    CommandError,
    EmptyQueryError,
    IndexBusyError,
    IndexLoadError,
    IngestError,
    IngestFailedError,
    NothingToIngestError,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand module that is present."""
    parser = argparse.ArgumentParser(
        prog="policykb",
        description="Answers about DoD issuances with exact, quoted paragraph citations.",
        epilog='example:\n  policykb ingest corpus/\n  policykb ask "Who approves accounts?"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        if importlib.util.find_spec(f"cli.{name}") is None:
            continue  # eval ships with the evaluation package; the rest always exist
        module = importlib.import_module(f"cli.{name}")
        summary = (module.__doc__ or name).strip().splitlines()[0]
        sub = subparsers.add_parser(
            name,
            help=summary,
            description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            conflict_handler="resolve",  # a module may define its own --index; it then wins
        )
        add_index_option(sub)
        module.configure(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status (0 ok, 1 error, 3 partial failure)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except USER_ERRORS as exc:
        print(f"policykb {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the disk, not the code: a full disk, a read-only or missing path
        where = f"{exc.filename}: " if exc.filename else ""
        problem = exc.strerror or str(exc)
        print(f"policykb {args.command}: error: {where}{problem}. Check the path", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"policykb {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
