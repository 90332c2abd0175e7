"""What parsing one document yields: the report record, its cells, checks and sections.

Field names are the data contract's (../shared/spec/data-contract.md §1, §2, §3, §4).
`to_json` is the object printed by `python -m transform parse FILE --json`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Report:
    report_id: str
    document_sha256: str
    agency: str | None = None
    region_code: str | None = None
    year: int | None = None
    template: str = "unknown"
    scope: str = "unknown"
    title: str | None = None
    source_url: str | None = None
    published_date: str | None = None  # ISO date
    format: str | None = None
    parse_status: str = "failed"
    parser_version: str = ""
    extraction: str = "text"
    error: str | None = None  # why parse_status is failed / no_tables / partial


@dataclass(slots=True)
class Cell:
    table: str
    row: str
    col: str
    value: int | float | None
    raw: str
    state: str  # number | blank | dash | text
    unit: str | None = None
    confidence: float = 1.0
    raw_label: str | None = None  # the printed row label (always set for extra_<n> rows)

    @property
    def key(self) -> str:
        return f"{self.table}.{self.row}.{self.col}"


@dataclass
class Check:
    check: str  # t3_balance | t3_outcomes | t3_row_total | t4_total
    key: str  # the column (t3_balance, t3_outcomes) or row (t3_row_total, t4_total)
    status: str  # pass | fail | not_assessable
    lhs: float | None = None
    rhs: float | None = None
    delta: float | None = None  # lhs - rhs
    reason: str | None = None
    status_if_blank_as_0: str | None = None


@dataclass
class ParsedReport:
    report: Report
    cells: list[Cell] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)

    def cell(self, key: str) -> Cell | None:
        for c in self.cells:
            if c.key == key:
                return c
        return None

    def to_json(self) -> dict[str, Any]:
        def clean(d: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in d.items() if v is not None or k in _ALWAYS}

        return {
            "report": clean(asdict(self.report)),
            "cells": [clean(asdict(c)) for c in self.cells],
            "checks": [clean(asdict(c)) for c in self.checks],
            "sections": dict(self.sections),
        }


# Keys printed even when null, because the contract lists them for every object.
_ALWAYS = {
    "agency",
    "region_code",
    "year",
    "title",
    "source_url",
    "published_date",
    "format",
    "value",
    "unit",
    "lhs",
    "rhs",
    "delta",
}
