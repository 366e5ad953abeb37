"""Hybrid search over one index: FAISS (meaning) + BM25 (words), fused by rank.

`Searcher.open` loads everything once (model, FAISS, BM25, records); `search` is then a
query embedding (~6 ms), one FAISS search, one BM25 scoring and a fusion.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
from threadpoolctl import threadpool_limits

from index import dense, files, lexical, query, tokens, versions
from index.embed import Embedder, QueryVectors
from index.errors import IndexCorruptError, IndexVersionError
from index.fusion import rrf
from index.library import Library
from index.settings import Settings
from ingest.records import Paragraph

Mode = Literal["hybrid", "dense", "bm25"]


@dataclass(frozen=True)
class Hit:
    """One ranked record.

    Attributes:
        paragraph: the record found.
        score: fused RRF score (hybrid), cosine similarity (dense) or BM25 score (bm25).
        rank: 1-based position in the result list.
        dense_rank: 1-based rank in the dense candidates, None when not among them.
        bm25_rank: 1-based rank in the BM25 candidates, None when not among them.
        cosine: exact cosine between query and record vectors, whatever its dense rank; None
            when the query was not embedded (bm25 mode).
        bm25: the record's BM25 score (0 when no query word occurs in it); None in dense mode.
        late: late-interaction (MaxSim) score of the query's and the record's token vectors;
            None when the query was not embedded.
    """

    paragraph: Paragraph
    score: float
    rank: int
    dense_rank: int | None
    bm25_rank: int | None
    cosine: float | None = None
    bm25: float | None = None
    late: float | None = None


class Searcher:
    """A loaded index ready to answer queries."""

    def __init__(self, library: Library, parts: dict[str, Any], settings: Settings) -> None:
        self.library = library
        self.settings = settings
        self._faiss = parts["faiss"]
        self._bm25 = parts["bm25"]
        self._vectors: np.ndarray = parts["vectors"]
        self._rows: np.ndarray = parts["rows"]
        self._tokens: tokens.TokenStore = parts["tokens"]
        self._embedder = Embedder(settings)
        self._acronyms = query.acronyms(library.glossary())
        codes = {d: i for i, d in enumerate(library.documents)}
        self._codes = codes
        self._row_doc = np.array(
            [codes.get(library.paragraphs[i].doc_id, -1) for i in self._rows], dtype=np.int32
        )

    @classmethod
    def open(cls, index_dir: Path, settings: Settings) -> Searcher:
        """Load the current version of `index_dir`; the embedding model loads on first query.

        Raises:
            IndexLoadError: missing, damaged or incompatible index, or one built with another
                embedding model (the message says how to rebuild).
        """
        version = versions.resolve(index_dir)
        manifest = files.read_manifest(version, index_dir, files.SEARCHED)
        if (manifest.get("model"), manifest.get("dim")) != (settings.model, settings.dim):
            problem = (
                f"built with {manifest.get('model')} ({manifest.get('dim')}-d), "
                f"this search uses {settings.model} ({settings.dim}-d)"
            )
            raise IndexVersionError(version / versions.MANIFEST, problem, index_dir)
        library = Library(
            files.read_documents(version, index_dir), files.read_paragraphs(version, index_dir)
        )
        parts = {
            "rows": _npy(version / files.ROWS, index_dir),
            "vectors": _npy(version / files.VECTORS, index_dir),
            "faiss": dense.load(version / files.FAISS, index_dir, settings),
            "bm25": lexical.load(version / files.BM25, index_dir),
            "tokens": _tokens(version, index_dir),
        }
        rows = parts["rows"]
        if (
            len(rows) != len(parts["vectors"])
            or parts["faiss"].ntotal != len(rows)
            or (len(rows) and int(rows.max()) >= len(library.paragraphs))
            or len(parts["tokens"].offsets) != len(rows) + 1
        ):
            raise IndexCorruptError(version, "row counts of the index files disagree", index_dir)
        # One query at a time: a second OpenMP thread only adds contention (16 ms vs 3 ms), and
        # so does a second BLAS thread for the small products of cosines and late interaction
        # (a 15x384 by 384x128 product: 5 ms with OpenBLAS's threads on the busy 2 cores, 0.07
        # ms with one).
        dense.faiss.omp_set_num_threads(1)
        threadpool_limits(limits=1, user_api="blas")
        return cls(library, parts, settings)

    def with_settings(self, **overrides: object) -> Searcher:
        """The same loaded index and model under other settings, with its own query cache.

        Fusion weights and query expansion are read on every query, so a variant costs nothing;
        its own Embedder keeps one variant's cached query vector from timing another's.
        """
        clone = copy.copy(self)
        clone.settings = replace(self.settings, **overrides)  # type: ignore[arg-type]
        clone._embedder = Embedder(clone.settings)
        return clone

    def search(
        self, text: str, k: int = 10, doc_ids: list[str] | None = None, mode: Mode = "hybrid"
    ) -> list[Hit]:
        """The k best records for `text`, optionally within `doc_ids`.

        Raises:
            EmptyQueryError: `text` holds nothing searchable.
            ValueError: unknown mode.
        """
        if mode not in ("hybrid", "dense", "bm25"):
            raise ValueError(f"unknown search mode {mode!r}: use hybrid, dense or bm25")
        cleaned = query.clean(text, self.settings.max_query_chars)
        if self.settings.expand_queries:
            cleaned = query.expand(cleaned, self._acronyms)
        rows = self._filter(doc_ids)
        depth = max(k, self.settings.candidates)
        ranked: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        signals = _Signals()
        if mode in ("hybrid", "dense"):
            signals.query = self._embedder.encode_query(cleaned)
            vector = signals.query.vector
            ranked["dense"] = dense.search(self._faiss, self._vectors, vector, depth, rows)
        if mode in ("hybrid", "bm25"):
            found = lexical.scores(self._bm25, cleaned)
            signals.bm25 = np.zeros(len(self._rows), np.float32) if found is None else found
            ranked["bm25"] = lexical.top(signals.bm25, depth, rows)
        return self._hits(ranked, mode, k, signals)

    def _filter(self, doc_ids: list[str] | None) -> np.ndarray | None:
        """Row numbers of the given documents, None for no filter."""
        if doc_ids is None:
            return None
        wanted = [self._codes[d] for d in doc_ids if d in self._codes]
        return np.flatnonzero(np.isin(self._row_doc, wanted)).astype(np.int64)

    def _hits(
        self,
        ranked: dict[str, tuple[np.ndarray, np.ndarray]],
        mode: Mode,
        k: int,
        signals: _Signals,
    ) -> list[Hit]:
        """Fuse (or pass through) the rankings and turn row numbers into records."""
        order = {name: [int(r) for r in rows] for name, (_, rows) in ranked.items()}
        pos = {name: {r: i + 1 for i, r in enumerate(rows)} for name, rows in order.items()}
        if mode == "hybrid":
            weights = {"dense": self.settings.dense_weight, "bm25": self.settings.bm25_weight}
            scored = rrf([(order[n], weights[n]) for n in order], self.settings.rrf_k)
        else:
            scores, rows = ranked[mode]
            scored = [(int(r), float(s)) for r, s in zip(rows, scores, strict=True)]
        scored = scored[:k]
        found = np.array([row for row, _ in scored], dtype=np.int64)
        cosines = signals.cosines(self._vectors, found)
        late = signals.late(self._tokens, found)
        bm25 = signals.bm25_of(found)
        return [
            Hit(
                paragraph=self.library.paragraphs[int(self._rows[row])],
                score=float(score),
                rank=rank,
                dense_rank=pos.get("dense", {}).get(row),
                bm25_rank=pos.get("bm25", {}).get(row),
                cosine=None if cosines is None else float(cosines[rank - 1]),
                bm25=None if bm25 is None else float(bm25[rank - 1]),
                late=None if late is None else float(late[rank - 1]),
            )
            for rank, (row, score) in enumerate(scored, start=1)
        ]


@dataclass
class _Signals:
    """What one query computed on the way, kept to score the hits it returns exactly."""

    query: QueryVectors | None = None
    bm25: np.ndarray | None = None  # BM25 score of every row

    def cosines(self, vectors: np.ndarray, rows: np.ndarray) -> np.ndarray | None:
        """Exact cosine of each row with the query; None when the query was not embedded."""
        if self.query is None:
            return None
        return np.asarray(vectors[rows] @ self.query.vector[0], dtype=np.float32)

    def late(self, store: tokens.TokenStore, rows: np.ndarray) -> np.ndarray | None:
        """Late-interaction score of each row; None when the query was not embedded."""
        return None if self.query is None else store.maxsim(self.query.tokens, rows)

    def bm25_of(self, rows: np.ndarray) -> np.ndarray | None:
        """BM25 score of each row; None when BM25 was not searched (dense mode)."""
        if self.bm25 is None:
            return None
        return np.asarray(self.bm25[rows], dtype=np.float32)


def _tokens(version: Path, index_dir: Path) -> tokens.TokenStore:
    """The version's token store, or a clear error naming what is wrong."""
    try:
        return tokens.load(version)
    except FileNotFoundError as exc:
        raise IndexCorruptError(
            Path(exc.filename or version), "file is missing", index_dir
        ) from exc
    except (OSError, ValueError, EOFError) as exc:
        raise IndexCorruptError(version, f"token vectors unreadable ({exc})", index_dir) from exc


def _npy(path: Path, index_dir: Path) -> np.ndarray:
    """A memory-mapped array file of the index, or a clear error naming it."""
    try:
        return np.load(path, mmap_mode="r")
    except FileNotFoundError as exc:
        raise IndexCorruptError(path, "file is missing", index_dir) from exc
    except (OSError, ValueError, EOFError) as exc:
        raise IndexCorruptError(path, f"unreadable ({exc})", index_dir) from exc
