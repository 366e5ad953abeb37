"""What a Searcher needs from a search engine, and which engine an index uses.

Two stores implement it: the embedded one (FAISS + bm25s files inside the version directory,
the default, nothing to set up) and Milvus (`index.milvus_store`, a Lite file or a server).
Whichever holds the searched structures, the version directory keeps the manifest, the
records, each row's exact vector and its token vectors: they are read per hit, memory-mapped,
and make the exact signals of a hit (cosine, late interaction) the same on both stores.

The manifest's "store" entry names the store and, for Milvus, the URI and collection, so every
command finds the store from `--index DIR` alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from index.settings import Settings

KINDS = ("embedded", "milvus")
Ranked = tuple[np.ndarray, np.ndarray]  # (scores, row numbers), best first


@dataclass(frozen=True)
class Lexical:
    """A BM25 search: its top rows and the exact score of any row.

    Attributes:
        top: (scores, rows) of the best rows with a positive score, best first.
        score_of: BM25 score of given rows (0 where no query word occurs), float32.
    """

    top: Ranked
    score_of: Callable[[np.ndarray], np.ndarray]


class Store(Protocol):
    """The searched structures of one index version.

    Row numbers are positions in the version's rows.npy (row i <-> vectors.npy row i). A
    `docs` filter is a list of known document ids (maybe empty: nothing matches), or None.
    """

    def count(self) -> int:
        """How many rows the store holds (checked against rows.npy when opened)."""
        ...

    def dense(self, query: np.ndarray, k: int, docs: Sequence[str] | None) -> Ranked:
        """Top-k rows by inner product with a (1, dim) unit query vector."""
        ...

    def lexical(self, text: str, k: int, docs: Sequence[str] | None) -> Lexical:
        """Top-k rows by BM25 for a cleaned query text."""
        ...


class StoreWriter(Protocol):
    """Writes the searched structures of a new version."""

    def write(
        self, directory: Path, texts: list[str], vectors: np.ndarray, docs: list[str]
    ) -> dict[str, Any]:
        """Index row i (texts[i], vectors[i], docs[i]) for the version being built in `directory`.

        Returns:
            The manifest's "store" entry: {"kind": ...} and what a reader needs to find it.
        """
        ...

    def sweep(self, index_dir: Path) -> None:
        """Drop what no kept version of `index_dir` refers to (a killed build's leftovers)."""
        ...


def ordered(ranked: Ranked) -> Ranked:
    """`ranked` best first, equal scores by row number: one order for ties on every store.

    BM25 gives many exact ties (same words, same length); FAISS, bm25s and Milvus each break
    them their own way, which would let the same index rank differently by store.
    """
    scores, rows = ranked
    order = np.lexsort((rows, -scores))
    return scores[order], rows[order]


def kind_of(manifest: dict[str, Any]) -> str:
    """The store a manifest names; indexes written before stores existed are embedded."""
    entry = manifest.get("store") or {}
    return str(entry.get("kind", "embedded"))


def open_store(
    version: Path, manifest: dict[str, Any], index_dir: Path, row_docs: Sequence[str]
) -> Store:
    """The store of a version, as its manifest names it.

    Args:
        row_docs: the document id of each row (the embedded store filters with it).

    Raises:
        IndexLoadError: the store's files or collection are missing or unreadable.
    """
    if kind_of(manifest) == "milvus":
        from index import milvus_store

        return milvus_store.MilvusStore.open(manifest["store"], index_dir)
    from index import embedded_store

    entry = manifest.get("store") or {}
    return embedded_store.EmbeddedStore.open(version, index_dir, entry, row_docs)


def writer(
    settings: Settings, index_dir: Path, previous: dict[str, Any] | None = None
) -> StoreWriter:
    """The writer for `settings.store`; `previous` is the current manifest, if any.

    Raises:
        ValueError: an unknown store name.
    """
    if settings.store == "milvus":
        from index import milvus_store

        entry = (previous or {}).get("store") or {}
        uri = entry.get("uri") if entry.get("kind") == "milvus" else None
        return milvus_store.MilvusWriter(index_dir, uri)
    if settings.store == "embedded":
        from index import embedded_store

        return embedded_store.EmbeddedWriter(settings)
    raise ValueError(f"unknown store {settings.store!r}: use one of {', '.join(KINDS)}")
