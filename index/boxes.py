"""boxes.jsonl: where every record of a version is printed, for the highlighted page image.

One JSON line per record that has boxes: ``{"doc_id", "path", "term", "boxes": [[page, x0, y0,
x1, y1], ...]}`` in PDF points (see ``ingest.records.Box``). Kept beside paragraphs.jsonl
rather than inside it, so `cite` and `toc`, which never draw a page, do not read it. Records
ingested from page-text files have no line in it, and an index written before page images
existed has no file at all; ``read_boxes`` tells the two apart.

This module imports neither numpy nor FAISS, like ``index.files``.
"""

from __future__ import annotations

import json
from pathlib import Path

from index.errors import IndexCorruptError
from ingest.records import Box

BOXES = "boxes.jsonl"
RecordKey = tuple[str, str, str | None]  # Paragraph.key: doc id, path, term
Boxes = dict[RecordKey, tuple[Box, ...]]


def write_boxes(path: Path, boxes: Boxes) -> None:
    """Write the boxes of every record that has some, one record per line."""
    with open(path, "w", encoding="utf-8") as handle:
        for (doc_id, para, term), found in boxes.items():
            if not found:
                continue
            rows = [[b.page, b.x0, b.y0, b.x1, b.y1] for b in found]
            line = {"doc_id": doc_id, "path": para, "term": term, "boxes": rows}
            handle.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")


def read_boxes(version: Path, index_dir: Path) -> Boxes | None:
    """The boxes of a version by record key; None when it was written without the file.

    Raises:
        IndexCorruptError: the file exists but cannot be read.
    """
    path = version / BOXES
    if not path.is_file():
        return None
    out: Boxes = {}
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                d = json.loads(line)
                boxes = tuple(Box(int(r[0]), *(float(v) for v in r[1:5])) for r in d["boxes"])
                out[(d["doc_id"], d["path"], d["term"])] = boxes
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise IndexCorruptError(path, f"unreadable ({exc!r})", index_dir) from exc
    return out
