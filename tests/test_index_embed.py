"""Ingest's batch embedding: bfloat16 where the CPU has it, vectors interchangeable with float32.

An index keeps vectors by text and re-uses them across versions and machines, so vectors
embedded in bfloat16 (index.embed.native_bf16) sit beside float32 ones and are searched with
float32 query vectors: they must agree. The texts are real sample paragraphs of every length,
up to one that is truncated at 256 word pieces.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.embed import Embedder
from index.settings import Settings
from index.tokens import project

pytestmark = pytest.mark.model
REPO = Path(__file__).resolve().parents[1]


def texts() -> list[str]:
    lines = (REPO / "eval" / "gold" / "samples.jsonl").read_text(encoding="utf-8").splitlines()
    quotes = [q for line in lines if line.strip() and (q := json.loads(line).get("quote"))]
    return [*quotes[:40], " ".join(quotes)]


def test_batch_vectors_agree_with_float32() -> None:
    embedder = Embedder(Settings())
    batch = texts()
    (fast,) = embedder.encode(batch)  # one part
    reference = embedder._forward(batch, 8, bf16=False)
    for i, ref in enumerate(reference):
        assert float(fast.vectors[i] @ ref["sentence_embedding"]) >= 0.9999, batch[i][:60]
    # Token vectors move more in bfloat16 than sentence vectors (bench/ingest.py: mean 0.9999,
    # min 0.997 per token), little against what late interaction's MaxSim averages over.
    per_token = []
    for (codes, scales), ref in zip(fast.tokens, reference, strict=True):
        stored = codes.astype(np.float32) * scales[:, None].astype(np.float32)
        exact = project(embedder._kept(ref))
        assert stored.shape == exact.shape
        norms = np.linalg.norm(stored, axis=1)
        per_token.append((stored * exact).sum(axis=1) / norms)
    cosines = np.concatenate(per_token)
    assert float(cosines.mean()) >= 0.999 and float(cosines.min()) >= 0.99
