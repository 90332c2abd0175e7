"""Splitting digits that a text rendering printed run together ("6233440" = 62 | 33 | 440).

Only a unique split is accepted: parts never start with 0 unless they are 0, and where the
table has an identity inside the row it must hold (table 3: total = the six applicant
columns; table 4: total = the four results, per 5-column group). Anything else stays
unread: the mapper keeps the raw text and the report becomes `partial`.
"""

from __future__ import annotations

from collections.abc import Iterator

MAX_CANDIDATES = 20_000  # enumeration budget; beyond it the split counts as not unique


def split_run_together(digits: str, n: int, table: str) -> list[str] | None:
    if not digits.isdigit() or len(digits) < n:
        return None
    if table == "t4" and n % 5 == 0:
        return _split_groups(digits, n // 5)
    check = _t3_identity if table == "t3" and n == 7 else None
    found: list[list[str]] = []
    for count, parts in enumerate(_splits(digits, n)):
        if count > MAX_CANDIDATES:
            return None
        if check is None or check(parts):
            found.append(parts)
            if len(found) > 1:
                return None
    return found[0] if found else None


def _splits(digits: str, n: int) -> Iterator[list[str]]:
    """Every split of `digits` into n parts without leading zeros."""
    if n == 1:
        if digits and (digits == "0" or digits[0] != "0"):
            yield [digits]
        return
    max_first = len(digits) - (n - 1)
    for i in range(1, max_first + 1):
        head = digits[:i]
        if len(head) > 1 and head[0] == "0":
            break
        for rest in _splits(digits[i:], n - 1):
            yield [head, *rest]


def _t3_identity(parts: list[str]) -> bool:
    return int(parts[6]) == sum(int(p) for p in parts[:6])


def _t4_identity(parts: list[str]) -> bool:
    return int(parts[4]) == sum(int(p) for p in parts[:4])


def _split_groups(digits: str, groups: int) -> list[str] | None:
    """Table 4: consecutive groups of 5 values, each satisfying total = sum of four."""
    solutions: list[list[str]] = []
    budget = [MAX_CANDIDATES]

    def walk(rest: str, left: int, acc: list[str]) -> None:
        if len(solutions) > 1 or budget[0] <= 0:
            return
        if left == 0:
            if not rest:
                solutions.append(acc)
            return
        for i in range(5, len(rest) - 5 * (left - 1) + 1):
            for parts in _splits(rest[:i], 5):
                budget[0] -= 1
                if budget[0] <= 0:
                    return
                if _t4_identity(parts):
                    walk(rest[i:], left - 1, acc + parts)

    walk(digits, groups, [])
    return solutions[0] if len(solutions) == 1 and budget[0] > 0 else None
