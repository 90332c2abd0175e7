"""The run orchestrator's rules: outright failures stop the run, partial failures don't, and a
sudden drop against recent runs marks the run degraded. Stages here are real processes that
write their own summary files, as the real stages do."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

from warehouse.build import build
from warehouse.run_history import (
    EXIT_DEGRADED,
    EXIT_FAILURES,
    EXIT_OK,
    EXIT_OUTRIGHT,
    Stage,
    run_all,
)


def _stage(name: str, exit_status: int, count: int | None) -> Stage:
    """A stage whose command writes {'found': count} into <data>/<name>/ and exits."""

    def command(data: Path, _sources: Path) -> list[str]:
        write = (
            f"import json, pathlib; d = pathlib.Path({str(data)!r}) / {name!r}; d.mkdir(exist_ok=True);"
            f" (d / 'summary.json').write_text(json.dumps({{'found': {count}}}))"
            if count is not None
            else "pass"
        )
        return [sys.executable, "-c", f"{write}; raise SystemExit({exit_status})"]

    def counts(data: Path, since: float) -> dict[str, int] | None:
        f = data / name / "summary.json"
        return json.loads(f.read_text()) if f.exists() and f.stat().st_mtime >= since - 1 else None

    return Stage(name, command, counts, "found")


def _records(data: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((data / "runs").glob("*.json"))]


def test_partial_failures_go_on_and_outright_failures_stop(tmp_path: Path) -> None:
    stages = [_stage("crawl", 1, 5), _stage("transform", 0, 5)]
    assert run_all(tmp_path, Path("x.yaml"), stages) == EXIT_FAILURES
    (run,) = _records(tmp_path)
    assert [s["outcome"] for s in run["stages"]] == ["failures", "ok"]

    stages = [_stage("crawl", 0, None), _stage("transform", 0, 5)]
    assert run_all(tmp_path / "b", Path("x.yaml"), stages) == EXIT_OUTRIGHT
    (run,) = _records(tmp_path / "b")
    assert [s["outcome"] for s in run["stages"]] == ["failed_outright", "skipped"]
    assert run["stages"][0]["note"] == "no stage summary written"


def test_a_sudden_drop_marks_the_run_degraded(tmp_path: Path) -> None:
    for found in (10, 12, 11):
        assert run_all(tmp_path, Path("x.yaml"), [_stage("crawl", 0, found)]) == EXIT_OK
    # 4 is under half the median (11) of the earlier runs
    assert run_all(tmp_path, Path("x.yaml"), [_stage("crawl", 0, 4)]) == EXIT_DEGRADED
    last = _records(tmp_path)[-1]["stages"][0]
    assert last["outcome"] == "degraded" and "median 11" in last["note"]
    # 6 is not
    assert run_all(tmp_path, Path("x.yaml"), [_stage("crawl", 0, 6)]) == EXIT_OK


def test_the_history_is_a_warehouse_view(tmp_path: Path) -> None:
    run_all(tmp_path, Path("x.yaml"), [_stage("crawl", 1, 3), _stage("transform", 0, 7)])
    build(tmp_path)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT stage, outcome, exit_status, run_exit_status, counts FROM pipeline_runs"
        ).fetchall()
    assert rows == [
        ("crawl", "failures", 1, EXIT_FAILURES, '{"found": 3}'),
        ("transform", "ok", 0, EXIT_FAILURES, '{"found": 7}'),
    ]
