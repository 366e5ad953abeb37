"""Serve a Milvus Lite file on loopback so several PolicyKB processes can share it.

Milvus Lite embedded in a process locks its .db file: a second process cannot open it. The
`milvus` binary inside the milvus-lite package serves the same file over gRPC instead; every
process then reaches it as `POLICYKB_MILVUS_URI=http://127.0.0.1:PORT`. Measured here: it
answers in under 0.25 s and stops on SIGTERM. This module holds the same lock file the
embedded mode takes, so an embedded client cannot open the file while it is served.

    python -m index.milvus_server data/index/milvus.db --port 19530
"""

from __future__ import annotations

import argparse
import fcntl
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from index.errors import StoreUnavailableError


def binary() -> Path:
    """The `milvus` server binary milvus-lite ships.

    Raises:
        StoreUnavailableError: milvus-lite is not installed.
    """
    try:
        import milvus_lite
    except ImportError as exc:
        raise StoreUnavailableError(
            "milvus-lite", "is not installed", 'Install it with `pip install -e ".[milvus]"`'
        ) from exc
    return Path(milvus_lite.__file__).parent / "lib" / "milvus"


@contextmanager
def serve(db_file: Path, port: int, timeout_s: float = 60.0) -> Iterator[str]:
    """Serve `db_file` on 127.0.0.1:`port` until the block ends; yields the URI.

    Raises:
        StoreUnavailableError: the file is open elsewhere, or the server did not start.
    """
    db_file = db_file.resolve()
    db_file.parent.mkdir(parents=True, exist_ok=True)
    with open(db_file.parent / f".{db_file.name}.lock", "a") as lock:
        try:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise StoreUnavailableError(
                str(db_file), "is open in another process", "Stop that process first"
            ) from exc
        exe = binary()
        env = {
            **os.environ,
            "LD_LIBRARY_PATH": f"{exe.parent}:{os.environ.get('LD_LIBRARY_PATH', '')}",
        }
        proc = subprocess.Popen(
            [str(exe), str(db_file), f"127.0.0.1:{port}", "ERROR"],
            cwd=db_file.parent,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            _wait_listening(port, proc, time.monotonic() + timeout_s)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def _wait_listening(port: int, proc: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StoreUnavailableError(
                f"127.0.0.1:{port}", f"milvus exited with {proc.returncode}", "Is the port free?"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise StoreUnavailableError(f"127.0.0.1:{port}", "milvus did not start", "See its log")


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM ends the server like Ctrl-C: the `serve` block then stops milvus."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted (Ctrl-C or SIGTERM)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db_file", type=Path, help="the Milvus Lite file (e.g. DIR/milvus.db)")
    parser.add_argument("--port", type=int, default=19530)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    with serve(args.db_file, args.port) as uri:
        print(f"serving {args.db_file} at {uri}; set POLICYKB_MILVUS_URI={uri}", flush=True)
        with suppress(KeyboardInterrupt):
            signal.pause()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
