"""One scheduled pipeline run (`make all`): crawl → transform → warehouse, with a history.

Each stage runs as its own process (exactly the command a user would type), so a crash in one
stage is that stage's failure, not the orchestrator's. The run record — per stage: command,
exit status, duration, and the counts the stage reported — is written to
`DATA_DIR/runs/<run_id>.json` and read back by the warehouse's `pipeline_runs` view.

A stage "fails outright" when it ends without writing its own summary or with an exit status
above 1 (a crash or a usage error); then later stages are skipped. Exit status 1 means the
stage completed but some of its inputs failed (an unreachable source, a broken document): the
run goes on and ends non-zero. A stage whose headline count falls below half the median of the
last successful runs marks the run `degraded` (exit status 3), because a site redesign or a
parser regression shows up first as a sudden drop, not as an error.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from transform.schema import PIPELINE_RUNS

EXIT_OK, EXIT_FAILURES, EXIT_OUTRIGHT, EXIT_DEGRADED = 0, 1, 2, 3
HISTORY_WINDOW = 5  # how many earlier successful runs the degraded rule compares against
DEGRADED_RATIO = 0.5


@dataclass
class StageResult:
    name: str
    command: list[str]
    exit_status: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    outcome: str = "ok"  # ok | failures | failed_outright | skipped | degraded
    note: str | None = None


@dataclass
class Stage:
    name: str
    command: Callable[[Path, Path], list[str]]
    # Reads the counts the stage wrote about itself (newest summary file), or None if none.
    counts: Callable[[Path, float], dict[str, int] | None]
    headline: str  # the count the degraded rule watches


def _newest_json(folder: Path, since: float) -> dict | None:
    if not folder.is_dir():
        return None
    files = [p for p in folder.glob("*.json") if p.stat().st_mtime >= since - 1]
    if not files:
        return None
    return json.loads(max(files, key=lambda p: p.stat().st_mtime).read_text(encoding="utf-8"))


def _ints(d: dict) -> dict[str, int]:
    return {
        k: int(v) for k, v in d.items() if isinstance(v, int | float) and not isinstance(v, bool)
    }


def _crawl_counts(data_dir: Path, since: float) -> dict[str, int] | None:
    report = _newest_json(data_dir / "crawl" / "runs", since)
    if report is None:
        return None
    totals: dict[str, int] = {}
    sources = report.get("sources", [])
    for src in sources.values() if isinstance(sources, dict) else sources:
        for k, v in _ints(src).items():
            totals[k] = totals.get(k, 0) + v
    totals["sources"] = len(sources)
    return totals


def _transform_counts(data_dir: Path, since: float) -> dict[str, int] | None:
    manifest = _newest_json(data_dir / "datasets" / "_runs", since)
    if manifest is None:
        return None
    counts = manifest.get("counts", manifest)
    return _ints(counts)


def _warehouse_counts(data_dir: Path, since: float) -> dict[str, int] | None:
    db = data_dir / "warehouse.duckdb"
    if not db.exists() or db.stat().st_mtime < since - 1:
        return None
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        views = [
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        ]
        reports = (
            con.execute("SELECT count(*) FROM stg_reports").fetchone()[0]
            if "stg_reports" in views
            else 0
        )
    return {"views": len(views), "reports": int(reports)}


def _python() -> str:
    return sys.executable


STAGES: list[Stage] = [
    Stage(
        "crawl",
        lambda d, s: [
            _python(),
            "-m",
            "crawler",
            "crawl",
            "--sources",
            str(s),
            "--data-dir",
            str(d),
            "--log-level",
            os.environ.get("CRAWL_LOG_LEVEL", "INFO"),
        ],
        _crawl_counts,
        "reports_found",
    ),
    Stage(
        "transform",
        lambda d, s: [_python(), "-m", "transform", "run", "--data-dir", str(d)],
        _transform_counts,
        "reports",
    ),
    Stage(
        "warehouse",
        lambda d, s: [_python(), "-m", "warehouse", "build", "--data-dir", str(d)],
        _warehouse_counts,
        "reports",
    ),
]


def _history(runs_dir: Path) -> list[dict]:
    runs: list[dict] = []
    for p in sorted(runs_dir.glob("*.json")):
        try:
            runs.append(json.loads(p.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError):
            continue
    return runs


def degraded_note(stage: Stage, counts: dict[str, int], history: list[dict]) -> str | None:
    """Why this stage's headline count is a sudden drop against recent successful runs."""
    earlier = [
        s["counts"][stage.headline]
        for run in history
        if run.get("exit_status") in (EXIT_OK, EXIT_FAILURES)
        for s in run.get("stages", [])
        if s["name"] == stage.name and stage.headline in s.get("counts", {})
    ][-HISTORY_WINDOW:]
    if len(earlier) < 2 or stage.headline not in counts:
        return None
    median = statistics.median(earlier)
    if median > 0 and counts[stage.headline] < DEGRADED_RATIO * median:
        return (
            f"{stage.headline} = {counts[stage.headline]} is under {DEGRADED_RATIO:.0%} "
            f"of the median {median:g} of the last {len(earlier)} runs"
        )
    return None


def run_all(data_dir: Path, sources: Path, stages: list[Stage] = STAGES) -> int:
    history = _history(data_dir / "runs")
    started = datetime.now(UTC)
    run_id = started.strftime("%Y%m%dT%H%M%S.%fZ")  # sortable, unique per run
    results: list[StageResult] = []
    stop = False
    for stage in stages:
        if stage.name == "warehouse":
            # So that the warehouse being built already shows this run (its final record
            # replaces this one when the run ends; the views read the files at query time).
            _write_record(data_dir, _record(run_id, started, data_dir, sources, None, results))
        command = stage.command(data_dir, sources)
        if stop:
            results.append(StageResult(stage.name, command, -1, 0.0, outcome="skipped"))
            continue
        print(f"== {stage.name}: {' '.join(command)}", flush=True)
        t0 = time.time()
        status = subprocess.call(command)
        seconds = round(time.time() - t0, 1)
        counts = stage.counts(data_dir, t0)
        result = StageResult(stage.name, command, status, seconds, counts or {})
        if counts is None or status not in (EXIT_OK, EXIT_FAILURES):
            result.outcome = "failed_outright"
            result.note = "no stage summary written" if counts is None else f"exit status {status}"
            stop = True
        elif note := degraded_note(stage, counts, history):
            result.outcome, result.note = "degraded", note
        elif status == EXIT_FAILURES:
            result.outcome = "failures"
        results.append(result)

    outcomes = {r.outcome for r in results}
    if "failed_outright" in outcomes:
        exit_status = EXIT_OUTRIGHT
    elif "degraded" in outcomes:
        exit_status = EXIT_DEGRADED
    elif "failures" in outcomes:
        exit_status = EXIT_FAILURES
    else:
        exit_status = EXIT_OK
    record = _record(run_id, started, data_dir, sources, exit_status, results)
    _write_record(data_dir, record)
    print(summary(record), flush=True)
    return exit_status


def _record(
    run_id: str,
    started: datetime,
    data_dir: Path,
    sources: Path,
    exit_status: int | None,
    results: list[StageResult],
) -> dict:
    return {
        "run_id": run_id,
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": None
        if exit_status is None
        else datetime.now(UTC).isoformat(timespec="seconds"),
        "data_dir": str(data_dir),
        "sources": str(sources),
        "exit_status": exit_status,
        "stages": [asdict(r) for r in results],
    }


def _write_record(data_dir: Path, record: dict) -> None:
    """The run as JSON (for people and the degraded rule) and as Parquet (for the warehouse)."""
    run_id = record["run_id"]
    if record["exit_status"] is not None:
        _atomic_write(
            data_dir / "runs" / f"{run_id}.json",
            json.dumps(record, ensure_ascii=False, indent=1).encode(),
        )
    schema = PIPELINE_RUNS.arrow_schema
    rows = [
        {
            "run_id": run_id,
            "started_at": _timestamp(record["started_at"]),
            "finished_at": _timestamp(record["finished_at"]),
            "run_exit_status": record["exit_status"],
            "stage": s["name"],
            "outcome": s["outcome"],
            "exit_status": s["exit_status"],
            "seconds": s["seconds"],
            "counts": json.dumps(s["counts"], sort_keys=True),
            "note": s["note"],
        }
        for s in record["stages"]
    ]
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), sink)
    _atomic_write(
        data_dir / "datasets" / PIPELINE_RUNS.name / f"{run_id}.parquet",
        sink.getvalue().to_pybytes(),
    )


def _timestamp(iso: str | None) -> datetime | None:
    return None if iso is None else datetime.fromisoformat(iso)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def summary(record: dict) -> str:
    verdict = {0: "ok", 1: "completed with failures", 2: "FAILED", 3: "DEGRADED"}[
        record["exit_status"]
    ]
    lines = [f"run {record['run_id']}: {verdict} (exit {record['exit_status']})"]
    lines.append(f"  {'stage':<10} {'outcome':<16} {'exit':>4} {'seconds':>8}  counts")
    for s in record["stages"]:
        counts = ", ".join(f"{k}={v}" for k, v in sorted(s["counts"].items()))
        lines.append(
            f"  {s['name']:<10} {s['outcome']:<16} {s['exit_status']:>4} {s['seconds']:>8}  {counts}"
        )
        if s.get("note"):
            lines.append(f"  {'':<10} note: {s['note']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m warehouse.run_history", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument("--sources", type=Path, default=Path("crawler/sources/default.yaml"))
    args = parser.parse_args(argv)
    return run_all(args.data_dir, args.sources)


if __name__ == "__main__":
    sys.exit(main())
