"""`python -m crawler crawl --sources FILE --data-dir DIR [--source ID ...]`."""

from __future__ import annotations

import argparse
import sys

from crawler.distributed import add_worker_arguments, worker_overrides
from crawler.families import load_families
from crawler.registry import RegistryError, load_registry, select
from crawler.run import crawl

DEFAULT_SOURCES = "crawler/sources/default.yaml"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m crawler", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("crawl", help="crawl registry sources into DATA_DIR")
    run.add_argument("--sources", default=DEFAULT_SOURCES, help="registry YAML file")
    run.add_argument("--data-dir", default="data", help="data directory (raw/, manifest/, crawl/)")
    run.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="ID",
        help="only these sources (repeatable)",
    )
    run.add_argument(
        "--worker",
        default=None,
        help="worker name: the manifest part becomes <run_id>.<worker>.jsonl",
    )
    run.add_argument("--run-id", default=None, help="run id (default: UTC timestamp)")
    run.add_argument("--log-level", default="INFO")
    add_worker_arguments(run)  # --redis-url …: the distributed mode (crawler/distributed.py)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        sources = select(load_registry(args.sources, set(load_families())), args.source)
        distributed = worker_overrides(args)
    except (RegistryError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = crawl(
        sources,
        args.data_dir,
        run_id=args.run_id,
        worker=args.worker,
        overrides={"LOG_LEVEL": args.log_level, **distributed},
    )
    print(report.table())
    return 0 if report.ok else 1
