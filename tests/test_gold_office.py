"""Word, WPS, RTF and Excel renderings of the Linxia report parse exactly to its gold.

The DOCX and DOC are real fixtures; the XLSX is written here from the DOCX's own blocks with
openpyxl (merged ranges and all), the RTF and XLS are made from them by LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest

from tests.gold import assert_matches_gold
from transform.document import ExtractedDocument, Grid, TextBlock
from transform.formats import docx, spreadsheet
from transform.parse import parse_bytes, parse_file

GOLD = "linxia_gongan_2023"
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


@pytest.fixture(scope="module")
def linxia_docx(real_dir: Path) -> ExtractedDocument:
    return docx.extract((real_dir / "derived/linxia_gongan_2023.docx").read_bytes())


# --- grids as printed ------------------------------------------------------------------------


def test_docx_vmerge_and_gridspan_become_span_copies(linxia_docx: ExtractedDocument) -> None:
    t3 = next(g for g in linxia_docx.grids if any(c.text == "3.其他" for r in g.rows for c in r))
    assert (len(t3.rows), t3.width) == (28, 10)
    label_rows = [i for i, r in enumerate(t3.rows) if r[0].text == "三、本年度办理结果"]
    first = label_rows[0]
    # vMerge: one origin, every later row of the merge a copy pointing back at it
    assert not t3.rows[first][0].is_span_copy
    assert all(t3.rows[i][0].origin == (first, 0) for i in label_rows[1:])
    assert len(label_rows) == 22  # （一） … （七）总计
    # gridSpan: "一、本年新收…" spans the three label columns
    new = next(r for r in t3.rows if r[0].text.startswith("一、本年新收"))
    assert [c.is_span_copy for c in new[:3]] == [False, True, True]
    assert [c.text for c in new[3:]] == ["1", "0", "0", "0", "0", "0", "1"]


def test_docx_text_blocks_keep_section_headings(linxia_docx: ExtractedDocument) -> None:
    texts = [b.text for b in linxia_docx.blocks if isinstance(b, TextBlock)]
    assert texts[0] == "临夏州公安局2023年度政府信息公开工作年度报告"
    for heading in (
        "一、总体情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "六、其他需要报告的事项",
    ):
        assert heading in texts
    t4 = linxia_docx.grids[-1]
    assert t4.texts()[-1] == ["0"] * 15
    assert "结果纠正" in [c.text for c in t4.rows[1]]  # "结果<w:br/>纠正" read whole


# --- whole reports against the gold ---------------------------------------------------------


def test_docx_matches_gold(real_dir: Path) -> None:
    parsed = parse_file(real_dir / "derived/linxia_gongan_2023.docx")
    assert parsed.report.format == "docx"
    assert parsed.report.parse_status == "ok", parsed.report.error
    assert_matches_gold(parsed, GOLD)


@pytest.mark.slow
@needs_soffice
def test_doc_matches_gold(real_dir: Path) -> None:
    parsed = parse_file(real_dir / "derived/linxia_gongan_2023.doc")
    assert parsed.report.format == "doc"
    assert parsed.report.parse_status == "ok", parsed.report.error
    assert_matches_gold(parsed, GOLD)


def _xlsx_from(doc: ExtractedDocument) -> bytes:
    """The document as a worksheet: text lines in column A, each grid with its merges."""
    book = openpyxl.Workbook()
    sheet = book.active
    row = 1
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            sheet.cell(row, 1, block.text)
            row += 2
            continue
        for r, cells in enumerate(block.rows):
            for c, cell in enumerate(cells):
                if cell.is_span_copy:
                    continue
                sheet.cell(row + r, c + 1, _number_or_text(cell.text))
                height, width = _extent(block, r, c)
                if height > 1 or width > 1:
                    sheet.merge_cells(
                        start_row=row + r,
                        start_column=c + 1,
                        end_row=row + r + height - 1,
                        end_column=c + width,
                    )
        row += len(block.rows) + 1
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _extent(grid: Grid, r: int, c: int) -> tuple[int, int]:
    height = 1
    while r + height < len(grid.rows) and grid.rows[r + height][c].origin == (r, c):
        height += 1
    width = 1
    while c + width < grid.width and grid.rows[r][c + width].origin == (r, c):
        width += 1
    return height, width


def _number_or_text(text: str) -> int | float | str:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def test_xlsx_made_from_the_docx_has_the_same_grids(linxia_docx: ExtractedDocument) -> None:
    from_xlsx = spreadsheet.extract(_xlsx_from(linxia_docx))
    assert from_xlsx.format == "xlsx"
    assert [g.texts() for g in from_xlsx.grids] == [g.texts() for g in linxia_docx.grids]
    assert [[[c.origin for c in r] for r in g.rows] for g in from_xlsx.grids] == [
        [[c.origin for c in r] for r in g.rows] for g in linxia_docx.grids
    ]


def test_xlsx_made_from_the_docx_matches_gold(linxia_docx: ExtractedDocument) -> None:
    parsed = parse_bytes(_xlsx_from(linxia_docx), filename="linxia.xlsx")
    assert parsed.report.format == "xlsx"
    assert_matches_gold(parsed, GOLD)


def _soffice_convert(tmp_path: Path, source: Path, target: str) -> bytes:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp_path / f"{source.stem}.{target}").read_bytes()


@pytest.mark.slow
@needs_soffice
def test_rtf_made_by_libreoffice_matches_gold(real_dir: Path, tmp_path: Path) -> None:
    rtf = _soffice_convert(tmp_path, real_dir / "derived/linxia_gongan_2023.docx", "rtf")
    parsed = parse_bytes(rtf, filename="linxia.rtf")
    assert parsed.report.format == "rtf"
    assert_matches_gold(parsed, GOLD)


@pytest.mark.slow
@needs_soffice
def test_xls_made_by_libreoffice_matches_gold(
    linxia_docx: ExtractedDocument, tmp_path: Path
) -> None:
    source = tmp_path / "linxia.xlsx"
    source.write_bytes(_xlsx_from(linxia_docx))
    xls = _soffice_convert(tmp_path, source, "xls")
    parsed = parse_bytes(xls, filename="linxia.xls")
    assert parsed.report.format == "xls"
    assert_matches_gold(parsed, GOLD)


def test_doc_without_libreoffice_falls_back_to_antiword(
    real_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transform.formats import doc, libreoffice

    if shutil.which("antiword") is None:
        pytest.skip("antiword is not installed")
    antiword = shutil.which("antiword")
    monkeypatch.setattr(libreoffice, "soffice_path", lambda: None)
    monkeypatch.setattr(doc.shutil, "which", lambda name: antiword if name == "antiword" else None)
    data = (real_dir / "derived/linxia_gongan_2023.doc").read_bytes()
    extracted = doc.extract(data)
    assert extracted.format == "doc"
    assert any("LibreOffice (soffice) is not installed" in w for w in extracted.warnings)
    assert any("antiword" in w for w in extracted.warnings)
    parsed = parse_bytes(data, filename="linxia.doc")
    # antiword's pipe rows keep tables 2 and 4 readable; the values are the printed ones
    assert parsed.cell("t2.licensing.decisions").value == 383652
    assert parsed.cell("t2.fees.amount").value == 18.15
    assert parsed.report.parse_status in ("ok", "partial")


def test_rtf_without_libreoffice_falls_back_to_striprtf(monkeypatch: pytest.MonkeyPatch) -> None:
    from transform.formats import libreoffice, rtf

    monkeypatch.setattr(libreoffice, "soffice_path", lambda: None)
    data = (
        rb"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0 SimSun;}}"
        rb"\f0 \'d0\'d0\'d5\'fe\'d0\'ed\'bf\'c9  383652\par}"
    )
    extracted = rtf.extract(data)
    assert extracted.format == "rtf"
    assert "行政许可" in extracted.text() and "383652" in extracted.text()
    assert any("striprtf" in w for w in extracted.warnings)
