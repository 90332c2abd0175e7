"""SQL fragments generated from the canonical model (transform/model.py), and the column
lists several views share (REPORT_IDENTITY).

The .sql files refer to them as `{{ name }}`; nothing in the SQL restates a key, a label or
a shared column list.
A fragment may also define output columns (a pivot of table cells into one column per cell
key), and then carries the comment of each column, derived from the model's labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from transform.model import (
    CHECKS,
    T3_APPLICANT_COLUMNS,
    T3_OTHER_SINGLE,
    T3_OTHER_SPLIT,
    T3_ROWS,
    TABLES,
    Column,
    Row,
)


@dataclass(frozen=True)
class Fragment:
    sql: str
    column_comments: dict[str, str] = field(default_factory=dict)


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_list(values: list[str] | tuple[str, ...]) -> str:
    return "(" + ", ".join(sql_string(v) for v in values) + ")"


def wide_column_name(row: str, col: str) -> str:
    """The column a cell becomes in its table's wide per-report view: licensing_decisions."""
    return f"{row}_{col}"


def _labels_by_cell(table: str) -> dict[tuple[str, str], list[tuple[str, Row, Column]]]:
    """Every (row, col) of `table` across templates, with the labels each template prints.

    Templates share a key exactly where the meaning is the same (2019 and 2021 licensing
    decisions are both `licensing.decisions`), so a wide view merges them by key.
    """
    cells: dict[tuple[str, str], list[tuple[str, Row, Column]]] = {}
    for template, tables in TABLES.items():
        spec = tables[table]
        for row in spec.rows:
            for col in row.columns or spec.columns:
                cells.setdefault((row.key, col.key), []).append((template, row, col))
    return cells


def _wide_comment(table: str, labelled: list[tuple[str, Row, Column]]) -> str:
    zh: list[str] = []
    en: list[str] = []
    for _, row, col in labelled:
        for parts, text in (
            (zh, f"{row.label_zh}·{col.label_zh}"),
            (en, f"{row.label_en}: {col.label_en}"),
        ):
            if text not in parts:
                parts.append(text)
    spec = TABLES[labelled[0][0]][table]
    templates = "/".join(t for t, _, _ in labelled)
    return (
        f"{spec.label_zh}：{'；'.join(zh)} — {spec.label_en}: {'; '.join(en)}"
        f" (template {templates}; as printed, null unless a number)"
    )


def pivot(table: str) -> Fragment:
    """One column per cell key of `table` (value as printed; null unless a number)."""
    selects: list[str] = []
    comments: dict[str, str] = {}
    for (row, col), labelled in _labels_by_cell(table).items():
        name = wide_column_name(row, col)
        selects.append(
            f'max(value) FILTER (WHERE "row" = {sql_string(row)} AND col = {sql_string(col)})'
            f" AS {name}"
        )
        comments[name] = _wide_comment(table, labelled)
    return Fragment(",\n    ".join(selects), comments)


def _cell_key_values() -> str:
    rows: list[str] = []
    for template, tables in TABLES.items():
        for table, spec in tables.items():
            for row in spec.rows:
                for col in row.columns or spec.columns:
                    values = (
                        template,
                        table,
                        row.key,
                        col.key,
                        f"{table}.{row.key}.{col.key}",
                        spec.label_zh,
                        spec.label_en,
                        row.label_zh,
                        row.label_en,
                        col.label_zh,
                        col.label_en,
                    )
                    money = "true" if col.money else "false"
                    rows.append("(" + ", ".join(sql_string(v) for v in values) + f", {money})")
    return ",\n    ".join(rows)


def _check_values() -> str:
    return ",\n    ".join(
        f"({sql_string(check)}, {sql_string(zh)}, {sql_string(en)})"
        for check, (zh, en) in CHECKS.items()
    )


def _t3_rows(prefix: str) -> tuple[str, ...]:
    return tuple(r.key for r in T3_ROWS if r.key.startswith(prefix))


# The columns that say which report a row is about, first in every per-report view so that
# analysts filter and join them alike. Views select them from the report aliased `r`.
REPORT_IDENTITY = (
    "report_id",
    "organ_key",
    "agency",
    "region_code",
    "level",
    "year",
    "template",
    "scope",
)


def fragments() -> dict[str, Fragment]:
    return {
        "report_identity": Fragment(",\n    ".join(f"r.{column}" for column in REPORT_IDENTITY)),
        "pivot_t2": pivot("t2"),
        "pivot_t4": pivot("t4"),
        "cell_key_values": Fragment(_cell_key_values()),
        "check_values": Fragment(_check_values()),
        "t3_applicant_columns": Fragment(_sql_list(T3_APPLICANT_COLUMNS)),
        "t3_denied_rows": Fragment(_sql_list(_t3_rows("denied_"))),
        "t3_unavailable_rows": Fragment(_sql_list(_t3_rows("unavailable_"))),
        "t3_not_processed_rows": Fragment(_sql_list(_t3_rows("not_processed_"))),
        "t3_other_rows": Fragment(_sql_list((T3_OTHER_SINGLE, *T3_OTHER_SPLIT))),
    }
