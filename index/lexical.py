"""The BM25 half of the index: bm25s over English-stemmed words, stopwords removed.

We tokenize ourselves (one function for documents and queries) and hand bm25s token lists,
so a query word the corpus never used is simply dropped instead of raising.

bm25s builds and saves the index; searching reads its saved arrays here (`Scores`). bm25s's
scores are precomputed per (word, paragraph), so a query's scores are a sum of a few sparse
columns, while `import bm25s` pulls scipy.sparse: 0.44 s of a 1.5 s cold `ask`.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import IndexCorruptError

_WORD = re.compile(r"\w\w+")
_ARRAYS = ("data", "indices", "indptr")  # bm25s's CSC files: <name>.csc.index.npy


@cache
def _stopwords() -> frozenset[str]:
    """bm25s's English stopwords, read from its module file without importing the package."""
    spec = importlib.util.find_spec("bm25s")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("bm25s is not installed: pip install -e .")
    path = Path(next(iter(spec.submodule_search_locations))) / "stopwords.py"
    module_spec = importlib.util.spec_from_file_location("_policykb_bm25s_stopwords", path)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"{path}: cannot read bm25s's stopword list")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(module.STOPWORDS_EN)


@cache
def _stemmer() -> Any:
    """PyStemmer's Snowball English stemmer (C, ~1 µs a word)."""
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stopword-free, stemmed words of `text`."""
    stop = _stopwords()
    words = [w for w in _WORD.findall(text.lower()) if w not in stop]
    return list(_stemmer().stemWords(words))


def build(texts: list[str]) -> Any:
    """A bm25s index over `texts` (row i = texts[i]).

    Words become ids as each text is tokenized, and bm25s is given the ids: every occurrence
    of a word then refers to one int object. Given the stemmed words, bm25s holds one string
    object per occurrence and the ids beside them, ~0.9 GB of transient memory per 300k
    paragraphs (a 1M build peaked at 9.1 GB in bm25s's index, bench/README.md).
    """
    import bm25s

    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(word, len(vocab)) for word in tokenize(t)] for t in texts]
    retriever = bm25s.BM25()
    retriever.index((ids, vocab), show_progress=False)
    return retriever


def save(retriever: Any, directory: Path) -> None:
    """Write the index into `directory` (bm25s's own npy/json files)."""
    retriever.save(str(directory), show_progress=False)


@dataclass(frozen=True)
class Scores:
    """A saved bm25s index, read for scoring (its "lucene" method, bm25s's default).

    Attributes:
        data, indices, indptr: the CSC matrix of precomputed scores, word columns.
        vocab: word -> column.
        rows: number of indexed texts.
    """

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    vocab: dict[str, int]
    rows: int


def load(directory: Path, index_dir: Path) -> Scores:
    """Read an index written by `save` (arrays memory-mapped).

    Raises:
        IndexCorruptError: the directory or one of its files is missing or unreadable, or
            bm25s wrote it with a scoring method this reader does not sum.
    """
    params_path = directory / "params.index.json"
    if not params_path.is_file():
        raise IndexCorruptError(directory, "BM25 index files are missing", index_dir)
    try:
        params = json.loads(params_path.read_text(encoding="utf-8"))
        vocab = json.loads((directory / "vocab.index.json").read_text(encoding="utf-8"))
        arrays = [np.load(directory / f"{n}.csc.index.npy", mmap_mode="r") for n in _ARRAYS]
    except (OSError, ValueError, EOFError) as exc:
        raise IndexCorruptError(directory, f"BM25 index unreadable ({exc})", index_dir) from exc
    if params.get("method") != "lucene" or (directory / "nonoccurrence_array.index.npy").exists():
        raise IndexCorruptError(directory, "BM25 index of another scoring method", index_dir)
    data, indices, indptr = arrays
    if not len(indptr) or int(indptr[-1]) != len(data) or len(data) != len(indices):
        raise IndexCorruptError(directory, "BM25 index arrays disagree", index_dir)
    return Scores(data, indices, indptr, vocab, int(params["num_docs"]))


def scores(index: Scores, query: str) -> np.ndarray | None:
    """BM25 score of every row for `query`; None when no query word is in the corpus.

    A word that occurs twice in the query counts twice, as in bm25s.
    """
    columns = len(index.indptr) - 1  # bm25s's vocabulary also holds "", which has no column
    ids = [i for i in (index.vocab.get(w, columns) for w in tokenize(query)) if i < columns]
    if not ids:
        return None
    out = np.zeros(index.rows, dtype=np.float32)
    for i in ids:
        a, b = int(index.indptr[i]), int(index.indptr[i + 1])
        np.add.at(out, index.indices[a:b], index.data[a:b])
    return out


def search(
    index: Scores, query: str, k: int, rows: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k (scores, row numbers) with a positive score, best first; `rows` filters."""
    return top(scores(index, query), k, rows)


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
