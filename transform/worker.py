"""Parse documents in a pool of worker processes, one result per document whatever happens.

A worker reads the raw bytes itself (the main process never holds them), parses them with
`transform.sandbox.parse_bytes_limited` (hard time and memory limits per document, in a child
process of its own) or, when asked to or without a sandbox, `transform.parse.parse_bytes`, and returns `ParsedReport.to_json()` plus the one fact
the choice of document needs from the bytes (`refers_to_attachment`). A crash of the worker
process itself is contained: the documents that were in flight are re-parsed one at a time in
a fresh pool, and the one that kills its process again becomes a `failed` result.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from transform.choose import refers_to_attachment
from transform.record import ParsedReport, Report

# Recycle worker processes now and then, so that a leaking extractor cannot grow without bound.
MAX_TASKS_PER_CHILD = 200


@dataclass(frozen=True)
class ParseTask:
    sha256: str
    raw_path: str
    filename: str | None
    source_url: str | None
    is_page: bool
    hints: dict[str, Any] = field(default_factory=dict)


ResultHandler = Callable[[ParseTask, dict[str, Any]], None]


def failed_result(sha256: str, error: str) -> dict[str, Any]:
    report = Report(report_id="", document_sha256=sha256, parse_status="failed", error=error)
    return ParsedReport(report).to_json() | {"refers_to_attachment": False}


def parse_task(task: ParseTask, sandboxed: bool = True) -> dict[str, Any]:
    """Parse one document; never raises."""
    try:
        data = Path(task.raw_path).read_bytes()
    except OSError as e:
        return failed_result(task.sha256, f"raw file unreadable: {e.strerror or e}")
    try:
        parsed = _parser(sandboxed)(
            data, filename=task.filename, source_url=task.source_url, hints=task.hints
        )
        result = parsed.to_json()
    except Exception as e:  # the parser promises not to raise; a bug must not stop the batch
        return failed_result(task.sha256, f"parser error: {type(e).__name__}: {e}")
    result["refers_to_attachment"] = task.is_page and refers_to_attachment(data)
    return result


def sandbox_available() -> bool:
    return importlib.util.find_spec("transform.sandbox") is not None


def _parser(sandboxed: bool) -> Callable[..., ParsedReport]:
    # The sandbox enforces a hard time and memory limit per document, at the cost of one
    # interpreter start per document; without it a pool process parses in-process.
    if sandboxed and sandbox_available():
        from transform.sandbox import parse_bytes_limited

        return parse_bytes_limited
    from transform.parse import parse_bytes

    return parse_bytes


def parse_all(
    tasks: Iterable[ParseTask],
    workers: int,
    on_result: ResultHandler,
    *,
    sandboxed: bool = True,
) -> None:
    """Parse every task in `workers` processes, calling on_result in the main process."""
    work = partial(parse_task, sandboxed=sandboxed)
    remaining: Iterator[ParseTask] = iter(tasks)
    while True:
        suspects, rest = _run_pool(remaining, workers, work, on_result)
        for task in suspects:
            # Alone in its own pool: if the process dies again, this document is the cause.
            lost, _ = _run_pool(iter([task]), 1, work, on_result)
            for dead in lost:
                on_result(
                    dead,
                    failed_result(
                        dead.sha256,
                        "the parser process died (crash or out of memory) on this document",
                    ),
                )
        if rest is None:
            return
        remaining = rest


def _run_pool(
    tasks: Iterator[ParseTask],
    workers: int,
    work: Callable[[ParseTask], dict[str, Any]],
    on_result: ResultHandler,
) -> tuple[list[ParseTask], Iterator[ParseTask] | None]:
    """Returns (tasks in flight when a worker died, the tasks not started yet or None)."""
    in_flight: dict[Future[dict[str, Any]], ParseTask] = {}
    # forkserver: workers fork from a clean server process that has imported the parse engine
    # once, so a worker (re)start costs a fork, not an interpreter start and its imports, and
    # no thread or lock of the main process is inherited.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["transform.parse"])
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, max_tasks_per_child=MAX_TASKS_PER_CHILD
    ) as pool:
        exhausted = False
        while True:
            # Keep a few tasks queued per worker; never the whole list (streaming).
            while not exhausted and len(in_flight) < 2 * workers:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                    break
                try:
                    in_flight[pool.submit(work, task)] = task
                except BrokenProcessPool:
                    return [*in_flight.values(), task], tasks
            if not in_flight:
                return [], None
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                task = in_flight[future]
                try:
                    result = future.result()
                except BrokenProcessPool:
                    return list(in_flight.values()), None if exhausted else tasks
                except Exception as e:  # e.g. a result that could not be sent back
                    result = failed_result(task.sha256, f"worker error: {type(e).__name__}: {e}")
                del in_flight[future]
                on_result(task, result)
