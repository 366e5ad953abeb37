"""Late interaction's weights: each question word piece counts by its IDF over the library."""

from __future__ import annotations

import numpy as np
import pytest

from index import query_encoder, tokens
from index.settings import Settings


def store_of(rows: list[np.ndarray], idf: np.ndarray) -> tokens.TokenStore:
    pairs = [tokens.compress(r) for r in rows]
    offsets = np.cumsum([0] + [len(c) for c, _ in pairs])
    codes = np.concatenate([c for c, _ in pairs])
    scales = np.concatenate([s for _, s in pairs])
    return tokens.TokenStore(codes, scales, offsets, idf)


def test_rare_pieces_weigh_more_than_common_ones() -> None:
    fast = query_encoder.for_model(Settings().model)
    assert fast is not None
    texts = ["The TSCO keeps the program register.", "The program manager signs.", "A program."]
    idf = tokens.piece_idf(texts, fast.tokenizer)
    (program,) = fast.tokenizer.encode("program", add_special_tokens=False).ids
    (register,) = fast.tokenizer.encode("register", add_special_tokens=False).ids
    assert idf[register] > idf[program] > 0
    assert len(tokens.piece_idf(texts, None)) == 0


def test_idf_counted_in_batches_equals_idf_counted_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = query_encoder.for_model(Settings().model)
    assert fast is not None
    texts = [
        f"Paragraph {i}: the program {'register' if i % 3 else 'manager'} signs." for i in range(7)
    ]
    whole = tokens.piece_idf(texts, fast.tokenizer)
    monkeypatch.setattr(tokens, "IDF_BATCH", 2)  # 4 batches, the last one short
    np.testing.assert_array_equal(tokens.piece_idf(texts, fast.tokenizer), whole)


def test_maxsim_weighs_each_query_token_by_its_idf() -> None:
    rare, common = np.eye(4, dtype=np.float32)[0], np.eye(4, dtype=np.float32)[1]
    query = tokens.project(np.stack([rare, common]))
    ids = np.array([1, 2])
    idf = np.array([0.0, 3.0, 1.0], dtype=np.float32)  # piece 1 rare, piece 2 common
    store = store_of([np.stack([rare]), np.stack([common])], idf)
    has_rare, has_common = store.maxsim(query, np.array([0, 1]), ids)
    assert has_rare > has_common  # the same one match, but of the rarer piece
    assert store.weights(ids) == pytest.approx([0.75, 0.25])


def test_without_idf_every_piece_weighs_the_same() -> None:
    store = store_of([np.eye(4, dtype=np.float32)[:2]], np.zeros(0, dtype=np.float32))
    assert store.weights(np.array([5, 9, 11])) == pytest.approx([1 / 3] * 3)
    query = tokens.project(np.eye(4, dtype=np.float32)[:2])
    assert store.maxsim(query, np.array([0]), np.array([5, 9]))[0] == pytest.approx(1.0, abs=1e-3)
