"""Page image: time to draw one cited page with its highlight, per DPI (p50/p95 per page).

Usage:
    python bench/page_image.py [--pages 20] [--dpi 72 110 150] [--repeat 3] [--json]

Takes `--pages` pages spread over the sample PDFs (every PDF, then their later pages) and
times, per DPI, PDFium's render alone and the whole page image as the app and `policykb cite
--png` make it: render, highlight a paragraph-sized box, caption, PNG encoding. Results are
printed and saved under data/bench/.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pypdfium2 as pdfium

from bench import corpus
from bench.timing import Report, add_common_args, emit, machine, percentiles, timed
from highlight.pages import highlighted_pages
from highlight.render import render_page
from index.page_sources import SourcePages
from ingest.records import Box


def sample_pages(count: int) -> list[tuple[Path, int]]:
    """`count` (pdf, page) pairs: page 2 of every sample PDF first, then later pages."""
    pdfs = corpus.sample_pdfs(None)
    lengths = {path: len(pdfium.PdfDocument(path)) for path in pdfs}
    out: list[tuple[Path, int]] = []
    page = 2
    while len(out) < count and page <= max(lengths.values()):
        out += [(path, page) for path in pdfs if page <= lengths[path]]
        page += 3
    return out[:count]


def _page_png(source: SourcePages, dpi: float) -> list[bytes]:
    """The whole page image as `cite --png` writes it."""
    return [i.png() for i in highlighted_pages(source, "DoDI 9999.01, para. 1.2.a, p. 2", dpi)]


def main(argv: list[str] | None = None) -> int:
    """Time every DPI over the same pages and print the table (or JSON)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=20, help="sample pages timed")
    parser.add_argument("--dpi", type=float, nargs="+", default=[72.0, 110.0, 150.0])
    parser.add_argument("--repeat", type=int, default=3, help="timed draws per page and DPI")
    add_common_args(parser)
    args = parser.parse_args(argv)
    report = Report("page_image", meta=machine())
    pages = sample_pages(args.pages)
    for dpi in args.dpi:
        render_ms: list[float] = []
        image_ms: list[float] = []
        for pdf, page in pages:
            box = Box(page, 72.0, 400.0, 540.0, 500.0)  # a paragraph-sized highlight
            source = SourcePages(pdf, (box,), (page,))
            for _ in range(args.repeat):
                render_ms.append(timed(partial(render_page, pdf, page, dpi, (box,)))[0])
                image_ms.append(timed(partial(_page_png, source, dpi))[0])
        note = f"{len(pages)} pages x {args.repeat}"
        render, image = percentiles(render_ms), percentiles(image_ms)
        report.add(f"render p50 @ {dpi:g} dpi", render["p50"], "ms", note=note)
        report.add(f"render p95 @ {dpi:g} dpi", render["p95"], "ms", note=note)
        report.add(f"page image + PNG p50 @ {dpi:g} dpi", image["p50"], "ms", note=note)
        report.add(f"page image + PNG p95 @ {dpi:g} dpi", image["p95"], "ms", note=note)
    report.meta["pages"] = [f"{pdf.name} p. {page}" for pdf, page in pages]
    emit(report, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
