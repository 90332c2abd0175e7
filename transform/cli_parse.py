"""`python -m transform parse FILE [FILE ...] --json` (data contract §4).

One JSON object per file, one per line, in the order given. A file that cannot be read
still gets its line (parse_status `failed`) and a one-line message on stderr. Exit status 0
when every file was read, 2 when any failed.
"""

from __future__ import annotations

import argparse
import json
import sys

from transform.parse import parse_file

EXIT_SOME_FAILED = 2


def add_parser(subcommands: argparse._SubParsersAction) -> None:
    p = subcommands.add_parser("parse", help="parse report documents and print the records")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print JSON Lines (the only output form)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        parsed = parse_file(path)
        record = parsed.to_json()
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        if parsed.report.parse_status == "failed":
            status = EXIT_SOME_FAILED
            print(f"{path}: {parsed.report.error}", file=sys.stderr)
    return status
