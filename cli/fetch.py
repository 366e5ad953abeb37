"""Download the official issuance PDFs of corpus/sources.toml into corpus/ and pin their hashes.

A file already in corpus/ with the pinned hash is not downloaded again. A download whose hash
differs from corpus/sources.lock is refused unless --update. Offline, it fails with the URL and
how to place the file by hand (then `policykb ingest corpus/`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import CommandError, example
from ingest.fetch import FetchError, by_hand, fetch_source, load_sources, read_lock, write_lock

EPILOG = example("policykb fetch\npolicykb fetch --update   # accept a re-published issuance")


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `policykb fetch`."""
    parser.epilog = EPILOG
    parser.add_argument(
        "--update", action="store_true", help="accept a download whose hash changed"
    )
    parser.add_argument(
        "--sources", type=Path, default=Path("corpus/sources.toml"), help="source list"
    )
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="where PDFs go")
    parser.add_argument(
        "--lock", type=Path, default=None, help="lock file (default: beside --sources)"
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds per download (default 60)"
    )


def run(args: argparse.Namespace) -> int:
    """Fetch every source; report each; exit 1 if any failed."""
    lock_path = args.lock or args.sources.with_name("sources.lock")
    try:
        sources = load_sources(args.sources)
        lock = read_lock(lock_path)
        pinned = dict(lock)
    except FetchError as exc:
        raise CommandError(str(exc)) from exc
    failures = 0
    try:
        for source in sources:
            try:
                got = fetch_source(source, args.corpus, lock, args.update, args.timeout)
            except FetchError as exc:
                failures += 1
                hint = by_hand(source, args.corpus)
                print(f"policykb fetch: error: {exc}. {hint}", file=sys.stderr)
                continue
            print(f"{got.status:10} {source.doc_id}  {got.path}  sha256 {got.sha256[:16]}…")
    finally:
        if lock != pinned:  # pin what did download, whatever stopped the rest; an offline
            write_lock(lock_path, lock)  # run that pinned nothing leaves no file behind
    return 1 if failures else 0
