"""Library mode: what the index holds, and adding an issuance PDF by upload.

An upload is checked (PDF signature, size cap, safe name) before it is stored under the data
directory, then ingested; the index is swapped in only when the ingest succeeds, so a bad
file leaves everything already ingested as it was.
"""

from __future__ import annotations

import streamlit as st

from index.build import ingest_paths
from index.errors import IndexBusyError, IngestFailedError
from index.library import Library
from index.settings import Settings
from webapp.markup import escape
from webapp.resources import Paths
from webapp.uploads import (
    MAX_UPLOAD_BYTES,
    CheckedUpload,
    UploadError,
    check_upload,
    store_upload,
)


def render(library: Library | None, paths: Paths, settings: Settings) -> None:
    """The documents table (when there is an index) and the upload form."""
    if library is not None:
        st.subheader("Issuances in the index")
        st.dataframe(document_rows(library), hide_index=True, width="stretch")
    upload_form(paths, settings)


def document_rows(library: Library) -> list[dict[str, object]]:
    """One row per issuance: id, title, dates, pages, paragraph count and file hash."""
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
            "sha256": doc.sha256,
        }
        for doc in sorted(library.documents.values(), key=lambda d: d.doc_id)
    ]


def upload_form(paths: Paths, settings: Settings) -> None:
    """Upload one PDF and ingest it; every refusal is shown with its reason and fix."""
    st.subheader("Add an issuance")
    with st.form("upload", clear_on_submit=True):
        uploaded = st.file_uploader(
            f"Issuance PDF (at most {MAX_UPLOAD_BYTES // 1_000_000} MB)", type=["pdf"]
        )
        submitted = st.form_submit_button("Add to the index")
    if not submitted or uploaded is None:
        return
    try:
        checked = check_upload(uploaded.name, uploaded.getvalue())
    except UploadError as exc:
        st.error(escape(str(exc)))
        return
    _ingest(checked, paths, settings)


def _ingest(checked: CheckedUpload, paths: Paths, settings: Settings) -> None:
    """Store and ingest one checked upload; on failure the stored copy is removed again."""
    before = set(paths.uploads.glob("*.pdf")) if paths.uploads.is_dir() else set()
    stored = store_upload(checked, paths.uploads)
    try:
        with st.spinner(escape(f"Ingesting {checked.name}…")):
            report = ingest_paths([stored], paths.index_dir, settings)
    except (IngestFailedError, IndexBusyError) as exc:
        if stored not in before:
            stored.unlink(missing_ok=True)  # keep only files that are in the index
        st.error(escape(str(exc)))
        st.info("Nothing already in the index was changed.")
        return
    if report.parsed == 0:
        st.info(escape(f"{checked.name} is already in the index; nothing changed."))
        return
    st.success(
        escape(f"Added {checked.name}: {report.paragraphs} paragraphs from {report.pages} pages.")
    )
    for warning in report.warnings:
        st.caption(escape(warning))
