"""Bad input gives a specific ``IngestError`` naming the file, never a traceback (issue 7)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fixtures.fictional_issuance import write_fictional_pdf
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from ingest.errors import (
    CorruptPdfError,
    EmptyFileError,
    EncryptedPdfError,
    IngestError,
    NotAPdfError,
    NoTextLayerError,
    UnrecognisedIssuanceError,
)
from ingest.parse import parse_file


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fictional_pdf(tmp_path_factory.mktemp("good") / "DoDI_9999.01.pdf")


def _raises(path: Path, error: type[IngestError]) -> str:
    with pytest.raises(error) as info:
        parse_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert info.value.path == path
    return message


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert "empty (0 bytes)" in _raises(path, EmptyFileError)


def test_renamed_non_pdf(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("<html><body>Not found</body></html>", encoding="utf-8")
    assert "not a PDF" in _raises(path, NotAPdfError)


def test_truncated_pdf(tmp_path: Path, good_pdf: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(good_pdf.read_bytes()[: good_pdf.stat().st_size // 2])
    assert "truncated" in _raises(path, CorruptPdfError)


def test_corrupted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    assert "cannot read it" in _raises(path, CorruptPdfError)


def _encrypt(source: Path, target: Path, password: str) -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def test_encrypted_with_password(tmp_path: Path, good_pdf: Path) -> None:
    path = _encrypt(good_pdf, tmp_path / "locked.pdf", "secret")
    assert "password" in _raises(path, EncryptedPdfError)


def test_encrypted_with_empty_password_parses(tmp_path: Path, good_pdf: Path) -> None:
    path = _encrypt(good_pdf, tmp_path / "restricted.pdf", "")
    parsed = parse_file(path)
    assert parsed.document.doc_id == "DoDI 9999.01"
    assert parsed.paragraphs == parse_file(good_pdf).paragraphs


def test_image_only_pdf(tmp_path: Path) -> None:
    image = tmp_path / "scan.png"
    _png(image)
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.image(str(image), x=72, y=72, w=200)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    assert "ocrmypdf" in _raises(path, NoTextLayerError)


def _png(path: Path) -> None:
    """A tiny grey PNG written by hand, so the test needs no imaging library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80" * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )  # fmt: skip


def test_not_an_issuance(tmp_path: Path) -> None:
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.set_font("Times", "", 12)
    pdf.text(72, 72, "Quarterly cafeteria menu: soup on Mondays.")
    path = tmp_path / "menu.pdf"
    pdf.output(str(path))
    assert "does not look like a DoD issuance" in _raises(path, UnrecognisedIssuanceError)


def test_text_file_without_page_markers(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n", encoding="utf-8")
    assert "page markers" in _raises(path, NotAPdfError)


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read the file" in _raises(tmp_path / "absent.pdf", IngestError)


def test_500_page_pdf_parses_in_bounded_time(tmp_path: Path) -> None:
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_font("Times", "", 12)
    pdf.add_page()
    pdf.text(180, 200, "DOD INSTRUCTION 9999.01")
    pdf.text(72, 240, "Effective: March 3, 2024")
    for page in range(2, 501):
        section, first = divmod(page - 2, 10)
        pdf.add_page()
        pdf.text(394, 47, "DoDI 9999.01, March 3, 2024")
        if not first:
            pdf.text(72, 90, f"SECTION {section + 1}:  FICTIONAL FILLER")
        for i in range(1, 21):
            number = f"{section + 1}.{first * 20 + i}."
            pdf.text(72, 100 + 30 * i, f"{number}  ITEM.  Plants may be watered {i} times.")
        pdf.text(72, 753, f"SECTION {section + 1}:  FICTIONAL FILLER")
        pdf.text(528, 753, str(page))
    path = tmp_path / "long.pdf"
    pdf.output(str(path))
    start = time.perf_counter()
    parsed = parse_file(path)
    elapsed = time.perf_counter() - start
    assert parsed.document.pages == 500
    assert len(parsed.paragraphs) == 50 + 499 * 20
    assert elapsed < 60, f"500 pages took {elapsed:.1f} s"
