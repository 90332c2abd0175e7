"""PDFs with a text layer: the grids look like the printed tables, and the reports equal
their hand-verified gold (hongze_2023 including its two failing t4_total identities)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.gold import assert_matches_gold
from transform.document import ExtractedDocument, Grid, TextBlock
from transform.formats import pdf
from transform.formats.pdf_grid import PlacedCell, RuledTable, continues, find_tables, merge
from transform.formats.pdf_layout import Char, Segment
from transform.parse import parse_bytes, parse_file


@pytest.fixture(scope="module")
def hongze(real_dir: Path) -> ExtractedDocument:
    return pdf.extract((real_dir / "hongze_2023.pdf").read_bytes())


def _grid_with(doc: ExtractedDocument, text: str) -> Grid:
    return next(g for g in doc.grids if any(c.text == text for row in g.rows for c in row))


def _row(grid: Grid, label: str) -> list[str]:
    return next(r for r in grid.texts() if label in r)


# --- grids as printed ------------------------------------------------------------------------


def test_hongze_table_3_is_one_grid_over_the_page_break(hongze: ExtractedDocument) -> None:
    grid = _grid_with(hongze, "1.属于国家秘密")
    assert grid.page == 3
    assert (len(grid.rows), grid.width) == (26, 10)
    # rows printed on page 4 continue the same grid, numbers in the same columns
    assert _row(grid, "3.补正后申请内容仍不明确")[-7:] == ["0"] * 7
    assert _row(grid, "（七）总计")[-7:] == ["21", "0", "0", "0", "0", "0", "21"]
    assert _row(grid, "1.本机关不掌握相关政府信息")[-7:] == ["10", "0", "0", "0", "0", "0", "10"]


def test_hongze_rotated_label_and_wrapped_headers_read_whole(hongze: ExtractedDocument) -> None:
    grid = _grid_with(hongze, "1.属于国家秘密")
    texts = [c.text for row in grid.rows for c in row]
    assert "三、本年度办理结果" in texts  # printed one character per line
    assert "商业企业" in texts  # printed "商业" / "企业"
    assert "社会公益组织" in texts
    # the rotated label spans its rows: the rows below carry span copies pointing at it
    origin_row = next(i for i, r in enumerate(grid.rows) if r[0].text == "三、本年度办理结果")
    below = grid.rows[origin_row + 2][0]
    assert below.is_span_copy and below.origin == (origin_row, 0)


def test_hongze_table_2_continues_from_page_2_to_3(hongze: ExtractedDocument) -> None:
    grid = _grid_with(hongze, "行政处罚")
    assert grid.page == 2
    assert _row(grid, "行政许可")[:2] == ["行政许可", "550"]
    assert _row(grid, "行政处罚")[:2] == ["行政处罚", "4119"]
    assert _row(grid, "行政事业性收费")[:2] == ["行政事业性收费", "7730.28"]
    assert _row(grid, "行政规范性文件") == ["行政规范性文件", "0", "5", "5"]


def test_hongze_table_4_as_printed(hongze: ExtractedDocument) -> None:
    grid = _grid_with(hongze, "复议后起诉")
    assert grid.texts()[-1] == ["10", "1", "0", "0", "0"] + ["0"] * 5 + ["5", "0", "0", "0", "0"]


def test_page_numbers_dropped_and_headings_kept(hongze: ExtractedDocument) -> None:
    texts = [b.text for b in hongze.blocks if isinstance(b, TextBlock)]
    assert not any(t.strip("- ").isdigit() for t in texts)
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "六、其他需要报告的事项"):
        assert heading in texts
    assert hongze.title == "洪泽区人民政府2023年政府信息公开工作年度报告"
    # reading order: the table-3 heading comes right before table 3
    blocks = hongze.blocks
    i = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, TextBlock) and b.text.startswith("三、收到")
    )
    assert isinstance(blocks[i + 1], Grid)


def test_linxia_pdf_grids_match_the_docx(real_dir: Path) -> None:
    from transform.formats import docx

    from_pdf = pdf.extract((real_dir / "derived/linxia_gongan_2023.pdf").read_bytes())
    from_docx = docx.extract((real_dir / "derived/linxia_gongan_2023.docx").read_bytes())
    assert [(len(g.rows), g.width) for g in from_pdf.grids] == [
        (len(g.rows), g.width) for g in from_docx.grids
    ]
    # the data columns are identical cell for cell (labels differ only where a merged label
    # cell was cut by the page break and its text stayed on the earlier page)
    for a, b in zip(from_pdf.grids, from_docx.grids, strict=True):
        assert [r[-1].text for r in a.rows] == [r[-1].text for r in b.rows]
        assert [r[3:] for r in a.texts()] == [r[3:] for r in b.texts()]
        # headers wrapped in the PDF ("自然" / "人", "社会" / "公益" / "组织") read as in Word
        assert a.texts()[:3] == b.texts()[:3]


def test_image_only_pdf_goes_to_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    import io

    buffer = io.BytesIO()
    blank.save(buffer)
    calls: list[bytes] = []
    sentinel = ExtractedDocument(format="pdf", extraction="ocr")

    import transform.formats.ocr as ocr

    monkeypatch.setattr(ocr, "ocr_pdf", lambda data: calls.append(data) or sentinel)
    assert pdf.extract(buffer.getvalue()) is sentinel
    assert calls == [buffer.getvalue()]


# --- whole reports against their gold -------------------------------------------------------


def test_hongze_matches_gold_including_failing_t4_totals(real_dir: Path) -> None:
    parsed = parse_file(real_dir / "hongze_2023.pdf")
    assert parsed.report.format == "pdf"
    assert parsed.report.extraction == "text"
    assert_matches_gold(parsed, "hongze_2023")
    failing = {(c.check, c.key) for c in parsed.checks if c.status == "fail"}
    assert failing == {("t4_total", "review"), ("t4_total", "litigation_after_review")}
    assert parsed.cell("t4.review.total").raw == "0"  # printed value kept


def test_linxia_pdf_matches_gold(real_dir: Path) -> None:
    parsed = parse_file(real_dir / "derived/linxia_gongan_2023.pdf")
    assert parsed.report.parse_status == "ok", parsed.report.error
    assert_matches_gold(parsed, "linxia_gongan_2023")
    assert sorted(parsed.sections) == ["1", "2", "3", "4", "5", "6"]


# --- continuation rules on synthetic frames --------------------------------------------------


def _table(page: int, rows: list[list[str]]) -> RuledTable:
    xs = [0.0, 100.0, 150.0, 200.0]
    cells = [
        PlacedCell(r, c, 1, 1, text) for r, row in enumerate(rows) for c, text in enumerate(row)
    ]
    return RuledTable(page, xs, [], len(rows), cells, 0.0, 10.0, [page])


def test_row_label_broken_by_the_page_break_is_joined() -> None:
    upper = _table(
        3, [["4.无正当理由大量反复申请", "0", "0"], ["5.要求行政机关确认或重新出具已", "0", "1"]]
    )
    lower = _table(4, [["获取信息", "", ""], ["（六）其他处理", "0", "0"]])
    assert continues(upper, lower)
    grid = merge(upper, lower).to_grid()
    assert grid.texts() == [
        ["4.无正当理由大量反复申请", "0", "0"],
        ["5.要求行政机关确认或重新出具已获取信息", "0", "1"],
        ["（六）其他处理", "0", "0"],
    ]


def test_repeated_header_on_the_next_page_is_not_joined() -> None:
    upper = _table(3, [["信息内容", "本年处理决定数量", ""], ["行政许可", "550", ""]])
    lower = _table(4, [["信息内容", "本年处理决定数量", ""], ["行政处罚", "4119", ""]])
    assert [r[0] for r in merge(upper, lower).to_grid().texts()] == [
        "信息内容",
        "行政许可",
        "信息内容",
        "行政处罚",
    ]


def test_tables_with_other_columns_do_not_continue() -> None:
    upper = _table(3, [["行政许可", "550", ""]])
    other = RuledTable(4, [0.0, 40.0, 80.0, 120.0, 160.0, 200.0], [], 1, [], 0.0, 10.0, [4])
    assert not continues(upper, other)


# --- the same report with its ruling lines removed -----------------------------------------


def _without_ruling_lines(data: bytes) -> bytes:
    """The PDF with every path object deleted: text where it was, no table lines at all."""
    import io

    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(data)
    for page in doc:
        for i in reversed(range(pdfium_c.FPDFPage_CountObjects(page.raw))):
            obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
            if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_PATH:
                pdfium_c.FPDFPage_RemoveObject(page.raw, obj)
                pdfium_c.FPDFPageObj_Destroy(obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def hongze_unruled(real_dir: Path) -> bytes:
    return _without_ruling_lines((real_dir / "hongze_2023.pdf").read_bytes())


def test_unruled_tables_rebuilt_from_word_positions(hongze_unruled: bytes) -> None:
    doc = pdf.extract(hongze_unruled)
    rows = [r for g in doc.grids for r in g.texts()]
    assert ["行政规范性文件", "0", "5", "5"] in rows
    assert ["一、本年新收政府信息公开申请数量", "21", "0", "0", "0", "0", "0", "21"] in rows
    # a label followed by its first number at less than a character's gap still splits
    assert ["5.要求行政机关确认或重新出具", "0", "0", "0", "0", "0", "0", "0"] in rows
    t4_values = ["10", "1", "0", "0", "0"] + ["0"] * 5 + ["5", "0", "0", "0", "0"]
    assert t4_values in rows
    assert not any("- 3 -" in b.text for b in doc.blocks if isinstance(b, TextBlock))
    # table 3 goes on over the page break as one grid, the page number between them dropped
    t3 = _grid_with(doc, "1.属于国家秘密")
    assert ["（七）总计", "21", "0", "0", "0", "0", "0", "21"] in t3.texts()


def test_unruled_hongze_matches_gold(hongze_unruled: bytes) -> None:
    parsed = parse_bytes(hongze_unruled, filename="hongze_unruled.pdf")
    assert_matches_gold(parsed, "hongze_2023")


def test_scanned_pages_of_a_text_pdf_are_read_by_ocr(
    real_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Page 3 of hongze replaced by its own picture: only that page goes to OCR, in place."""
    import io

    source = pdfium.PdfDocument((real_dir / "hongze_2023.pdf").read_bytes())
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(source, [0, 1])
    page = mixed.new_page(*source[2].get_size())
    picture = pdfium.PdfImage.new(mixed)
    picture.set_bitmap(source[2].render(scale=0.5))
    width, height = source[2].get_size()
    picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(picture)
    page.gen_content()
    mixed.import_pages(source, [3, 4])
    buffer = io.BytesIO()
    mixed.save(buffer)

    import transform.formats.ocr as ocr

    asked: list[list[int]] = []

    def fake_ocr(data: bytes, *, pages: list[int]) -> ExtractedDocument:
        asked.append(list(pages))
        return ExtractedDocument(
            format="pdf", extraction="ocr", blocks=[TextBlock("OCR 第3页", page=3)]
        )

    monkeypatch.setattr(ocr, "ocr_pdf", fake_ocr)
    doc = pdf.extract(buffer.getvalue())
    assert asked == [[3]]
    assert doc.extraction == "mixed"
    pages = [b.page for b in doc.blocks]
    assert pages == sorted(pages)  # OCR text sits between pages 2 and 4
    assert any(isinstance(b, TextBlock) and b.text == "OCR 第3页" for b in doc.blocks)


def test_a_new_item_row_on_the_next_page_is_not_a_broken_label() -> None:
    upper = _table(3, [["3.补正后申请内容仍不明确", "0", "0"]])
    lower = _table(4, [["（五）不予处理", "", ""], ["1.信访举报投诉类申请", "1", "1"]])
    assert [r[0] for r in merge(upper, lower).to_grid().texts()] == [
        "3.补正后申请内容仍不明确",
        "（五）不予处理",
        "1.信访举报投诉类申请",
    ]


def test_a_page_frame_is_not_a_table_and_does_not_swallow_the_one_inside() -> None:
    frame = [
        Segment(10, 10, 500, 10),
        Segment(10, 800, 500, 800),
        Segment(10, 10, 10, 800),
        Segment(500, 10, 500, 800),
    ]
    table = [Segment(100, y, 300, y) for y in (100, 120, 140)]
    table += [Segment(x, 100, x, 140) for x in (100, 200, 300)]
    chars = [Char("规", 110, 120, 105, 115), Char("0", 250, 256, 125, 135)]
    chars.append(Char("正", 50, 60, 300, 310))  # narrative inside the frame only
    tables, outside = find_tables(frame + table, chars, 1)
    assert len(tables) == 1
    assert tables[0].to_grid().texts() == [["规", ""], ["", "0"]]
    assert [c.text for c in outside] == ["正"]
