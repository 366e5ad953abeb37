"""Export a gold set and an index's paragraphs in the BEIR layout.

BEIR (Thakur et al. 2021) is what other retrieval tools read: ``corpus.jsonl`` ({"_id", "title",
"text"}), ``queries.jsonl`` ({"_id", "text"}) and ``qrels/test.tsv`` (query-id, corpus-id,
score). Our hit rule counts a paragraph's subparagraphs as answers too, so the qrels list the
expected paragraph and every indexed paragraph below it, each with relevance 1.

BEIR's tools read every qrel as a separate document that should be retrieved, where
`policykb eval` reads ``expect`` as any-of (one answer is enough). Their Recall@k and nDCG@k
on this export are therefore lower than ours for questions with several expected paragraphs
or with subparagraphs; a run collapsed to one hit per question reproduces ours.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from eval.gold import GoldQuestion, Ref
from eval.metrics import matches
from ingest.records import Paragraph


def corpus_id(p: Paragraph) -> str:
    """Stable, readable id: "DoDI 4715.13#3.2.a", with "#term" for glossary and references."""
    base = f"{p.doc_id}#{p.path}"
    return f"{base}#{p.term}" if p.term else base


def write_beir(gold: Sequence[GoldQuestion], paragraphs: Iterable[Paragraph], out: Path) -> int:
    """Write the three BEIR files into ``out``; returns the number of qrels lines.

    Only answerable labelled questions are exported: BEIR has no notion of abstaining.
    """
    paragraphs = list(paragraphs)
    (out / "qrels").mkdir(parents=True, exist_ok=True)
    with (out / "corpus.jsonl").open("w", encoding="utf-8") as f:
        for p in paragraphs:
            title = " > ".join((p.doc_id, *p.heading))
            f.write(json.dumps({"_id": corpus_id(p), "title": title, "text": p.text}) + "\n")
    answerable = [q for q in gold if q.expect]
    with (out / "queries.jsonl").open("w", encoding="utf-8") as f:
        for q in answerable:
            f.write(json.dumps({"_id": q.id, "text": q.question}) + "\n")
    lines = ["query-id\tcorpus-id\tscore"]
    for q in answerable:
        relevant = {corpus_id(p) for p in paragraphs if any(_inside(p, e) for e in q.expect)}
        lines += [f"{q.id}\t{cid}\t1" for cid in sorted(relevant)]
    (out / "qrels" / "test.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def _inside(p: Paragraph, expected: Ref) -> bool:
    return matches(Ref(p.doc_id, p.path), expected)
