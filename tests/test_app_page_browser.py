"""The highlighted page in a real browser: `streamlit run app.py` driven through Debian chromium.

Find a citation, "Show in the source", then the page image as chromium displays it is compared
with the paragraph's printed words, read from PDFium's text layer through the record's own
text (tests/page_words.py): every word of the paragraph sits on the highlight, no other line
of the page does. Done for a paragraph on one page and for one that runs onto the next;
screenshots go to test-artifacts/. In CI (env CI set) a missing chromium is a failure.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from app_index import sample_pdfs, shared_index
from page_words import CharBox, page_lines, split_lines
from PIL import Image
from test_app_browser import (
    ARTIFACTS,
    Server,
    _serve,
    browser_page,
    chromium,
)

from highlight.pages import DPI
from index.library import Library

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["browser_page", "chromium"]  # fixtures shared with the app's browser test

pytestmark = [pytest.mark.browser, pytest.mark.model]

PAGE_WIDTH_PT, PAGE_HEIGHT_PT = 612.0, 792.0  # US letter, every sample page


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    return shared_index(tmp_path_factory, "samples", sample_pdfs(samples_dir))


@pytest.fixture(scope="module")
def server(
    chromium: str, index_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """The app over the real modern sample PDFs on a free 127.0.0.1 port."""
    with _serve(index_dir, tmp_path_factory, "streamlit-pages.log") as running:
        yield running


@pytest.mark.parametrize(
    ("query", "doc_id", "path", "pages", "shot"),
    [
        ("4715.13 3.3.b(2)(a)", "DoDI 4715.13", "3.3.b.(2)(a)", (11,), "source-single-page"),
        ("5132.03 1.2.d", "DoDD 5132.03", "1.2.d", (3, 4), "source-spanning"),
    ],
)
def test_show_in_the_source_highlights_the_paragraph_words(
    server: Server,
    browser_page: Page,
    index_dir: Path,
    samples_dir: Path,
    query: str,
    doc_id: str,
    path: str,
    pages: tuple[int, ...],
    shot: str,
) -> None:
    page = browser_page
    page.goto(server.url)
    page.get_by_text("Find a citation", exact=True).click()
    lookup = page.get_by_label("Citation or phrase")
    lookup.fill(query)
    lookup.press("Enter")
    page.locator('[data-testid="stCode"]', has_text=f"{doc_id}, para. {path}").first.wait_for()
    page.get_by_text("Show in the source").first.click()
    library = Library.load(index_dir)
    p = library.get(doc_id, path)
    assert p is not None and p.pages == pages
    pdf = samples_dir / "modern" / library.documents[doc_id].source
    for number in pages:
        img = page.locator(f'img[alt^="p. {number}: {doc_id}, para. {path}"]')
        img.wait_for()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=img.element_handle()
        )
        img.scroll_into_view_if_needed()
        natural = img.evaluate("img => [img.naturalWidth, img.naturalHeight]")
        shown = Image.open(io.BytesIO(img.screenshot())).convert("RGB")
        ARTIFACTS.mkdir(exist_ok=True)
        shown.save(ARTIFACTS / f"{shot}-p{number}.png")
        own, other = split_lines(page_lines(pdf, number), p)
        assert own and other
        to_px = _mapping(natural, shown.size)
        tinted, white = _paper(shown)
        for line in own:
            cover = _covered(tinted, white, to_px, line.chars)
            assert cover > 0.95, f"p. {number}: only {cover:.0%} of {line.text!r} is highlighted"
        for line in other:
            spill = _touched(tinted, to_px, line.chars)
            assert spill == 0, f"p. {number}: {spill} characters of {line.text!r} highlighted"
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)


def _mapping(natural: list[int], shown: tuple[int, int]):
    """PDF points -> pixels of the displayed image: caption band on top, page below, scaled."""
    width, height = natural
    per_pt = width / PAGE_WIDTH_PT
    band = height - round(PAGE_HEIGHT_PT * per_pt)
    assert abs(per_pt - DPI / 72) < 0.01, "the app draws pages at highlight.pages.DPI"
    zoom = shown[0] / width

    def to_px(x: float, y: float) -> tuple[float, float]:
        return x * per_pt * zoom, (band + (PAGE_HEIGHT_PT - y) * per_pt) * zoom

    return to_px


def _paper(image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """(paper under the highlight's yellow, plain white paper); ink is neither."""
    rgb = np.asarray(image).astype(int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    tinted = (r > 200) & (g > 170) & (b < r - 50)
    white = (r > 235) & (g > 235) & (b > 235)
    return tinted, white


def _cells(to_px, chars: tuple[CharBox, ...], shrink_pt: float = 0.0):
    """Pixel slices (rows, columns) of each character's box."""
    for left, bottom, right, top in chars:
        x0, y0 = to_px(left + shrink_pt, top - shrink_pt)
        x1, y1 = to_px(right - shrink_pt, bottom + shrink_pt)
        yield slice(int(y0), int(np.ceil(y1))), slice(int(x0), int(np.ceil(x1)))


def _covered(tinted: np.ndarray, white: np.ndarray, to_px, chars: tuple[CharBox, ...]) -> float:
    """Share of the paper inside a line's character boxes that shows the highlight."""
    hits = paper = 0
    for cell in _cells(to_px, chars):
        hits += int(tinted[cell].sum())
        paper += int(tinted[cell].sum() + white[cell].sum())
    return hits / max(paper, 1)


def _touched(tinted: np.ndarray, to_px, chars: tuple[CharBox, ...]) -> int:
    """Characters with any highlighted pixel well inside their box (1 pt in from each edge)."""
    return sum(int(tinted[cell].any()) for cell in _cells(to_px, chars, shrink_pt=1.0))
