"""Print the headline comparison: 行政许可 decisions and 行政事业性收费 across organs.

`python -m warehouse.compare --data-dir DIR [--year Y]` reads the built warehouse read-only
and prints, per statistical year and scope (an aggregate is never ranked against its own
member organs), each organ's licensing decisions and fees with its national rank. `make demo`
ends with it; analysts get the same numbers from the views `licensing_comparison` and
`fee_comparison`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from warehouse.build import WAREHOUSE_FILE

QUERY = """
SELECT l.year, l.scope, l.agency, l.template,
       l.value AS licensing, l.rank_national AS licensing_rank,
       f.value AS fees, f.rank_national AS fees_rank
FROM licensing_comparison l
LEFT JOIN fee_comparison f USING (report_id)
WHERE $year IS NULL OR l.year = $year
ORDER BY l.year DESC, l.scope, l.value DESC NULLS LAST, l.agency
"""


def _fmt(value: float | None, decimals: int) -> str:
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def comparison(db: Path, year: int | None = None) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(QUERY, {"year": year}).fetchall()
    if not rows:
        return "no reports with table 2 in the warehouse"
    head = f"{'year':<5} {'scope':<9} {'organ':<22} {'licensing':>12} {'rank':>4} {'fees (万元)':>13} {'rank':>4}"
    lines = [
        "行政许可 licensing decisions and 行政事业性收费 fees, ranked within year and scope",
        head,
    ]
    lines.append("-" * (len(head) + 2))
    for year_, scope, agency, _template, lic, lic_rank, fees, fee_rank in rows:
        lines.append(
            f"{year_:<5} {scope:<9} {_pad(agency or '?', 22)} {_fmt(lic, 0):>12} {lic_rank or '':>4} "
            f"{_fmt(fees, 2):>15} {fee_rank or '':>4}"
        )
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    # Chinese characters take two terminal columns.
    used = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    return text + " " * max(0, width - used)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m warehouse.compare", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument("--year", type=int, default=None)
    args = parser.parse_args(argv)
    db = args.data_dir / WAREHOUSE_FILE
    if not db.exists():
        print(f"error: no warehouse at {db} (run make warehouse)", file=sys.stderr)
        return 1
    print(comparison(db, args.year))
    return 0


if __name__ == "__main__":
    sys.exit(main())
