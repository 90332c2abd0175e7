"""A crawl SIGKILLed midway and run again ends with the same manifest as an uninterrupted
crawl: nothing lost, nothing twice, and what was stored before the kill not downloaded again."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from crawler.manifest import load_documents
from crawler.registry import dump_registry
from crawler.testsite import FixtureWeb, RealDocuments, generic
from tests.crawl_support import REPO, crawl_cmd, fixture_source, run_crawl

pytestmark = pytest.mark.slow

REPORTS = 100
# Timestamps and observation counts legitimately differ between the two histories.
VOLATILE = ["first_seen", "last_seen", "observations", "raw_path"]


def _manifest_lines(data_dir: Path) -> int:
    return sum(len(p.read_bytes().splitlines()) for p in (data_dir / "manifest").glob("*.jsonl"))


def _comparable(data_dir: Path) -> pd.DataFrame:
    documents = load_documents(data_dir).drop(columns=VOLATILE)
    return documents.sort_values(["url", "sha256"], ignore_index=True)


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_killed_crawl_resumes_to_the_same_manifest(
    tmp_path: Path, real_dir: Path, kill: signal.Signals
) -> None:
    """SIGKILL: the torn JOBDIR is discarded and the manifest says what is done. SIGINT:
    Scrapy saves its queue in the JOBDIR and the next run continues from it."""
    with FixtureWeb("main") as web:
        expected = generic.build_large(web, RealDocuments(real_dir), reports=REPORTS)
        # Slow enough to be killed midway (about 0.03 s per request, one at a time).
        source = fixture_source(expected, delay=0.03, concurrency=1)

        reference = tmp_path / "reference"
        done = run_crawl([fixture_source(expected)], reference)  # full speed
        assert done.returncode == 0, done.stderr[-3000:]

        data = tmp_path / "data"
        registry = tmp_path / "registry.yaml"
        dump_registry([source], registry)
        child = subprocess.Popen(
            crawl_cmd(registry, data),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while _manifest_lines(data) < REPORTS // 3 if (data / "manifest").exists() else True:
            assert child.poll() is None, "the crawl ended before it could be killed"
            assert time.monotonic() < deadline, "the crawl made no progress"
            time.sleep(0.05)
        os.kill(child.pid, kill)
        child.wait(timeout=60)
        jobdir = data / "crawl" / "jobs" / "fixture"
        if kill == signal.SIGINT:
            assert (jobdir / "requests.queue").is_dir() and not (jobdir / ".running").exists()
        stored_before_kill = set(load_documents(data).url)
        assert 0 < len(stored_before_kill) < REPORTS

        web.clear_logs()
        resumed = run_crawl([source], data)
        assert resumed.returncode == 0, resumed.stderr[-3000:]
        log = web["main"].log
        assert not jobdir.exists()  # a finished crawl leaves no queue behind
        # What was stored before the kill was only confirmed (304), not downloaded again.
        for url in stored_before_kill:
            target = url.removeprefix(web["main"].base)
            assert set(log.statuses(target)) <= {304}, target

    got, want = _comparable(data), _comparable(reference)
    assert set(got.url) == expected.report_pages
    assert not got.duplicated(["url", "sha256"]).any()
    pd.testing.assert_frame_equal(got, want)
