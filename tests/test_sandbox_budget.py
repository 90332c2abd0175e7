"""The per-document time limit leaves room for OCR where a document may need it, and only there."""

from __future__ import annotations

from pathlib import Path

from transform.sandbox import DEFAULT_TIMEOUT, OCR_PAGE_ALLOWANCE, time_budget


def test_a_scan_gets_an_ocr_allowance_per_page(real_dir: Path) -> None:
    scan = (real_dir / "derived" / "linxia_gongan_2023_scan.pdf").read_bytes()
    # the scan has five pages and no text layer
    assert time_budget(scan) == DEFAULT_TIMEOUT + 5 * OCR_PAGE_ALLOWANCE


def test_documents_with_text_keep_the_default(real_dir: Path) -> None:
    for name in ("hongze_2023.pdf", "derived/linxia_gongan_2023.pdf", "linxia_gongan_2023.txt",
                 "derived/linxia_gongan_2023.docx", "shanghai_szfbgt_2019.html"):  # fmt: skip
        assert time_budget((real_dir / name).read_bytes()) == DEFAULT_TIMEOUT, name
