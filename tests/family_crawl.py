"""Crawl a family's fixture site with the real engine and compare with what it must find.

The fixture servers run in this process (threads); the crawl runs as `python -m crawler
crawl` in a child process, because a Twisted reactor can be started only once per process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from crawler.manifest import load_documents
from crawler.registry import dump_registry
from crawler.testsite import Expected, FixtureWeb, RealDocuments

REPO = Path(__file__).resolve().parent.parent
CRAWL_TIMEOUT = 300


@dataclass
class CrawlResult:
    documents: pd.DataFrame  # crawler.manifest.load_documents
    run: dict[str, Any]  # the source's entry of the stored run report
    output: str  # the crawl's stdout and stderr, for failure messages

    def urls(self, role: str) -> set[str]:
        return set(self.documents.loc[self.documents["role"] == role, "url"])


def crawl_fixture(web: FixtureWeb, expected: Expected, tmp_path: Path, name: str) -> CrawlResult:
    """Crawl `expected.start_url` as registry source "fixture" (no delay) into tmp_path."""
    data_dir = tmp_path / "data"
    registry = tmp_path / "sources.yaml"
    dump_registry(
        [
            {
                "id": "fixture",
                "name": name,
                "start_urls": [expected.start_url],
                "allowed_domains": expected.allowed_domains,
                "delay": 0,
            }
        ],
        registry,
    )
    command = [
        sys.executable,
        "-m",
        "crawler",
        "crawl",
        "--sources",
        str(registry),
        "--data-dir",
        str(data_dir),
        "--log-level",
        "INFO",
    ]
    done = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=CRAWL_TIMEOUT, check=False
    )
    output = done.stdout + done.stderr
    runs = sorted((data_dir / "crawl" / "runs").glob("*.json"))
    assert runs, f"the crawl stored no run report:\n{output[-4000:]}"
    (run,) = json.loads(runs[-1].read_text(encoding="utf-8"))["sources"]
    return CrawlResult(documents=load_documents(data_dir), run=run, output=output)


@contextmanager
def crawled_site(
    build: Callable[[FixtureWeb, RealDocuments], Expected],
    tmp_path: Path,
    name: str,
    *,
    start_path: str | None = None,
) -> Iterator[tuple[FixtureWeb, Expected, CrawlResult]]:
    """Build a family's site on a main and a mirror host, crawl it, keep the servers up
    (their request logs) while the caller asserts."""
    with FixtureWeb("main", "mirror") as web:
        expected = build(web, RealDocuments.default())
        if start_path is not None:
            expected = replace(expected, start_url=web["main"].url(start_path))
        yield web, expected, crawl_fixture(web, expected, tmp_path, name)


def assert_found_exactly(result: CrawlResult, web: FixtureWeb, expected: Expected) -> None:
    """The exact reports and attachments, nothing forbidden requested, nothing offsite."""
    tail = result.output[-4000:]
    for role, want in (
        ("report_page", expected.report_pages),
        ("attachment", expected.attachments),
    ):
        got = result.urls(role)
        # The manifest's url is the URL as requested (a link), final_url where redirects led.
        assert got == want, (
            f"{role}: missing {sorted(want - got)}, unexpected {sorted(got - want)}\n{tail}"
        )
    assert not (web.requested() & expected.never_requested), tail
    for name, server in web.servers.items():
        if name != "main":
            assert server.log.paths() == [], f"offsite host {name} was requested:\n{tail}"
    assert result.run["status"] == "ok", tail
