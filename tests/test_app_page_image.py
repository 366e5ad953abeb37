"""The app's "Show in the source" toggles, through Streamlit's AppTest (the drawing itself is
checked against the printed words in test_app_page_browser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_index import (
    copy_with,
    find_citation,
    open_app,
    sample_pdfs,
    shared_index,
    write_hostile_issuance,
)
from streamlit.testing.v1 import AppTest

TOGGLE = "Show in the source"

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    return shared_index(tmp_path_factory, "samples", sample_pdfs(samples_dir))


def _images(at: AppTest) -> list:
    """The page images on screen (AppTest has no typed accessor for st.image)."""
    return list(at.get("image"))


def test_every_citation_in_an_answer_can_be_shown_in_the_source(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = open_app(monkeypatch, sample_index)
    at.text_input(key="ask_q").set_value("What is the primary DoD noise model for aircraft?").run()
    citations = [c for c in at.code if ", para. " in str(c.value)]
    toggles = [t for t in at.toggle if t.label == TOGGLE]
    assert citations and len(toggles) == len(citations)
    assert not _images(at), "no page is drawn until a reader asks for it"
    toggles[0].set_value(True).run()
    assert not at.exception, at.exception
    assert len(_images(at)) == 1


def test_find_a_citation_shows_every_page_of_a_spanning_paragraph(
    monkeypatch: pytest.MonkeyPatch, sample_index: Path
) -> None:
    at = open_app(monkeypatch, sample_index)
    find_citation(at, "5132.03 1.2.d")
    next(t for t in at.toggle if t.label == TOGGLE).set_value(True).run()
    assert not at.exception, at.exception
    captions = [img.caption for image in _images(at) for img in image.proto.imgs]
    assert captions == ["p. 3", "p. 4"]


def test_a_record_from_page_text_says_it_has_no_page_image(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sample_index: Path
) -> None:
    text = write_hostile_issuance(tmp_path / "DoDI_9999.01.txt")
    index_dir = copy_with(sample_index, tmp_path / "data" / "index", [text])
    at = open_app(monkeypatch, index_dir)
    find_citation(at, "9999.01 3.1.a.(2)(d)")
    next(t for t in at.toggle if t.label == TOGGLE).set_value(True).run()
    assert not at.exception, at.exception
    assert "no page image \\(ingested from text\\)" in "\n".join(str(c.value) for c in at.caption)
    assert not _images(at)
