"""`policykb fetch`: download the official PDFs named in corpus/sources.toml, and pin them.

A citation is only as good as the text it quotes, so every download is checked (a PDF, and
the issuance its source entry names) and its sha256 is pinned in corpus/sources.lock. A later
download with other bytes is refused unless `--update`: a silently changed source would change
answers without anyone noticing. Nothing here continues silently after a failure.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import re
import time
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

_MAX_BYTES = 50 * 1024 * 1024  # the largest DoD issuances are a few MB
_USER_AGENT = "policykb-fetch/0.1 (+https://www.esd.whs.mil/DD/)"


class FetchError(Exception):
    """A source could not be fetched or failed a check; the message says how to get it by hand."""


@dataclass(frozen=True)
class Source:
    """One official issuance as corpus/sources.toml names it."""

    doc_id: str
    title: str
    effective: str
    url: str
    file: str
    changes: tuple[tuple[int, str], ...] = ()
    topics: tuple[str, ...] = ()  # what people ask that it governs (qa.absent)

    @property
    def number(self) -> str:
        """The issuance number ("5400.17") that must appear on the PDF's first page."""
        return self.doc_id.split()[-1]


@dataclass(frozen=True)
class Fetched:
    """The outcome for one source: where it is, its hash, and what happened."""

    source: Source
    path: Path
    sha256: str
    status: str  # "present" (hash matches the lock, no download), "downloaded", "updated"


def load_sources(path: Path) -> list[Source]:
    """The sources of a sources.toml file.

    Raises:
        FetchError: the file is missing or malformed.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return [
            Source(
                doc_id=s["id"],
                title=s["title"],
                effective=s["effective"],
                url=s["url"],
                file=s["file"],
                changes=tuple((c["number"], c["date"]) for c in s.get("changes", [])),
                topics=tuple(s.get("topics", ())),
            )
            for s in data["source"]
        ]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise FetchError(f"{path}: cannot read the source list ({exc!r}). Restore it") from exc


def read_lock(path: Path) -> dict[str, dict[str, str]]:
    """Pinned hashes by document id; empty when no lock exists yet."""
    if not path.exists():
        return {}
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise FetchError(f"{path}: lock file unreadable ({exc}). Restore it from git") from exc


def write_lock(path: Path, lock: dict[str, dict[str, str]]) -> None:
    """Write the lock atomically (it is committed; a torn write would lose the pins)."""
    tmp = path.with_suffix(".lock.tmp")
    tmp.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def download(url: str, timeout: float) -> bytes:
    """The body of `url`; `timeout` bounds connecting, every read and the whole transfer.

    Raises:
        FetchError: network failure, HTTP error, too slow or too large.
    """
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    try:
        request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            size = 0
            while block := response.read(1 << 16):
                size += len(block)
                chunks.append(block)
                if size > _MAX_BYTES:
                    raise FetchError(f"{url}: response exceeds {_MAX_BYTES >> 20} MB")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: download took longer than {timeout:g} s")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: download failed ({reason})") from exc
    except ValueError as exc:  # no scheme, bad port: a mistake in sources.toml
        raise FetchError(f"{url}: not a usable URL ({exc}); correct it in sources.toml") from exc
    return b"".join(chunks)


def check_pdf(data: bytes, source: Source) -> None:
    """Refuse anything but a PDF whose first page names the issuance's number.

    Raises:
        FetchError: not a PDF (an error page, say), unreadable, or another issuance.
    """
    if not data.lstrip()[:5] == b"%PDF-":
        raise FetchError(f"{source.url}: the response is not a PDF (starts {data[:16]!r})")
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        first = PdfReader(io.BytesIO(data)).pages[0].extract_text() or ""
    except (PyPdfError, ValueError, IndexError, KeyError) as exc:
        raise FetchError(f"{source.url}: the PDF cannot be read ({exc})") from exc
    if source.number not in re.sub(r"\s+", "", first):
        raise FetchError(
            f"{source.url}: the first page does not name {source.doc_id}; "
            "the URL may now serve another issuance"
        )


def fetch_source(
    source: Source, corpus: Path, lock: dict[str, dict[str, str]], update: bool, timeout: float
) -> Fetched:
    """Make corpus/<file> the checked, pinned PDF of `source`; updates `lock` in place.

    Raises:
        FetchError: download or check failed, or the hash differs from the pin without `update`.
    """
    target = corpus / source.file
    pinned = lock.get(source.doc_id, {}).get("sha256")
    if pinned and target.is_file() and _sha256(target.read_bytes()) == pinned:
        return Fetched(source, target, pinned, "present")
    data = download(source.url, timeout)
    check_pdf(data, source)
    digest = _sha256(data)
    if pinned and digest != pinned and not update:
        raise FetchError(
            f"{source.url}: sha256 {digest[:12]}… differs from the pinned {pinned[:12]}… in "
            "sources.lock; the issuance may have changed. Review it, then run "
            "`policykb fetch --update` to accept it"
        )
    tmp = target.with_suffix(".part")
    try:
        corpus.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        raise FetchError(f"{target}: cannot write the download ({exc.strerror})") from exc
    lock[source.doc_id] = {"file": source.file, "url": source.url, "sha256": digest}
    return Fetched(
        source, target, digest, "updated" if pinned and digest != pinned else "downloaded"
    )


def by_hand(source: Source, corpus: Path) -> str:
    """How to get a source without `policykb fetch` (air-gapped or blocked)."""
    return (
        f"Place it by hand: download {source.url} on a connected machine, copy it into "
        f"{corpus}/ (any file name), then run `policykb ingest {corpus}`"
    )


def _sha256(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()
