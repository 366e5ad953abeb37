"""The BM25 half of the index: bm25s over English-stemmed words, stopwords removed.

We tokenize ourselves (one function for documents and queries) and hand bm25s token lists,
so a query word the corpus never used is simply dropped instead of raising.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
from bm25s.stopwords import STOPWORDS_EN

from index.errors import IndexCorruptError

_WORD = re.compile(r"\w\w+")
_STOP = frozenset(STOPWORDS_EN)


@cache
def _stemmer() -> Any:
    """PyStemmer's Snowball English stemmer (C, ~1 µs a word)."""
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stopword-free, stemmed words of `text`."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return list(_stemmer().stemWords(words))


def build(texts: list[str]) -> bm25s.BM25:
    """A BM25 index over `texts` (row i = texts[i])."""
    retriever = bm25s.BM25()
    retriever.index([tokenize(t) for t in texts], show_progress=False)
    return retriever


def save(retriever: bm25s.BM25, directory: Path) -> None:
    """Write the index into `directory` (bm25s's own npy/json files)."""
    retriever.save(str(directory), show_progress=False)


def load(directory: Path, index_dir: Path) -> bm25s.BM25:
    """Read an index written by `save`.

    Raises:
        IndexCorruptError: the directory or one of its files is missing or unreadable.
    """
    if not (directory / "params.index.json").is_file():
        raise IndexCorruptError(directory, "BM25 index files are missing", index_dir)
    try:
        return bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
    except (OSError, ValueError, KeyError, EOFError) as exc:
        raise IndexCorruptError(directory, f"BM25 index unreadable ({exc})", index_dir) from exc


def scores(retriever: bm25s.BM25, query: str) -> np.ndarray | None:
    """BM25 score of every row for `query`; None when no query word is in the corpus."""
    ids = [int(i) for i in retriever.get_tokens_ids(tokenize(query))]
    return retriever.get_scores(ids) if ids else None


def search(
    retriever: bm25s.BM25, query: str, k: int, rows: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k (scores, row numbers) with a positive score, best first; `rows` filters."""
    return top(scores(retriever, query), k, rows)


def top(
    all_scores: np.ndarray | None, k: int, rows: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k (scores, row numbers) of a `scores` array, positive scores only, best first."""
    if all_scores is None:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    if rows is not None:
        mask = np.zeros_like(all_scores)
        mask[rows] = 1
        all_scores = all_scores * mask
    k = min(k, len(all_scores))
    best = np.argpartition(-all_scores, k - 1)[:k]
    best = best[np.argsort(-all_scores[best], kind="stable")]
    best = best[all_scores[best] > 0]
    return all_scores[best], best
