"""`python -m transform run`: crawled documents in, typed and versioned Parquet datasets out.

One run:
1. reads the crawl manifest through `crawler.manifest.load_documents` (one row per URL and
   content hash);
2. parses, in a pool of worker processes, only the documents whose bytes, hints or parser
   version are new (transform.state), streaming them from the raw store;
3. rebuilds every dataset from the cached parse results (transform.assemble) and writes the
   ones whose bytes changed (transform.datasets);
4. records the run in `datasets/_runs/<run_id>.json`.

A broken document becomes one `failed` row; only a missing or unreadable manifest stops a run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

import transform
from transform import datasets
from transform.assemble import assemble, summarise
from transform.crawled import CrawledDocument, from_frame
from transform.schema import SCHEMA_VERSION
from transform.state import ParseState, hints_fingerprint, write_atomically
from transform.worker import ParseTask, parse_all

RUNS_DIR = "_runs"
# Checkpoint the state index this often, so a killed run re-parses little; a large index
# (it grows with the corpus) is written at most 5 % of the time.
CHECKPOINT_EVERY_SECONDS = 10.0
CHECKPOINT_MAX_SHARE = 0.05


class RunError(RuntimeError):
    """The run itself cannot proceed (no data directory, unreadable manifest)."""


@dataclass
class RunSummary:
    run_id: str
    parser_version: str
    documents_seen: int = 0
    parsed: int = 0
    skipped_unchanged: int = 0
    failed: int = 0
    reports: int = 0
    cells: int = 0
    datasets_written: list[str] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)

    def paragraph(self) -> str:
        written = (
            f"datasets written: {', '.join(self.datasets_written)}"
            if self.datasets_written
            else "nothing new: no dataset changed, nothing written"
        )
        return (
            f"transform run {self.run_id} (parser {self.parser_version}): "
            f"{self.documents_seen} documents seen, {self.parsed} parsed, "
            f"{self.skipped_unchanged} skipped as unchanged, {self.failed} failed; "
            f"{self.reports} reports, {self.cells} cells; {written}."
        )


def run(
    data_dir: Path,
    *,
    workers: int = 2,
    force: bool = False,
    parser_version: str | None = None,
    progress: bool | None = None,
    sandboxed: bool = True,
) -> RunSummary:
    """Bring `data_dir/datasets` up to date with the crawl manifest."""
    started = dt.datetime.now(dt.UTC)
    version = parser_version or transform.PARSER_VERSION
    summary = RunSummary(run_id=f"{started:%Y%m%dT%H%M%S%fZ}-{os.getpid()}", parser_version=version)
    documents = _load_manifest(data_dir)
    datasets_dir = data_dir / "datasets"
    datasets.recover(datasets_dir)
    state = ParseState.load(datasets_dir)

    tasks = _tasks(documents, data_dir)
    todo = [
        t
        for t in tasks.values()
        if force or not state.is_current(t.sha256, version, hints_fingerprint(t.hints))
    ]
    summary.documents_seen = len(documents)
    summary.skipped_unchanged = len(tasks) - len(todo)
    _parse(todo, state, version, workers, summary, progress, sandboxed)

    summaries = {sha: state.summary(sha) for sha in tasks}
    rows = assemble(documents, summaries, state.result, version)
    summary.failed = sum(1 for s in summaries.values() if s.get("parse_status") == "failed")
    summary.failures = [
        {"document_sha256": sha, "error": str(s.get("error"))}
        for sha, s in sorted(summaries.items())
        if s.get("parse_status") == "failed"
    ]
    summary.reports = len(rows["reports"])
    summary.cells = len(rows["cells"])
    summary.datasets_written = datasets.write_all(datasets_dir, rows)
    # Entries of documents no longer in the manifest stay: their results remain valid.
    state.save()
    _record_run(datasets_dir, summary, started)
    return summary


def _load_manifest(data_dir: Path) -> list[CrawledDocument]:
    if not data_dir.is_dir():
        raise RunError(f"data directory not found: {data_dir}")
    try:
        from crawler.manifest import load_documents
    except ImportError as e:
        raise RunError(f"crawler.manifest is not available: {e}") from e
    try:
        frame = load_documents(data_dir)
    except Exception as e:
        raise RunError(f"cannot read the crawl manifest in {data_dir}: {e}") from e
    return from_frame(frame)


def _tasks(documents: list[CrawledDocument], data_dir: Path) -> dict[str, ParseTask]:
    """One parse task per distinct content; hints from its first observation (stable order)."""
    pages = {d.url: d for d in documents if d.is_page}
    tasks: dict[str, ParseTask] = {}
    for d in documents:
        if d.sha256 in tasks:
            continue
        page = pages.get(d.parent_url or "") if not d.is_page else d
        tasks[d.sha256] = ParseTask(
            sha256=d.sha256,
            raw_path=str(d.stored_at(data_dir)),
            filename=d.filename,
            source_url=d.url,
            is_page=d.is_page,
            hints=_hints(d, page),
        )
    return tasks


def _hints(document: CrawledDocument, page: CrawledDocument | None) -> dict[str, Any]:
    # An attachment's own link text is often just "附件1"; its page knows the report's title.
    source = page or document
    hints = {
        "title": source.title or document.title,
        "published_date": (source.published_date or document.published_date),
        "organ": source.organ,
        "region_code": source.region_code,
        "year": source.year or document.year,
    }
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in hints.items() if v}


def _parse(
    todo: list[ParseTask],
    state: ParseState,
    version: str,
    workers: int,
    summary: RunSummary,
    progress: bool | None,
    sandboxed: bool,
) -> None:
    if not todo:
        return
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=len(todo), desc="parsing", unit="doc", file=sys.stderr, disable=not show)
    last_save, interval = time.monotonic(), CHECKPOINT_EVERY_SECONDS

    def on_result(task: ParseTask, result: dict[str, Any]) -> None:
        nonlocal last_save, interval
        state.record(task.sha256, result, version, hints_fingerprint(task.hints), summarise(result))
        summary.parsed += 1
        bar.update(1)
        if time.monotonic() - last_save > interval:
            started = time.monotonic()
            state.save()
            last_save = time.monotonic()
            interval = max(CHECKPOINT_EVERY_SECONDS, (last_save - started) / CHECKPOINT_MAX_SHARE)

    try:
        parse_all(todo, max(1, workers), on_result, sandboxed=sandboxed)
    finally:
        bar.close()
        state.save()


def _record_run(datasets_dir: Path, summary: RunSummary, started: dt.datetime) -> None:
    record = asdict(summary) | {
        "started_at": started.isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "schema_version": SCHEMA_VERSION,
    }
    path = datasets_dir / RUNS_DIR / f"{summary.run_id}.json"
    write_atomically(path, (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode())
