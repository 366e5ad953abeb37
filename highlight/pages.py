"""A record's pages as images: each page it covers, its boxes highlighted, its citation above.

>>> source = PageSources.load(version, index_dir).locate(p)  # doctest: +SKIP
>>> images = highlighted_pages(source, "DoDI 4715.13, para. 3.3.b, p. 11")  # doctest: +SKIP
>>> images[0].png()[:4]  # doctest: +SKIP
b'\\x89PNG'
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image

from highlight.draw import highlight, with_caption
from highlight.render import render_page
from index.errors import NoPageImage
from index.page_sources import SourcePages

DPI = 110.0  # the app: a letter page 935 px wide, shown unscaled (README "Page images")


@dataclass(frozen=True)
class PageImage:
    """One highlighted page.

    Attributes:
        page: its 1-indexed page number.
        image: the page below its caption, RGB.
        rects: the highlighted rectangles as (left, top, right, bottom) pixels of ``image``.
    """

    page: int
    image: Image.Image
    rects: tuple[tuple[int, int, int, int], ...]

    def png(self) -> bytes:
        """The image as PNG bytes."""
        out = io.BytesIO()
        # Level 1: a page is mostly white, so the file is barely larger than at the default
        # level 6 and encodes several times faster.
        self.image.save(out, format="PNG", compress_level=1)
        return out.getvalue()


def highlighted_pages(
    source: SourcePages, citation: str, dpi: float = DPI, pages: tuple[int, ...] | None = None
) -> list[PageImage]:
    """Render the record's pages with its boxes highlighted and `citation` as the caption.

    Args:
        source: the record's verified PDF and boxes (``PageSources.locate``).
        citation: the record's citation, printed above each page.
        dpi: resolution; 72 draws one pixel per point.
        pages: only these of its pages (default: all of them, in order).

    Raises:
        NoPageImage: PDFium cannot draw a page of the (verified) PDF.
    """
    out = []
    wanted = source.pages if pages is None else tuple(p for p in source.pages if p in pages)
    for number in wanted:
        try:
            rendered = render_page(source.pdf, number, dpi, source.on(number))
        except (pdfium.PdfiumError, IndexError) as exc:
            raise NoPageImage(f"no page image: PDFium cannot draw p. {number} ({exc})") from exc
        caption = citation
        if len(source.pages) > 1:
            caption += f" - page {number} ({source.pages.index(number) + 1} of {len(source.pages)})"
        image = with_caption(highlight(rendered.image, rendered.rects, dpi), caption, dpi)
        shift = image.height - rendered.image.height
        rects = tuple((a, b + shift, c, d + shift) for a, b, c, d in rendered.rects)
        out.append(PageImage(number, image, rects))
    return out
