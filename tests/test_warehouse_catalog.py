"""Every view and column is documented, from the one source of each label, and the committed
data dictionary is what `python -m warehouse dictionary` generates."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.warehouse_scenario import write_scenario
from transform.model import T2_2019, T2_2021
from transform.schema import DATASETS
from warehouse.build import WarehouseBuildError, build, create_warehouse
from warehouse.dictionary import DICTIONARY_PATH, empty_catalog, render
from warehouse.sqlfiles import SQL_DIR


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("data")
    write_scenario(data_dir)
    return build(data_dir)


def test_every_view_and_column_has_a_comment(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        views = con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal"
        ).fetchall()
        columns = con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() "
            "WHERE table_name IN (SELECT view_name FROM duckdb_views() WHERE NOT internal)"
        ).fetchall()
        macros = con.execute(
            "SELECT DISTINCT function_name, comment FROM duckdb_functions() "
            "WHERE function_type = 'table_macro' AND NOT internal"
        ).fetchall()
    assert len(views) >= 20
    assert [v for v, comment in views if not comment] == []
    assert [(v, c) for v, c, comment in columns if not comment] == []
    assert [m for m, comment in macros if not comment] == []
    assert {m for m, _ in macros} == {
        "compare_metric",
        "metric_history",
        "ranked_metrics",
        "top_deniers",
    }


def test_staging_comments_come_from_schema_py(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for dataset in DATASETS.values():
            got = dict(
                con.execute(
                    "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ?",
                    [f"stg_{dataset.name}"],
                ).fetchall()
            )
            assert got == {c.name: f"{c.zh} — {c.en}" for c in dataset.columns}


def test_wide_column_comments_derive_from_the_model_labels(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        comment = dict(
            con.execute(
                "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 't2_by_report'"
            ).fetchall()
        )
    licensing_2021 = T2_2021.row("licensing")
    licensing_2019 = T2_2019.row("licensing")
    text = comment["licensing_decisions"]
    assert licensing_2021.label_zh in text
    assert licensing_2021.columns[0].label_zh in text  # 本年处理决定数量 (2021)
    assert licensing_2019.columns[2].label_zh in text  # 处理决定数量 (2019)
    assert "2021/2019" in text
    assert T2_2021.row("fees").columns[0].label_zh in comment["fees_amount"]


def test_build_fails_when_a_column_lacks_a_comment(tmp_path: Path) -> None:
    sql_dir = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql_dir)
    (sql_dir / "99_undocumented.sql").write_text(
        "-- @view undocumented\n-- @comment a view with an undocumented column\n"
        "-- @inherit report_summary\nSELECT report_id, 1 AS mystery FROM report_summary\n",
        encoding="utf-8",
    )
    with pytest.raises(WarehouseBuildError, match=r"undocumented\.mystery"):
        create_warehouse(duckdb.connect(), tmp_path / "no-data", sql_dir)


def test_failed_build_keeps_the_previous_warehouse(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    first = build(tmp_path)
    before = first.read_bytes()
    broken = tmp_path / "sql"
    shutil.copytree(SQL_DIR, broken)
    (broken / "99_broken.sql").write_text(
        "-- @view broken\n-- @comment does not bind\nSELECT no_such_column FROM report_summary\n",
        encoding="utf-8",
    )
    with pytest.raises(WarehouseBuildError, match="view broken"):
        build(tmp_path, broken)
    assert first.read_bytes() == before
    assert not (tmp_path / "warehouse.duckdb.next").exists()


def test_committed_dictionary_is_up_to_date() -> None:
    expected = render(empty_catalog())
    assert DICTIONARY_PATH.read_text(encoding="utf-8") == expected, (
        "docs/data-dictionary.md is stale: run `python -m warehouse dictionary`"
    )


def test_dictionary_lists_every_view_column_and_macro() -> None:
    catalog = empty_catalog()
    text = DICTIONARY_PATH.read_text(encoding="utf-8")
    for view in catalog.views:
        assert f"### {view.name}\n" in text
        section = text.split(f"### {view.name}\n", 1)[1].split("\n### ", 1)[0]
        for column in view.columns:
            assert (
                f"| {column.name} | {column.type} | {column.comment.replace('|', chr(92) + '|')} |"
                in section
            )
    for macro in catalog.macros:
        assert f"| {macro.name} | " in text
