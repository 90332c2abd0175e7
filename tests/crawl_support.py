"""Helpers for the crawler tests: run the real CLI (a fresh process per crawl, since a
Twisted reactor cannot be restarted) against local fixture sites."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from crawler.registry import dump_registry
from crawler.testsite import Expected

REPO = Path(__file__).resolve().parent.parent


def fixture_source(expected: Expected, source_id: str = "fixture", **extra: Any) -> dict[str, Any]:
    """A registry entry for a fixture site, politeness off so tests run fast."""
    return {
        "id": source_id,
        "name": extra.pop("name", "临夏州公安局"),
        "start_urls": [expected.start_url],
        "allowed_domains": expected.allowed_domains,
        "region_code": "622900",
        "level": "prefecture",
        "delay": 0,
        "concurrency": 8,
        **extra,
    }


def crawl_cmd(registry: Path, data_dir: Path, *args: str) -> list[str]:
    return [
        sys.executable, "-m", "crawler", "crawl",
        "--sources", str(registry), "--data-dir", str(data_dir), "--log-level", "INFO", *args,
    ]  # fmt: skip


def run_crawl(
    sources: list[dict[str, Any]], data_dir: Path, *args: str, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    registry = data_dir.parent / f"{data_dir.name}-registry.yaml"
    dump_registry(sources, registry)
    return subprocess.run(
        crawl_cmd(registry, data_dir, *args),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def last_run(data_dir: Path) -> dict[str, Any]:
    runs = sorted((data_dir / "crawl" / "runs").glob("*.json"))
    return json.loads(runs[-1].read_text(encoding="utf-8"))
