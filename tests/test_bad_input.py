"""Every kind of broken document, made here for real, fails alone with a specific error.

Each case goes through `parse_bytes` (in process) and the batch case through the sandbox
(`parse_bytes_limited`), so the hard limits are exercised with real child processes.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter

from transform.formats import zip_guard
from transform.parse import parse_bytes
from transform.sandbox import parse_bytes_limited

# Generous: a broken document must fail fast, but CI machines are slow and shared.
BOUND_SECONDS = 20


def _failed_with(data: bytes, *phrases: str, filename: str | None = None) -> str:
    start = time.monotonic()
    parsed = parse_bytes(data, filename=filename)
    elapsed = time.monotonic() - start
    report = parsed.report
    assert report.parse_status == "failed", (report.parse_status, report.error)
    assert report.error and "\n" not in report.error
    for phrase in phrases:
        assert phrase in report.error, report.error
    assert elapsed < BOUND_SECONDS
    assert parsed.cells == []
    return report.error


def _encrypted(source: Path) -> bytes:
    writer = PdfWriter(clone_from=str(source))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_with_page(width: float, height: float) -> bytes:
    """A minimal valid PDF (correct xref) with one page of the given size."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:g} {height:g}] >>".encode(),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _zip_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _declare_size(container: bytes, member: str, size: int) -> bytes:
    """Rewrite a member's declared uncompressed size in the central directory (a forged bomb)."""
    data = bytearray(container)
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_len]) == name:
            struct.pack_into("<I", data, at + 24, size)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{member} not in the central directory")


# --- one failure mode each ---------------------------------------------------------------


def test_encrypted_pdf(real_dir: Path) -> None:
    _failed_with(_encrypted(real_dir / "hongze_2023.pdf"), "encrypted PDF", "password")


def test_corrupt_pdf() -> None:
    _failed_with(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "corrupt PDF")


def test_truncated_pdf(real_dir: Path) -> None:
    data = (real_dir / "hongze_2023.pdf").read_bytes()
    _failed_with(data[: len(data) // 2], "truncated PDF")


def test_zero_byte_file() -> None:
    assert _failed_with(b"", filename="report.pdf") == "empty document"


def test_truncated_docx(real_dir: Path) -> None:
    data = (real_dir / "derived/linxia_gongan_2023.docx").read_bytes()
    _failed_with(data[: len(data) // 2], "corrupt DOCX")


def test_truncated_xlsx() -> None:
    book = _zip_with({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    _failed_with(book[: len(book) // 2], "corrupt XLSX")


@pytest.mark.slow
def test_truncated_doc(real_dir: Path) -> None:
    data = (real_dir / "derived/linxia_gongan_2023.doc").read_bytes()
    _failed_with(data[:20000], "LibreOffice could not convert the DOC file", "antiword")


def test_real_zip_bomb_in_docx() -> None:
    # 64 MiB of one byte deflates to ~64 KiB: the ratio gives it away before inflating.
    bomb = _zip_with(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document>" + b" " * (64 << 20),
        }
    )
    assert len(bomb) < 1 << 20
    _failed_with(bomb, "zip bomb", "word/document.xml", "expands")


def test_declared_zip_bomb_in_xlsx() -> None:
    book = _zip_with(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<worksheet/>",
        }
    )
    bomb = _declare_size(book, "xl/worksheets/sheet1.xml", 0xFFFFFFFF)
    _failed_with(bomb, "zip bomb", "xl/worksheets/sheet1.xml", "4.0 GiB")


def test_lying_zip_header_is_not_inflated_past_its_declared_size() -> None:
    # A member declaring 1000 bytes but holding 4 MiB: reading stops at the declared size and
    # the checksum then fails, so the lie is an error, never a bigger inflation.
    bomb = _zip_with({"word/document.xml": b" " * (4 << 20)})
    lying = _declare_size(bomb, "word/document.xml", 1000)
    archive = zip_guard.open_container(lying, "DOCX")
    with pytest.raises(zip_guard.CorruptContainerError, match="corrupt DOCX: cannot read"):
        zip_guard.read_member(archive, "word/document.xml", "DOCX")


def test_absurdly_large_page() -> None:
    _failed_with(_pdf_with_page(100_000, 100_000), "page 1 is 100000 × 100000 pt", "limit")


def test_unknown_bytes() -> None:
    _failed_with(bytes(range(256)) * 8, "unknown format")


# --- the sandbox: hard limits and a batch that goes on -----------------------------------


@pytest.mark.slow
def test_batch_of_good_and_bad_files_parses_the_good_ones(real_dir: Path) -> None:
    good_pdf = (real_dir / "hongze_2023.pdf").read_bytes()
    good_docx = (real_dir / "derived/linxia_gongan_2023.docx").read_bytes()
    batch = [
        ("hongze_2023.pdf", good_pdf),
        ("locked.pdf", _encrypted(real_dir / "hongze_2023.pdf")),
        ("empty.pdf", b""),
        ("half.pdf", good_pdf[: len(good_pdf) // 2]),
        ("huge.pdf", _pdf_with_page(100_000, 100_000)),
        ("linxia.docx", good_docx),
    ]
    results = {name: parse_bytes_limited(data, filename=name) for name, data in batch}
    statuses = {name: r.report.parse_status for name, r in results.items()}
    assert statuses == {
        "hongze_2023.pdf": "ok",
        "locked.pdf": "failed",
        "empty.pdf": "failed",
        "half.pdf": "failed",
        "huge.pdf": "failed",
        "linxia.docx": "ok",
    }
    assert len(results["linxia.docx"].cells) == len(results["hongze_2023.pdf"].cells) + 14
    assert "encrypted" in (results["locked.pdf"].report.error or "")


@pytest.mark.slow
def test_sandbox_timeout_kills_a_slow_conversion(real_dir: Path) -> None:
    doc = (real_dir / "derived/linxia_gongan_2023.doc").read_bytes()  # LibreOffice: seconds
    start = time.monotonic()
    parsed = parse_bytes_limited(doc, filename="linxia.doc", timeout=0.5)
    assert time.monotonic() - start < BOUND_SECONDS
    assert parsed.report.parse_status == "failed"
    assert parsed.report.error == "timeout after 0.5 s"


@pytest.mark.slow
def test_sandbox_memory_limit() -> None:
    huge_text = ("行政许可 | 1 |\n" * 3_000_000).encode()  # ~54 MB of pipe rows
    parsed = parse_bytes_limited(huge_text, filename="huge.txt", memory=150 << 20)
    assert parsed.report.parse_status == "failed"
    assert parsed.report.error == "memory limit 150 MiB exceeded"
