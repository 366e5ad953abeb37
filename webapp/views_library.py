"""Library mode: what the index holds and how well it was read; add, replace or remove issuances.

An upload is checked (PDF signature, size cap, safe name) before it is stored under the data
directory, then ingested; a replacement or a removal goes through the same locked, versioned
path as `policykb ingest`, so a reader sees the library before or after the change, never in
between, and a failure leaves it as it was. With POLICYKB_READ_ONLY=1 nothing can be changed.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from index import files, parse_warnings, versions
from index.build import ingest_paths
from index.errors import IndexBusyError, IndexLoadError, IngestFailedError, UnknownDocumentError
from index.library import Library
from index.remove import remove_documents
from index.settings import Settings
from webapp.markup import escape
from webapp.messages import public
from webapp.resources import Paths
from webapp.uploads import (
    MAX_UPLOAD_BYTES,
    CheckedUpload,
    UploadError,
    check_upload,
    store_upload,
)

NOTICE = "library_notice"  # session key: the last change's outcome, shown after the rerun
ADD = ""  # the "Replaces" choice for adding a new issuance
READ_ONLY = (
    "This library is read-only (POLICYKB_READ_ONLY): issuances are added and removed by "
    "whoever runs it, with `policykb ingest` and `policykb remove`."
)


def render(library: Library | None, paths: Paths, settings: Settings) -> None:
    """The documents with their parse warnings, then the forms that change the library."""
    if library is not None:
        warnings = _warnings(paths)
        st.subheader("Issuances in the index")
        st.dataframe(document_rows(library, warnings), hide_index=True, width="stretch")
        for doc_id, found in sorted(warnings.items()):
            if doc_id in library.documents:
                with st.expander(escape(f"{doc_id}: {len(found)} parse warning(s)")):
                    for warning in found:
                        st.markdown("- " + escape(warning))
    if paths.read_only:
        st.info(READ_ONLY)
        return
    upload_form(library, paths, settings)
    if library is not None:
        remove_form(library, paths, settings)


def notice() -> None:
    """Show what the last upload, replacement or removal did (kept across its rerun)."""
    kind, text = st.session_state.pop(NOTICE, (None, ""))
    if kind == "success":
        st.success(text)
    elif kind == "info":
        st.info(text)


def document_rows(
    library: Library, warnings: dict[str, tuple[str, ...]] | None = None
) -> list[dict[str, object]]:
    """One row per issuance: id, title, dates, pages, paragraphs, parse warnings, file hash."""
    counts: dict[str, int] = {}
    for p in library.paragraphs:
        counts[p.doc_id] = counts.get(p.doc_id, 0) + 1
    return [
        {
            "id": doc.doc_id,
            "title": doc.title,
            "effective": doc.effective,
            "change": f"Change {doc.changes[-1].number}, {doc.changes[-1].date}"
            if doc.changes
            else "",
            "pages": doc.pages,
            "paragraphs": counts.get(doc.doc_id, 0),
            "warnings": len((warnings or {}).get(doc.doc_id, ())),
            "sha256": doc.sha256,
        }
        for doc in sorted(library.documents.values(), key=lambda d: d.doc_id)
    ]


def upload_form(library: Library | None, paths: Paths, settings: Settings) -> None:
    """Upload one PDF, as a new issuance or in place of one; refusals say why and what to do."""
    st.subheader("Add or replace an issuance")
    docs = sorted(library.documents) if library is not None else []
    with st.form("upload", clear_on_submit=True):
        uploaded = st.file_uploader(
            f"Issuance PDF (at most {MAX_UPLOAD_BYTES // 1_000_000} MB)", type=["pdf"]
        )
        replaces = st.selectbox(
            "Replaces",
            [ADD, *docs],
            format_func=lambda d: f"{d} (its records go, the new file's come in)" if d else "—",
            help="A newer version or a better copy of an issuance already in the index.",
        )
        submitted = st.form_submit_button("Add to the index")
    if not submitted or uploaded is None:
        return
    try:
        checked = check_upload(uploaded.name, uploaded.getvalue())
    except UploadError as exc:
        st.error(escape(str(exc)))
        return
    _ingest(checked, replaces, library, paths, settings)


def remove_form(library: Library, paths: Paths, settings: Settings) -> None:
    """Take one issuance out of the index; an uploaded copy of it is deleted as well."""
    st.subheader("Remove an issuance")
    with st.form("remove"):
        doc_id = st.selectbox(
            "Issuance",
            sorted(library.documents),
            format_func=lambda d: f"{d} — {library.documents[d].title}",
        )
        sure = st.checkbox("Yes, remove it from the index")
        submitted = st.form_submit_button("Remove")
    if not submitted or doc_id is None:
        return
    if not sure:
        st.warning("Tick “Yes, remove it from the index” to confirm.")
        return
    try:
        removed = remove_documents(paths.index_dir, [doc_id], settings)
    except (IndexBusyError, IndexLoadError, UnknownDocumentError) as exc:
        st.error(escape(public(str(exc), paths)))
        return
    for source in removed.sources.values():
        _forget_upload(source, paths)
    _done("success", f"Removed {doc_id} ({removed.paragraphs} paragraphs).")


def _ingest(
    checked: CheckedUpload, replaces: str, library: Library | None, paths: Paths, settings: Settings
) -> None:
    """Store and ingest one checked upload; on failure the stored copy is removed again."""
    before = set(paths.uploads.glob("*.pdf")) if paths.uploads.is_dir() else set()
    stored = store_upload(checked, paths.uploads)
    names = {stored: checked.name}
    old_source = _source(paths, replaces) if replaces else None
    try:
        with st.spinner(escape(f"Ingesting {checked.name}…")):
            report = ingest_paths(
                [stored], paths.index_dir, settings, replaces=[replaces] if replaces else ()
            )
    except (IngestFailedError, IndexBusyError) as exc:
        if stored not in before:
            stored.unlink(missing_ok=True)  # keep only files that are in the index
        st.error(escape(public(str(exc), paths, names)))
        st.info("Nothing already in the index was changed.")
        return
    if report.version is None:
        st.info(escape(f"{checked.name} is already in the index; nothing changed."))
        return
    if old_source is not None and old_source != stored:
        _forget_upload(old_source, paths)
    what = f"Replaced {replaces} with {checked.name}" if replaces else f"Added {checked.name}"
    lines = [f"{what}: {report.paragraphs} paragraphs from {report.pages} pages."]
    lines += [public(w, paths, names) for w in report.warnings]
    _done("success", "  \n".join(escape(line) for line in lines))


def _done(kind: str, text: str) -> None:
    """Keep the outcome for the next run and rerun, so every view sees the new library."""
    st.session_state[NOTICE] = (kind, text)
    st.rerun()


def _source(paths: Paths, doc_id: str) -> Path | None:
    """Where `doc_id` was ingested from (the manifest records it), None when unknown."""
    try:
        version = versions.resolve(paths.index_dir)
        manifest = files.read_json(version / versions.MANIFEST, paths.index_dir)
    except IndexLoadError:
        return None
    source = manifest.get("sources", {}).get(doc_id) if isinstance(manifest, dict) else None
    return Path(source) if isinstance(source, str) else None


def _forget_upload(source: Path, paths: Paths) -> None:
    """Delete `source` if it is a PDF this app stored (never a file ingested from elsewhere)."""
    if source.parent.resolve() == paths.uploads.resolve():
        source.unlink(missing_ok=True)


def _warnings(paths: Paths) -> dict[str, tuple[str, ...]]:
    """Parse warnings by document; none when the manifest cannot say (an older index)."""
    try:
        return parse_warnings.read(paths.index_dir)
    except IndexLoadError:
        return {}
