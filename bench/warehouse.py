"""Warehouse at national scale: build time, each analysis view's query time, peak memory.

A synthetic data set with the schema.py columns and types — 1,000,000 reports over six years
(2019–2024, the template each year would use), every cell key of the model per report (about
200, so about 200 million cells), 40 checks per report — is generated with DuckDB `COPY … TO
parquet` into a temporary directory, in a child process so its memory does not count.
`BENCH_SCALE=0.01` shrinks it for a quick run (default 1.0).

Each view is timed by `SELECT count(*), max(hash(COLUMNS(*)))` over it, which forces every
column to be computed while returning one row. The baseline is a plain scan of the cells
(`stg_cells`) in the same run; each view's time is reported as a ratio to it.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import tempfile
import time
from pathlib import Path

import duckdb

from transform.model import TABLES
from transform.schema import CELLS, CHECKS, ORGANS, REPORTS, Dataset
from warehouse.build import build
from warehouse.model_sql import fragments, sql_string
from warehouse.sqlfiles import SQL_DIR, ViewSql, load
from warehouse.staging import duckdb_type

FULL_REPORTS = 1_000_000
YEARS = tuple(range(2019, 2025))
CHECKS_PER_REPORT = 40


def _select(dataset: Dataset, synthetic: dict[str, str]) -> str:
    """A SELECT with exactly the dataset's columns and types; unsynthesised ones are null."""
    unknown = set(synthetic) - {c.name for c in dataset.columns}
    if unknown:
        raise KeyError(f"{dataset.name} has no columns {sorted(unknown)}")
    return ",\n    ".join(
        f'CAST({synthetic.get(c.name, "NULL")} AS {duckdb_type(c.type)}) AS "{c.name}"'
        for c in dataset.columns
    )


def _cell_keys_sql() -> str:
    rows = [
        f"({sql_string(template)}, {sql_string(table)}, {sql_string(row.key)}, "
        f"{sql_string(col.key)}, {'true' if col.money else 'false'})"
        for template, tables in TABLES.items()
        for table, spec in tables.items()
        for row in spec.rows
        for col in row.columns or spec.columns
    ]
    return f"(VALUES {', '.join(rows)}) AS k(template, tbl, rw, cl, money)"


def _report_attrs(n_reports: int) -> str:
    organs = max(1, n_reports // len(YEARS))
    return f"""
        SELECT
            i,
            i % {organs} AS organ,
            {YEARS[0]} + i // {organs} AS year,
            printf('%016x', hash(i)) AS report_id,
            printf('%064x', hash(i, 'doc')) AS sha
        FROM range({organs * len(YEARS)}) AS t(i)
        WHERE hash(i, 'published') % 50 <> 0  -- about 2% of organ-years publish nothing
    """


def generate(datasets_dir: Path, n_reports: int) -> dict[str, int]:
    """Write the synthetic datasets; return the row count of each."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    organs = max(1, n_reports // len(YEARS))
    regions = max(5, organs // 50)
    con.execute(f"CREATE TEMP VIEW r AS {_report_attrs(n_reports)}")
    counts: dict[str, int] = {}
    organ_cols = {
        "organ_key": "'organ-' || organ",
        "agency": "'机关' || organ",
        "source_id": "'source-' || (organ % 3000)",
        # about 50 organs per county-level code, the counties spread over 31 provinces
        "region_code": f"printf('%02d%04d', 11 + (organ % {regions}) % 31, (organ % {regions}) // 31)",
        "level": "CASE WHEN organ % 10 = 0 THEN 'county' ELSE 'department' END",
    }
    report_cols = {
        "report_id": "report_id",
        "document_sha256": "sha",
        "year": "year",
        **organ_cols,
        "template": "CASE WHEN year >= 2021 THEN '2021' ELSE '2019' END",
        "scope": "CASE WHEN organ % 10 = 0 THEN 'aggregate' ELSE 'organ' END",
        "title": "'机关' || organ || year || '年政府信息公开工作年度报告'",
        "published_date": "make_date(CAST(year AS INTEGER) + 1, 1, 1) + CAST(hash(i) % 120 AS INTEGER)",
        "format": "'pdf'",
        "parse_status": "'ok'",
        "parser_version": "'bench'",
        "extraction": "'text'",
        "version": "1",
        "is_current": "true",
        "first_seen": "make_timestamptz(CAST(year AS INTEGER) + 1, 4, 1, 0, 0, 0)",
    }
    cell_cols = {
        "report_id": "report_id",
        "document_sha256": "sha",
        "year": "year",
        "table": "tbl",
        "row": "rw",
        "col": "cl",
        "value": "CASE WHEN hash(i, rw, cl) % 20 = 0 THEN NULL ELSE hash(i, rw, cl) % 500 END",
        "raw": "CASE WHEN hash(i, rw, cl) % 20 = 0 THEN '' ELSE CAST(hash(i, rw, cl) % 500 AS VARCHAR) END",
        "state": "CASE WHEN hash(i, rw, cl) % 20 = 0 THEN 'blank' ELSE 'number' END",
        "unit": "CASE WHEN money THEN '万元' END",
        "confidence": "1.0",
    }
    check_cols = {
        "report_id": "report_id",
        "document_sha256": "sha",
        "year": "year",
        "check": "CASE k % 4 WHEN 0 THEN 't3_balance' WHEN 1 THEN 't3_outcomes' "
        "WHEN 2 THEN 't3_row_total' ELSE 't4_total' END",
        "key": "'k' || k",
        "status": "CASE WHEN hash(i, k) % 50 = 0 THEN 'fail' ELSE 'pass' END",
        "lhs": "hash(i, k) % 100",
        "rhs": "hash(i, k) % 100 + CASE WHEN hash(i, k) % 50 = 0 THEN 1 ELSE 0 END",
        "delta": "CASE WHEN hash(i, k) % 50 = 0 THEN -1 ELSE 0 END",
    }
    for year in YEARS:
        template = "2021" if year >= 2021 else "2019"
        sources = {
            REPORTS: f"SELECT {_select(REPORTS, report_cols)} FROM r WHERE year = {year}",
            CELLS: f"SELECT {_select(CELLS, cell_cols)} FROM r CROSS JOIN {_cell_keys_sql()} "
            f"WHERE year = {year} AND k.template = '{template}'",
            CHECKS: f"SELECT {_select(CHECKS, check_cols)} FROM r "
            f"CROSS JOIN range({CHECKS_PER_REPORT}) AS c(k) WHERE year = {year}",
        }
        for dataset, sql in sources.items():
            out = datasets_dir / dataset.name / f"year={year}" / "part-0.parquet"
            out.parent.mkdir(parents=True, exist_ok=True)
            con.execute(f"COPY ({sql}) TO {sql_string(str(out))} (FORMAT parquet)")
            counts[dataset.name] = (
                counts.get(dataset.name, 0)
                + con.execute(
                    f"SELECT count(*) FROM read_parquet({sql_string(str(out))})"
                ).fetchone()[0]
            )
    organ_sql = (
        f"SELECT {_select(ORGANS, {**organ_cols, 'first_year': str(YEARS[0]), 'last_year': str(YEARS[-1])})} "
        f"FROM range({organs}) AS t(organ)"
    )
    out = datasets_dir / "organs" / "part-0.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY ({organ_sql}) TO {sql_string(str(out))} (FORMAT parquet)")
    counts["organs"] = organs
    con.close()
    return counts


def _generate_in_child(datasets_dir: Path, n_reports: int) -> float:
    """Generate in a child process (its memory is not the warehouse's); return seconds."""
    t0 = time.perf_counter()
    child = multiprocessing.get_context("spawn").Process(
        target=generate, args=(datasets_dir, n_reports)
    )
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"data generation failed (exit {child.exitcode})")
    return time.perf_counter() - t0


def _timed(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    (rows, *_) = con.execute(sql).fetchone() or (0,)
    return time.perf_counter() - t0, int(rows)


def run() -> None:
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    n_reports = max(len(YEARS), int(FULL_REPORTS * scale))
    views = [item for item in load(SQL_DIR, fragments()) if isinstance(item, ViewSql)]
    with tempfile.TemporaryDirectory(prefix="bench-warehouse-") as tmp:
        data_dir = Path(tmp)
        generate_s = _generate_in_child(data_dir / "datasets", n_reports)
        t0 = time.perf_counter()
        database = build(data_dir)
        build_s = time.perf_counter() - t0
        con = duckdb.connect(str(database), read_only=True)
        con.execute("SET enable_progress_bar = false")
        (reports,) = con.execute("SELECT count(*) FROM stg_reports").fetchone() or (0,)
        baseline_s, cells = _timed(con, "SELECT count(*), sum(value) FROM stg_cells")
        print(
            f"scale {scale}: {reports:,} reports, {cells:,} cells; generated in "
            f"{generate_s:.1f} s; warehouse built in {build_s:.2f} s"
        )
        print(f"{'query':<28}{'seconds':>10}{'rows':>14}{'× scan':>10}")
        print(f"{'baseline: scan stg_cells':<28}{baseline_s:>10.2f}{cells:>14,}{1.0:>10.2f}")
        for view in views:
            seconds, rows = _timed(con, f"SELECT count(*), max(hash(COLUMNS(*))) FROM {view.name}")
            print(f"{view.name:<28}{seconds:>10.2f}{rows:>14,}{seconds / baseline_s:>10.2f}")
        con.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: {peak_mb:,.0f} MB (build and queries); generator {child_mb:,.0f} MB")


if __name__ == "__main__":
    run()
