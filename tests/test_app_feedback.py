"""Feedback lines are valid JSON in the shape the evaluation harness reads."""

from __future__ import annotations

import json
from pathlib import Path

from webapp.feedback import CitedParagraph, Feedback, append_feedback


def test_append_feedback_writes_one_json_line_per_rating(tmp_path: Path) -> None:
    path = tmp_path / "data" / "feedback.jsonl"
    cited = (CitedParagraph("DoDI 9999.01", "3.2.a", (4, 5)),)
    append_feedback(
        path, Feedback("Q1?", "quoted", "Permitted", cited * 2, "up", "good", "t0", cited)
    )
    append_feedback(path, Feedback("Q2 \u2014 \u00e9?", "none", "Not addressed", (), "down"))
    first, second = (json.loads(line) for line in path.read_text("utf-8").splitlines())
    assert first == {
        "question": "Q1?",
        "answer": "quoted",
        "verdict": "Permitted",
        "citations": [{"doc_id": "DoDI 9999.01", "paragraph": "3.2.a", "pages": [4, 5]}] * 2,
        "rating": "up",
        "comment": "good",
        "ts": "t0",
        "approved": [{"doc_id": "DoDI 9999.01", "paragraph": "3.2.a", "pages": [4, 5]}],
    }
    assert second["question"] == "Q2 \u2014 \u00e9?"
    assert second["rating"] == "down" and second["approved"] == []
    assert second["ts"].endswith("+00:00")


def test_append_feedback_bounds_the_comment(tmp_path: Path) -> None:
    path = append_feedback(tmp_path / "f.jsonl", Feedback("q", "a", "Stated", (), "up", "x" * 9000))
    assert len(json.loads(path.read_text("utf-8"))["comment"]) == 2000
