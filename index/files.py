"""The plain files of one index version and their JSON form.

    manifest.json     model, dim, parser version, format, corpus file hashes, packages, settings
    documents.json    one Document per issuance
    paragraphs.jsonl  every record in reading order (also the ones not searched)
    rows.npy          int64 paragraph index of each searched row (row i <-> vector i)
    keys.npy          uint8 (rows, 16): hash of each row's embedded text, the embedding cache key
    vectors.npy       float32 (rows, dim), unit length
    tokens.npy        int8 (tokens, 128): every row's word-piece vectors, projected (index.tokens)
    token_scales.npy  float16 (tokens,): the int8 scale of each token vector
    token_offsets.npy int64 (rows + 1,): row i's tokens are tokens[offsets[i]:offsets[i + 1]]
    token_idf.npy     float32 (vocabulary,): each word piece's IDF over the searched texts
    faiss.index       FAISS inner-product index over vectors.npy   } embedded store only
    bm25/             bm25s index over the same rows                } (Milvus holds its own)
    boxes.jsonl       where each record is printed (page, box in points), see `index.boxes`
    pdf/<sha256>.pdf  the index's own copy of each ingested PDF, see `index.pdfs`

This module imports neither numpy nor FAISS: `cite` and `toc` read through it and must start fast.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from index.errors import IndexCorruptError, IndexVersionError
from ingest.records import Change, Document, Kind, Paragraph

FORMAT = 4  # 2: token vectors (index.tokens); 3: title in searched text; 4: word-piece IDF
DOCUMENTS = "documents.json"
PARAGRAPHS = "paragraphs.jsonl"
ROWS = "rows.npy"
KEYS = "keys.npy"
VECTORS = "vectors.npy"
FAISS = "faiss.index"
BM25 = "bm25"
# index.tokens file names
TOKENS = ("tokens.npy", "token_scales.npy", "token_offsets.npy", "token_idf.npy")
SEARCHED = (DOCUMENTS, PARAGRAPHS, ROWS, VECTORS, FAISS, BM25, *TOKENS)  # what a Searcher reads
# Modules in ingest/ that do not change records: citations, downloads, the corpus audit.
_PARSER_MODULES_EXCLUDED = {"citation.py", "fetch.py", "audit.py", "audit_baseline.py"}


@cache
def parser_version() -> str:
    """A hash of the parser's source: any parser change makes old records suspect.

    Hashing the code instead of trusting a hand-bumped number means a forgotten bump can never
    let records parsed by old code pass as current.
    """
    h = hashlib.sha256()
    root = Path(__file__).resolve().parents[1] / "ingest"
    for path in sorted(root.glob("*.py")):
        if path.name not in _PARSER_MODULES_EXCLUDED:
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def paragraph_to_json(p: Paragraph) -> dict[str, Any]:
    """A record as one JSON object (JSONL line)."""
    return {
        "id": p.id,
        "doc_id": p.doc_id,
        "path": p.path,
        "kind": p.kind.value,
        "heading": list(p.heading),
        "title": p.title,
        "text": p.text,
        "pages": list(p.pages),
        "parent": p.parent,
        "term": p.term,
    }


def paragraph_from_json(d: dict[str, Any]) -> Paragraph:
    """Inverse of `paragraph_to_json`."""
    return Paragraph(
        doc_id=d["doc_id"],
        path=d["path"],
        kind=Kind(d["kind"]),
        heading=tuple(d["heading"]),
        title=d["title"],
        text=d["text"],
        pages=tuple(d["pages"]),
        parent=d["parent"],
        term=d["term"],
        id=d["id"],
    )


def document_to_json(doc: Document) -> dict[str, Any]:
    """A document's metadata as JSON."""
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "effective": doc.effective,
        "changes": [[c.number, c.date] for c in doc.changes],
        "template": doc.template,
        "source": doc.source,
        "sha256": doc.sha256,
        "pages": doc.pages,
        "fields": [list(f) for f in doc.fields],
    }


def document_from_json(d: dict[str, Any]) -> Document:
    """Inverse of `document_to_json`."""
    return Document(
        doc_id=d["doc_id"],
        title=d["title"],
        effective=d["effective"],
        changes=tuple(Change(n, date) for n, date in d["changes"]),
        template=d["template"],
        source=d["source"],
        sha256=d["sha256"],
        pages=d["pages"],
        fields=tuple((k, v) for k, v in d["fields"]),
    )


def read_manifest(
    version: Path, index_dir: Path, uses: tuple[str, ...] = (DOCUMENTS, PARAGRAPHS)
) -> dict[str, Any]:
    """The manifest of a version, checked against this code's format and parser.

    Args:
        version: the version directory.
        index_dir: the index, for the rebuild command in errors.
        uses: the files (or directories) the caller will read; each file in them is checked
            against the size the manifest recorded. The library alone needs the records, so
            `cite` still works when only the search files are damaged.

    Raises:
        IndexCorruptError: the manifest is missing or not valid JSON, or a used file is damaged.
        IndexVersionError: another index format or parser version built it.
    """
    path = version / "manifest.json"
    manifest = read_json(path, index_dir)
    problem = incompatibility(manifest)
    if problem:
        raise IndexVersionError(path, problem, index_dir)
    recorded = manifest.get("sizes", {})
    check_sizes(version, {n: b for n, b in recorded.items() if n.split("/")[0] in uses}, index_dir)
    return manifest


def sizes(directory: Path) -> dict[str, int]:
    """Byte size of every file of a version being built, by path relative to it."""
    return {
        f.relative_to(directory).as_posix(): f.stat().st_size
        for f in sorted(directory.rglob("*"))
        if f.is_file()
    }


def check_sizes(version: Path, recorded: dict[str, int], index_dir: Path) -> None:
    """Compare each file with the size the manifest recorded when the version was written.

    A stat per file costs microseconds where hashing a 300k-row index would cost seconds, and
    it catches what damage usually is: a file emptied, truncated or replaced.

    Raises:
        IndexCorruptError: a file is missing or its size differs, naming the file.
    """
    for name, size in recorded.items():
        path = version / name
        try:
            actual = path.stat().st_size
        except OSError as exc:
            raise IndexCorruptError(path, "file is missing", index_dir) from exc
        if actual != size:
            problem = f"is {actual:,} bytes, {size:,} when it was written: damaged or truncated"
            raise IndexCorruptError(path, problem, index_dir)


def incompatibility(manifest: dict[str, Any]) -> str | None:
    """Why records of this manifest cannot be used by this code, None when they can."""
    if manifest.get("format") != FORMAT:
        return f"index format {manifest.get('format')} is not this version's format {FORMAT}"
    if manifest.get("parser_version") != parser_version():
        return (
            f"built by parser version {manifest.get('parser_version')}, "
            f"this PolicyKB parses with {parser_version()}"
        )
    return None


def read_json(path: Path, index_dir: Path) -> Any:
    """A JSON file of the index, or a clear error naming it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorruptError(path, "file is missing", index_dir) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorruptError(path, f"unreadable ({exc})", index_dir) from exc


def read_paragraphs(version: Path, index_dir: Path) -> list[Paragraph]:
    """All records of a version in reading order."""
    path = version / PARAGRAPHS
    try:
        with open(path, encoding="utf-8") as handle:
            return [paragraph_from_json(json.loads(line)) for line in handle]
    except FileNotFoundError as exc:
        raise IndexCorruptError(path, "file is missing", index_dir) from exc
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(path, f"unreadable ({exc!r})", index_dir) from exc


def read_documents(version: Path, index_dir: Path) -> dict[str, Document]:
    """The documents of a version by id."""
    path = version / DOCUMENTS
    try:
        return {d["doc_id"]: document_from_json(d) for d in read_json(path, index_dir)}
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexCorruptError(path, f"unreadable ({exc!r})", index_dir) from exc


def write_json(path: Path, data: Any) -> None:
    """Write one JSON file of a version being built."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def write_paragraphs(path: Path, paragraphs: list[Paragraph]) -> None:
    """Write paragraphs.jsonl, one record per line."""
    with open(path, "w", encoding="utf-8") as handle:
        for p in paragraphs:
            handle.write(json.dumps(paragraph_to_json(p), ensure_ascii=False) + "\n")
