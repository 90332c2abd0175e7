"""OCR of image-only reports: the scanned linxia report (derived/linxia_gongan_2023_scan.pdf,
slightly skewed, JPEG-compressed) reads as its hand-verified gold, doubtful readings are
marked uncertain, and a page image made here reads through the image extractor."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from tests.conftest import gold
from transform.document import ExtractedDocument, Grid, TextBlock
from transform.formats import extractor_for
from transform.formats.image import extract as extract_image
from transform.formats.ocr import (
    A4_HEIGHT_INCHES,
    OcrError,
    OcrSettings,
    _page_slices,
    ocr_image,
    ocr_pdf,
)
from transform.formats.ocr_grid import analyse_page
from transform.mapper import map_document
from transform.model import table_spec
from transform.parse import UNCERTAIN_CONFIDENCE, parse_bytes, parse_file

SCAN = "derived/linxia_gongan_2023_scan.pdf"
# Debian's fonts-noto-cjk (Makefile APT_PACKAGES)
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
GOLD = "linxia_gongan_2023"


def _t4_gold_in_print_order() -> list[str]:
    cells = gold(GOLD)["cells"]
    return [_printed(cells[f"t4.{row}.{col}"]) for row, col in table_spec("2021", "t4").cell_keys()]


def _printed(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _origins(grid: Grid) -> list[list[str]]:
    """The grid's texts with span copies shown as '^' (what was printed once)."""
    return [["^" if c.is_span_copy else c.text for c in row] for row in grid.rows]


# --- the whole scanned report -------------------------------------------------------------


@pytest.mark.slow
def test_scanned_report_reads_as_its_gold(real_dir: Path) -> None:
    parsed = parse_file(real_dir / SCAN)
    report = parsed.report
    g = gold(GOLD)
    assert report.format == "pdf"
    assert report.extraction == "ocr"
    assert (report.agency, report.year, report.template, report.scope) == (
        g["agency"],
        g["year"],
        g["template"],
        g["scope"],
    )

    cells = {c.key: c for c in parsed.cells}
    assert len(cells) == len(parsed.cells), "a cell key emitted twice"
    expected = g["cells"]
    differing = [
        key
        for key, value in expected.items()
        if key not in cells
        or cells[key].state != "number"
        or not np.isclose(cells[key].value, value, rtol=0, atol=1e-9)
    ]
    matched = 1 - len(differing) / len(expected)
    assert matched >= 0.995, f"{matched:.1%} of cells match; differing: {differing[:20]}"

    # A misreading is never presented as clean: it is uncertain, or an identity catches it.
    failed_check = any(c.status == "fail" for c in parsed.checks)
    for key in differing:
        cell = cells.get(key)
        assert (cell is not None and cell.confidence < UNCERTAIN_CONFIDENCE) or failed_check, key

    uncertain = [c.key for c in parsed.cells if c.confidence < UNCERTAIN_CONFIDENCE]
    if uncertain:
        assert report.parse_status == "partial"
        assert "uncertain" in (report.error or "")
    else:
        assert report.parse_status == "ok", report.error
    # Every identity comes out as in the gold, unless an uncertain cell leaves it unassessed.
    got_checks = {(c.check, c.key): c.status for c in parsed.checks}
    assert set(got_checks) == {(c["check"], c["key"]) for c in g["checks"]}
    for c in g["checks"]:
        got = got_checks[(c["check"], c["key"])]
        assert got == c["status"] or (uncertain and got == "not_assessable"), (c, got)


# --- one page, table 2 ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def scan_page_2(real_dir: Path) -> ExtractedDocument:
    return ocr_pdf((real_dir / SCAN).read_bytes(), pages=[2])


def test_table_2_grid_keeps_the_printed_spans(scan_page_2: ExtractedDocument) -> None:
    assert scan_page_2.extraction == "ocr"
    assert scan_page_2.warnings == []
    (grid,) = scan_page_2.grids
    assert grid.page == 2
    cells = gold(GOLD)["cells"]
    licences = _printed(cells["t2.licensing.decisions"])
    # The grey section rows span the table; 本年处理决定数量 and its number span 3 columns.
    assert _origins(grid) == [
        ["第二十条第（一）项", "^", "^", "^"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        [
            "规章",
            *(_printed(cells[f"t2.regulations.{c}"]) for c in ("issued", "repealed", "in_force")),
        ],
        [
            "行政规范性文件",
            *(
                _printed(cells[f"t2.normative_documents.{c}"])
                for c in ("issued", "repealed", "in_force")
            ),
        ],
        ["第二十条第（五）项", "^", "^", "^"],
        ["信息内容", "本年处理决定数量", "^", "^"],
        ["行政许可", licences, "^", "^"],
        ["第二十条第（六）项", "^", "^", "^"],
        ["信息内容", "本年处理决定数量", "^", "^"],
        ["行政处罚", _printed(cells["t2.punishment.decisions"]), "^", "^"],
    ]
    # span copies carry their origin's text and point back to it
    assert grid.rows[6][3].text == licences and grid.rows[6][3].origin == (6, 1)
    assert all(0.0 <= c.confidence <= 1.0 for row in grid.rows for c in row)
    assert grid.rows[6][1].confidence >= UNCERTAIN_CONFIDENCE


def test_text_outside_tables_becomes_text_blocks(scan_page_2: ExtractedDocument) -> None:
    texts = [b.text for b in scan_page_2.blocks if isinstance(b, TextBlock)]
    assert "二、主动公开政府信息情况" in texts
    # a numbered heading after a full last line of a paragraph is still its own block
    assert "(四)政府信息公开平台建设" in texts
    assert any(t.startswith("2023") and "制发规范性文件" in t for t in texts)
    # reading order: the section heading comes right before its table
    heading = next(
        i
        for i, b in enumerate(scan_page_2.blocks)
        if isinstance(b, TextBlock) and b.text == texts[-1]
    )
    assert isinstance(scan_page_2.blocks[heading + 1], Grid)


def test_a_page_out_of_time_is_left_unread_not_guessed(real_dir: Path) -> None:
    doc = ocr_pdf(
        (real_dir / SCAN).read_bytes(), pages=[4], settings=OcrSettings(page_time_limit_s=0)
    )
    assert any("time limit" in w for w in doc.warnings)
    table_4 = doc.grids[-1]
    assert all(c.text == "" and c.confidence == 0.0 for c in table_4.rows[-1])


# --- an image made here ---------------------------------------------------------------------


def test_png_page_reads_through_the_image_extractor(real_dir: Path) -> None:
    pdf = pdfium.PdfDocument((real_dir / SCAN).read_bytes())
    try:
        image = pdf[3].render(scale=150 / 72).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    png = buffer.getvalue()

    assert extractor_for("image") is extract_image
    doc = extract_image(png)
    assert (doc.format, doc.extraction) == ("image", "ocr")
    table_4 = doc.grids[-1]
    assert (len(table_4.rows), table_4.width) == (4, 15)
    assert [c.text for c in table_4.rows[-1]] == _t4_gold_in_print_order()
    assert all(c.confidence >= UNCERTAIN_CONFIDENCE for c in table_4.rows[-1])

    mapping = map_document(doc)
    t4 = {c.key: c.value for c in mapping.cells if c.key.startswith("t4.")}
    assert t4 == {k: v for k, v in gold(GOLD)["cells"].items() if k.startswith("t4.")}


# --- geometry and bad input (no recognition) --------------------------------------------------


def test_grid_geometry_undoes_skew_and_finds_merged_cells() -> None:
    """A drawn 3 × 3 table whose top row is one merged cell and whose first column's lower
    two cells are merged, rotated by 1.2°."""
    page = np.full((1100, 850), 255, np.uint8)
    xs, ys = [100, 300, 500, 700], [200, 260, 320, 380]
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 2)
    page[ys[0] + 3 : ys[1] - 2, xs[1] - 2 : xs[1] + 3] = 255  # top row: one cell
    page[ys[0] + 3 : ys[1] - 2, xs[2] - 2 : xs[2] + 3] = 255
    page[ys[2] - 2 : ys[2] + 3, xs[0] + 3 : xs[1] - 2] = 255  # first column: rows 2-3 merged
    cv2.putText(page, "Title text above the table", (100, 150), cv2.FONT_HERSHEY_SIMPLEX, 1, 0, 2)
    rotation = cv2.getRotationMatrix2D((425, 550), 1.2, 1.0)
    skewed = cv2.warpAffine(page, rotation, (850, 1100), borderValue=255)

    layout = analyse_page(skewed, dpi=100)
    assert layout.skew_degrees == pytest.approx(-1.2, abs=0.1)
    (table,) = layout.tables
    assert (table.n_rows, table.n_cols) == (3, 3)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in table.cells}
    assert spans == {
        (0, 0): (1, 3),
        (1, 0): (2, 1),
        (1, 1): (1, 1),
        (1, 2): (1, 1),
        (2, 1): (1, 1),
        (2, 2): (1, 1),
    }


def test_bad_bytes_get_a_clear_error() -> None:
    with pytest.raises(OcrError, match="not a readable image"):
        ocr_image(b"\x89PNG\r\n\x1a\n truncated")
    with pytest.raises(OcrError, match="not a readable PDF"):
        ocr_pdf(b"%PDF-1.7 nothing else")
    parsed = parse_bytes(b"\x89PNG\r\n\x1a\n truncated", filename="report.png")
    assert parsed.report.parse_status == "failed"
    assert "not a readable image" in (parsed.report.error or "")


def test_a_tall_image_is_cut_into_pages_at_blank_bands_or_rulings() -> None:
    dpi = 100
    page = round(A4_HEIGHT_INCHES * dpi)
    tall = np.full((3 * page, 827), 255, np.uint8)
    tall[:, 50] = 0  # a border down the whole image: no row is blank ...
    tall[::40, 100:700] = 0
    tall[page - 30 : page - 10, :] = 255  # ... except a band near the first page end
    ruling = 2 * page - 100  # and a long ruling near the second
    tall[ruling, 50:800] = 0
    parts = _page_slices(tall, dpi)
    assert len(parts) == 3
    first, second, third = (p.shape[0] for p in parts)
    assert page - 30 <= first < page - 10  # cut inside the blank band
    assert first + second == ruling + 3  # just below the ruling ...
    assert third == tall.shape[0] - (ruling - 3)  # ... which the next page repeats
    assert (parts[2][3] == 0).sum() >= 700


def test_pages_outside_the_pdf_are_refused(real_dir: Path) -> None:
    with pytest.raises(OcrError, match=r"pages \[9\] not in this 5-page PDF"):
        ocr_pdf((real_dir / SCAN).read_bytes(), pages=[9])


def test_a_ruled_box_around_text_is_text_not_a_table() -> None:
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((150, 300, 1050, 420), outline=0, width=3)
    font = ImageFont.truetype(str(CJK_FONT), 36)
    draw.text((250, 335), "注：2023年度政府信息公开", font=font, fill=0)
    buffer = io.BytesIO()
    page.save(buffer, format="PNG")
    doc = ocr_image(buffer.getvalue())
    assert doc.grids == []
    assert [b.text for b in doc.blocks] == ["注：2023年度政府信息公开"]
