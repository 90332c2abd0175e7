"""The identities (勾稽关系) of data contract §3, evaluated on one report's cells.

Each check is evaluated twice: with blank cells as missing and with blank cells as 0. When
the two agree, that is the status. When they disagree (the printed blanks decide it), the
status is `not_assessable`, lhs/rhs/delta are those of the blanks-as-0 reading, and `reason`
names the blank cells. A failing check is a finding about the source; values never change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache, reduce
from itertools import compress, repeat
from operator import add, eq, itemgetter
from typing import NamedTuple

from transform import model
from transform.record import Cell, Check

_TOLERANCE = 1e-6

# A cell as (table, row, col), the tuple Cell.key spells "table.row.col": indexing by the
# tuple spares building a key string per cell per report.
_Key = tuple[str, str, str]


def evaluate(cells: list[Cell]) -> list[Check]:
    """The report's checks. Each identity's cells are read at once; a cell not printed or
    not a number sends it to _cell_by_cell, the definition the quick paths agree with."""
    values, rows, small = _printed(cells)
    identities = _IDENTITIES_T4
    if any(t == "t3" for t, _ in rows):
        identities = _t3_identities(_other_rows(rows)) + _IDENTITIES_T4
    checks: list[Check] = []
    for identity in identities:
        if identity.row is not None and identity.row not in rows:
            continue
        try:
            found = identity.read(values)  # lhs then rhs cells
        except KeyError:
            checks.append(_cell_by_cell(values, identity))  # a cell not printed
            continue
        if "blank" in found:
            checks.append(_with_blanks(values, small, identity, found))
            continue
        try:
            left, right = _sums(found, identity.split, small)
        except TypeError:  # a cell not a number
            checks.append(_cell_by_cell(values, identity))
            continue
        checks.append(_assessed(identity, left, right))
    return checks


def _sums(numbers: Sequence[float | str], split: int, small: bool) -> tuple[float, float]:
    """numbers[:split] and numbers[split:] summed as the checks define it: float additions
    left to right from 0.0. A string (a state, not a number) raises TypeError."""
    left, right = sum(numbers[:split]), sum(numbers[split:])
    if small and type(left) is int and type(right) is int:
        # Ints (sum() adds them in C) below _SMALL, a few dozen at most: added as floats
        # no partial sum could reach 2**53 and round, so the sums are the same.
        return left, right
    return reduce(add, numbers[:split], 0.0), reduce(add, numbers[split:], 0.0)


_SMALL = 2**40


def _printed(
    cells: list[Cell],
) -> tuple[dict[_Key, float | str], set[tuple[str, str]], bool]:
    """Each printed cell's number, or its state when it holds none ("blank", "dash", "text",
    or "number" without a value); the (table, row)s printed; and whether every number is
    below _SMALL in size. Cell values are numbers, never strings, so a string value
    is always a state. A later cell of a key wins."""
    values: dict[_Key, float | str] = {}
    rows: set[tuple[str, str]] = set()
    small = True
    table: str | None = None
    row: str | None = None
    for c in cells:
        if c.row != row or c.table != table:  # a row's cells come together: add it once
            table, row = c.table, c.row
            rows.add((table, row))
        value = c.value
        if c.state != "number" or value is None:
            value = c.state
        elif not -_SMALL < value < _SMALL:
            small = False
        values[table, row, c.col] = value
    return values, rows, small


class _Identity(NamedTuple):
    """One check as cell keys; `row` is the (table, row) it needs printed, if any."""

    check: str
    key: str
    lhs: tuple[_Key, ...]
    rhs: tuple[_Key, ...]
    row: tuple[str, str] | None
    # The values of lhs then rhs from a dict by key, as a tuple; KeyError if one is missing.
    read: Callable[[dict[_Key, float | str]], tuple[float | str, ...]]
    split: int  # len(lhs): where rhs starts in what `read` returns
    # The keys as Cell.key spells them, repr()-quoted once for the reasons that list them.
    quoted: tuple[str, ...]
    all_blank: tuple[str, ...]  # what `read` returns when every cell is blank
    all_blank_reason: str


def _blanks_reason(blanks: str, status: str, lhs: float | None, rhs: float | None) -> str:
    return (
        f"blank cells {blanks}: blanks-as-missing -> not_assessable, "
        f"blanks-as-0 -> {status} ({lhs} vs {rhs})"
    )


def _identity(
    check: str,
    key: str,
    lhs: tuple[_Key, ...],
    rhs: tuple[_Key, ...],
    row: tuple[str, str] | None = None,
) -> _Identity:
    keys = lhs + rhs  # at least two, so itemgetter returns a tuple
    quoted = tuple(repr(".".join(k)) for k in keys)
    all_blank = ("blank",) * len(keys)
    all_blank_reason = _blanks_reason(f"[{', '.join(quoted)}]", "pass", 0, 0)
    return _Identity(
        check, key, lhs, rhs, row, itemgetter(*keys), len(lhs), quoted, all_blank, all_blank_reason
    )


@lru_cache(maxsize=2)  # one per form of （六）: the key lists are built once, not per report
def _t3_identities(other_rows: tuple[str, ...]) -> tuple[_Identity, ...]:
    balance = [
        _identity(
            "t3_balance",
            col.key,
            lhs=(("t3", "new_received", col.key), ("t3", "carried_over", col.key)),
            rhs=(("t3", "total_processed", col.key), ("t3", "carried_forward", col.key)),
        )
        for col in model.T3_COLUMNS
    ]
    outcomes = [
        _identity(
            "t3_outcomes",
            col.key,
            lhs=(("t3", "total_processed", col.key),),
            rhs=tuple(("t3", r, col.key) for r in (*model.T3_OUTCOME_ROWS, *other_rows)),
        )
        for col in model.T3_COLUMNS
    ]
    row_totals = [
        _row_total("t3_row_total", "t3", row.key, model.T3_APPLICANT_COLUMNS)
        for row in model.T3_ROWS
    ]
    return (*balance, *outcomes, *row_totals)


def _row_total(check: str, table: str, row: str, parts: tuple[str, ...]) -> _Identity:
    """A printed row's total column equals the sum of its part columns."""
    return _identity(
        check,
        row,
        lhs=((table, row, "total"),),
        rhs=tuple((table, row, c) for c in parts),
        row=(table, row),
    )


_IDENTITIES_T4 = tuple(
    _row_total("t4_total", "t4", row.key, model.T4_PARTS) for row in model.T4.rows
)


def _other_rows(rows: set[tuple[str, str]]) -> tuple[str, ...]:
    """（六） as the report printed it: the single row or the three 2021 sub-rows."""
    if ("t3", model.T3_OTHER_SINGLE) in rows and not any(
        ("t3", k) in rows for k in model.T3_OTHER_SPLIT
    ):
        return (model.T3_OTHER_SINGLE,)
    return model.T3_OTHER_SPLIT


def _assessed(identity: _Identity, left: float, right: float) -> Check:
    """A check on numbers: pass or fail."""
    if type(left) is int and type(right) is int:
        # Whole sums, the usual case: _number would keep them, and the tolerance is equality.
        status = "pass" if left == right else "fail"
        return Check(identity.check, identity.key, status, left, right, left - right)
    status = "pass" if abs(left - right) <= _TOLERANCE else "fail"
    lhs, rhs = _number(left), _number(right)
    return Check(identity.check, identity.key, status, lhs, rhs, _number(lhs - rhs))


def _with_blanks(
    values: dict[_Key, float | str],
    small: bool,
    identity: _Identity,
    found: tuple[float | str, ...],
) -> Check:
    """A check with blank cells. Read with blanks as missing it is not_assessable; read with
    blanks as 0 it passes or fails. The status is not_assessable, with the sides of the
    blanks-as-0 reading and a reason naming the blanks."""
    if found == identity.all_blank:  # 0 = 0, and the reason is always the same
        return Check(
            identity.check,
            identity.key,
            "not_assessable",
            0,
            0,
            0,
            reason=identity.all_blank_reason,
            status_if_blank_as_0="pass",
        )
    numbers = [0 if v == "blank" else v for v in found]  # adding 0 changes no sum
    try:
        left, right = _sums(numbers, identity.split, small)
    except TypeError:  # a cell not a number
        return _cell_by_cell(values, identity)
    # the blank cells as repr() prints a list of their names
    blanks = ", ".join(compress(identity.quoted, map(eq, found, repeat("blank"))))
    return _decided_by_blanks(_assessed(identity, left, right), f"[{blanks}]")


def _decided_by_blanks(check: Check, blanks: str) -> Check:
    """`check` as read with blanks as 0 becomes not_assessable (as it is with blanks as
    missing), keeping that reading's sides; the reason names the `blanks`."""
    check.reason = _blanks_reason(blanks, check.status, check.lhs, check.rhs)
    check.status_if_blank_as_0 = check.status
    check.status = "not_assessable"
    return check


def _cell_by_cell(values: dict[_Key, float | str], identity: _Identity) -> Check:
    """The check read one cell at a time: with blanks as missing and with blanks as 0."""
    missing: list[str] = []
    blanks: list[str] = []
    unreadable: list[str] = []  # printed but not a number (dash, text)
    sums = [0.0, 0.0]
    for side, keys in enumerate((identity.lhs, identity.rhs)):
        for k in keys:
            value = values.get(k)
            if value is None:
                missing.append(".".join(k))
            elif not isinstance(value, str):
                sums[side] += value
            elif value == "blank":
                blanks.append(".".join(k))
            else:
                unreadable.append(".".join(k))
    if missing or unreadable:  # neither reading can sum it
        parts: list[str] = []
        if missing:
            parts.append(f"cells not printed {missing}")
        if unreadable:
            parts.append(f"cells not a number {unreadable}")
        if blanks:
            parts.append(f"blank cells {blanks}")
        reason = "; ".join(parts) + ": not assessable with blanks as missing or as 0"
        return Check(identity.check, identity.key, "not_assessable", reason=reason)
    status = "pass" if abs(sums[0] - sums[1]) <= _TOLERANCE else "fail"
    lhs, rhs = _number(sums[0]), _number(sums[1])
    check = Check(identity.check, identity.key, status, lhs, rhs, _number(lhs - rhs))
    return _decided_by_blanks(check, str(blanks)) if blanks else check


def _number(x: float) -> float:
    """Whole numbers as int, so that JSON prints 35, not 35.0."""
    if type(x) is int:
        return x  # an int rounds to itself
    if x.is_integer():
        return int(x)  # so does a whole float: round() would change nothing
    rounded = round(x, 6)
    return int(rounded) if rounded == int(rounded) else rounded
