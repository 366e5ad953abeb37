"""`policykb ingest`: parse issuances into the index, keeping what has not changed.

Files whose bytes (sha256) the index already holds are not parsed again and their texts are
not embedded again, so re-ingesting an unchanged corpus writes nothing. A file that fails to
parse is reported with its reason while the others still ingest; the previous index stays
current until a complete new version replaces it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import cast

from tqdm import tqdm

from index import parse_warnings, pdfs, store, versions
from index.assemble import Embed, Previous, Written, resolved_store, write_index
from index.embed import Embedded, Embedder
from index.errors import IngestFailedError, NothingToIngestError
from index.library import Library
from index.report import IngestReport, make_report
from index.settings import Settings
from ingest.errors import IngestError
from ingest.records import ParsedDocument


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: directories give their *.pdf files (sorted), files stay as named."""
    out: list[Path] = []
    for path in paths:
        out += sorted(path.glob("*.pdf")) if path.is_dir() else [path]
    return list(dict.fromkeys(out))


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ingest_paths(
    paths: Iterable[Path],
    index_dir: Path,
    settings: Settings,
    progress: bool = False,
    strict: bool = False,
    replaces: Iterable[str] = (),
) -> IngestReport:
    """Parse `paths` into the index at `index_dir`, replacing changed documents.

    Documents of the index that `paths` do not name are kept. When the index was built by
    another parser version, those documents are parsed again from where they were ingested.
    `replaces` names documents the new files supersede (the Library page's "Replace"): they
    leave the index in the same version the new files enter it, and only if one did.

    Raises:
        NothingToIngestError: `paths` hold no files.
        IngestFailedError: no file could be ingested, or `strict` and one could not.
        IndexBusyError: another ingest is writing the same index.
    """
    start = time.perf_counter()
    targets = _targets([Path(p) for p in paths])
    with versions.writer_lock(index_dir):
        previous = Previous.load(index_dir)
        carried, lost = _carry_over(previous, targets)
        known = _known(previous)
        parsed, unchanged, skipped = _parse_all(targets + list(carried), known, progress, carried)
        skipped += lost
        if skipped and (strict or not (parsed or unchanged)):
            reasons = "; ".join(reason for _, reason in skipped)
            raise IngestFailedError(f"nothing was ingested, the index is unchanged: {reasons}")
        new = {d.document.doc_id: path for path, d in parsed.items()}
        sources = {**(previous.sources() if previous else {}), **new, **unchanged}
        gone = set(replaces) - {d.document.doc_id for d in parsed.values()} - set(unchanged)
        library, written = _merge_and_write(
            index_dir, settings, previous, list(parsed.values()), sources, progress, gone
        )
    return make_report(
        library,
        written,
        list(parsed.values()),
        list(unchanged),
        skipped,
        time.perf_counter() - start,
    )


def _targets(given: list[Path]) -> list[Path]:
    """The files to ingest, or an error that says how to get some."""
    targets = expand_paths(given)
    if not targets:
        where = ", ".join(map(str, given)) or "no path given"
        raise NothingToIngestError(
            f"{where}: no PDF files to ingest. Run `policykb fetch` (needs the internet) or copy "
            "the official issuance PDFs into corpus/ by hand, then `policykb ingest corpus/`"
        )
    return targets


def _known(previous: Previous | None) -> dict[str, str]:
    """sha256 -> doc id of documents whose records can be kept as they are."""
    if previous is None or not previous.compatible:
        return {}
    return {d.sha256: d.doc_id for d in previous.documents.values()}


def _carry_over(
    previous: Previous | None, targets: list[Path]
) -> tuple[dict[Path, Path], list[tuple[Path, str]]]:
    """Sources to parse again (another parser built the index, or it is damaged); gone ones.

    A source that was moved or deleted since it was ingested is parsed from the index's own
    copy of the PDF instead (see `index.pdfs`), so a new parser never drops a document.

    Returns:
        (file to parse -> the source it stands for, (source, reason) of documents dropped).
    """
    if previous is None or previous.compatible:
        return {}, []
    named = {t.resolve() for t in targets}
    again: dict[Path, Path] = {}
    lost: list[tuple[Path, str]] = []
    for doc_id, source in previous.sources().items():
        if source.resolve() in named:
            continue
        doc = previous.documents.get(doc_id)
        copy = previous.version / pdfs.relative_path(doc.sha256) if doc else None
        if source.is_file():
            again[source] = source
        elif copy is not None and doc is not None and pdfs.verified(copy) == doc.sha256:
            again[copy] = source
        else:
            reason = (
                f"{source}: {doc_id} must be parsed again (the index was built by another parser "
                "or is damaged) and its file is gone, so it was dropped. Ingest the PDF again "
                "to restore it"
            )
            lost.append((source, reason))
    return again, lost


def _parse_all(
    targets: list[Path],
    known: dict[str, str],
    progress: bool,
    stand_ins: dict[Path, Path] | None = None,
) -> tuple[dict[Path, ParsedDocument], dict[str, Path], list[tuple[Path, str]]]:
    """Parse the files the index does not hold yet.

    Args:
        targets: the files to parse.
        known: sha256 -> doc id of documents whose records can be kept as they are.
        progress: show a progress bar.
        stand_ins: the index's copy of a PDF -> the gone source it is parsed for; the document
            keeps the source's name and path.

    Returns:
        (parsed document by file, file of each unchanged document id, skipped (file, reason)).
    """
    from ingest.parse import parse_file  # the parser is only needed when something changed

    parsed: dict[Path, ParsedDocument] = {}
    unchanged: dict[str, Path] = {}
    skipped: list[tuple[Path, str]] = []
    for path in tqdm(targets, desc="parse", unit="file", disable=not progress, leave=False):
        try:
            digest = sha256_file(path)
        except OSError as exc:
            skipped.append((path, f"{path}: cannot read the file ({exc.strerror}). Check the path"))
            continue
        if digest in known:
            unchanged[known[digest]] = path.resolve()
            continue
        try:
            doc = parse_file(path)
        except IngestError as exc:
            skipped.append((path, str(exc)))
            continue
        except Exception as exc:  # a parser bug must not stop the other files (issue 7)
            skipped.append((path, f"{path}: the parser failed ({exc!r}). Please report it"))
            continue
        first = next(
            (p for p, d in parsed.items() if d.document.doc_id == doc.document.doc_id), None
        )
        if first is not None:
            skipped.append((path, f"{path}: same issuance as {first}; only the first is used"))
            continue
        source = (stand_ins or {}).get(path, path)
        if source != path:
            doc = replace(doc, document=replace(doc.document, source=source.name))
        parsed[source.resolve()] = doc
    return parsed, unchanged, skipped


def _merge_and_write(
    index_dir: Path,
    settings: Settings,
    previous: Previous | None,
    parsed: list[ParsedDocument],
    sources: dict[str, Path],
    progress: bool,
    gone: set[str] = frozenset(),  # type: ignore[assignment]  # read-only default
) -> tuple[Library, Written | None]:
    """The merged library and, when anything changed, the written version.

    Documents in `gone` are left out of it (replaced by another issuance).
    """
    usable = previous is not None and previous.compatible
    old_docs = previous.documents if previous and usable else {}
    old_paragraphs = previous.paragraphs if previous and usable else []
    gone = gone & set(old_docs)
    same = previous is not None and _same_build(previous, settings, index_dir)
    if not parsed and not gone and previous is not None and usable and same:
        return Library(old_docs, old_paragraphs), None
    new_ids = {d.document.doc_id for d in parsed}
    # A re-ingested file replaces whatever it held before, even under another issuance number;
    # compared by full path, since two folders may hold files of the same name.
    new_paths = {sources[i] for i in new_ids if i in sources}
    old_paths = previous.sources() if previous else {}
    kept = {
        i: d
        for i, d in old_docs.items()
        if i not in new_ids and i not in gone and old_paths.get(i) not in new_paths
    }
    documents = {**kept, **{d.document.doc_id: d.document for d in parsed}}
    paragraphs = [p for p in old_paragraphs if p.doc_id in kept]
    for d in sorted(parsed, key=lambda d: d.document.doc_id):
        paragraphs += d.paragraphs
    library = Library(documents, paragraphs)
    old_boxes = previous.boxes() if previous and usable else {}
    boxes = {key: found for key, found in old_boxes.items() if key[0] in kept}
    for d in parsed:
        # d.boxes is empty for a page-text document, else one entry per record
        boxes.update(zip((p.key for p in d.paragraphs), d.boxes, strict=False))
    where = {d: p for d, p in sources.items() if d in documents}
    warnings = parse_warnings.carried(previous if usable else None, parsed, documents)
    embed = embedding(settings, progress)
    return library, write_index(
        index_dir, library, settings, embed, previous, sources=where, boxes=boxes,
        warnings=warnings,
    )  # fmt: skip


def embedding(settings: Settings, progress: bool = False) -> Embed:
    """The embedding step of a build. The model loads on first use (index.embed), which a
    build that re-uses every vector, such as a removal, never reaches."""
    embedder = Embedder(settings)

    def embed(texts: list[str]) -> Iterator[Embedded]:
        with tqdm(total=len(texts), desc="embed", unit="text", disable=not progress) as bar:
            yield from embedder.encode(texts, progress=bar.update)

    return embed


def _same_build(previous: Previous, settings: Settings, index_dir: Path) -> bool:
    """Whether the current version was built with these settings (the location aside).

    A store named by `--store` (or another Milvus URI) that is not where the index is means a
    rebuild there; the vectors are still re-used.
    """
    old = dict(cast("dict[str, object]", previous.manifest.get("settings", {})))
    new = settings.manifest()
    for data in (old, new):
        data.pop("index_dir", None)
    old["store"] = store.kind_of(previous.manifest)
    new["store"] = resolved_store(settings, previous)
    if old != new:
        return False
    if new["store"] != "milvus":
        return True
    target = store.writer(replace(settings, store="milvus"), index_dir, previous.manifest)
    return bool(previous.manifest["store"].get("uri") == getattr(target, "uri", None))
