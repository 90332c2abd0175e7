"""The one gold comparison every format's test uses: `assert_matches_gold(parsed, name)`.

Walks EVERY cell of the gold file (and refuses a cell key emitted twice) (cells → value and state number; blank_cells → state blank
and value null; dash_cells → state dash), refuses standard cells the gold does not list
(extra_<n> rows are allowed), and compares agency, year, template, scope and every check
(status, lhs, rhs, delta; reason and status_if_blank_as_0 where the gold has them).
"""

from __future__ import annotations

import math

from tests.conftest import gold
from transform.record import ParsedReport


def assert_matches_gold(parsed: ParsedReport, gold_name: str, *, checks: bool = True) -> None:
    g = gold(gold_name)
    report = parsed.report
    problems: list[str] = []
    for field in ("agency", "year", "template", "scope"):
        if getattr(report, field) != g[field]:
            problems.append(f"report.{field}: got {getattr(report, field)!r}, gold {g[field]!r}")

    cells = {c.key: c for c in parsed.cells}
    if len(cells) != len(parsed.cells):
        seen: set[str] = set()
        twice = sorted({c.key for c in parsed.cells if c.key in seen or seen.add(c.key)})
        problems.append(f"cells printed twice: {twice}")
    for key, value in g["cells"].items():
        cell = cells.get(key)
        if cell is None:
            problems.append(f"{key}: missing (gold {value!r})")
        elif cell.state != "number" or not _same(cell.value, value):
            problems.append(
                f"{key}: got {cell.state} {cell.value!r} (raw {cell.raw!r}), gold {value!r}"
            )
    for key in g["blank_cells"]:
        cell = cells.get(key)
        if cell is None or cell.state != "blank" or cell.value is not None:
            problems.append(f"{key}: gold blank, got {_show(cell)}")
    for key in g["dash_cells"]:
        cell = cells.get(key)
        if cell is None or cell.state != "dash" or cell.value is not None:
            problems.append(f"{key}: gold dash, got {_show(cell)}")
    known = set(g["cells"]) | set(g["blank_cells"]) | set(g["dash_cells"])
    unexpected = sorted(k for k in cells if k not in known and ".extra_" not in k)
    if unexpected:
        problems.append(f"cells not in the gold: {unexpected}")

    if checks:
        got = {(c.check, c.key): c for c in parsed.checks}
        for expected in g["checks"]:
            check = got.pop((expected["check"], expected["key"]), None)
            name = f"check {expected['check']}.{expected['key']}"
            if check is None:
                problems.append(f"{name}: missing")
                continue
            for field in ("status", "lhs", "rhs", "delta", "reason", "status_if_blank_as_0"):
                want = expected.get(field)
                have = getattr(check, field)
                if not _same(have, want):
                    problems.append(f"{name}.{field}: got {have!r}, gold {want!r}")
        if got:
            problems.append(f"checks not in the gold: {sorted(got)}")

    assert not problems, f"{gold_name}: {len(problems)} differences:\n" + "\n".join(problems[:60])


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)
    return a == b


def _show(cell: object) -> str:
    if cell is None:
        return "no cell"
    return f"{cell.state} {cell.value!r} (raw {cell.raw!r})"  # type: ignore[attr-defined]
