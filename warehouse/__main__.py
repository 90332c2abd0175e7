"""`python -m warehouse build|dictionary|export` — see `python -m warehouse --help`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from warehouse.build import WAREHOUSE_FILE, WarehouseBuildError, build
from warehouse.dictionary import DICTIONARY_PATH, write_dictionary
from warehouse.export import ExportError, export


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    build_cmd = commands.add_parser("build", help="(re)build DATA_DIR/warehouse.duckdb")
    build_cmd.add_argument("--data-dir", type=Path, default=Path("data"))

    dictionary_cmd = commands.add_parser(
        "dictionary", help="write the Markdown data dictionary of every view and column"
    )
    dictionary_cmd.add_argument("--out", type=Path, default=DICTIONARY_PATH)

    export_cmd = commands.add_parser("export", help="write one view to CSV or XLSX")
    export_cmd.add_argument("view")
    export_cmd.add_argument("--format", choices=("csv", "xlsx"), required=True)
    export_cmd.add_argument("--out", type=Path, required=True)
    export_cmd.add_argument("--data-dir", type=Path, default=Path("data"))

    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            print(build(args.data_dir))
        elif args.command == "dictionary":
            print(write_dictionary(args.out))
        else:
            rows = export(args.data_dir / WAREHOUSE_FILE, args.view, args.format, args.out)
            print(f"{args.out}: {rows} rows")
    except (WarehouseBuildError, ExportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
