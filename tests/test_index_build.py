"""ingest_paths with the real parser and model on the fictional DoDI 9999.01 (8 pages).

Covers the orchestration: summary counts, content-hash re-use, changed files replacing their
records, other documents kept, bad files skipped with reasons, --strict, and total failure.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.fictional_issuance import write_fictional_pdf

from index.build import ingest_paths
from index.errors import IngestFailedError, NothingToIngestError
from index.library import Library
from index.settings import Settings

pytestmark = pytest.mark.model


def fictional_pdf(factory: pytest.TempPathFactory) -> Path:
    """The fictional PDF, written once per session."""
    path = factory.getbasetemp() / "fictional" / "DoDI_9999.01.pdf"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_fictional_pdf(path)
    return path


def fictional_index(factory: pytest.TempPathFactory) -> Path:
    """An index of the fictional PDF, built once per session; copy it before changing it."""
    index_dir = factory.getbasetemp() / "fictional" / "index"
    if not index_dir.exists():
        report = ingest_paths([fictional_pdf(factory)], index_dir, Settings(index_dir=index_dir))
        assert not report.skipped, report.skipped
    return index_dir


def page_text_variant(pdf: Path, target: Path, old: str, new: str) -> Path:
    """The fictional issuance as a page-text file with one sentence changed."""
    from pypdf import PdfReader

    pages = PdfReader(pdf).pages
    text = "".join(f"=== PAGE {i} ===\n{p.extract_text()}\n" for i, p in enumerate(pages, 1))
    assert text.count(old) == 1
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target


@pytest.fixture
def index_copy(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    target = tmp_path / "index"
    shutil.copytree(fictional_index(tmp_path_factory), target, symlinks=True)
    return target


def test_first_ingest_reports_counts(tmp_path_factory: pytest.TempPathFactory) -> None:
    index_dir = fictional_index(tmp_path_factory)
    lib = Library.load(index_dir)
    assert list(lib.documents) == ["DoDI 9999.01"]
    assert lib.get("DoDI 9999.01", "3.1.a.(2)(d)") is not None


def test_unchanged_corpus_embeds_nothing_within_a_second(
    tmp_path_factory: pytest.TempPathFactory, index_copy: Path
) -> None:
    before = sorted(index_copy.glob("v-*"))
    report = ingest_paths([fictional_pdf(tmp_path_factory)], index_copy, Settings())
    assert (report.documents, report.parsed, report.embedded, report.version) == (1, 0, 0, None)
    assert report.pages == 8 and report.reused > 30 and report.paragraphs > 40
    assert report.seconds < 1.0
    assert sorted(index_copy.glob("v-*")) == before


def test_changed_file_replaces_its_records_and_embeds_only_changes(
    tmp_path_factory: pytest.TempPathFactory, index_copy: Path, tmp_path: Path
) -> None:
    pdf = fictional_pdf(tmp_path_factory)
    changed = page_text_variant(pdf, tmp_path / "v2.txt", "Pothos.", "Golden pothos.")
    report = ingest_paths([changed], index_copy, Settings())
    assert report.parsed == 1 and 1 <= report.embedded <= 3 and report.reused > 30
    lib = Library.load(index_copy)
    assert list(lib.documents) == ["DoDI 9999.01"]
    para = lib.get("DoDI 9999.01", "3.1.a.(2)(d)")
    assert para is not None and para.text == "Golden pothos."
    assert sum(p.path == "3.1.a.(2)(d)" for p in lib.paragraphs) == 1


def test_other_documents_are_kept(
    samples_dir: Path, index_copy: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    report = ingest_paths([samples_dir / "old" / "DoDD_5535.04.pdf"], index_copy, Settings())
    assert report.documents == 1 and report.total_documents == 2
    assert set(Library.load(index_copy).documents) == {"DoDI 9999.01", "DoDD 5535.4"}


def test_same_file_name_in_another_folder_is_another_document(
    samples_dir: Path, index_copy: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "downloads" / "DoDI_9999.01.pdf"  # same name, another issuance
    elsewhere.parent.mkdir()
    shutil.copy(samples_dir / "old" / "DoDD_5535.04.pdf", elsewhere)
    report = ingest_paths([elsewhere], index_copy, Settings())
    assert report.total_documents == 2
    assert set(Library.load(index_copy).documents) == {"DoDI 9999.01", "DoDD 5535.4"}


def test_unreadable_document_list_is_rebuilt_from_the_recorded_sources(
    samples_dir: Path, index_copy: Path
) -> None:
    ingest_paths([samples_dir / "old" / "DoDD_5535.04.pdf"], index_copy, Settings())
    (index_copy / "current" / "documents.json").write_text("[", encoding="utf-8")
    report = ingest_paths([samples_dir / "old" / "DoDD_5535.04.pdf"], index_copy, Settings())
    assert not report.skipped and report.total_documents == 2  # 9999.01 re-parsed, not lost
    assert set(Library.load(index_copy).documents) == {"DoDI 9999.01", "DoDD 5535.4"}


def test_bad_files_are_skipped_with_reasons(
    index_copy: Path, tmp_path: Path, samples_dir: Path
) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    fake = tmp_path / "fake.pdf"
    fake.write_text("<html>not a pdf</html>")
    good = samples_dir / "old" / "DoDD_6000.6.pdf"
    report = ingest_paths([empty, fake, good, tmp_path / "missing.pdf"], index_copy, Settings())
    reasons = dict(report.skipped)
    assert set(reasons) == {empty, fake, tmp_path / "missing.pdf"}
    assert all(str(path) in reason for path, reason in reasons.items())
    assert "DoDD 6000.6" in Library.load(index_copy).documents


def test_strict_and_total_failure_leave_the_index_untouched(
    index_copy: Path, tmp_path: Path, samples_dir: Path
) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf")
    before = sorted(index_copy.glob("v-*"))
    with pytest.raises(IngestFailedError, match=r"fake\.pdf"):
        ingest_paths([fake], index_copy, Settings())
    with pytest.raises(IngestFailedError, match=r"fake\.pdf"):
        ingest_paths(
            [fake, samples_dir / "old" / "DoDD_6000.6.pdf"], index_copy, Settings(), strict=True
        )
    assert sorted(index_copy.glob("v-*")) == before
    assert list(Library.load(index_copy).documents) == ["DoDI 9999.01"]


def test_empty_directory_says_how_to_add_pdfs(tmp_path: Path) -> None:
    with pytest.raises(NothingToIngestError, match="policykb fetch"):
        ingest_paths([tmp_path], tmp_path / "index", Settings())
