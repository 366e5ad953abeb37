"""Index arrays memory-mapped for the way a query reads them: a few rows at random.

`np.load(mmap_mode="r")` maps a file with the kernel's default read-ahead, so touching one row
of vectors.npy (1.5 kB) pulls in ~128 kB around it. A query reads the vectors and token vectors
of its candidates only; at a million rows, a served index nevertheless held 1.1 GB of
vectors.npy and 2.3 GB of tokens.npy resident after the benchmark's queries (bench/README.md,
"1M"). `MADV_RANDOM` turns read-ahead off for these maps: the pages resident are the pages read.
Files read in long runs (FAISS's inverted lists, bm25s's postings) keep the default.
"""

from __future__ import annotations

import mmap
from pathlib import Path
from typing import BinaryIO

import numpy as np


def rows(path: Path) -> np.ndarray:
    """The .npy array at `path`, read-only and mapped without read-ahead.

    Raises:
        OSError: the file cannot be opened or mapped.
        ValueError: not a .npy file numpy's format 1.0 or 2.0 describes, or shorter than its
            header says.
    """
    with open(path, "rb") as handle:
        shape, fortran, dtype = header(handle)
        offset = handle.tell()
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    needed = offset + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(mapped) < needed:
        raise ValueError(f"{len(mapped)} bytes, its header needs {needed} (truncated)")
    if hasattr(mmap, "MADV_RANDOM"):  # Linux and the BSDs; elsewhere the default stays
        mapped.madvise(mmap.MADV_RANDOM)
    return np.ndarray(
        shape, dtype=dtype, buffer=mapped, offset=offset, order="F" if fortran else "C"
    )


def header(handle: BinaryIO) -> tuple[tuple[int, ...], bool, np.dtype]:
    """Shape, Fortran order and dtype of the .npy file open in `handle`, left at its data.

    Raises:
        ValueError: not a .npy file of numpy's format 1.0 or 2.0.
    """
    version = np.lib.format.read_magic(handle)
    if version == (1, 0):
        return np.lib.format.read_array_header_1_0(handle)
    if version == (2, 0):
        return np.lib.format.read_array_header_2_0(handle)
    raise ValueError(f"unsupported .npy format {version}")
