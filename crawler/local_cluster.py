"""`make crawl-distributed`: N distributed workers on this machine, and a private Redis if
none is given.

    python -m crawler.local_cluster --workers 3 --sources FILE --data-dir DIR \
        [--redis-url redis://host:6379/0] [--run-id ID] [--source ID ...]

Each worker is `python -m crawler crawl … --redis-url URL --run-id ID --worker wN`, a
separate process sharing DATA_DIR (the raw store is safe to share; each worker writes its
own manifest part). Without --redis-url a redis-server is started on 127.0.0.1 at a free
port in a temporary directory and stopped when the workers are done. The exit status is
the worst of the workers' (0 all sources succeeded, 1 some failed, 2 a usage error).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from crawler.distributed import DEFAULT_MAX_IDLE, check_name
from crawler.redis_server import PrivateRedis, RedisServerMissing
from crawler.run import new_run_id


def worker_command(
    worker: str,
    *,
    sources: str,
    data_dir: str,
    redis_url: str,
    run_id: str,
    source_ids: list[str],
    max_idle: int,
) -> list[str]:
    command = [
        sys.executable, "-m", "crawler", "crawl",
        "--sources", sources,
        "--data-dir", data_dir,
        "--redis-url", redis_url,
        "--run-id", run_id,
        "--worker", worker,
        "--max-idle", str(max_idle),
    ]  # fmt: skip
    for source_id in source_ids:
        command += ["--source", source_id]
    return command


@contextlib.contextmanager
def redis_for_run(redis_url: str | None) -> Iterator[str]:
    if redis_url:
        yield redis_url
        return
    with PrivateRedis() as private_url:
        print(f"private redis-server at {private_url}", flush=True)
        yield private_url


def run_workers(commands: list[list[str]]) -> int:
    """Start every command, pass SIGTERM/SIGINT on to them, wait for all; the worst status."""
    processes = [subprocess.Popen(command) for command in commands]

    def forward(signum: int, frame: FrameType | None) -> None:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        codes = [process.wait() for process in processes]
        # A worker killed by a signal has a negative code: report it as 128 + signal.
        return max(code if code >= 0 else 128 - code for code in codes)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m crawler.local_cluster", description=__doc__)
    parser.add_argument("--workers", type=int, default=2, help="number of worker processes")
    parser.add_argument("--sources", required=True, help="registry YAML file")
    parser.add_argument("--data-dir", required=True, help="the data directory the workers share")
    parser.add_argument("--redis-url", default=None, help="default: a private redis-server")
    parser.add_argument("--run-id", default=None, help="default: a new UTC timestamp id")
    parser.add_argument("--source", action="append", default=[], metavar="ID")
    parser.add_argument("--max-idle", type=int, default=DEFAULT_MAX_IDLE)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    run_id = args.run_id or new_run_id()
    try:
        check_name("run id", run_id)
        with redis_for_run(args.redis_url) as redis_url:
            print(f"run {run_id}: {args.workers} workers", flush=True)
            commands = [
                worker_command(
                    f"w{n}",
                    sources=args.sources,
                    data_dir=str(Path(args.data_dir)),
                    redis_url=redis_url,
                    run_id=run_id,
                    source_ids=args.source,
                    max_idle=args.max_idle,
                )
                for n in range(1, args.workers + 1)
            ]
            return run_workers(commands)
    except (RedisServerMissing, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
