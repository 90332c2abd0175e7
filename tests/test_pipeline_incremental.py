"""Incremental runs: unchanged documents are not parsed again, a parser version change
re-parses everything, and a run killed with SIGKILL then restarted ends byte-identical to an
uninterrupted one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import transform
from crawler.manifest import load_documents
from tests import pipeline_data as crawl
from tests.conftest import REAL, REPO
from tests.pipeline_readback import read_dataset
from transform import datasets
from transform.pipeline import RunSummary, run
from transform.state import PARSED_DIR


def distinct_bodies(data_dir: Path) -> int:
    return load_documents(data_dir)["sha256"].nunique()


def snapshot(data_dir: Path) -> dict[str, tuple[bytes, int]]:
    """Every file transform writes (datasets, state, cached results) but the run log."""
    root = data_dir / "datasets"
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith("_runs/")
    }


def contents(data_dir: Path) -> dict[str, bytes]:
    return {k: v for k, (v, _) in snapshot(data_dir).items()}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunSummary]:
    """The first crawl, transformed once; tests work on copies of it."""
    data_dir = crawl.build_data_dir(tmp_path_factory.mktemp("first"), REAL)
    return data_dir, run(data_dir, progress=False)


def copy_of(first_run: tuple[Path, RunSummary], tmp_path: Path) -> Path:
    return Path(shutil.copytree(first_run[0], tmp_path / "data", copy_function=shutil.copy2))


def test_the_first_run_parses_every_distinct_body_once(
    first_run: tuple[Path, RunSummary],
) -> None:
    data_dir, first = first_run
    bodies = distinct_bodies(data_dir)  # the Shanghai page is listed under two URLs
    assert (first.parsed, first.skipped_unchanged) == (bodies, 0)
    assert first.documents_seen == len(load_documents(data_dir)) == bodies + 1


def test_a_rerun_with_nothing_new_writes_nothing_and_says_so(
    first_run: tuple[Path, RunSummary], tmp_path: Path
) -> None:
    data_dir, first = copy_of(first_run, tmp_path), first_run[1]
    bodies = distinct_bodies(data_dir)
    before = snapshot(data_dir)

    again = run(data_dir, progress=False)
    assert (again.parsed, again.skipped_unchanged) == (0, bodies)
    assert again.datasets_written == []
    assert "nothing new" in again.paragraph()
    assert snapshot(data_dir) == before  # same bytes, same modification times
    assert (again.reports, again.cells) == (first.reports, first.cells)


def test_a_new_crawl_parses_only_the_changed_document(
    first_run: tuple[Path, RunSummary], tmp_path: Path
) -> None:
    data_dir = copy_of(first_run, tmp_path)
    bodies = distinct_bodies(data_dir)
    crawl.write_second_crawl(data_dir, REAL)
    second = run(data_dir, progress=False)
    assert (second.parsed, second.skipped_unchanged) == (1, bodies)
    assert {"reports", "cells", "documents"} <= set(second.datasets_written)


def test_a_parser_version_bump_reparses_everything(
    first_run: tuple[Path, RunSummary], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = copy_of(first_run, tmp_path)
    monkeypatch.setattr(transform, "PARSER_VERSION", "999.0.0-test")
    bumped = run(data_dir, progress=False)
    assert (bumped.parsed, bumped.skipped_unchanged) == (distinct_bodies(data_dir), 0)
    assert bumped.parser_version == "999.0.0-test"
    assert {r["parser_version"] for r in read_dataset(data_dir, "reports")} == {"999.0.0-test"}
    assert run(data_dir, progress=False).parsed == 0


def _transform_run(data_dir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "transform", "run", "--data-dir", str(data_dir), "--workers", "2"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: SIGKILL takes the pool down with it
    )


@pytest.mark.slow
def test_a_run_killed_with_sigkill_and_restarted_equals_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    prepared = crawl.build_data_dir(tmp_path / "prepared", REAL)
    crawl.write_relisted_copies(prepared, REAL, copies=8)
    interrupted = Path(shutil.copytree(prepared, tmp_path / "interrupted"))
    uninterrupted = Path(shutil.copytree(prepared, tmp_path / "uninterrupted"))

    proc = _transform_run(interrupted)
    parsed_dir = interrupted / "datasets" / PARSED_DIR
    deadline = time.monotonic() + 300
    while len(list(parsed_dir.rglob("*.json.gz"))) < 3:
        assert proc.poll() is None, "the run finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (interrupted / "datasets" / "reports").exists()  # it died mid-parse

    restarted = _transform_run(interrupted)
    out, err = restarted.communicate(timeout=600)
    assert restarted.returncode == 0, err.decode()
    assert "skipped as unchanged" in out.decode()

    complete = _transform_run(uninterrupted)
    _, err = complete.communicate(timeout=600)
    assert complete.returncode == 0, err.decode()
    assert contents(interrupted) == contents(uninterrupted)


def test_a_dataset_swap_cut_short_is_finished_or_undone_on_the_next_run(
    first_run: tuple[Path, RunSummary], tmp_path: Path
) -> None:
    data_dir = copy_of(first_run, tmp_path)
    expected = contents(data_dir)
    root = data_dir / "datasets"
    # Killed between the two renames of a swap: the live cells directory is renamed away.
    os.replace(root / "cells", root / ".old-cells")
    (root / ".staging" / "reports").mkdir(parents=True)
    datasets.recover(root)
    assert contents(data_dir) == expected
    assert not (root / ".old-cells").exists() and not (root / ".staging").exists()
