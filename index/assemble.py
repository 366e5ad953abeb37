"""Write one complete index version from records, re-using the previous version's vectors.

Embedding is the only slow step of a build, so every searched text is keyed by its hash and a
text the previous version already embedded takes its vector from there instead of the model.
"""

from __future__ import annotations

import importlib.metadata
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from index import files, pdfs, query_encoder, store, tokens, versions
from index.boxes import BOXES, Boxes, read_boxes, write_boxes
from index.embed import Embedded
from index.errors import IndexLoadError
from index.library import Library
from index.settings import Settings
from index.text import KEY_BYTES, search_text, searchable, text_key
from ingest.records import Document, Paragraph

Embed = Callable[[list[str]], Embedded]  # texts -> sentence vectors and token vectors
Cached = tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]  # a row's vector and its tokens
_PACKAGES = (
    "faiss-cpu",
    "bm25s",
    "sentence-transformers",
    "torch",
    "numpy",
    "pypdf",
    "pypdfium2",
    "policykb",
)


@dataclass(frozen=True)
class Previous:
    """What a build may re-use from the current version.

    Attributes:
        version: the version directory.
        documents: its documents by id.
        paragraphs: its records; usable only when `compatible`.
        manifest: its manifest as written.
        compatible: whether its records can be kept as they are: this code's parser and
            index format built it, and every file still has the size it was written with.
            When not, its documents are parsed again and the version rewritten, which is how
            `ingest` repairs a damaged index (vectors are still re-used by text if intact).
    """

    version: Path
    documents: dict[str, Document]
    paragraphs: list[Paragraph]
    manifest: dict[str, Any]
    compatible: bool

    @classmethod
    def load(cls, index_dir: Path) -> Previous | None:
        """The current version, or None when there is none or it is unreadable.

        A damaged or incompatible index is not an error here: ingesting is how it is rebuilt.
        """
        if not versions.exists(index_dir):
            return None
        try:
            version = versions.resolve(index_dir)
            manifest = files.read_json(version / versions.MANIFEST, index_dir)
        except IndexLoadError:
            return None
        compatible = files.incompatibility(manifest) is None and _intact(
            version, manifest.get("sizes", {}), index_dir
        )
        try:
            documents = files.read_documents(version, index_dir)
            paragraphs = files.read_paragraphs(version, index_dir) if compatible else []
        except IndexLoadError:
            # The manifest still names every source: they are parsed again (carry-over).
            documents, paragraphs, compatible = {}, [], False
        return cls(version, documents, paragraphs, manifest, compatible)

    def boxes(self) -> Boxes:
        """Where each record is printed, by record key; empty when the version has no boxes."""
        try:
            return read_boxes(self.version, self.version.parent) or {}
        except IndexLoadError:  # damaged: kept documents then show no page image
            return {}

    def sources(self) -> dict[str, Path]:
        """Where each document was ingested from (absolute paths), by document id."""
        return {d: Path(p) for d, p in self.manifest.get("sources", {}).items()}

    def vectors(self, settings: Settings) -> dict[bytes, Cached]:
        """Text key -> vector and tokens of every searched row; empty when not re-usable."""
        if (self.manifest.get("model"), self.manifest.get("dim")) != (settings.model, settings.dim):
            return {}
        sizes = self.manifest.get("sizes", {})
        needed = (files.KEYS, files.VECTORS, tokens.CODES, tokens.SCALES, tokens.OFFSETS)
        if not all(n in sizes for n in needed) or not _intact(
            self.version, {n: sizes[n] for n in needed}
        ):
            return {}
        try:
            keys = np.load(self.version / files.KEYS)
            vecs = np.load(self.version / files.VECTORS, mmap_mode="r")
            store = tokens.load(self.version)
        except (OSError, ValueError, EOFError):
            return {}
        if len(keys) != len(vecs) or len(store.offsets) != len(keys) + 1:
            return {}
        if keys.ndim != 2 or keys.shape[1] != KEY_BYTES:
            return {}
        return {k.tobytes(): (vecs[i], _token_slice(store, i)) for i, k in enumerate(keys)}


def _token_slice(store: tokens.TokenStore, i: int) -> tuple[np.ndarray, np.ndarray]:
    a, b = int(store.offsets[i]), int(store.offsets[i + 1])
    return np.asarray(store.codes[a:b]), np.asarray(store.scales[a:b])


def _intact(version: Path, sizes: dict[str, int], index_dir: Path | None = None) -> bool:
    """Whether the files of `version` still have the sizes the manifest recorded."""
    try:
        files.check_sizes(version, sizes, index_dir or version.parent)
    except IndexLoadError:
        return False
    return True


@dataclass(frozen=True)
class Written:
    """Outcome of writing a version."""

    version: Path
    embedded: int
    reused: int


def write_index(
    index_dir: Path,
    library: Library,
    settings: Settings,
    embed: Embed,
    previous: Previous | None = None,
    sources: dict[str, Path] | None = None,
    boxes: Boxes | None = None,
    warnings: dict[str, list[str]] | None = None,
) -> Written:
    """Embed what is new, index it in the store, and publish the version atomically.

    The store is `settings.store`, else the one the previous version used, else embedded.
    Call with `versions.writer_lock(index_dir)` held.

    Args:
        index_dir: the index.
        library: every document and record of the new version.
        settings: how to embed and index.
        embed: the embedding function (texts -> sentence and token vectors).
        previous: the current version, whose vectors and PDF copies are re-used.
        sources: the file each document was ingested from; PDFs are copied into the version.
        boxes: where each record is printed, by record key (``Paragraph.key``).
        warnings: parser warnings by document (index.parse_warnings), kept in the manifest.
    """
    settings = replace(settings, store=resolved_store(settings, previous))
    writer = store.writer(settings, index_dir, previous.manifest if previous else None)
    rows = [i for i, p in enumerate(library.paragraphs) if searchable(p)]
    titles = {doc_id: d.title for doc_id, d in library.documents.items()}
    texts = [
        search_text(p, library.lead_in(p), titles.get(p.doc_id, ""))
        for p in (library.paragraphs[i] for i in rows)
    ]
    keys = [text_key(t) for t in texts]
    vectors, row_tokens, embedded = _vectors(texts, keys, settings, embed, previous)

    def write(directory: Path) -> None:
        np.save(directory / files.ROWS, np.array(rows, dtype=np.int64))
        # uint8 rows, not an "S16" array: numpy strips trailing NUL bytes from "S" items.
        packed = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), KEY_BYTES)
        np.save(directory / files.KEYS, packed)
        np.save(directory / files.VECTORS, vectors)
        fast = query_encoder.for_model(settings.model)
        idf = tokens.piece_idf(texts, fast.tokenizer if fast is not None else None)
        tokens.save(directory, row_tokens, idf)
        docs = [library.paragraphs[i].doc_id for i in rows]
        entry = writer.write(directory, texts, vectors, docs)
        documents = sorted(library.documents.values(), key=lambda d: d.doc_id)
        files.write_json(
            directory / files.DOCUMENTS, [files.document_to_json(d) for d in documents]
        )
        files.write_paragraphs(directory / files.PARAGRAPHS, library.paragraphs)
        write_boxes(directory / BOXES, boxes or {})
        old = previous.version if previous else None
        manifest = _manifest(library, settings, str(entry.get("faiss_index", "none")), len(rows))
        manifest["store"] = entry
        manifest["sources"] = {d: str(p) for d, p in (sources or {}).items()}
        manifest["boxes"] = BOXES
        manifest["pdfs"] = pdfs.store_pdfs(directory, library.documents, sources or {}, old)
        manifest["warnings"] = warnings or {}
        manifest["sizes"] = files.sizes(directory)
        files.write_json(directory / versions.MANIFEST, manifest)  # last: marks it complete

    version = versions.publish(index_dir, write)
    writer.sweep(index_dir)
    return Written(version, embedded, len(rows) - embedded)


def resolved_store(settings: Settings, previous: Previous | None) -> str:
    """The store a build writes: the one asked for, else the previous version's, else embedded."""
    if settings.store is not None:
        return settings.store
    return store.kind_of(previous.manifest) if previous is not None else "embedded"


def _vectors(
    texts: list[str], keys: list[bytes], settings: Settings, embed: Embed, previous: Previous | None
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]], int]:
    """Vectors (rows, dim) and token vectors per row, re-used by key where possible.

    Returns:
        The vectors, the per-row compressed tokens, and how many rows were embedded anew.
    """
    cache = previous.vectors(settings) if previous else {}
    vectors = np.zeros((len(texts), settings.dim), dtype=np.float32)
    row_tokens = [tokens.EMPTY] * len(texts)
    missing = [i for i, k in enumerate(keys) if k not in cache or len(cache[k][0]) != settings.dim]
    for i, k in enumerate(keys):
        if k in cache and len(cache[k][0]) == settings.dim:
            vectors[i], row_tokens[i] = cache[k]
    if missing:
        fresh = embed([texts[i] for i in missing])
        vectors[missing] = fresh.vectors
        for i, pair in zip(missing, fresh.tokens, strict=True):
            row_tokens[i] = pair
    return vectors, row_tokens, len(missing)


def _manifest(library: Library, settings: Settings, ann: str, rows: int) -> dict[str, object]:
    """Everything needed to tell how, from what and by which code this version was built."""
    return {
        "format": files.FORMAT,
        "model": settings.model,
        "dim": settings.dim,
        "parser_version": files.parser_version(),
        "files": {d.source: d.sha256 for d in library.documents.values()},
        "documents": len(library.documents),
        "paragraphs": len(library.paragraphs),
        "rows": rows,
        "faiss_index": ann,
        "packages": {name: _version(name) for name in _PACKAGES},
        "settings": settings.manifest(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def _version(package: str) -> str | None:
    """Installed version of a distribution, None when absent."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None
