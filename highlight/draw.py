"""Draw the highlight and the citation caption onto a rendered page.

The boxes are first painted into one mask and the colour is blended once through it, so
where the padded boxes of two lines overlap the tint stays even instead of doubling.
"""

from __future__ import annotations

import textwrap

from PIL import Image, ImageDraw, ImageFont

HIGHLIGHT = (255, 200, 0)  # marker yellow
OPACITY = 0.4  # white paper becomes (255, 233, 153); black text stays readable
PADDING_PT = 2.0  # around each box, so stacked lines join into one block
_CAPTION_INK = (20, 20, 20)
_CAPTION_PT = 10.0  # caption type size in points of the page, whatever the DPI
# Pillow's built-in font has no typographic dashes or quotes; the caption is a citation, not a
# quote, so their ASCII forms are faithful.
_ASCII = str.maketrans(
    {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
)


def highlight(
    image: Image.Image, rects: tuple[tuple[int, int, int, int], ...], dpi: float
) -> Image.Image:
    """`image` with every rectangle (left, top, right, bottom pixels) tinted translucent."""
    pad = round(PADDING_PT * dpi / 72)
    mask = Image.new("L", image.size, 0)
    pen = ImageDraw.Draw(mask)
    for left, top, right, bottom in rects:
        pen.rectangle((left - pad, top - pad, right + pad, bottom + pad), fill=255)
    area = mask.getbbox()
    if area is None:
        return image.copy()
    # Blend only the area the boxes cover: a paragraph is a small part of a page.
    part = image.crop(area)
    tinted = Image.blend(part, Image.new("RGB", part.size, HIGHLIGHT), OPACITY)
    out = image.copy()
    out.paste(Image.composite(tinted, part, mask.crop(area)), area[:2])
    return out


def with_caption(image: Image.Image, caption: str, dpi: float) -> Image.Image:
    """`image` below a white band holding `caption` (wrapped to the page width)."""
    size = max(round(_CAPTION_PT * dpi / 72), 8)
    font = ImageFont.load_default(size=size)
    margin = size
    per_line = max(int((image.width - 2 * margin) / (0.55 * size)), 20)
    lines = textwrap.wrap(caption.translate(_ASCII), per_line) or [""]
    band = margin + len(lines) * round(size * 1.3) + margin // 2
    out = Image.new("RGB", (image.width, image.height + band), "white")
    pen = ImageDraw.Draw(out)
    for i, line in enumerate(lines):
        pen.text((margin, margin // 2 + i * round(size * 1.3)), line, fill=_CAPTION_INK, font=font)
    pen.line((0, band - 1, image.width, band - 1), fill=(200, 200, 200), width=1)
    out.paste(image, (0, band))
    return out
