"""Late interaction's weights: each question word piece counts by its IDF over the library."""

from __future__ import annotations

from pathlib import Path

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


def written(directory: Path, rows: list[np.ndarray]) -> tokens.TokenStore:
    directory.mkdir()
    with tokens.Writer(directory) as out:
        for row in rows:
            out.add(*tokens.compress(row))
        out.finish(np.zeros(0, dtype=np.float32))
    return tokens.load(directory)


def test_writer_copies_runs_of_rows_and_adds_new_ones_in_row_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    pread = tokens.os.pread
    monkeypatch.setattr(tokens.os, "pread", lambda fd, n, at: reads.append(n) or pread(fd, n, at))
    rng = np.random.default_rng(0)
    old_rows = [rng.standard_normal((n, 8)).astype(np.float32) for n in (3, 0, 5, 2, 4)]
    old = written(tmp_path / "old", old_rows)
    new_row = rng.standard_normal((6, 8)).astype(np.float32)
    source = tokens.Source(tmp_path / "old")
    (tmp_path / "new").mkdir()
    with tokens.Writer(tmp_path / "new") as out:
        for row in (2, 3):  # one run: one read
            out.copy(source, row)
        out.add(*tokens.compress(new_row))
        for row in (0, 1, 4):  # a run through a row without tokens, then a jump
            out.copy(source, row)
        out.finish(np.ones(3, dtype=np.float32))
    source.close()
    assert len(reads) == 3 * 2  # three runs, each one read of codes and one of scales
    new = tokens.load(tmp_path / "new")
    assert len(new.offsets) == 7 and len(new.codes) == 3 + 0 + 5 + 2 + 4 + 6
    codes, scales = tokens.compress(new_row)
    added = codes.astype(np.float32) * scales[:, None].astype(np.float32)
    expected = [old.row(2), old.row(3), added, old.row(0), old.row(1), old.row(4)]
    for i, want in enumerate(expected):
        np.testing.assert_array_equal(new.row(i), want)
    assert np.load(tmp_path / "new" / tokens.CODES).shape == (20, tokens.DIM)  # a valid .npy
    np.testing.assert_array_equal(new.idf, np.ones(3))


def test_a_store_whose_header_disagrees_with_its_offsets_is_refused(tmp_path: Path) -> None:
    written(tmp_path / "old", [np.eye(4, dtype=np.float32)])
    np.save(tmp_path / "old" / tokens.OFFSETS, np.array([0, 5]))
    with pytest.raises(ValueError, match="shape"):
        tokens.Source(tmp_path / "old")


def test_headers_have_one_length_for_any_row_count() -> None:
    sizes = {len(tokens._header(np.int8, (n, tokens.DIM))) for n in (0, 7, 10**6, 10**15)}
    assert sizes == {128}
