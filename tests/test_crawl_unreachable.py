"""The shipped registry, with no network: every source ends "unreachable", in bounded time,
with a table line per source and a failing exit status, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.registry import load_registry
from tests.crawl_support import REPO

pytestmark = pytest.mark.slow

DEFAULT = REPO / "crawler" / "sources" / "default.yaml"


def test_default_registry_without_network_is_unreachable(tmp_path: Path) -> None:
    sources = load_registry(DEFAULT)
    assert len(sources) >= 5 and all(".gov.cn" in s.start_urls[0] for s in sources)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "crawler",
            "crawl",
            "--sources",
            str(DEFAULT),
            "--data-dir",
            str(tmp_path),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    (run_file,) = (tmp_path / "crawl" / "runs").glob("*.json")
    run = json.loads(run_file.read_text(encoding="utf-8"))
    assert not run["ok"]
    assert {s["source_id"] for s in run["sources"]} == {s.id for s in sources}
    for source in run["sources"]:
        assert source["status"] == "unreachable", source
        assert source["unreachable"], source
    lines = result.stdout.splitlines()
    for source in sources:
        (line,) = [line for line in lines if line.startswith(source.id + " ")]
        assert "unreachable" in line
    assert not list((tmp_path / "manifest").glob("*.jsonl")) or all(
        p.stat().st_size == 0 for p in (tmp_path / "manifest").glob("*.jsonl")
    )
