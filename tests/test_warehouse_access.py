"""Analysts' access: rebuilding under an open reader, `make query`, and exports."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from tests.conftest import REPO
from tests.warehouse_scenario import write_scenario
from warehouse.__main__ import main
from warehouse.build import build


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_rebuild_while_a_reader_holds_the_old_file_open(tmp_path: Path) -> None:
    """The reader keeps its (old) warehouse without error and sees the new one on reopening.

    The first build runs before any dataset exists, so its staging views are empty; the data
    only appears through the rebuild that `make warehouse` does while the reader is open.
    """
    database = build(tmp_path)
    reader = duckdb.connect(str(database), read_only=True)
    cli = subprocess.Popen(
        [str(REPO / ".venv/bin/duckdb"), "-readonly", "-csv", str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.execute("SELECT count(*) FROM report_summary").fetchone() == (0,)
        write_scenario(tmp_path)
        made = _make("warehouse", f"DATA_DIR={tmp_path}")
        assert made.returncode == 0, made.stderr
        # The open connection still answers, from the file it opened.
        assert reader.execute("SELECT count(*) FROM report_summary").fetchone() == (0,)
        out, err = cli.communicate("SELECT count(*) AS n FROM report_summary;\n", timeout=60)
        assert cli.returncode == 0 and err == ""
        assert out.split() == ["n", "0"]
    finally:
        reader.close()
        if cli.poll() is None:
            cli.kill()
    with duckdb.connect(str(database), read_only=True) as reopened:
        assert reopened.execute("SELECT count(*) FROM report_summary").fetchone() == (4,)
    assert not database.with_name("warehouse.duckdb.next").exists()


def test_build_beside_a_readers_spill_directory(tmp_path: Path) -> None:
    """A reader whose query outgrows memory spills into warehouse.duckdb.tmp/ (DuckDB's
    default temp directory): the build's scratch file must not collide with it."""
    database = build(tmp_path)
    with duckdb.connect(str(database), read_only=True) as reader:
        (spill,) = reader.execute("SELECT current_setting('temp_directory')").fetchone()
        assert spill == f"{database}.tmp"
        Path(spill).mkdir()
        (Path(spill) / "duckdb_temp_storage-0.tmp").write_bytes(b"spilled")
        write_scenario(tmp_path)
        build(tmp_path)
    with duckdb.connect(str(database), read_only=True) as reopened:
        assert reopened.execute("SELECT count(*) FROM report_summary").fetchone() == (4,)


def test_make_query_prints_a_result_table(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    build(tmp_path)
    made = _make(
        "query",
        f"DATA_DIR={tmp_path}",
        "SQL=SELECT agency, value FROM licensing_comparison WHERE year = 2023 ORDER BY value",
    )
    assert made.returncode == 0, made.stderr
    lines = [line for line in made.stdout.splitlines() if "│" in line]
    assert "淮安市洪泽区人民政府" in lines[-2] and "550" in lines[-2]
    assert "临夏州公安局" in lines[-1] and "383652" in lines[-1]
    assert _make("query", f"DATA_DIR={tmp_path}").returncode != 0  # no SQL given


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_a_view(tmp_path: Path, fmt: str) -> None:
    write_scenario(tmp_path)
    build(tmp_path)
    out = tmp_path / f"fees.{fmt}"
    assert (
        main(
            [
                "export",
                "fee_comparison",
                "--format",
                fmt,
                "--out",
                str(out),
                "--data-dir",
                str(tmp_path),
            ]
        )
        == 0
    )
    if fmt == "csv":
        with out.open(encoding="utf-8") as f:
            got = sorted((r["agency"], r["year"], r["value"]) for r in csv.DictReader(f))
        assert got == [
            ("临夏州公安局", "2023", "18.15"),
            ("临夏州公安局", "2024", "18.15"),
            ("淮安市洪泽区人民政府", "2023", "7730.28"),
        ]
    else:
        book = load_workbook(out, read_only=True)
        data = list(book["fee_comparison"].iter_rows(values_only=True))
        header = data[0]
        values = sorted((r[header.index("agency")], r[header.index("value")]) for r in data[1:])
        assert values == [
            ("临夏州公安局", 18.15),
            ("临夏州公安局", 18.15),
            ("淮安市洪泽区人民政府", 7730.28),
        ]
        described = {r[0]: r[2] for r in book["columns"].iter_rows(min_row=2, values_only=True)}
        assert set(described) == set(header) and all(described.values())


def test_export_unknown_view_is_a_clear_error(tmp_path: Path, capsys) -> None:
    build(tmp_path)
    code = main(
        [
            "export",
            "no_such_view",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "x.csv"),
            "--data-dir",
            str(tmp_path),
        ]
    )
    assert code == 1
    assert "unknown view 'no_such_view'" in capsys.readouterr().err
