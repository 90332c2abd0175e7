"""Test data for the warehouse: the transform's Parquet datasets written from gold files.

The warehouse reads only the Parquet datasets of transform/schema.py. This module writes
them directly from the hand-verified gold files (../shared/fixtures/real/*.gold.json: cells,
blank_cells, dash_cells, checks, agency, year, template, scope), with the schema.py Arrow
schemas, so the warehouse is tested on real numbers independently of the parser.

What a gold file does not record is passed in explicitly as `ReportMeta` by the caller
(registry metadata such as region_code and level, and a publication date where one is
known); `raw` is the printed form of the number, since gold keeps values only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from transform.model import MONEY_UNIT, TABLES
from transform.schema import DATASETS, Dataset


@dataclass(frozen=True)
class ReportMeta:
    """What the registry and the crawler would know about a report (not in the gold file)."""

    organ_key: str
    region_code: str
    level: str
    source_id: str
    published_date: dt.date | None = None
    source_url: str | None = None


def load_gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _printed(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _is_money(template: str, key: str) -> bool:
    table, row, col = key.split(".")
    spec = TABLES[template][table]
    return any(c.money for c in spec.columns_of(row) if c.key == col)


def report_id_of(gold: dict[str, Any], meta: ReportMeta) -> str:
    text = f"{meta.organ_key}|{gold['year']}|{gold['scope']}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _sha_of(gold: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(gold, sort_keys=True).encode()).hexdigest()


def rows_from_gold(gold: dict[str, Any], meta: ReportMeta) -> dict[str, list[dict[str, Any]]]:
    """The dataset rows one parsed report would produce, from its gold file."""
    report_id, sha, year, template = (
        report_id_of(gold, meta),
        _sha_of(gold),
        gold["year"],
        gold["template"],
    )
    common = {"report_id": report_id, "document_sha256": sha, "year": year}
    cells: list[dict[str, Any]] = []
    printed = [(k, v, "number") for k, v in gold["cells"].items()]
    printed += [(k, None, "blank") for k in gold.get("blank_cells", [])]
    printed += [(k, None, "dash") for k in gold.get("dash_cells", [])]
    for key, value, state in printed:
        table, row, col = key.split(".")
        cells.append(
            {
                **common,
                "table": table,
                "row": row,
                "col": col,
                "value": None if value is None else float(value),
                # gold keeps the value of a number, not the dash character it printed
                "raw": _printed(value) if value is not None else ("" if state == "blank" else None),
                "state": state,
                "unit": MONEY_UNIT if state == "number" and _is_money(template, key) else None,
                "confidence": 1.0,
                "raw_label": None,
            }
        )
    checks = [
        {
            **common,
            "check": c["check"],
            "key": c["key"],
            "status": c["status"],
            "lhs": c.get("lhs"),
            "rhs": c.get("rhs"),
            "delta": c.get("delta"),
            "reason": c.get("reason"),
            "status_if_blank_as_0": c.get("status_if_blank_as_0"),
        }
        for c in gold["checks"]
    ]
    report = {
        **common,
        "agency": gold["agency"],
        "organ_key": meta.organ_key,
        "source_id": meta.source_id,
        "region_code": meta.region_code,
        "level": meta.level,
        "template": template,
        "scope": gold["scope"],
        "title": f"{gold['agency']}{year}年政府信息公开工作年度报告",
        "source_url": meta.source_url,
        "published_date": meta.published_date,
        "format": Path(gold.get("document", "x.txt")).suffix.lstrip(".") or None,
        "parse_status": "ok",
        "parser_version": "gold",
        "extraction": "text",
        "error": None,
        "version": 1,
        "is_current": True,
        "first_seen": dt.datetime(year + 1, 4, 1, tzinfo=dt.UTC),
    }
    document = {
        "document_sha256": sha,
        "url": meta.source_url,
        "final_url": meta.source_url,
        "source_id": meta.source_id,
        "role": "report_page",
        "parent_url": None,
        "organ_key": meta.organ_key,
        "title": report["title"],
        "format": report["format"],
        "size": None,
        "first_seen": report["first_seen"],
        "last_seen": report["first_seen"],
        "parse_status": "ok",
        "error": None,
        "parser_version": "gold",
        "report_id": report_id,
        "chosen": True,
        "year": year,
    }
    return {"reports": [report], "cells": cells, "checks": checks, "documents": [document]}


def _write(datasets_dir: Path, dataset: Dataset, rows: list[dict[str, Any]]) -> None:
    schema = dataset.arrow_schema
    if not dataset.partition_by_year:
        out = datasets_dir / dataset.name / "part-0.parquet"
        out.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), out)
        return
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_year[row["year"]].append(row)
    for year, year_rows in by_year.items():
        out = datasets_dir / dataset.name / f"year={year}" / "part-0.parquet"
        out.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(year_rows, schema=schema), out)


def organ_row(agency: str, meta: ReportMeta, years: list[int]) -> dict[str, Any]:
    return {
        "organ_key": meta.organ_key,
        "agency": agency,
        "source_id": meta.source_id,
        "region_code": meta.region_code,
        "level": meta.level,
        "first_year": min(years) if years else None,
        "last_year": max(years) if years else None,
    }


def write_datasets(
    data_dir: Path,
    reports: Sequence[tuple[dict[str, Any], ReportMeta]],
    registry_only: Sequence[tuple[str, ReportMeta]] = (),
) -> Path:
    """Write DATA_DIR/datasets from gold-shaped reports, plus organs with no report."""
    datasets_dir = data_dir / "datasets"
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    years_of: dict[str, list[int]] = defaultdict(list)
    agency_of: dict[str, tuple[str, ReportMeta]] = {}
    for gold, meta in reports:
        for name, dataset_rows in rows_from_gold(gold, meta).items():
            rows[name] += dataset_rows
        years_of[meta.organ_key].append(gold["year"])
        agency_of[meta.organ_key] = (gold["agency"], meta)
    organs = [organ_row(agency, meta, years_of[key]) for key, (agency, meta) in agency_of.items()]
    organs += [organ_row(agency, meta, []) for agency, meta in registry_only]
    rows["organs"] = organs
    for name, dataset_rows in rows.items():
        _write(datasets_dir, DATASETS[name], dataset_rows)
    return datasets_dir
