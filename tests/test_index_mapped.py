"""Index arrays mapped for random row reads read back exactly what numpy saved."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index import mapped


@pytest.mark.parametrize(
    "array",
    [
        np.arange(24, dtype=np.float32).reshape(6, 4),
        np.asfortranarray(np.arange(24, dtype=np.int8).reshape(4, 6)),
        np.array([1.5, -2.0], dtype=np.float16),
        np.zeros((0, 128), dtype=np.int8),
    ],
)
def test_rows_equal_np_load(tmp_path: Path, array: np.ndarray) -> None:
    path = tmp_path / "a.npy"
    np.save(path, array)
    got = mapped.rows(path)
    assert got.dtype == array.dtype and got.shape == array.shape
    np.testing.assert_array_equal(got, np.load(path))
    assert not got.flags.writeable


def test_a_file_that_is_not_npy_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.npy"
    path.write_bytes(b"not an array")
    with pytest.raises(ValueError):
        mapped.rows(path)


def test_a_truncated_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "short.npy"
    np.save(path, np.ones((100, 8), dtype=np.float32))
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(ValueError, match="truncated"):
        mapped.rows(path)
