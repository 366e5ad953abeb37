"""Render one PDF page to a bitmap with PDFium, and map PDF points onto its pixels.

pypdfium2 ships PDFium (the PDF engine of Chromium) inside its wheel: no system library and
no download at run time, and PDFium draws DoD issuances (TrueType and CID fonts, scanned
pages with an OCR layer) as a browser would.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from ingest.records import Box

POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class Rendered:
    """A page drawn at some resolution, and the pixel rectangle of each given box.

    Attributes:
        image: the page, RGB.
        rects: (left, top, right, bottom) pixels for each box, in the boxes' order.
    """

    image: Image.Image
    rects: tuple[tuple[int, int, int, int], ...]


def render_page(pdf: Path, page: int, dpi: float, boxes: tuple[Box, ...]) -> Rendered:
    """Draw page `page` (1-indexed) of `pdf` at `dpi` and place `boxes` on it.

    The boxes are mapped with PDFium's own page-to-device transform, so crop boxes and
    rotated pages land where PDFium drew the text.

    Raises:
        pypdfium2.PdfiumError: PDFium cannot open the file.
        IndexError: the PDF has no such page.
    """
    doc = pdfium.PdfDocument(pdf)
    try:
        if not 1 <= page <= len(doc):
            raise IndexError(f"{pdf}: page {page} of a {len(doc)}-page PDF")
        handle = doc[page - 1]
        bitmap = handle.render(scale=dpi / POINTS_PER_INCH)
        image = bitmap.to_pil().convert("RGB")
        rects = tuple(_device_rect(handle, image.size, box) for box in boxes)
        return Rendered(image, rects)
    finally:
        doc.close()


def _device_rect(
    page: pdfium.PdfPage, size: tuple[int, int], box: Box
) -> tuple[int, int, int, int]:
    """A box in PDF points as (left, top, right, bottom) pixels of the rendered page."""
    corners = [_to_device(page, size, x, y) for x, y in ((box.x0, box.y0), (box.x1, box.y1))]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _to_device(page: pdfium.PdfPage, size: tuple[int, int], x: float, y: float) -> tuple[int, int]:
    device_x, device_y = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDF_PageToDevice(
        page.raw, 0, 0, size[0], size[1], 0, x, y, ctypes.byref(device_x), ctypes.byref(device_y)
    )
    return device_x.value, device_y.value
