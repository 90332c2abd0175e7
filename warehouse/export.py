"""`python -m warehouse export VIEW --format csv|xlsx --out FILE`: one view as a file.

The XLSX workbook carries a second sheet with every column's description, so a spreadsheet
passed on to a colleague stays self-explanatory.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
from openpyxl import Workbook

from warehouse.model_sql import sql_string

XLSX_MAX_ROWS = 1_048_575  # one sheet's rows, less the header


class ExportError(RuntimeError):
    """The export cannot be written (no warehouse, unknown view, too many rows …)."""


def _view_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    return sorted(r[0] for r in rows)


def _excel_value(value: Any) -> Any:
    # Excel has no time zones: timestamps are written as naive UTC.
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _write_xlsx(con: duckdb.DuckDBPyConnection, view: str, out: Path) -> int:
    (count,) = con.execute(f'SELECT count(*) FROM "{view}"').fetchone() or (0,)
    if count > XLSX_MAX_ROWS:
        raise ExportError(f"{view} has {count} rows, more than an XLSX sheet holds; use csv")
    book = Workbook(write_only=True)
    data = book.create_sheet(view[:31])
    result = con.execute(f'SELECT * FROM "{view}"')
    data.append([d[0] for d in result.description])
    while batch := result.fetchmany(10_000):
        for row in batch:
            data.append([_excel_value(v) for v in row])
    columns = book.create_sheet("columns")
    columns.append(["column", "type", "description"])
    for name, data_type, comment in con.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE table_name = ? ORDER BY column_index",
        [view],
    ).fetchall():
        columns.append([name, data_type, comment])
    book.save(out)
    return int(count)


def export(database: Path, view: str, fmt: str, out: Path) -> int:
    """Write `view` of the warehouse at `database` to `out`; return the number of rows."""
    if not database.is_file():
        raise ExportError(f"no warehouse at {database}: run `make warehouse` first")
    con = duckdb.connect(str(database), read_only=True)
    try:
        views = _view_names(con)
        if view not in views:
            raise ExportError(f"unknown view {view!r}; views: {', '.join(views)}")
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            con.execute(f'COPY (SELECT * FROM "{view}") TO {sql_string(str(out))} (HEADER)')
            (count,) = con.execute(f'SELECT count(*) FROM "{view}"').fetchone() or (0,)
            return int(count)
        if fmt == "xlsx":
            return _write_xlsx(con, view, out)
        raise ExportError(f"unknown format {fmt!r} (csv or xlsx)")
    finally:
        con.close()
