"""XLS (xlrd) and XLSX (openpyxl, read-only) → one or more grids per sheet.

Merged ranges become span copies of their top-left cell. A sheet is cut into tables at
fully empty rows; leading lines of a table that hold one unmerged cell (a title such as
"三、收到和处理政府信息公开申请情况") become text blocks, as they are in a printed report.
Values are rendered as a reader sees them: 21.0 → "21", 7730.28 → "7730.28".
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from lxml import etree

from transform.document import Block, ExtractedDocument, Grid, GridCell, TextBlock
from transform.formats.sniff import sniff
from transform.formats.zip_guard import CorruptContainerError, open_container, read_member

# A report's sheet has tens of rows; beyond these the rest is dropped with a warning.
MAX_ROWS = 5000
MAX_COLS = 256

Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (0-based, inclusive)


class SpreadsheetError(ValueError):
    pass


def extract(data: bytes) -> ExtractedDocument:
    if not data:
        raise SpreadsheetError("empty file")
    fmt = sniff(data) or "xlsx"
    doc = ExtractedDocument(format=fmt)
    sheets = _read_xls(data, doc) if fmt == "xls" else _read_xlsx(data, doc)
    for name, values, merges in sheets:
        blocks = _sheet_blocks(values, merges)
        if blocks and len(sheets) > 1:
            doc.blocks.append(TextBlock(name))
        doc.blocks.extend(blocks)
    return doc


# --- reading -------------------------------------------------------------------------------


def _read_xlsx(
    data: bytes, doc: ExtractedDocument
) -> list[tuple[str, list[list[str]], list[Merge]]]:
    import openpyxl

    archive = open_container(data, "XLSX")
    try:
        book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise CorruptContainerError(f"corrupt XLSX: {type(exc).__name__}: {exc}") from None
    sheets = []
    try:
        doc.meta.update({k: str(v) for k, v in (("title", book.properties.title),) if v})
        for ws in book.worksheets:
            values: list[list[str]] = []
            for r, row in enumerate(ws.iter_rows(values_only=True)):
                if r >= MAX_ROWS:
                    doc.warnings.append(f"sheet {ws.title}: rows beyond {MAX_ROWS} not read")
                    break
                values.append([_render(v) for v in row[:MAX_COLS]])
            path = getattr(ws, "_worksheet_path", None)
            merges = _xlsx_merges(read_member(archive, path, "XLSX")) if path else []
            sheets.append((ws.title, values, merges))
    finally:
        book.close()
    return sheets


def _xlsx_merges(sheet_xml: bytes) -> list[Merge]:
    # Read-only openpyxl does not expose merged ranges, so read <mergeCell ref="A1:D1"/>.
    from openpyxl.utils.cell import range_boundaries

    merges: list[Merge] = []
    for _, node in etree.iterparse(BytesIO(sheet_xml), tag="{*}mergeCell", no_network=True):
        ref = node.get("ref")
        if ref:
            c0, r0, c1, r1 = range_boundaries(ref)
            merges.append((r0 - 1, c0 - 1, r1 - 1, c1 - 1))
    return merges


def _read_xls(
    data: bytes, doc: ExtractedDocument
) -> list[tuple[str, list[list[str]], list[Merge]]]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as exc:  # xlrd.XLRDError, struct errors and more for a broken file
        raise SpreadsheetError(f"corrupt XLS: {type(exc).__name__}: {exc}") from None
    sheets = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.nrows > MAX_ROWS:
                doc.warnings.append(f"sheet {sheet.name}: rows beyond {MAX_ROWS} not read")
            values = [
                [
                    _render_xls(sheet.cell(r, c), book.datemode)
                    for c in range(min(sheet.ncols, MAX_COLS))
                ]
                for r in range(min(sheet.nrows, MAX_ROWS))
            ]
            merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
            sheets.append((sheet.name, values, merges))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return sheets


def _render(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value).strip()


def _render_xls(cell, datemode: int) -> str:  # type: ignore[no-untyped-def]
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _render(xlrd.xldate_as_datetime(cell.value, datemode))
        except (ValueError, OverflowError):
            return _render(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return _render(bool(cell.value))
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return _render(cell.value)


# --- sheet → blocks ------------------------------------------------------------------------


def _sheet_blocks(values: list[list[str]], merges: list[Merge]) -> list[Block]:
    height = len(values)
    width = max((len(r) for r in values), default=0)
    if not height or not width:
        return []
    cells = [[GridCell(r[c] if c < len(r) else "") for c in range(width)] for r in values]
    merged_rows: set[int] = set()
    for r0, c0, r1, c1 in merges:
        if r0 >= height or c0 >= width:
            continue
        text = cells[r0][c0].text
        for r in range(r0, min(r1, height - 1) + 1):
            merged_rows.add(r)
            for c in range(c0, min(c1, width - 1) + 1):
                if (r, c) != (r0, c0):
                    cells[r][c] = GridCell(text, origin=(r0, c0))
    blocks: list[Block] = []
    start = None
    for r in range(height + 1):
        empty = r == height or not any(c.text for c in cells[r])
        if empty and start is not None:
            blocks.extend(_table_blocks(cells, start, r, merged_rows))
            start = None
        elif not empty and start is None:
            start = r
    return blocks


def _table_blocks(
    cells: list[list[GridCell]], r0: int, r1: int, merged_rows: set[int]
) -> list[Block]:
    def is_title(r: int) -> bool:
        return r not in merged_rows and sum(1 for c in cells[r] if c.text) == 1

    blocks: list[Block] = []
    while r0 < r1 and is_title(r0):
        blocks.append(TextBlock(next(c.text for c in cells[r0] if c.text)))
        r0 += 1
    if r0 >= r1:
        return blocks
    used = [c for c in range(len(cells[r0])) if any(cells[r][c].text for r in range(r0, r1))]
    c0, c1 = used[0], used[-1] + 1
    rows = [
        [
            GridCell(cell.text, origin=(cell.origin[0] - r0, cell.origin[1] - c0))
            if cell.origin and cell.origin[0] >= r0 and cell.origin[1] >= c0
            else GridCell(cell.text)
            for cell in cells[r][c0:c1]
        ]
        for r in range(r0, r1)
    ]
    blocks.append(Grid(rows=rows))
    return blocks
