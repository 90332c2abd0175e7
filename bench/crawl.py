"""Crawl engine throughput: pages per second on a large local fixture site (politeness off),
as a ratio to a bare Scrapy spider fetching the same pages in the same run.

The engine does more per page (robots.txt, guard, encoding repair, recognition, detail
metadata, hashing and storing every body, the manifest), so the ratio says what that costs.
Both run in their own process against the same server; the time is the crawl's own (from
spider open to close), not interpreter start-up.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from crawler.registry import dump_registry
from crawler.testsite import FixtureWeb, RealDocuments, generic

REPORTS = 600
REPO = Path(__file__).resolve().parent.parent


def _engine(start_url: str, allowed: list[str], work: Path) -> tuple[int, float]:
    registry = work / "registry.yaml"
    source = {"id": "bench", "name": "bench", "start_urls": [start_url], "allowed_domains": allowed}
    dump_registry([{**source, "delay": 0, "concurrency": 8}], registry)
    data = work / "data"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "crawler",
            "crawl",
            "--sources",
            str(registry),
            "--data-dir",
            str(data),
            "--log-level",
            "WARNING",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    (run_file,) = (data / "crawl" / "runs").glob("*.json")
    (source_run,) = json.loads(run_file.read_text(encoding="utf-8"))["sources"]
    return source_run["responses"], source_run["elapsed_seconds"]


def _bare(start_url: str) -> tuple[int, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench._crawl_baseline", start_url],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["responses"], result["seconds"]


def run() -> None:
    with FixtureWeb("main") as web, tempfile.TemporaryDirectory() as tmp:
        expected = generic.build_large(web, RealDocuments.default(), reports=REPORTS)
        bare_pages, bare_seconds = _bare(expected.start_url)
        engine_pages, engine_seconds = _engine(
            expected.start_url, expected.allowed_domains, Path(tmp)
        )
    bare_rate = bare_pages / bare_seconds
    engine_rate = engine_pages / engine_seconds
    print(f"{'crawler':<28}{'pages':>8}{'seconds':>10}{'pages/s':>10}")
    print(f"{'bare Scrapy spider':<28}{bare_pages:>8}{bare_seconds:>10.2f}{bare_rate:>10.1f}")
    print(
        f"{'gknb engine (stores all)':<28}{engine_pages:>8}{engine_seconds:>10.2f}{engine_rate:>10.1f}"
    )
    print(f"engine / bare pages-per-second ratio: {engine_rate / bare_rate:.2f}")
