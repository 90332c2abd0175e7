"""OCR speed per page against pypdfium2's render of the same page, measured in the same run.

For each page of the scanned fixture (derived/linxia_gongan_2023_scan.pdf): rendering the
page at the OCR resolution (the floor any OCR of a PDF pays), finding its tables (deskew and
ruling lines, no recognition), and the whole OCR of the page (`ocr_pdf(pages=[n])`: render,
layout, every cell and text line recognised). Times are CPU seconds of this process (the
onnxruntime threads included), so other load on a shared machine does not skew the ratio;
the engine runs with the threads a pool worker gets (GKNB_OCR_THREADS, default 1), so CPU
time is also about the wall time a worker spends.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from transform.formats.ocr import OcrSettings, ocr_pdf
from transform.formats.ocr_grid import analyse_page

FIXTURES = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures" / "real"
DOCUMENT = "derived/linxia_gongan_2023_scan.pdf"
RENDER_RUNS = 5


def _cpu_seconds(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def _page(data: bytes, number: int, settings: OcrSettings) -> tuple[int, float, float, float]:
    """(tables found, render, layout and whole-OCR CPU seconds) for one page."""
    render = min(
        _cpu_seconds(lambda: _render(data, number, settings.dpi))[0] for _ in range(RENDER_RUNS)
    )
    gray = _render(data, number, settings.dpi)
    layout, found = _cpu_seconds(lambda: analyse_page(gray, settings.dpi))
    ocr, _ = _cpu_seconds(lambda: ocr_pdf(data, pages=[number], settings=settings))
    return len(found.tables), render, layout, ocr  # type: ignore[attr-defined]


def _render(data: bytes, number: int, dpi: int) -> np.ndarray:
    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[number - 1].render(scale=dpi / 72, grayscale=True).to_numpy()
    finally:
        pdf.close()


def run() -> None:
    path = FIXTURES / DOCUMENT
    if not path.is_file():
        print(f"{DOCUMENT} missing")
        return
    data = path.read_bytes()
    settings = OcrSettings()
    pages = len(pdfium.PdfDocument(data))
    ocr_pdf(data, pages=[pages], settings=settings)  # load the models once, outside the timing

    header = (
        f"{'page':>4} {'tables':>6} {'render cpu s':>12} {'layout cpu s':>12} "
        f"{'ocr cpu s':>9} {'ocr/render':>10}"
    )
    print(f"{DOCUMENT} at {settings.dpi} dpi, {settings.threads} onnxruntime thread(s)")
    print(header)
    print("-" * len(header))
    total_render = total_ocr = 0.0
    for number in range(1, pages + 1):
        tables, render, layout, ocr = _page(data, number, settings)
        total_render += render
        total_ocr += ocr
        print(
            f"{number:4d} {tables:6d} {render:12.3f} {layout:12.3f} {ocr:9.2f} {ocr / render:10.0f}"
        )
    print(
        f"all {pages} pages: ocr {total_ocr:.1f} cpu s ({total_ocr / pages:.1f} per page), "
        f"{total_ocr / total_render:.0f}× the render time"
    )
