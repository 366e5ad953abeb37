"""Uploads: only PDFs under the cap are accepted, and nothing is written outside uploads/."""

from __future__ import annotations

from pathlib import Path

import pytest

from webapp.uploads import CheckedUpload, UploadError, check_upload, safe_filename, store_upload

PDF = b"%PDF-1.7\n%fictional test bytes\n"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("DoDI 5400.17.pdf", "DoDI_5400.17.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\evil.PDF", "evil.pdf"),
        ("/absolute/path/x.pdf", "x.pdf"),
        ("..", "upload.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("résumé<script>.pdf", "resume_script.pdf"),
        ("no-extension", "no-extension.pdf"),
        ("", "upload.pdf"),
    ],
)
def test_safe_filename_strips_directories_and_odd_characters(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_check_upload_accepts_a_pdf_and_sanitises_its_name() -> None:
    checked = check_upload("../DoDI 9999.01.pdf", PDF)
    assert checked == CheckedUpload("DoDI_9999.01.pdf", PDF)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"<html>not a pdf</html>", "not a PDF"),
        (b"PK\x03\x04 a zip renamed .pdf", "not a PDF"),
    ],
)
def test_check_upload_refuses_non_pdfs_naming_file_and_reason(data: bytes, problem: str) -> None:
    with pytest.raises(UploadError, match=problem) as err:
        check_upload("bad.pdf", data)
    assert str(err.value).startswith("bad.pdf: ")


def test_check_upload_refuses_files_over_the_cap() -> None:
    with pytest.raises(UploadError, match="over the 1 MB limit"):
        check_upload("big.pdf", PDF + b"0" * 1_000_000, max_bytes=1_000_000)


def test_store_upload_writes_inside_the_directory_only(tmp_path: Path) -> None:
    uploads = tmp_path / "data" / "uploads"
    stored = store_upload(check_upload("../../escape.pdf", PDF), uploads)
    assert stored == (uploads / "escape.pdf").resolve()
    assert stored.read_bytes() == PDF
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["escape.pdf"]


def test_store_upload_never_overwrites_a_different_file(tmp_path: Path) -> None:
    first = store_upload(check_upload("a.pdf", PDF), tmp_path)
    again = store_upload(check_upload("a.pdf", PDF), tmp_path)
    other = store_upload(check_upload("a.pdf", PDF + b"changed"), tmp_path)
    assert first == again == tmp_path.resolve() / "a.pdf"
    assert other == tmp_path.resolve() / "a-2.pdf"
    assert first.read_bytes() == PDF


def test_store_upload_refuses_a_name_that_escapes(tmp_path: Path) -> None:
    # Only reachable if a caller bypasses check_upload; the guard must still hold.
    with pytest.raises(UploadError, match="outside") as err:
        store_upload(CheckedUpload("../outside.pdf", PDF), tmp_path / "uploads")
    assert not (tmp_path / "outside.pdf").exists()
    assert str(tmp_path) not in str(err.value)  # the browser never learns server paths
