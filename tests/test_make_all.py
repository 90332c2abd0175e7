"""`make all` as cron runs it: crawl → transform → warehouse, a run history, and one run at a time."""

from __future__ import annotations

import fcntl
import json
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from crawler.registry import dump_registry
from crawler.testsite import FixtureWeb, RealDocuments, trs
from tests.conftest import gold
from tests.crawl_support import fixture_source

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def make_all(data: Path, registry: Path, **kw: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ["make", "--no-print-directory", "all", f"DATA_DIR={data}", f"SOURCES={registry}"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kw,
    )


def runs(data: Path) -> list[dict]:
    return [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted((data / "runs").glob("*.json"))
    ]


def stage(run: dict, name: str) -> dict:
    return next(s for s in run["stages"] if s["name"] == name)


def lock_is_held(lock_path: Path) -> bool:
    if not lock_path.exists():
        return False
    with lock_path.open("a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(f, fcntl.LOCK_UN)
        return False


def test_make_all_twice_keeps_a_history_and_never_overlaps(tmp_path: Path, real_dir: Path) -> None:
    data = tmp_path / "data"
    registry = tmp_path / "sources.yaml"
    with FixtureWeb("main") as web:
        expected = trs.build(web, RealDocuments(real_dir))
        dump_registry([fixture_source(expected, "trs-fixture")], registry)

        first = make_all(data, registry)
        deadline = time.time() + 60
        while not lock_is_held(data / ".make-all.lock") and first.poll() is None:
            assert time.time() < deadline, "make all never took its lock"
            time.sleep(0.05)
        # A second run started while the first is going refuses at once instead of overlapping.
        concurrent = make_all(data, registry)
        out_concurrent, _ = concurrent.communicate(timeout=120)
        assert first.poll() is None, "the first run should still be going"
        out1, _ = first.communicate(timeout=600)
        assert first.returncode == 0, out1
        assert concurrent.returncode != 0 and "Error 75" in out_concurrent, out_concurrent

        second = make_all(data, registry)
        out2, _ = second.communicate(timeout=600)
        assert second.returncode == 0, out2

    history = runs(data)
    assert len(history) == 2, "the refused run must leave no record"
    run1, run2 = history
    for run in history:
        assert run["exit_status"] == 0
        assert [s["name"] for s in run["stages"]] == ["crawl", "transform", "warehouse"]
        assert all(s["outcome"] == "ok" for s in run["stages"]), run
    assert run1["finished_at"] <= run2["started_at"]
    assert stage(run1, "crawl")["counts"]["reports_found"] == len(expected.report_pages)
    failures = [
        json.loads(p.read_text(encoding="utf-8"))["failures"]
        for p in sorted((data / "datasets" / "_runs").glob("*.json"))
    ]
    assert stage(run1, "transform")["counts"]["failed"] == 0, failures
    # nothing changed on the site: nothing new fetched, nothing re-parsed, same stock
    assert stage(run2, "crawl")["counts"]["new"] == 0
    assert stage(run2, "transform")["counts"]["parsed"] == 0
    assert (
        stage(run2, "transform")["counts"]["reports"]
        == stage(run1, "transform")["counts"]["reports"]
    )

    # The warehouse the run built answers with the printed numbers of the real reports.
    linxia = gold("linxia_gongan_2023")
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        licensing = con.execute(
            "SELECT value FROM licensing_comparison WHERE agency = ? AND year = ?",
            [linxia["agency"], linxia["year"]],
        ).fetchall()
    assert licensing and {v for (v,) in licensing} == {linxia["cells"]["t2.licensing.decisions"]}


def test_make_all_offline_reports_every_real_source_unreachable(tmp_path: Path) -> None:
    data = tmp_path / "data"
    registry = REPO / "crawler" / "sources" / "default.yaml"
    proc = make_all(data, registry)
    out, _ = proc.communicate(timeout=900)  # bounded: unreachable hosts must not hang the run
    assert proc.returncode != 0, out
    (run,) = runs(data)
    crawl = stage(run, "crawl")
    assert crawl["outcome"] == "failures" and crawl["exit_status"] == 1, crawl
    report = json.loads(max((data / "crawl" / "runs").glob("*.json")).read_text(encoding="utf-8"))
    sources = report["sources"]
    rows = sources.values() if isinstance(sources, dict) else sources
    assert rows and all(r["status"] == "unreachable" for r in rows), rows
