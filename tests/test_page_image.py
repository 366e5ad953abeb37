"""The cited page as an image: boxes and PDF copies in the index, drawing, `cite --png`.

Indexes here hold real sample issuances; their vectors come from a hash embedder, since these
tests are about the page image, not about meaning (the browser test uses the real model).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from test_index_store import HashEmbedder as HashVectors

from cli.main import main
from highlight.draw import HIGHLIGHT, OPACITY
from highlight.pages import highlighted_pages
from index import build, versions
from index.boxes import BOXES, read_boxes
from index.build import ingest_paths
from index.errors import NoPageImage
from index.library import Library
from index.page_sources import FROM_TEXT, PageSources
from index.settings import Settings
from ingest.parse import parse_file

SINGLE = ("DoDI 4715.13", "3.3.b.(2)(a)")  # p. 11 only
SPANNING = ("DoDD 5132.03", "1.2.d")  # pp. 3-4
TINT = tuple(round(255 * (1 - OPACITY) + c * OPACITY) for c in HIGHLIGHT)  # on white paper


class HashEmbedder:
    """Stands in for the model in `index.build`: the index tests' hash vectors (16-d)."""

    def __init__(self, settings: Settings) -> None:
        self._embed = HashVectors()

    def encode(self, texts: list[str], progress: object = None) -> object:
        return self._embed(list(texts))


@pytest.fixture(autouse=True)
def _no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "Embedder", HashEmbedder)


def _ingest(index_dir: Path, *paths: Path) -> Path:
    settings = Settings(dim=16, index_dir=index_dir)
    report = ingest_paths(list(paths), index_dir, settings)
    assert not report.skipped, report.skipped
    return versions.resolve(index_dir)


@pytest.fixture
def sources(tmp_path: Path, samples_dir: Path) -> Iterator[dict[str, Path]]:
    """Copies of two sample PDFs and one page-text issuance that a test may move or change."""
    out = {}
    for name in (
        "modern/DoDI_4715.13.pdf",
        "modern/DoDD_5132.03.pdf",
        "modern/DoDI_5000.94.pages.txt",
    ):
        out[Path(name).name] = Path(shutil.copy(samples_dir / name, tmp_path))
    yield out


def _locate(index_dir: Path, doc_id: str, path: str):
    library = Library.load(index_dir)
    p = library.get(doc_id, path)
    assert p is not None and library.version is not None
    return PageSources.load(library.version, index_dir).locate(p)


def test_ingest_records_boxes_and_keeps_a_verified_copy_of_each_pdf(tmp_path, sources) -> None:
    index_dir = tmp_path / "index"
    version = _ingest(index_dir, *sources.values())
    manifest = json.loads((version / "manifest.json").read_text())
    assert manifest["boxes"] == BOXES and BOXES in manifest["sizes"]
    pdf = sources["DoDI_4715.13.pdf"]
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    other = hashlib.sha256(sources["DoDD_5132.03.pdf"].read_bytes()).hexdigest()
    assert manifest["pdfs"] == {  # the page-text issuance has none
        "DoDI 4715.13": f"pdf/{sha}.pdf",
        "DoDD 5132.03": f"pdf/{other}.pdf",
    }
    parsed = parse_file(pdf)
    stored = read_boxes(version, index_dir)
    assert stored is not None
    for p, boxes in zip(parsed.paragraphs, parsed.boxes, strict=True):
        assert stored[p.key] == boxes
    located = _locate(index_dir, *SINGLE)
    assert located.pages == (11,) and located.pdf == version / f"pdf/{sha}.pdf"
    assert _locate(index_dir, *SPANNING).pages == (3, 4)


def test_records_from_page_text_say_so(tmp_path, sources) -> None:
    index_dir = tmp_path / "index"
    _ingest(index_dir, *sources.values())
    with pytest.raises(NoPageImage) as err:
        _locate(index_dir, "DoDI 5000.94", "1.2")
    assert str(err.value) == FROM_TEXT == "no page image (ingested from text)"


def test_the_page_still_draws_after_the_source_pdf_is_moved(tmp_path, sources) -> None:
    index_dir = tmp_path / "index"
    _ingest(index_dir, sources["DoDI_4715.13.pdf"])
    sources["DoDI_4715.13.pdf"].rename(tmp_path / "moved.pdf")
    (image,) = highlighted_pages(
        _locate(index_dir, *SINGLE), "DoDI 4715.13, para. 3.3.b.(2)(a)", 72
    )
    assert image.page == 11 and image.image.width == 612


def test_reingest_links_unchanged_copies_and_keeps_their_boxes(tmp_path, sources) -> None:
    index_dir = tmp_path / "index"
    first = _ingest(index_dir, sources["DoDI_4715.13.pdf"])
    before = _locate(index_dir, *SINGLE)
    second = _ingest(index_dir, sources["DoDD_5132.03.pdf"])  # 4715.13 is kept, not re-parsed
    assert second != first
    after = _locate(index_dir, *SINGLE)
    assert after.boxes == before.boxes and after.pdf.parent.parent == second
    assert after.pdf.stat().st_ino == before.pdf.stat().st_ino  # hard link, no second copy


def test_a_missing_or_changed_copy_is_named_never_drawn(tmp_path, sources) -> None:
    index_dir = tmp_path / "index"
    _ingest(index_dir, sources["DoDI_4715.13.pdf"])
    copy = _locate(index_dir, *SINGLE).pdf
    other = sources["DoDD_5132.03.pdf"].read_bytes()
    copy.unlink()
    copy.write_bytes(other)  # another issuance under the same name: must not be drawn
    with pytest.raises(NoPageImage, match=r"has changed since it was ingested.*Ingest DoDI_4715"):
        _locate(index_dir, *SINGLE)
    copy.unlink()
    with pytest.raises(NoPageImage, match=r"copy of DoDI_4715.13.pdf\) is missing"):
        _locate(index_dir, *SINGLE)


def test_an_index_without_boxes_still_opens_and_says_no_page_image(tmp_path, sources) -> None:
    index_dir = tmp_path / "index"
    version = _ingest(index_dir, sources["DoDI_4715.13.pdf"])
    manifest = json.loads((version / "manifest.json").read_text())
    for key in ("boxes", "pdfs"):
        del manifest[key]
    manifest["sizes"] = {n: s for n, s in manifest["sizes"].items() if n != BOXES}
    (version / BOXES).unlink()
    (version / "manifest.json").write_text(json.dumps(manifest))
    assert main(["cite", "--index", str(index_dir), *SINGLE]) == 0
    with pytest.raises(NoPageImage, match="built before page positions were recorded"):
        _locate(index_dir, *SINGLE)


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    index_dir = tmp_path_factory.mktemp("png") / "index"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "Embedder", HashEmbedder)
        names = ("DoDI_4715.13.pdf", "DoDD_5132.03.pdf", "DoDI_5000.94.pages.txt")
        _ingest(index_dir, *(samples_dir / "modern" / n for n in names))
    return index_dir


def _tinted(image: Image.Image) -> np.ndarray:
    """Where the image shows the highlight's colour on white paper."""
    pixels = np.asarray(image.convert("RGB")).astype(int)
    return np.all(np.abs(pixels - np.array(TINT)) <= 2, axis=2)


def test_cite_png_writes_the_first_page_with_the_paragraph_highlighted(
    cli_index, tmp_path, capsys
) -> None:
    out = tmp_path / "para.png"
    assert main(["cite", "--index", str(cli_index), *SINGLE, "--png", str(out)]) == 0
    assert f"Wrote {out} (p. 11 of DoDI_4715.13.pdf, 1275x" in capsys.readouterr().out
    image = Image.open(out)
    assert image.width == 1275 and 1650 < image.height < 1800  # 150 DPI + caption band
    located = _locate(cli_index, *SINGLE)
    band = image.height - 1650
    scale = 150 / 72
    tinted = _tinted(image)
    inside = np.zeros_like(tinted)
    pad = 3  # pixels: the drawn padding (2 pt) and rounding
    for b in located.boxes:
        left, right = round(b.x0 * scale), round(b.x1 * scale)
        top, bottom = band + round((792 - b.y1) * scale), band + round((792 - b.y0) * scale)
        region = tinted[top:bottom, left:right]
        assert region.mean() > 0.5, f"box {b} is not highlighted"
        inside[top - pad - 2 : bottom + pad + 2, left - pad - 2 : right + pad + 2] = True
    assert not (tinted & ~inside).any(), "highlight colour outside the paragraph's boxes"


def test_cite_png_directory_gets_one_file_per_page(cli_index, tmp_path, capsys) -> None:
    """Regression: `--png pages/` named a file "pages" (pathlib drops the trailing slash)."""
    target = tmp_path / "pages"
    assert main(["cite", "--index", str(cli_index), *SPANNING, "--png", f"{target}/"]) == 0
    written = sorted(p.name for p in target.iterdir())
    assert written == ["DoDD_5132.03_1.2.d-p3.png", "DoDD_5132.03_1.2.d-p4.png"]
    assert all(_tinted(Image.open(target / name)).any() for name in written)
    assert (
        main(["cite", "--index", str(cli_index), *SPANNING, "--png", str(tmp_path / "one.png")])
        == 0
    )
    assert "continues on p. 4; give a directory to --png" in capsys.readouterr().out


def test_cite_png_with_json_keeps_stdout_json(cli_index, tmp_path, capsys) -> None:
    out = tmp_path / "x.png"
    assert main(["cite", "--index", str(cli_index), *SINGLE, "--json", "--png", str(out)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["paragraph"] == "3.3.b.(2)(a)"
    assert "Wrote" in captured.err and out.is_file()


def test_cite_png_of_a_page_text_record_explains_why_not(cli_index, tmp_path, capsys) -> None:
    out = tmp_path / "none.png"
    assert main(["cite", "--index", str(cli_index), "5000.94", "1.2", "--png", str(out)]) == 1
    assert "no page image (ingested from text)" in capsys.readouterr().err
    assert not out.exists()


def test_page_image_benchmark_runs(tmp_path: Path) -> None:
    from bench import page_image

    assert (
        page_image.main(["--pages", "2", "--dpi", "72", "--repeat", "1", "--out", str(tmp_path)])
        == 0
    )
    (result,) = tmp_path.glob("page_image-*.json")
    rows = {r["metric"]: r["value"] for r in json.loads(result.read_text())["rows"]}
    assert rows["render p50 @ 72 dpi"] > 0 and rows["page image + PNG p95 @ 72 dpi"] > 0


def test_page_boxes_benchmark_runs(tmp_path: Path) -> None:
    from bench import page_boxes

    assert page_boxes.main(["--limit", "1", "--out", str(tmp_path)]) == 0
    (result,) = tmp_path.glob("page_boxes-*.json")
    rows = [r for r in json.loads(result.read_text())["rows"]]
    assert len(rows) == 2 and all(r["note"].startswith("of ") for r in rows)
    assert int(rows[0]["note"].split()[1]) > 0, "no printed line was checked"


def test_a_new_parser_reparses_a_moved_pdf_from_the_index_copy(tmp_path, sources) -> None:
    """Without the copy, a parser change dropped every document whose file had moved."""
    index_dir = tmp_path / "index"
    version = _ingest(index_dir, sources["DoDI_4715.13.pdf"])
    manifest = json.loads((version / "manifest.json").read_text())
    manifest["parser_version"] = "an-older-parser"  # as after an upgrade of PolicyKB
    (version / "manifest.json").write_text(json.dumps(manifest))
    original = sources["DoDI_4715.13.pdf"]
    original.unlink()
    report = ingest_paths([sources["DoDD_5132.03.pdf"]], index_dir, Settings(dim=16))
    assert not report.skipped, report.skipped
    library = Library.load(index_dir)
    assert library.documents["DoDI 4715.13"].source == "DoDI_4715.13.pdf"
    new_manifest = json.loads((versions.resolve(index_dir) / "manifest.json").read_text())
    assert new_manifest["sources"]["DoDI 4715.13"] == str(original.resolve())
    assert _locate(index_dir, *SINGLE).pages == (11,)


def test_a_new_parser_drops_a_gone_page_text_file_and_says_so(tmp_path, sources) -> None:
    """Page-text files have no copy in the index: gone means dropped, with the reason."""
    index_dir = tmp_path / "index"
    version = _ingest(index_dir, sources["DoDI_5000.94.pages.txt"])
    manifest = json.loads((version / "manifest.json").read_text())
    manifest["parser_version"] = "an-older-parser"
    (version / "manifest.json").write_text(json.dumps(manifest))
    sources["DoDI_5000.94.pages.txt"].unlink()
    report = ingest_paths([sources["DoDI_4715.13.pdf"]], index_dir, Settings(dim=16))
    assert [reason for _, reason in report.skipped] == [
        f"{sources['DoDI_5000.94.pages.txt'].resolve()}: DoDI 5000.94 must be parsed again (the "
        "index was built by another parser or is damaged) and its file is gone, so it was "
        "dropped. Ingest the PDF again to restore it"
    ]
    assert set(Library.load(index_dir).documents) == {"DoDI 4715.13"}


def test_a_page_pdfium_cannot_draw_is_named(tmp_path, sources) -> None:
    """A verified copy whose page is not in it (a record pointing past the end) is an error
    with a reason, not a traceback in the app or the CLI."""
    index_dir = tmp_path / "index"
    _ingest(index_dir, sources["DoDI_4715.13.pdf"])
    located = _locate(index_dir, *SINGLE)
    beyond = type(located)(located.pdf, located.boxes, (99,))
    with pytest.raises(NoPageImage, match=r"PDFium cannot draw p\. 99"):
        highlighted_pages(beyond, "DoDI 4715.13, para. 3.3.b.(2)(a)", 72)
