"""`policykb`: fetch, ingest, ask, cite, toc, audit, duties, remove (and eval when installed).

Each subcommand lives in `cli/<name>.py` with `configure(parser)` and `run(args) -> int`, and
imports its heavy libraries inside run(), so `policykb cite` never loads torch.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys

from cli.common import CommandError, add_index_option
from index.errors import (
    EmptyQueryError,
    IndexBusyError,
    IndexLoadError,
    IngestFailedError,
    NothingToIngestError,
    UnknownDocumentError,
)
from ingest.errors import IngestError

# What a Unix tool killed by SIGPIPE reports (128 + 13), e.g. `yes | head -1`; ${PIPESTATUS[0]}.
EXIT_BROKEN_PIPE = 141
COMMANDS = ("fetch", "ingest", "ask", "cite", "toc", "audit", "duties", "remove", "eval")
USER_ERRORS = (
    CommandError,
    EmptyQueryError,
    IndexBusyError,
    IndexLoadError,
    IngestError,
    IngestFailedError,
    NothingToIngestError,
    UnknownDocumentError,
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
    """Run one command; returns the exit status (0 ok, 1 error, 3 partial failure, 141 when
    the reader of stdout went away)."""
    args = build_parser().parse_args(argv)
    try:
        status = int(args.run(args))
        sys.stdout.flush()  # a reader that quit early (`| head`) shows up here, not at exit
        return status
    except BrokenPipeError:
        return _quiet_broken_pipe()
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


def _quiet_broken_pipe() -> int:
    """The reader of stdout went away (`policykb ask … | head -3`): stop without a word.

    stdout is pointed at /dev/null so the interpreter's final flush of what is still
    buffered cannot raise a second time (the recipe of the Python `signal` docs).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout already closed or not a real file (tests)
        pass
    return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
