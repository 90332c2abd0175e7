"""`python -m transform run --data-dir DIR [--workers N] [--force]`: the dataset build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from transform.pipeline import RunError, run


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="parse new or changed crawled documents and write the Parquet datasets",
        description=(
            "Read DATA_DIR/manifest and DATA_DIR/raw, parse only new or changed documents "
            "(everything after a parser version change, or with --force) and write "
            "DATA_DIR/datasets."
        ),
    )
    parser.add_argument("--data-dir", type=Path, default=Path("data"), help="default: data/")
    parser.add_argument("--workers", type=int, default=2, help="parser processes (default 2)")
    parser.add_argument(
        "--force", action="store_true", help="re-parse every document, changed or not"
    )
    parser.add_argument(
        "--no-sandbox",
        dest="sandboxed",
        action="store_false",
        help="parse inside the pool processes, without the per-document time and memory limit "
        "(faster; for trusted corpora and benchmarks)",
    )
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    try:
        summary = run(
            args.data_dir, workers=args.workers, force=args.force, sandboxed=args.sandboxed
        )
    except RunError as e:
        print(f"transform run: {e}", file=sys.stderr)
        return 2
    print(summary.paragraph())
    return 0
