"""Write one complete index version from records, re-using the previous version's vectors.

Embedding is the only slow step of a build, so every searched text is keyed by its hash and a
text the previous version already embedded takes its vector from there instead of the model.
"""

from __future__ import annotations

import importlib.metadata
import time
from collections.abc import Callable, Iterable, Iterator
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

# texts -> their sentence and token vectors, in input order, streamed in parts of any size
Embed = Callable[[list[str]], Iterable[Embedded]]
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

    def reusable(self, settings: Settings) -> Reusable | None:
        """Its vectors and token vectors by text key; None when not re-usable. Close it after."""
        if (self.manifest.get("model"), self.manifest.get("dim")) != (settings.model, settings.dim):
            return None
        sizes = self.manifest.get("sizes", {})
        needed = (files.KEYS, files.VECTORS, tokens.CODES, tokens.SCALES, tokens.OFFSETS)
        if not all(n in sizes for n in needed) or not _intact(
            self.version, {n: sizes[n] for n in needed}
        ):
            return None
        try:
            keys = np.load(self.version / files.KEYS)
            vecs = np.load(self.version / files.VECTORS, mmap_mode="r")
            source = tokens.Source(self.version)
        except (OSError, ValueError, EOFError):
            return None
        if (
            len(keys) != len(vecs)
            or len(source.offsets) != len(keys) + 1
            or keys.ndim != 2
            or keys.shape[1] != KEY_BYTES
            or vecs.shape[1:] != (settings.dim,)
        ):
            source.close()
            return None
        return Reusable({k.tobytes(): i for i, k in enumerate(keys)}, vecs, source)


@dataclass(frozen=True)
class Reusable:
    """The current version's vectors and token vectors, found by the text they embed.

    Attributes:
        rows: text key -> row in that version.
        vectors: (rows, dim) float32, memory-mapped.
        tokens: its token store, read without mapping (index.tokens.Source).
    """

    rows: dict[bytes, int]
    vectors: np.ndarray
    tokens: tokens.Source

    def close(self) -> None:
        """Close the token files."""
        self.tokens.close()


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
    reuse = previous.reusable(settings) if previous else None
    # each text's row in the current version, None where it must be embedded
    old_rows: list[int | None] = [reuse.rows.get(k) if reuse else None for k in keys]

    def write(directory: Path) -> None:
        np.save(directory / files.ROWS, np.array(rows, dtype=np.int64))
        # uint8 rows, not an "S16" array: numpy strips trailing NUL bytes from "S" items.
        packed = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), KEY_BYTES)
        np.save(directory / files.KEYS, packed)
        vectors = _vectors(directory, texts, old_rows, reuse, embed, settings)
        np.save(directory / files.VECTORS, vectors)
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

    try:
        version = versions.publish(index_dir, write)
    finally:
        if reuse is not None:
            reuse.close()
    writer.sweep(index_dir)
    embedded = old_rows.count(None)
    return Written(version, embedded, len(rows) - embedded)


def resolved_store(settings: Settings, previous: Previous | None) -> str:
    """The store a build writes: the one asked for, else the previous version's, else embedded."""
    if settings.store is not None:
        return settings.store
    return store.kind_of(previous.manifest) if previous is not None else "embedded"


def _vectors(
    directory: Path,
    texts: list[str],
    old_rows: list[int | None],
    reuse: Reusable | None,
    embed: Embed,
    settings: Settings,
) -> np.ndarray:
    """Every row's vector; its token vectors are written to `directory` row by row.

    A row whose text the current version embedded (`old_rows[i]`, its row there) is copied from
    `reuse`; the others are embedded in one streamed call, so a build holds one part of the
    embedder's output at a time (index.tokens.Writer).
    """
    missing = [texts[i] for i, j in enumerate(old_rows) if j is None]
    fresh = _rows(embed(missing) if missing else (), len(missing))
    vectors = np.zeros((len(texts), settings.dim), dtype=np.float32)
    with tokens.Writer(directory) as out:
        for i, j in enumerate(old_rows):
            if j is None:
                vectors[i], (codes, scales) = next(fresh)
                out.add(codes, scales)
            elif reuse is not None:
                vectors[i] = reuse.vectors[j]
                out.copy(reuse.tokens, j)
        next(fresh, None)  # checks that the embedder gave no more rows than texts
        out.finish(tokens.piece_idf(texts, query_encoder.tokenizer_for(settings.model)))
    return vectors


def _rows(
    parts: Iterable[Embedded], n: int
) -> Iterator[tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]]:
    """Each row's vector and compressed tokens from an embedder's parts, which must hold n rows.

    Raises:
        ValueError: the parts hold fewer or more rows than n, or a part fewer token rows
            than vectors.
    """
    count = 0
    for part in parts:
        count += len(part.vectors)
        if count > n or len(part.tokens) != len(part.vectors):
            raise ValueError(f"the embedder returned {count}+ rows for {n} texts")
        yield from zip(part.vectors, part.tokens, strict=True)
    if count < n:
        raise ValueError(f"the embedder returned {count} rows for {n} texts")


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
