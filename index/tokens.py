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

import io
import os
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

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


_COPY_BYTES = 64 * 2**20  # the largest read when copying a run of rows from another store


class Source:
    """A written store's token files, read with `os.pread` rather than mapped.

    A rebuild copies every unchanged row's tokens from the current version; through a memory
    map, each page copied would stay resident in the building process (10 GB at a million rows).
    """

    def __init__(self, directory: Path) -> None:
        """Open the store in `directory` (raises OSError/ValueError when it is unreadable)."""
        self.offsets = np.load(directory / OFFSETS)
        self._files: list[BinaryIO] = []
        self._starts: list[int] = []
        try:
            for name, shape in ((CODES, (DIM,)), (SCALES, ())):
                handle = open(directory / name, "rb")  # noqa: SIM115 - closed by close()
                self._files.append(handle)
                found, _, _ = mapped.header(handle)
                if tuple(found) != (int(self.offsets[-1]), *shape):
                    raise ValueError(f"{name}: shape {found} against {self.offsets[-1]} tokens")
                self._starts.append(handle.tell())
        except BaseException:
            self.close()
            raise

    def copy(self, first: int, end: int, codes: BinaryIO, scales: BinaryIO) -> None:
        """Append rows first..end-1's codes and scales to the open files `codes`, `scales`."""
        a, b = int(self.offsets[first]), int(self.offsets[end])
        for handle, start, out, width in zip(
            self._files, self._starts, (codes, scales), (DIM, 2), strict=True
        ):
            at, stop = start + a * width, start + b * width
            while at < stop:
                block = os.pread(handle.fileno(), min(_COPY_BYTES, stop - at), at)
                if not block:
                    raise ValueError(f"{handle.name}: ends before its header's length")
                out.write(block)
                at += len(block)

    def close(self) -> None:
        """Close the files."""
        for handle in self._files:
            handle.close()


class Writer:
    """Writes a version's token store row by row, in row order, as the rows arrive.

    Rows come fresh from the model (`add`) or unchanged from the current version (`copy`;
    consecutive rows are one read). At a million rows the codes are ~10 GB: held in memory
    until written, a 1M build peaked at 14.9 GB (bench/README.md); here a build holds one
    embedding call's tokens. The .npy headers are written first with room for any row count
    and rewritten by `finish` with the real one.
    """

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._codes = open(directory / CODES, "wb")  # noqa: SIM115 - closed by finish/close
        self._scales = open(directory / SCALES, "wb")  # noqa: SIM115
        self._codes.write(_header(np.int8, (0, DIM)))
        self._scales.write(_header(np.float16, (0,)))
        self._counts = array("q")
        self._run: tuple[Source, int, int] | None = None  # rows [a, b) of a source, not copied

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, codes: np.ndarray, scales: np.ndarray) -> None:
        """Append one row's compressed tokens (`compress`)."""
        self._copy_run()
        self._codes.write(np.ascontiguousarray(codes, dtype=np.int8).tobytes())
        self._scales.write(np.ascontiguousarray(scales, dtype=np.float16).tobytes())
        self._counts.append(len(codes))

    def copy(self, source: Source, row: int) -> None:
        """Append row `row` of `source`."""
        if self._run is not None and self._run[0] is source and self._run[2] == row:
            self._run = (source, self._run[1], row + 1)
        else:
            self._copy_run()
            self._run = (source, row, row + 1)
        self._counts.append(int(source.offsets[row + 1] - source.offsets[row]))

    def finish(self, idf: np.ndarray) -> None:
        """Complete the store: headers with the token count, row offsets, the pieces' IDF."""
        self._copy_run()
        offsets = np.zeros(len(self._counts) + 1, dtype=np.int64)
        np.cumsum(np.frombuffer(self._counts, dtype=np.int64), out=offsets[1:])
        total = int(offsets[-1])
        for handle, head in (
            (self._codes, _header(np.int8, (total, DIM))),
            (self._scales, _header(np.float16, (total,))),
        ):
            handle.seek(0)
            handle.write(head)
        self.close()
        np.save(self._directory / OFFSETS, offsets)
        np.save(self._directory / IDF, idf)

    def close(self) -> None:
        """Close the files (a store not `finish`ed is incomplete; its version is not published)."""
        self._codes.close()
        self._scales.close()

    def _copy_run(self) -> None:
        if self._run is not None:
            source, first, end = self._run
            source.copy(first, end, self._codes, self._scales)
            self._run = None


_HEADER_BYTES = 128  # a .npy 1.0 header for any 2-d shape below 10**40 rows, 64-byte aligned


def _header(dtype: type, shape: tuple[int, ...]) -> bytes:
    """The .npy 1.0 header of an array of `dtype` and `shape`, always _HEADER_BYTES long."""
    out = io.BytesIO()
    descr = np.lib.format.dtype_to_descr(np.dtype(dtype))
    np.lib.format.write_array_header_1_0(
        out, {"descr": descr, "fortran_order": False, "shape": shape}
    )
    head = out.getvalue()
    if len(head) != _HEADER_BYTES:
        raise ValueError(f"a .npy header of {len(head)} bytes for shape {shape}")
    return head


def load(directory: Path) -> TokenStore:
    """The store a `Writer` wrote, memory-mapped (raises OSError/ValueError when unreadable)."""
    return TokenStore(
        mapped.rows(directory / CODES),
        mapped.rows(directory / SCALES),
        np.load(directory / OFFSETS),
        np.load(directory / IDF),
    )
