"""Build DATA_DIR/warehouse.duckdb: staging views, analysis views, macros and their comments.

The database holds only views (no copied data), so a build takes seconds at any scale. It is
written to `warehouse.duckdb.next` and swapped in with os.replace: an analyst holding the old
file open read-only keeps reading the old inode undisturbed and sees the new views on
reopening. A build that fails (a view that does not bind, a column without a comment) leaves
the previous warehouse in place.

Why `.next` and not `.tmp`: `warehouse.duckdb.tmp/` is DuckDB's default spill directory for
warehouse.duckdb, created by any analyst's session whose query outgrows memory; a scratch
file of that name would collide with it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from warehouse.model_sql import fragments, sql_string
from warehouse.sqlfiles import SQL_DIR, MacroSql, load
from warehouse.staging import staging_views

WAREHOUSE_FILE = "warehouse.duckdb"
SCRATCH_SUFFIX = ".next"


class WarehouseBuildError(RuntimeError):
    """The warehouse could not be built; the previous file (if any) is untouched."""


@dataclass
class ColumnDoc:
    name: str
    type: str
    comment: str


@dataclass
class ViewDoc:
    name: str
    layer: str  # "staging" or the .sql file the view is defined in
    comment: str
    columns: list[ColumnDoc] = field(default_factory=list)


@dataclass
class MacroDoc:
    name: str
    comment: str
    parameters: list[str]
    layer: str


@dataclass
class Catalog:
    views: list[ViewDoc] = field(default_factory=list)
    macros: list[MacroDoc] = field(default_factory=list)


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _view_columns(con: duckdb.DuckDBPyConnection, view: str) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() "
        "WHERE table_name = ? AND schema_name = current_schema() ORDER BY column_index",
        [view],
    ).fetchall()


def _create_view(
    con: duckdb.DuckDBPyConnection,
    name: str,
    body: str,
    comment: str,
    column_comments: dict[str, str],
    layer: str,
) -> tuple[ViewDoc, list[str]]:
    """Create and document one view; return its doc and the columns left without a comment."""
    try:
        con.execute(f"CREATE VIEW {_quote(name)} AS\n{body}")
    except duckdb.Error as exc:
        raise WarehouseBuildError(f"view {name} ({layer}) does not build: {exc}") from exc
    con.execute(f"COMMENT ON VIEW {_quote(name)} IS {sql_string(comment)}")
    doc = ViewDoc(name, layer, comment)
    missing: list[str] = []
    for column, data_type in _view_columns(con, name):
        column_comment = column_comments.get(column)
        if not column_comment:
            missing.append(f"{name}.{column}")
            continue
        con.execute(
            f"COMMENT ON COLUMN {_quote(name)}.{_quote(column)} IS {sql_string(column_comment)}"
        )
        doc.columns.append(ColumnDoc(column, data_type, column_comment))
    return doc, missing


def create_warehouse(
    con: duckdb.DuckDBPyConnection, datasets_dir: Path, sql_dir: Path = SQL_DIR
) -> Catalog:
    """Create every view and macro in `con`; raise if any view column lacks a comment."""
    catalog = Catalog()
    comments: dict[str, dict[str, str]] = {}
    missing: list[str] = []
    for stg in staging_views(datasets_dir):
        doc, lacking = _create_view(
            con, stg.name, stg.body, stg.comment, stg.column_comments, "staging"
        )
        catalog.views.append(doc)
        comments[stg.name] = stg.column_comments
        missing += lacking

    for item in load(sql_dir, fragments()):
        if isinstance(item, MacroSql):
            catalog.macros.append(_create_macro(con, item))
            comments[item.name] = item.column_comments
            continue
        unknown = [v for v in item.inherits if v not in comments]
        if unknown:
            raise WarehouseBuildError(f"{item.path.name}: @inherit of unknown views {unknown}")
        column_comments: dict[str, str] = {}
        for parent in reversed(item.inherits):  # the first listed parent wins
            column_comments.update(comments[parent])
        column_comments.update(item.column_comments)
        doc, lacking = _create_view(
            con, item.name, item.body, item.comment, column_comments, item.path.name
        )
        stale = set(item.column_comments) - {c.name for c in doc.columns}
        if stale:
            raise WarehouseBuildError(
                f"{item.path.name}: @column for columns {item.name} does not have: {sorted(stale)}"
            )
        catalog.views.append(doc)
        comments[item.name] = {c.name: c.comment for c in doc.columns}
        missing += lacking
    if missing:
        raise WarehouseBuildError(
            "every view column needs a comment (schema.py, model.py, or an @column directive "
            f"beside the SQL); missing: {', '.join(missing)}"
        )
    return catalog


def _create_macro(con: duckdb.DuckDBPyConnection, macro: MacroSql) -> MacroDoc:
    try:
        con.execute(macro.statement)
    except duckdb.Error as exc:
        raise WarehouseBuildError(f"macro {macro.name} ({macro.path.name}): {exc}") from exc
    con.execute(f"COMMENT ON MACRO TABLE {_quote(macro.name)} IS {sql_string(macro.comment)}")
    (parameters,) = con.execute(
        "SELECT parameters FROM duckdb_functions() WHERE function_name = ? LIMIT 1",
        [macro.name],
    ).fetchone() or ([],)
    return MacroDoc(macro.name, macro.comment, list(parameters), macro.path.name)


def build(data_dir: Path, sql_dir: Path = SQL_DIR) -> Path:
    """Build DATA_DIR/warehouse.duckdb from DATA_DIR/datasets and swap it in atomically."""
    data_dir = data_dir.resolve()
    target = data_dir / WAREHOUSE_FILE
    scratch = target.with_name(target.name + SCRATCH_SUFFIX)
    data_dir.mkdir(parents=True, exist_ok=True)
    for leftover in (scratch, scratch.with_name(scratch.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = duckdb.connect(str(scratch))
    try:
        create_warehouse(con, data_dir / "datasets", sql_dir)
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        scratch.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(scratch, target)
    return target
