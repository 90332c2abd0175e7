"""PDF parse speed against baselines measured in the same run (issue 3: full ≤ 3× raw).

For each fixture PDF with a text layer: this project's full parse (`parse_bytes`: extract,
map, check, metadata), pypdfium2's raw text extraction of every page (the floor any
text-layer parser pays), and pdfplumber's `extract_tables` on every page (the usual
off-the-shelf table finder). Best of several runs after one warm-up (the least disturbed one), in CPU time of this
process (LibreOffice is not involved for PDFs), so that other load on a shared machine
does not skew the ratio.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from transform.parse import parse_bytes

FIXTURES = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures" / "real"
DOCUMENTS = ("hongze_2023.pdf", "derived/linxia_gongan_2023.pdf")
RUNS = 15
TARGET_RATIO = 3.0


def _raw_text(data: bytes) -> None:
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        page.get_textpage().get_text_range()
    pdf.close()


def _pdfplumber_tables(data: bytes) -> None:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def _full_parse(data: bytes) -> None:
    parse_bytes(data, filename="report.pdf")


def _best_ms(fn: Callable[[bytes], None], data: bytes, runs: int = RUNS) -> float:
    fn(data)
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn(data)
        times.append(time.process_time() - start)
    return min(times) * 1000


def run() -> None:
    header = f"{'document':36} {'pages':>5} {'full cpu ms':>11} {'raw cpu ms':>10} {'plumber cpu ms':>14} {'full/raw':>8}"
    print(header)
    print("-" * len(header))
    ratios = []
    for name in DOCUMENTS:
        path = FIXTURES / name
        if not path.is_file():
            print(f"{name:36} missing")
            continue
        data = path.read_bytes()
        pages = len(pdfium.PdfDocument(data))
        full = _best_ms(_full_parse, data)
        raw = _best_ms(_raw_text, data)
        plumber = _best_ms(_pdfplumber_tables, data, runs=3)
        ratios.append(full / raw)
        print(f"{name:36} {pages:5d} {full:11.1f} {raw:10.1f} {plumber:14.1f} {full / raw:8.2f}")
    if ratios:
        worst = max(ratios)
        verdict = "within" if worst <= TARGET_RATIO else "OVER"
        print(f"worst full/raw ratio {worst:.2f} ({verdict} the {TARGET_RATIO:g}× target)")


if __name__ == "__main__":
    run()
