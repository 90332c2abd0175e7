"""Read transform's Parquet datasets back, and rebuild a report version as the ParsedReport
that tests/gold.py compares with a gold file."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from transform.record import Cell, Check, ParsedReport, Report


def read_dataset(data_dir: Path, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted((data_dir / "datasets" / name).rglob("*.parquet")):
        rows.extend(pq.read_table(path).to_pylist())
    return rows


def versions(data_dir: Path, report_id: str) -> list[dict[str, Any]]:
    rows = [r for r in read_dataset(data_dir, "reports") if r["report_id"] == report_id]
    return sorted(rows, key=lambda r: r["version"])


def chosen_document(data_dir: Path, url: str) -> dict[str, Any]:
    rows = [d for d in read_dataset(data_dir, "documents") if d["url"] == url and d["chosen"]]
    assert rows, f"no chosen document at {url}"
    return rows[0]


def as_parsed(data_dir: Path, version: dict[str, Any]) -> ParsedReport:
    """One reports row with its cells, checks and sections, as the parser's record."""

    def of_version(name: str) -> list[dict[str, Any]]:
        return [
            r
            for r in read_dataset(data_dir, name)
            if r["report_id"] == version["report_id"]
            and r["document_sha256"] == version["document_sha256"]
        ]

    return ParsedReport(
        report=_build(Report, version),
        cells=[_build(Cell, row) for row in of_version("cells")],
        checks=[_build(Check, row) for row in of_version("checks")],
        sections={row["section"]: row["text"] for row in of_version("sections")},
    )


def _build(record: type, row: dict[str, Any]) -> Any:
    return record(**{f.name: row[f.name] for f in fields(record) if f.name in row})
