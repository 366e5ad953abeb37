"""Runner, subtree re-scoring, report files and the --json shape on hand-made rankings."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from eval.answers import AnswerRecord, CitedQuote
from eval.bind import make_retrieve
from eval.gold import GoldQuestion, Ref
from eval.report import failures, json_payload, markdown_table, write_report
from eval.runner import Variant, run_variant
from eval.subtree import LeafHit, rerank_by_unit
from ingest.records import Kind, Paragraph

D = "DoDI 4715.13"
GOLD = (
    GoldQuestion("a", "noise monitors?", (Ref(D, "3.3.f"),), "Recommended", "Modeling"),
    GoldQuestion("b", "chair?", (Ref(D, "3.2.a"),)),
    GoldQuestion("c", "leave carry-over?", (), "Not addressed", None, True),
    GoldQuestion("d", "unlabelled", ()),
)
RANKINGS = {
    "noise monitors?": [Ref(D, "3.3.f"), Ref(D, "3.3.e")],
    "chair?": [Ref(D, "2.3"), Ref(D, "3.2.a.(1)")],
    "leave carry-over?": [Ref(D, "1.1")],
    "unlabelled": [Ref(D, "G.2")],
}


def fake_retrieve(question: str, k: int) -> list[Ref]:
    return RANKINGS[question][:k]


def fake_ask(question: str) -> AnswerRecord:
    if question == "leave carry-over?":
        return AnswerRecord("Not addressed", True, "", ())
    first = RANKINGS[question][0]
    return AnswerRecord("Recommended", False, "Modeling is", (CitedQuote(first, "Modeling is"),))


@pytest.fixture(scope="module")
def runs() -> list:
    hybrid = run_variant(GOLD, Variant("hybrid"), fake_retrieve, fake_ask)
    bm25 = run_variant(GOLD, Variant("bm25", mode="bm25"), lambda q, k: fake_retrieve(q, k)[::-1])
    return [hybrid, bm25]


def test_runner_scores_labelled_questions_only(runs: list) -> None:
    hybrid, bm25 = runs
    assert hybrid.metrics["questions"] == 2  # a and b; c unanswerable, d unlabelled
    assert hybrid.metrics["recall@1"] == 0.5 and hybrid.metrics["mrr@10"] == 0.75
    assert bm25.metrics["recall@1"] == 0.5 and bm25.metrics["mrr@10"] == 0.75
    assert hybrid.metrics["abstention_f1"] == 1.0  # c abstained, a and b answered
    assert hybrid.metrics["verdict_accuracy"] == pytest.approx(1.0)  # a and c have verdicts
    assert "abstention_f1" not in bm25.metrics  # retrieval only
    assert [q.id for q in hybrid.questions] == ["a", "b", "c", "d"]


def test_json_payload_has_exactly_the_documented_shape(runs: list) -> None:
    payload = json_payload(runs[0])
    assert set(payload) == {"metrics", "latency_ms", "questions"}
    assert set(payload["latency_ms"]) == {"p50", "p95"}
    first = payload["questions"][0]
    assert set(first) == {"id", "results", "abstained", "verdict", "latency_ms"}
    assert first["results"][0] == {"doc_id": D, "paragraph": "3.3.f"}
    assert payload["questions"][2]["abstained"] is True
    json.dumps(payload)  # serialisable as is


def test_failures_show_expected_against_first(runs: list) -> None:
    rows = failures(GOLD, runs[0], k=1)
    assert [r["id"] for r in rows] == ["b"]
    assert rows[0]["expected"] == [f"{D} 3.2.a"] and rows[0]["first"] == f"{D} 2.3"
    assert rows[0]["hit_rank"] == 2 and rows[0]["why"] == "ranked 2"
    (unindexed,) = failures(GOLD, runs[0], k=1, indexed=lambda ref: False)
    assert unindexed["why"] == "expected paragraph not in the index (parser)"


def test_table_and_report_files(runs: list, tmp_path: Path) -> None:
    table = markdown_table(runs)
    assert table.splitlines()[0].startswith("| method | recall@1 |")
    assert "| hybrid | 0.500 |" in table and "| bm25 | 0.500 |" in table
    assert "abstention_f1" in table
    paths = write_report(GOLD, runs, tmp_path / "report")
    names = {p.name for p in paths}
    assert {
        "report.md",
        "results.json",
        "failures.md",
        "recall_at_k.png",
        "latency.png",
        "per_document.png",
    } <= names
    for p in paths:
        assert p.stat().st_size > 0
    assert (tmp_path / "report" / "recall_at_k.png").read_bytes()[:4] == b"\x89PNG"
    results = json.loads((tmp_path / "report" / "results.json").read_text())
    assert set(results["variants"]) == {"hybrid", "bm25"}


def test_subtree_unit_lifts_leaves_whose_siblings_also_match() -> None:
    hits = [
        LeafHit(Ref(D, "1.2"), "1"),  # parent is a section: its own unit, 1/61
        LeafHit(Ref(D, "3.2.a.(1)"), "3.2.a"),  # unit 3.2.a: 1/62 + 1/64
        LeafHit(Ref(D, "G.2"), "G"),  # own unit, 1/63
        LeafHit(Ref(D, "3.2.a.(2)"), "3.2.a"),
    ]
    assert rerank_by_unit(hits, 10) == [
        Ref(D, "3.2.a.(1)"),
        Ref(D, "3.2.a.(2)"),
        Ref(D, "1.2"),
        Ref(D, "G.2"),
    ]
    assert rerank_by_unit(hits, 1) == [Ref(D, "3.2.a.(1)")]


class FakeSearcher:
    """Returns a fixed ranking, k at most: stands in for index.search.Searcher."""

    def __init__(self, paragraphs: list[Paragraph]) -> None:
        self.paragraphs = paragraphs

    def search(
        self, text: str, k: int = 10, doc_ids: list[str] | None = None, mode: str = "hybrid"
    ) -> list[SimpleNamespace]:
        return [
            SimpleNamespace(paragraph=p)
            for p in self.paragraphs
            if doc_ids is None or p.doc_id in doc_ids
        ][:k]


def test_make_retrieve_keeps_leaf_order_or_regroups_units() -> None:
    def rec(path: str, parent: str | None, kind: Kind = Kind.PARAGRAPH) -> Paragraph:
        return Paragraph(
            D, path, kind, (), "", "t", (1,), parent, "x" if kind != "paragraph" else None
        )

    searcher = FakeSearcher([rec("G.1", None, Kind.ACRONYM), rec("1.2", "1"),
                             rec("References", None, Kind.REFERENCE), rec("3.2.a.(1)", "3.2.a"),
                             rec("3.2.a.(2)", "3.2.a")])  # fmt: skip
    plain = make_retrieve(searcher, Variant("hybrid"))
    assert [r.paragraph for r in plain("q", 2)] == ["G.1", "1.2"]
    children = make_retrieve(searcher, Variant("y", unit="subtree"))
    assert [r.paragraph for r in children("q", 5)][:3] == ["3.2.a.(1)", "3.2.a.(2)", "G.1"]


def test_single_setting_searches_each_question_within_its_issuance() -> None:
    mine = Paragraph(D, "1.2", Kind.PARAGRAPH, (), "", "t", (1,), "1")
    other = Paragraph("DoDI 9999.02", "1.1", Kind.PARAGRAPH, (), "", "t", (1,), "1")
    searcher = FakeSearcher([other, mine])
    scoped = make_retrieve(searcher, Variant("hybrid"), {"q": [D]})
    assert [r.doc_id for r in scoped("q", 2)] == [D]
    assert [r.doc_id for r in scoped("another question", 2)] == ["DoDI 9999.02", D]
