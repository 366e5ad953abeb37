"""The default store: FAISS and bm25s files inside the version directory, searched in process.

Nothing to set up and nothing to run: a version directory is the whole index. Filters map the
wanted documents to row numbers, which FAISS then searches exactly (index.dense).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from index import dense, files, lexical, mapped
from index.errors import IndexCorruptError
from index.settings import Settings
from index.store import Lexical, Ranked


class EmbeddedStore:
    """FAISS (dense) and bm25s (lexical) of one version, loaded into this process."""

    def __init__(self, ann: Any, bm25: Any, vectors: np.ndarray, row_docs: Sequence[str]) -> None:
        self._ann = ann
        self._bm25 = bm25
        self._vectors = vectors
        codes: dict[str, int] = {}
        self._row_doc = np.array([codes.setdefault(d, len(codes)) for d in row_docs], np.int32)
        self._codes = codes

    @classmethod
    def open(
        cls, version: Path, index_dir: Path, entry: dict[str, Any], row_docs: Sequence[str]
    ) -> EmbeddedStore:
        """Load the FAISS and BM25 files of `version` (vectors memory-mapped).

        Args:
            entry: the manifest's "store" entry (the calibrated search width, if any).

        Raises:
            IndexCorruptError: a file is missing or unreadable.
        """
        path = version / files.VECTORS
        try:
            vectors = mapped.rows(path)
        except FileNotFoundError as exc:
            raise IndexCorruptError(path, "file is missing", index_dir) from exc
        except (OSError, ValueError, EOFError) as exc:
            raise IndexCorruptError(path, f"unreadable ({exc})", index_dir) from exc
        width = (entry.get("ann") or {}).get("width")
        ann = dense.load(version / files.FAISS, index_dir, int(width) if width else None)
        bm25 = lexical.load(version / files.BM25, index_dir)
        # One query at a time: a second OpenMP thread only adds contention (16 ms vs 3 ms).
        dense.faiss.omp_set_num_threads(1)
        return cls(ann, bm25, vectors, row_docs)

    def count(self) -> int:
        """Rows in the FAISS index."""
        return int(self._ann.ntotal)

    def dense(self, query: np.ndarray, k: int, docs: Sequence[str] | None) -> Ranked:
        """FAISS top-k; a filter searches the filtered rows exactly."""
        return dense.search(self._ann, self._vectors, query, k, self._rows(docs))

    def lexical(self, text: str, k: int, docs: Sequence[str] | None) -> Lexical:
        """bm25s scores every row once; the top and any row's score come from that array."""
        found = lexical.scores(self._bm25, text)
        every = np.zeros(self.count(), np.float32) if found is None else found

        def score_of(rows: np.ndarray) -> np.ndarray:
            return np.asarray(every[rows], dtype=np.float32)

        return Lexical(lexical.top(every, k, self._rows(docs)), score_of)

    def _rows(self, docs: Sequence[str] | None) -> np.ndarray | None:
        """Row numbers of the given documents, None for no filter."""
        if docs is None:
            return None
        wanted = [self._codes[d] for d in docs if d in self._codes]
        return np.flatnonzero(np.isin(self._row_doc, wanted)).astype(np.int64)


class EmbeddedWriter:
    """Writes faiss.index and bm25/ into the version directory."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def write(
        self, directory: Path, texts: list[str], vectors: np.ndarray, docs: list[str]
    ) -> dict[str, Any]:
        """Build FAISS over `vectors` and BM25 over `texts`; returns the manifest entry.

        Raises:
            AnnRecallError: an approximate FAISS index measured below the recall floor.
        """
        # BM25 first, saved and dropped before FAISS is built: at a million rows each holds GBs
        # while it is built, and in the other order the FAISS index was still alive.
        lexical.save(lexical.build(texts), directory / files.BM25)
        ann, calibration = dense.build(vectors, self.settings)
        dense.save(ann, directory / files.FAISS)
        entry: dict[str, Any] = {"kind": "embedded", "faiss_index": dense.kind(ann)}
        if calibration is not None:
            entry["ann"] = asdict(calibration)
        return entry

    def sweep(self, index_dir: Path) -> None:
        """Nothing lives outside the version directories, which `versions` prunes."""
