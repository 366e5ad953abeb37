"""Token vectors for late interaction: each question word's best match in a paragraph.

One vector per paragraph blurs a long paragraph into its average; late interaction (ColBERT's
MaxSim) keeps MiniLM's vector for every word piece and scores a paragraph by how well each
question word finds its best counterpart there. It re-scores the fused candidates, so only
their tokens are read per query.

Storage is the cheaper form the measurements allowed: a fixed, seeded random orthogonal
projection from 384 to 128 dimensions, then int8 with one float16 scale per token (132 bytes
a token instead of 768 in fp16). On eval/gold/samples.jsonl, re-scoring the hybrid top 20 gave
Recall@1 0.615 with full fp32 token vectors and 0.635 with this form (0.538 without re-scoring).
The projection needs no fitting, so vectors kept from an earlier version stay comparable.
Word pieces without a letter or digit and the special tokens are not stored.

Each question word piece's best match is weighted by the piece's IDF over the library's
searched texts, as BM25 weighs words: "TSCO" finding its match says more than "program" does.
Measured on the dev split of eval/gold/library.jsonl (`make fit`, python -m qa.fit_ranker): the
ranker's cross-validated Recall@1 0.602 with the plain mean against 0.634 weighted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index import blas, files, mapped

if TYPE_CHECKING:
    from tokenizers import Tokenizer

DIM = 128
SEED = 20261202  # the projection is part of the index format: changing it needs a re-ingest
EMPTY = (np.zeros((0, DIM), np.int8), np.zeros(0, np.float16))  # a row without tokens


@cache
def projection(width: int) -> np.ndarray:
    """(width, DIM) float32 matrix, the same in every process.

    Its columns are orthonormal for model widths (384); a width below DIM (small test
    embedders) takes the first rows of the width-DIM matrix.
    """
    rng = np.random.default_rng(SEED)
    with blas.one_thread():  # 1 ms; with two threads on a busy machine it took seconds
        q, _ = np.linalg.qr(rng.standard_normal((max(width, DIM), DIM)))
    return q[:width].astype(np.float32)


def project(tokens: np.ndarray) -> np.ndarray:
    """(n, width) token vectors -> (n, DIM) unit vectors in the projected space."""
    out = np.asarray(tokens, dtype=np.float32) @ projection(tokens.shape[1])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


def compress(tokens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n, width) token vectors -> (int8 (n, DIM), float16 (n,) scales)."""
    unit = project(tokens)
    scale = np.maximum(np.abs(unit).max(axis=1), 1e-6) / 127.0
    return np.round(unit / scale[:, None]).astype(np.int8), scale.astype(np.float16)


@dataclass(frozen=True)
class TokenStore:
    """Every searched row's compressed token vectors, concatenated.

    Attributes:
        codes: int8 (total tokens, DIM), memory-mapped.
        scales: float16 (total tokens,).
        offsets: int64 (rows + 1,); row i's tokens are codes[offsets[i]:offsets[i + 1]].
        idf: float32 (vocabulary,) IDF of each word piece over the searched texts; empty when
            the model's tokenizer could not be read (every piece then weighs the same).
    """

    codes: np.ndarray
    scales: np.ndarray
    offsets: np.ndarray
    idf: np.ndarray

    def row(self, i: int) -> np.ndarray:
        """Row i's token vectors as float32 (tokens, DIM)."""
        a, b = int(self.offsets[i]), int(self.offsets[i + 1])
        return self.codes[a:b].astype(np.float32) * self.scales[a:b, None].astype(np.float32)

    def maxsim(self, query: np.ndarray, rows: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Late-interaction score of each row: each query token's best cosine, IDF-weighted.

        Args:
            query: (m, DIM) projected query token vectors (`project`).
            rows: row numbers to score.
            ids: (m,) the query tokens' word-piece ids, for their IDF.

        Returns:
            float32 (len(rows),); 0 for a row without tokens or an empty query.
        """
        out = np.zeros(len(rows), dtype=np.float32)
        if not len(query):
            return out
        weights = self.weights(ids)
        for j, i in enumerate(rows):
            doc = self.row(int(i))
            if len(doc):
                out[j] = float((query @ doc.T).max(axis=1) @ weights)
        return out

    def weights(self, ids: np.ndarray) -> np.ndarray:
        """Per-token weights summing to 1: IDF where known, equal otherwise."""
        known = len(self.idf) > 0 and len(ids) > 0 and int(ids.max()) < len(self.idf)
        raw = self.idf[ids].astype(np.float32) if known else np.ones(len(ids), np.float32)
        total = float(raw.sum())
        return raw / total if total > 0 else np.full(len(ids), 1 / max(len(ids), 1), np.float32)


IDF_BATCH = 2048


def piece_idf(texts: list[str], tokenizer: Tokenizer | None) -> np.ndarray:
    """IDF of every word piece over `texts`: log((N + 1) / (df + 0.5)); empty without a tokenizer.

    The tokenizer must cut where the model does, so a piece counts where it has a vector.
    Texts are encoded IDF_BATCH at a time: an Encoding keeps its pieces' strings, offsets and
    masks, and a million of them at once took a 1M-paragraph build past 24 GB (OOM-killed).
    """
    if tokenizer is None:
        return np.zeros(0, dtype=np.float32)
    df = np.zeros(tokenizer.get_vocab_size(), dtype=np.int64)
    for start in range(0, len(texts), IDF_BATCH):
        for encoding in tokenizer.encode_batch(texts[start : start + IDF_BATCH]):
            df[np.unique(np.asarray(encoding.ids, dtype=np.int64))] += 1
    return np.log((len(texts) + 1) / (df + 0.5)).astype(np.float32)


CODES, SCALES, OFFSETS, IDF = files.TOKENS


def save(directory: Path, per_row: list[tuple[np.ndarray, np.ndarray]], idf: np.ndarray) -> None:
    """Write per-row (codes, scales) pairs as one store, row by row, and the pieces' IDF.

    Streaming, not concatenating: at a million rows the codes are ~8 GB, and a concatenated
    copy beside the per-row arrays would double a build's peak memory.
    """
    counts = [len(c) for c, _ in per_row]
    offsets = np.zeros(len(per_row) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    total = int(offsets[-1])
    codes = np.lib.format.open_memmap(directory / CODES, "w+", np.int8, (total, DIM))
    scales = np.lib.format.open_memmap(directory / SCALES, "w+", np.float16, (total,))
    for (row_codes, row_scales), a, b in zip(per_row, offsets[:-1], offsets[1:], strict=True):
        codes[a:b] = row_codes
        scales[a:b] = row_scales
    codes.flush()
    scales.flush()
    del codes, scales  # closes the maps before the version is fsynced and published
    np.save(directory / OFFSETS, offsets)
    np.save(directory / IDF, idf)


def load(directory: Path) -> TokenStore:
    """The store written by `save`, memory-mapped (raises OSError/ValueError when unreadable).

    A version written before the IDF file (index format 3) is still read, for its vectors to
    be re-used: its IDF is empty. A Searcher never opens one (index.files.incompatibility).
    """
    idf = directory / IDF
    return TokenStore(
        mapped.rows(directory / CODES),
        mapped.rows(directory / SCALES),
        np.load(directory / OFFSETS),
        np.load(idf) if idf.exists() else np.zeros(0, dtype=np.float32),
    )
