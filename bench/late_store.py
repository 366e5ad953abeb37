"""Where the late-interaction token vectors live: the index's memory map, or Milvus.

The Milvus store keeps token vectors in the index directory (index.tokens, memory-mapped) and
reads only the hits' rows per query. The alternative measured here puts them in Milvus, one
entity per token vector with its row number, and fetches the hits' tokens with `row in [...]`
(Milvus 2.5 has no multi-vector field that would score MaxSim itself). Both score the same
random hits against the same query tokens.

    python bench/late_store.py [--index data/samples-index] [--queries 100]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if __name__ == "__main__":
    # `python bench/late_store.py` puts bench/ first on sys.path: use the repository root.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench import corpus
from bench.timing import Report, add_common_args, emit, machine, percentiles

if TYPE_CHECKING:
    from index.tokens import TokenStore

HITS = 15  # hits whose late score an answer needs (qa.answer.DEFAULT_K)


def milvus_tokens(tokens: TokenStore, directory: Path) -> Any:
    """A Milvus Lite collection of every token vector with its row (FLAT index, row indexed)."""
    from pymilvus import DataType

    from index import milvus_store

    client = milvus_store.connect(str(directory / "tokens.db"), directory)
    schema = client.create_schema(auto_id=True)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("row", DataType.INT64)
    schema.add_field("v", DataType.FLOAT_VECTOR, dim=128)
    params = client.prepare_index_params()
    params.add_index("v", index_type="FLAT", metric_type="IP")
    params.add_index("row", index_type="INVERTED")
    client.create_collection("tokens", schema=schema, index_params=params)
    vectors = tokens.codes.astype(np.float32) * tokens.scales[:, None].astype(np.float32)
    rows = np.repeat(np.arange(len(tokens.offsets) - 1), np.diff(tokens.offsets))
    for a in range(0, len(vectors), 5000):
        batch = zip(rows[a : a + 5000].tolist(), vectors[a : a + 5000], strict=True)
        client.insert("tokens", [{"row": r, "v": v} for r, v in batch])
    client.flush("tokens")
    client.load_collection("tokens")
    return client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=corpus.SAMPLE_INDEX)
    parser.add_argument("--queries", type=int, default=100)
    add_common_args(parser)
    args = parser.parse_args(argv)
    from index import tokens, versions

    store = tokens.load(versions.resolve(args.index))
    rows = len(store.offsets) - 1
    report = Report("late_store", meta={**machine(), "rows": rows, "tokens": len(store.codes)})
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        client = milvus_tokens(store, Path(tmp))
        report.add("Milvus: insert every token vector", time.perf_counter() - start, "s")
        mapped, fetched, counts = [], [], []
        for _ in range(args.queries):
            query = tokens.project(rng.standard_normal((8, 384)).astype(np.float32))
            hits = rng.choice(rows, min(HITS, rows), replace=False)
            start = time.perf_counter()
            same = np.zeros(len(query), dtype=np.int64)  # one piece id: equal weights, a mean
            expected = store.maxsim(query, hits, same)
            mapped.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            got = client.query(
                "tokens", filter=f"row in {hits.tolist()}", output_fields=["row", "v"]
            )
            by_row: dict[int, list[list[float]]] = {}
            for g in got:
                by_row.setdefault(int(g["row"]), []).append(g["v"])
            scores = [
                float((query @ np.array(by_row[int(r)]).T).max(axis=1).mean()) if r in by_row
                else 0.0
                for r in hits
            ]  # fmt: skip
            fetched.append((time.perf_counter() - start) * 1000)
            counts.append(len(got))
            np.testing.assert_allclose(scores, expected, atol=1e-4)  # the same late scores
    for name, times in (("memory map", mapped), ("Milvus per-token collection", fetched)):
        lat = percentiles(times)
        fetch = f", {np.mean(counts):.0f} vectors fetched" if "Milvus" in name else ""
        note = f"{HITS} hits{fetch}"
        report.add(f"late scores, {name}: p50", lat["p50"], "ms", note=note)
        report.add(f"late scores, {name}: p95", lat["p95"], "ms")
    emit(report, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
