"""Write the Parquet datasets: typed by transform.schema, deterministic, swapped in atomically.

Layout (docs/architecture.md): `datasets/<name>/year=<YYYY>/part-0.parquet`, rows without a
year under `year=__HIVE_DEFAULT_PARTITION__` (DuckDB and pyarrow read that as NULL), and
`datasets/organs/part-0.parquet` unpartitioned.

Every dataset is rendered in memory first and compared with what is on disk: an unchanged
dataset is not touched at all (a rerun with nothing new writes nothing). A changed one is
written complete into a staging directory, then the live directory is renamed away and the
staged one renamed into its place; `recover` finishes or undoes a swap cut short by a crash,
so a reader never sees a half-written dataset once a run has started again.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from transform.schema import DATASETS, Dataset

NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
PART_FILE = "part-0.parquet"
_STAGING = ".staging"
_OLD_PREFIX = ".old-"


def render(dataset: Dataset, rows: list[dict[str, Any]]) -> dict[str, bytes]:
    """The dataset's files as {relative path: Parquet bytes}; rows must already be sorted."""
    schema = dataset.arrow_schema
    if not dataset.partition_by_year:
        return (
            {PART_FILE: _parquet_bytes(pa.Table.from_pylist(rows, schema=schema))} if rows else {}
        )
    by_year: dict[int | None, list[dict[str, Any]]] = {}
    for row in rows:
        by_year.setdefault(row.get("year"), []).append(row)
    files: dict[str, bytes] = {}
    for year, part in by_year.items():
        folder = f"year={NULL_PARTITION if year is None else year}"
        files[f"{folder}/{PART_FILE}"] = _parquet_bytes(pa.Table.from_pylist(part, schema=schema))
    return files


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    # No statistics-free tricks needed: pyarrow output is a pure function of the table, the
    # schema (its metadata carries schema_version) and the library version.
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def on_disk(directory: Path) -> dict[str, bytes]:
    if not directory.is_dir():
        return {}
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*.parquet"))
    }


def recover(datasets_dir: Path) -> None:
    """Finish what a killed run left behind: restore or drop renamed-away dataset directories
    and remove staging directories."""
    if not datasets_dir.is_dir():
        return
    for old in datasets_dir.glob(f"{_OLD_PREFIX}*"):
        live = datasets_dir / old.name.removeprefix(_OLD_PREFIX)
        if live.exists():
            shutil.rmtree(old)
        else:
            os.replace(old, live)
    shutil.rmtree(datasets_dir / _STAGING, ignore_errors=True)


def write_all(datasets_dir: Path, rows_by_dataset: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Write every dataset whose bytes changed; returns the names written."""
    recover(datasets_dir)
    written: list[str] = []
    for name in sorted(rows_by_dataset):
        files = render(DATASETS[name], rows_by_dataset[name])
        live = datasets_dir / name
        if files == on_disk(live) and live.is_dir():
            continue
        staged = datasets_dir / _STAGING / name
        shutil.rmtree(staged, ignore_errors=True)
        for relative, data in files.items():
            path = staged / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        staged.mkdir(parents=True, exist_ok=True)  # an empty dataset is an empty directory
        _swap(staged, live)
        written.append(name)
    shutil.rmtree(datasets_dir / _STAGING, ignore_errors=True)
    return written


def _swap(staged: Path, live: Path) -> None:
    old = live.with_name(_OLD_PREFIX + live.name)
    if live.exists():
        os.replace(live, old)
    os.replace(staged, live)
    shutil.rmtree(old, ignore_errors=True)
