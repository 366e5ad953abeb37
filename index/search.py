"""Hybrid search over one index: dense vectors (meaning) + BM25 (words), fused by rank.

`Searcher.open` loads the records and opens the index's store (index.store: FAISS + bm25s
in the directory, or Milvus); `search` is then a query embedding (~6 ms), one dense search,
one BM25 search, a fusion here (the same RRF whichever store), and the exact signals of the
hits read from the directory (cosine, late interaction) and the store (BM25).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from index import blas, files, mapped, query, store, tokens, versions
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
    """A loaded index ready to answer queries, whichever store holds its searched structures."""

    def __init__(self, library: Library, parts: dict[str, Any], settings: Settings) -> None:
        self.library = library
        self.settings = settings
        self._store: store.Store = parts["store"]
        self._vectors: np.ndarray = parts["vectors"]
        self._rows: np.ndarray = parts["rows"]
        self._tokens: tokens.TokenStore = parts["tokens"]
        self._embedder = Embedder(settings)
        self._acronyms = query.acronyms(library.glossary())

    @classmethod
    def open(cls, index_dir: Path, settings: Settings) -> Searcher:
        """Load the current version of `index_dir`; the embedding model loads on first query.

        Raises:
            IndexLoadError: missing, damaged or incompatible index, one built with another
                embedding model (the message says how to rebuild), or a store out of reach.
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
        rows = _npy(version / files.ROWS, index_dir)
        if len(rows) and int(rows.max()) >= len(library.paragraphs):
            raise IndexCorruptError(version, "row counts of the index files disagree", index_dir)
        row_docs = [library.paragraphs[int(i)].doc_id for i in rows]
        vectors = _npy(version / files.VECTORS, index_dir)
        searched = store.open_store(version, manifest, index_dir, row_docs)
        token_store = _tokens(version, index_dir)
        if (
            len(rows) != len(vectors)
            or searched.count() != len(rows)
            or len(token_store.offsets) != len(rows) + 1
        ):
            raise IndexCorruptError(version, "row counts of the index files disagree", index_dir)
        parts = {"rows": rows, "vectors": vectors, "store": searched, "tokens": token_store}
        blas.one_thread()  # from now on in this process: a query's products are small
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
        docs = None if doc_ids is None else [d for d in doc_ids if d in self.library.documents]
        depth = max(k, self.settings.candidates)
        ranked: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        signals = _Signals()
        if mode in ("hybrid", "dense"):
            signals.query = self._embedder.encode_query(cleaned)
            ranked["dense"] = store.ordered(self._store.dense(signals.query.vector, depth, docs))
        if mode in ("hybrid", "bm25"):
            signals.lexical = self._store.lexical(cleaned, depth, docs)
            ranked["bm25"] = store.ordered(signals.lexical.top)
        return self._hits(ranked, mode, k, signals)

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
    lexical: store.Lexical | None = None

    def cosines(self, vectors: np.ndarray, rows: np.ndarray) -> np.ndarray | None:
        """Exact cosine of each row with the query; None when the query was not embedded."""
        if self.query is None:
            return None
        return np.asarray(vectors[rows] @ self.query.vector[0], dtype=np.float32)

    def late(self, token_store: tokens.TokenStore, rows: np.ndarray) -> np.ndarray | None:
        """Late-interaction score of each row; None when the query was not embedded."""
        if self.query is None:
            return None
        return token_store.maxsim(self.query.tokens, rows, self.query.ids)

    def bm25_of(self, rows: np.ndarray) -> np.ndarray | None:
        """BM25 score of each row; None when BM25 was not searched (dense mode)."""
        return None if self.lexical is None else self.lexical.score_of(rows)


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
    """A memory-mapped array file of the index (rows read at random), or an error naming it."""
    try:
        return mapped.rows(path)
    except FileNotFoundError as exc:
        raise IndexCorruptError(path, "file is missing", index_dir) from exc
    except (OSError, ValueError, EOFError) as exc:
        raise IndexCorruptError(path, f"unreadable ({exc})", index_dir) from exc
