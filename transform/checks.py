"""The identities (勾稽关系) of data contract §3, evaluated on one report's cells.

Each check is evaluated twice: with blank cells as missing and with blank cells as 0. When
the two agree, that is the status. When they disagree (the printed blanks decide it), the
status is `not_assessable`, lhs/rhs/delta are those of the blanks-as-0 reading, and `reason`
names the blank cells. A failing check is a finding about the source; values never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from transform import model
from transform.record import Cell, Check

_TOLERANCE = 1e-6


@dataclass
class _Evaluation:
    status: str
    lhs: float | None = None
    rhs: float | None = None
    missing: tuple[str, ...] = ()  # cell keys that stop the evaluation
    blanks: tuple[str, ...] = ()
    unreadable: tuple[str, ...] = ()  # printed but not a number (dash, text)


def evaluate(cells: list[Cell]) -> list[Check]:
    by_key = {c.key: c for c in cells}
    rows = {(c.table, c.row) for c in cells}
    identities = _IDENTITIES_T4
    if any(t == "t3" for t, _ in rows):
        identities = _t3_identities(_other_rows(rows)) + _IDENTITIES_T4
    return [
        _check(by_key, i.check, i.key, lhs=i.lhs, rhs=i.rhs)
        for i in identities
        if i.row is None or i.row in rows
    ]


@dataclass(frozen=True)
class _Identity:
    """One check as cell keys; `row` is the (table, row) it needs printed, if any."""

    check: str
    key: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    row: tuple[str, str] | None = None


@lru_cache(maxsize=2)  # one per form of （六）: the key lists are built once, not per report
def _t3_identities(other_rows: tuple[str, ...]) -> tuple[_Identity, ...]:
    balance = [
        _Identity(
            "t3_balance",
            col.key,
            lhs=(f"t3.new_received.{col.key}", f"t3.carried_over.{col.key}"),
            rhs=(f"t3.total_processed.{col.key}", f"t3.carried_forward.{col.key}"),
        )
        for col in model.T3_COLUMNS
    ]
    outcomes = [
        _Identity(
            "t3_outcomes",
            col.key,
            lhs=(f"t3.total_processed.{col.key}",),
            rhs=tuple(f"t3.{r}.{col.key}" for r in (*model.T3_OUTCOME_ROWS, *other_rows)),
        )
        for col in model.T3_COLUMNS
    ]
    row_totals = [
        _Identity(
            "t3_row_total",
            row.key,
            lhs=(f"t3.{row.key}.total",),
            rhs=tuple(f"t3.{row.key}.{c}" for c in model.T3_APPLICANT_COLUMNS),
            row=("t3", row.key),
        )
        for row in model.T3_ROWS
    ]
    return (*balance, *outcomes, *row_totals)


_IDENTITIES_T4 = tuple(
    _Identity(
        "t4_total",
        row.key,
        lhs=(f"t4.{row.key}.total",),
        rhs=tuple(f"t4.{row.key}.{c}" for c in model.T4_PARTS),
        row=("t4", row.key),
    )
    for row in model.T4.rows
)


def _other_rows(rows: set[tuple[str, str]]) -> tuple[str, ...]:
    """（六） as the report printed it: the single row or the three 2021 sub-rows."""
    if ("t3", model.T3_OTHER_SINGLE) in rows and not any(
        ("t3", k) in rows for k in model.T3_OTHER_SPLIT
    ):
        return (model.T3_OTHER_SINGLE,)
    return model.T3_OTHER_SPLIT


def _check(
    by_key: dict[str, Cell], check: str, key: str, *, lhs: tuple[str, ...], rhs: tuple[str, ...]
) -> Check:
    as_missing, as_zero = _evaluate(by_key, lhs, rhs)
    if as_missing.status == as_zero.status:
        result = Check(check, key, as_missing.status, *_sides(as_missing))
        if as_missing.status == "not_assessable":
            result.reason = _why_not(as_missing)
        return result
    blanks = list(as_missing.blanks)
    return Check(
        check,
        key,
        "not_assessable",
        *_sides(as_zero),
        reason=(
            f"blank cells {blanks}: blanks-as-missing -> not_assessable, "
            f"blanks-as-0 -> {as_zero.status} ({_fmt(as_zero.lhs)} vs {_fmt(as_zero.rhs)})"
        ),
        status_if_blank_as_0=as_zero.status,
    )


def _evaluate(
    by_key: dict[str, Cell], lhs: tuple[str, ...], rhs: tuple[str, ...]
) -> tuple[_Evaluation, _Evaluation]:
    """The check read with blanks as missing, and with blanks as 0 (one pass over the cells)."""
    missing: list[str] = []
    blanks: list[str] = []
    unreadable: list[str] = []
    sums = [0.0, 0.0]
    for side, keys in enumerate((lhs, rhs)):
        for k in keys:
            cell = by_key.get(k)
            if cell is None:
                missing.append(k)
            elif cell.state == "number" and cell.value is not None:
                sums[side] += cell.value
            elif cell.state == "blank":
                blanks.append(k)
            else:
                unreadable.append(k)
    stopped = _Evaluation(
        "not_assessable",
        missing=tuple(missing),
        blanks=tuple(blanks),
        unreadable=tuple(unreadable),
    )
    if missing or unreadable:
        return stopped, stopped
    status = "pass" if abs(sums[0] - sums[1]) <= _TOLERANCE else "fail"
    read = _Evaluation(status, _number(sums[0]), _number(sums[1]), blanks=tuple(blanks))
    return (stopped if blanks else read), read


def _sides(e: _Evaluation) -> tuple[float | None, float | None, float | None]:
    if e.lhs is None or e.rhs is None:
        return None, None, None
    return e.lhs, e.rhs, _number(e.lhs - e.rhs)


def _why_not(e: _Evaluation) -> str:
    parts: list[str] = []
    if e.missing:
        parts.append(f"cells not printed {list(e.missing)}")
    if e.unreadable:
        parts.append(f"cells not a number {list(e.unreadable)}")
    if e.blanks:
        parts.append(f"blank cells {list(e.blanks)}")
    return "; ".join(parts) + ": not assessable with blanks as missing or as 0"


def _number(x: float) -> float:
    """Whole numbers as int, so that JSON prints 35, not 35.0."""
    rounded = round(x, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def _fmt(x: float | None) -> str:
    return "" if x is None else str(_number(x))
