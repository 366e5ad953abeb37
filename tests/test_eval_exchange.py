"""BEIR export, app feedback -> gold candidates, and the review sheet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cli.main import main
from eval.beir import write_beir
from eval.feedback import (
    FIRST_ONLY,
    FeedbackError,
    SheetRow,
    candidates_from_feedback,
    parse_citation,
    sheet_csv,
    sheet_markdown,
)
from eval.gold import GoldQuestion, Ref, parse_question
from ingest.records import Kind, Paragraph

D = "DoDI 4715.13"


def para(path: str, parent: str | None, term: str | None = None) -> Paragraph:
    kind = Kind.DEFINITION if term else Kind.PARAGRAPH
    return Paragraph(D, path, kind, ("SECTION 3",), "", f"text {path}", (8,), parent, term)


def test_beir_layout_and_qrels_include_subparagraphs(tmp_path: Path) -> None:
    paragraphs = [
        para("3.2", "3"),
        para("3.2.a", "3.2"),
        para("3.2.a.(1)", "3.2.a"),
        para("3.21", "3"),
        para("G.2", None, "encroachment"),
    ]
    gold = [
        GoldQuestion("q1", "chair?", (Ref(D, "3.2.a"),)),
        GoldQuestion("q2", "leave?", (), unanswerable=True),
    ]
    assert write_beir(gold, paragraphs, tmp_path) == 2
    corpus = [json.loads(x) for x in (tmp_path / "corpus.jsonl").read_text().splitlines()]
    assert corpus[0] == {"_id": f"{D}#3.2", "title": f"{D} > SECTION 3", "text": "text 3.2"}
    assert corpus[-1]["_id"] == f"{D}#G.2#encroachment"
    queries = (tmp_path / "queries.jsonl").read_text().splitlines()
    assert [json.loads(q) for q in queries] == [{"_id": "q1", "text": "chair?"}]
    assert (tmp_path / "qrels" / "test.tsv").read_text().splitlines() == [
        "query-id\tcorpus-id\tscore",
        f"q1\t{D}#3.2.a\t1",
        f"q1\t{D}#3.2.a.(1)\t1",
    ]


def test_citations_parse_from_app_strings_and_dicts() -> None:
    assert parse_citation("DoDI 5400.17, para. 8.2.c.(3), p. 21 (Aug 12, 2022)") == Ref(
        "DoDI 5400.17", "8.2.c.(3)"
    )
    assert parse_citation("DoDM 4160.28, Volume 1, para. 7.4.a, p. 26") == Ref(
        "DoDM 4160.28, Volume 1", "7.4.a"
    )
    assert parse_citation(f"{D}, Glossary, G.2 “encroachment”, p. 15") == Ref(D, "G.2")
    assert parse_citation(f"{D}, Section 3, p. 8") == Ref(D, "3")
    assert parse_citation("DoDD 2140.02, Enclosure 4, paragraph 5.c, p. 9") == Ref(
        "DoDD 2140.02", "E4.5.c"
    )
    assert parse_citation("DoDD 2140.02, Enclosure 4, p. 8") == Ref("DoDD 2140.02", "E4")
    assert parse_citation({"doc_id": D, "path": "3.3.f"}) == Ref(D, "3.3.f")
    assert parse_citation(42) is None


def test_feedback_becomes_loadable_gold_candidates(tmp_path: Path) -> None:
    lines = [
        {
            "question": "Noise monitors?",
            "answer": "Modeling is preferred.",
            "rating": "down",
            "citations": [],
            "comment": "",
            "ts": "1",
        },
        {
            "question": "noise  monitors?",
            "answer": "Modeling is preferred.",
            "rating": "up",
            "verdict": "Recommended",
            "citations": [{"doc_id": D, "paragraph": "3.3.f", "pages": [12]}],
            "comment": "right",
            "ts": "2",
        },
        {"question": "Leave?", "answer": "", "rating": "down", "citations": [], "ts": "3"},
    ]
    path = tmp_path / "feedback.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    first, second = candidates_from_feedback(path)
    assert first["expect"] == [{"doc_id": D, "paragraph": "3.3.f"}]  # latest (up) wins
    assert first["verdict"] == "Recommended" and first["_feedback"]["comment"] == "right"
    assert second["expect"] == []
    loaded = parse_question(first, path, 1)  # "_feedback" is an annotation the loader ignores
    assert loaded.labelled and not parse_question(second, path, 2).labelled


def test_a_thumbs_up_vouches_only_for_the_paragraphs_ticked_else_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cited = [{"doc_id": D, "paragraph": p, "pages": [12]} for p in ("3.3.f", "3.3.g", "1.2.b")]
    lines = [
        {"question": "Ticked?", "rating": "up", "verdict": "Required", "citations": cited,
         "approved": [cited[1], cited[2]]},
        {"question": "Older line?", "rating": "up", "verdict": "Required", "citations": cited},
        {"question": "Wrong?", "rating": "down", "citations": cited, "approved": []},
    ]  # fmt: skip
    path = tmp_path / "feedback.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    ticked, older, wrong = candidates_from_feedback(path)
    assert [e["paragraph"] for e in ticked["expect"]] == ["3.3.g", "1.2.b"]
    assert ticked["_feedback"]["expect_from"] == "the paragraphs the person ticked"
    assert [e["paragraph"] for e in older["expect"]] == ["3.3.f"]  # not all three
    assert older["_feedback"]["expect_from"] == FIRST_ONLY
    assert wrong["expect"] == [] and "expect_from" not in wrong["_feedback"]
    out = tmp_path / "candidates.jsonl"
    assert main(["eval", "import-feedback", str(path), "--out", str(out)]) == 0
    assert "1 thumbs-up expect only the first citation" in capsys.readouterr().err
    assert len(out.read_text("utf-8").splitlines()) == 3


def test_feedback_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    path.write_text('{"question": "x", "rating": "up"}\n{"question": "y", "rating": "meh"}\n')
    with pytest.raises(FeedbackError, match=r"feedback.jsonl:2: "):
        candidates_from_feedback(path)


def test_review_sheet_has_empty_label_columns() -> None:
    rows = [
        SheetRow("sm-01", "Can I like an official post?", "Not addressed", "", ()),
        SheetRow("sm-02", "Can I share?", "Permitted", "You may.", ("DoDI 1.1, para. 2",)),
    ]
    table = list(csv.DictReader(io.StringIO(sheet_csv(rows))))
    assert table[1]["system_citations"] == "DoDI 1.1, para. 2"
    assert table[0]["label_expect"] == "" and table[0]["label_unanswerable"] == ""
    text = sheet_markdown(rows)
    assert "## sm-01: Can I like an official post?" in text and "(abstained)" in text
