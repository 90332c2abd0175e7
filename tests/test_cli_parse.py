"""`python -m transform parse FILE … --json` as a user runs it (data contract §4)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REAL, REPO, gold


def _run(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transform", "parse", *map(str, files), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_json_lines_in_the_given_order_and_exit_0(tmp_path: Path) -> None:
    files = [REAL / "shanghai_szfbgt_2019.html", REAL / "linxia_gongan_2023.txt"]
    result = _run(*files)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["report"]["agency"] == gold("shanghai_szfbgt_2019")["agency"]
    assert second["report"]["agency"] == gold("linxia_gongan_2023")["agency"]
    assert set(second) == {"report", "cells", "checks", "sections"}
    cell = next(c for c in second["cells"] if c["table"] == "t2" and c["row"] == "licensing")
    assert cell["value"] == gold("linxia_gongan_2023")["cells"]["t2.licensing.decisions"]
    assert {"table", "row", "col", "value", "raw", "state", "unit"} <= set(cell)
    check = second["checks"][0]
    assert {"check", "key", "status", "lhs", "rhs", "delta"} <= set(check)
    for field in ("agency", "region_code", "year", "title", "source_url", "published_date"):
        assert field in second["report"]  # printed even when null


def test_a_corrupt_file_gets_a_failed_line_and_exit_2(tmp_path: Path) -> None:
    corrupt = tmp_path / "broken.pdf"
    corrupt.write_bytes(b"\x00\x01\x02\x03 not a document \x00" * 20)
    missing = tmp_path / "does-not-exist.txt"
    result = _run(REAL / "linxia_gongan_2023.txt", corrupt, missing)
    assert result.returncode == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["report"]["parse_status"] for r in records] == ["ok", "failed", "failed"]
    assert records[1]["report"]["error"] == "unknown format (not a report document)"
    assert records[2]["report"]["error"].startswith("FileNotFoundError")
    stderr = result.stderr.strip().splitlines()
    assert len(stderr) == 2
    assert stderr[0].startswith(str(corrupt)) and stderr[1].startswith(str(missing))
