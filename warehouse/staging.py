"""Staging views: one per dataset of transform/schema.py, typed and documented from it.

Each `stg_<dataset>` reads the dataset's Parquet files by absolute path (so the database works
from any cwd) with a glob, so a year partition written later is seen without a rebuild. The
columns are cast to the schema's types, which keeps every later view independent of how a
writer happened to encode a column. A dataset with no file yet becomes an empty view of the
right shape, so the warehouse can be built (and documented) before the pipeline has run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from transform.schema import DATASETS, Dataset
from warehouse.model_sql import sql_string


@dataclass(frozen=True)
class StagingView:
    name: str
    dataset: Dataset
    body: str
    has_data: bool

    @property
    def comment(self) -> str:
        return f"{self.dataset.zh} — {self.dataset.en} (dataset {self.dataset.name}, 1:1)"

    @property
    def column_comments(self) -> dict[str, str]:
        return {c.name: f"{c.zh} — {c.en}" for c in self.dataset.columns}


def duckdb_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "VARCHAR"
    if pa.types.is_int64(arrow_type):
        return "BIGINT"
    if pa.types.is_float64(arrow_type):
        return "DOUBLE"
    if pa.types.is_boolean(arrow_type):
        return "BOOLEAN"
    if pa.types.is_date32(arrow_type):
        return "DATE"
    if pa.types.is_timestamp(arrow_type):
        return "TIMESTAMPTZ" if arrow_type.tz else "TIMESTAMP"
    raise TypeError(f"no DuckDB type for Arrow {arrow_type} (extend warehouse.staging)")


def dataset_glob(dataset: Dataset) -> str:
    """The dataset's files, relative to its directory."""
    return "year=*/*.parquet" if dataset.partition_by_year else "*.parquet"


def staging_name(dataset: Dataset) -> str:
    return f"stg_{dataset.name}"


def staging_view(datasets_dir: Path, dataset: Dataset) -> StagingView:
    base = datasets_dir.resolve() / dataset.name
    has_data = any(base.glob(dataset_glob(dataset)))
    glob = str(base / dataset_glob(dataset))
    casts = ",\n    ".join(
        f'CAST("{c.name}" AS {duckdb_type(c.type)}) AS "{c.name}"'
        if has_data
        else f'CAST(NULL AS {duckdb_type(c.type)}) AS "{c.name}"'
        for c in dataset.columns
    )
    if has_data:
        # hive_partitioning supplies `year` when a writer dropped it from the files.
        source = (
            f"read_parquet({sql_string(glob)}, union_by_name = true, "
            f"hive_partitioning = {'true' if dataset.partition_by_year else 'false'})"
        )
        body = f"SELECT\n    {casts}\nFROM {source}"
    else:
        body = f"SELECT\n    {casts}\nWHERE false"
    return StagingView(staging_name(dataset), dataset, body, has_data)


def staging_views(datasets_dir: Path) -> list[StagingView]:
    return [staging_view(datasets_dir, d) for d in DATASETS.values()]
