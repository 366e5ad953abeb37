"""Example questions follow the loaded library: a hand-picked one only with its issuance."""

from __future__ import annotations

from index.library import Library
from ingest.records import Document
from webapp.examples import CURATED, example_questions


def _library(*doc_ids: str) -> Library:
    """Documents only (metadata, no text): enough to say what is loaded."""
    docs = {
        d: Document(d, "Title", "August 12, 2022", (), "modern", "x.pdf", "0" * 64, 1)
        for d in doc_ids
    }
    return Library(docs, [])


def test_a_hand_picked_example_needs_its_issuance() -> None:
    social_media = dict(CURATED)["DoDI 5400.17"]
    assert example_questions(_library("DoDI 5400.17")) == [social_media]
    assert example_questions(_library("DoDI 4715.13")) == [dict(CURATED)["DoDI 4715.13"]]
    assert example_questions(_library()) == []  # nothing loaded, nothing to suggest
