"""Atomic index versions: build beside the live index, then swap one pointer.

An index directory holds complete versions (`v-<time>-<pid>/`) and a `current` symlink naming
one of them. A build writes a new version in a temporary directory, renames it into place and
only then replaces `current` with `os.replace`, which is atomic on POSIX. A build killed at any
moment therefore leaves `current` naming the previous, complete version, and a reader that
resolved `current` once keeps reading one consistent version while a new one is swapped in.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from index.errors import IndexBusyError, IndexCorruptError, IndexMissingError

CURRENT = "current"
MANIFEST = "manifest.json"
_KEEP = 3  # versions kept: the current one and two older ones a slow reader may still be using


def resolve(index_dir: Path) -> Path:
    """The version directory readers should use; resolve it once per load.

    A directory holding a manifest directly (a copied version) is accepted as is.

    Raises:
        IndexMissingError: nothing has been built at `index_dir`.
        IndexCorruptError: `current` names a version that is not there.
    """
    pointer = index_dir / CURRENT
    if pointer.is_symlink():
        target = index_dir / os.readlink(pointer)
        if not target.is_dir():
            raise IndexCorruptError(pointer, f"points to missing version {target.name}", index_dir)
        return target
    if (index_dir / MANIFEST).is_file():
        return index_dir
    raise IndexMissingError(index_dir, "no index has been built here yet", index_dir)


def exists(index_dir: Path) -> bool:
    """Whether an index (complete or damaged) has been published at `index_dir`."""
    return (index_dir / CURRENT).is_symlink() or (index_dir / MANIFEST).is_file()


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's writer lock; two ingests at once would race for the pointer.

    Raises:
        IndexBusyError: another process holds the lock.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexBusyError(
                f"{index_dir}: another `policykb ingest` is writing this index. "
                "Wait for it to finish, then run the command again"
            ) from exc
        yield


def publish(index_dir: Path, write: Callable[[Path], None]) -> Path:
    """Write a new version with `write(directory)` and make it current atomically.

    Call with `writer_lock` held. Returns the new version directory.
    """
    _remove_stale(index_dir)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    name = f"v-{stamp}-{time.time_ns() % 10**9:09d}-{os.getpid()}"
    staging = index_dir / f".tmp-{name}"
    staging.mkdir()
    write(staging)
    _fsync_tree(staging)
    version = index_dir / name
    os.rename(staging, version)
    link = index_dir / f".{CURRENT}-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(name, link)
    os.replace(link, index_dir / CURRENT)
    _fsync_dir(index_dir)
    _prune(index_dir, version)
    return version


def _remove_stale(index_dir: Path) -> None:
    """Delete staging directories left by killed builds (the lock says none is running)."""
    for stale in index_dir.glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _prune(index_dir: Path, current: Path) -> None:
    """Delete all but the newest `_KEEP` versions, never the one just made current.

    Names sort by UTC creation time; a clock stepped back could still sort the new version
    below older ones, which is why `current` is spared by name.
    """
    versions = sorted(p for p in index_dir.glob("v-*") if p.is_dir() and p != current)
    for old in versions[: max(len(versions) - (_KEEP - 1), 0)]:
        shutil.rmtree(old, ignore_errors=True)


def _fsync_tree(root: Path) -> None:
    """Flush every file of a version to disk so a power cut cannot publish empty files."""
    for path in root.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(root)


def _fsync_dir(path: Path) -> None:
    """Flush a directory entry (the rename or the new pointer)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
