"""Formats are told from the bytes; a file name's extension never overrides them."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest

from transform.formats.sniff import ole_streams, sniff


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "行政许可"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("document", "fmt"),
    [
        ("hongze_2023.pdf", "pdf"),
        ("derived/linxia_gongan_2023.pdf", "pdf"),
        ("derived/linxia_gongan_2023.docx", "docx"),
        ("derived/linxia_gongan_2023.doc", "doc"),
        ("shanghai_szfbgt_2019.html", "html"),
        ("linxia_gongan_2023.txt", "txt"),
        ("reference/official_template_2021.docx", "docx"),
    ],
)
def test_real_documents(real_dir: Path, document: str, fmt: str) -> None:
    data = (real_dir / document).read_bytes()
    assert sniff(data) == fmt
    assert sniff(data, "misleading.xls") == fmt  # the extension never wins over the bytes


def test_doc_is_told_by_its_word_document_stream(real_dir: Path) -> None:
    data = (real_dir / "derived/linxia_gongan_2023.doc").read_bytes()
    streams = ole_streams(data)
    assert "WordDocument" in streams and "Workbook" not in streams
    assert sniff(data, "report.wps") == "wps"  # Kingsoft saves Word binaries as .wps


def test_xlsx_and_docx_by_zip_members(real_dir: Path) -> None:
    assert sniff(_xlsx()) == "xlsx"
    assert sniff(_xlsx(), "report.docx") == "xlsx"
    docx = (real_dir / "derived/linxia_gongan_2023.docx").read_bytes()
    assert sniff(docx[: len(docx) // 2]) == "docx"  # truncated: still named by its first member
    other = BytesIO()
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
    assert sniff(other.getvalue(), "report.docx") is None


def test_rtf_images_and_nothing() -> None:
    assert sniff(b"{\\rtf1\\ansi\\deff0 {\\fonttbl}\\f0 \\par}") == "rtf"
    assert sniff(b"\x89PNG\r\n\x1a\n" + bytes(40)) == "image"
    assert sniff(b"\xff\xd8\xff\xe0" + bytes(40), "report.pdf") == "image"
    assert sniff(b"") is None
    assert sniff(b"   \n") is None
    assert sniff(bytes(range(256)) * 4) is None


def test_ole_streams_of_garbage_is_empty() -> None:
    assert ole_streams(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)) == set()
    assert ole_streams(b"not ole") == set()
