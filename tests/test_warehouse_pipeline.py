"""End to end: crawled real documents → `python -m transform run` → `make warehouse`.

The crawl data dir is tests/pipeline_data.py's (the real Shanghai, 洪泽 and 临夏 reports as
sites publish them, plus a broken PDF). The numbers asserted are the gold files'.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests import pipeline_data as crawl
from tests.conftest import REAL, REPO, gold

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = crawl.build_data_dir(tmp_path_factory.mktemp("data"), REAL)
    transform = subprocess.run(
        [sys.executable, "-m", "transform", "run", "--data-dir", str(data_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert transform.returncode in (0, 1), transform.stderr  # 1: the broken PDF failed
    made = subprocess.run(
        ["make", "--no-print-directory", "warehouse", f"DATA_DIR={data_dir}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    return data_dir / "warehouse.duckdb"


def test_comparisons_and_failed_checks_from_the_real_pipeline(warehouse: Path) -> None:
    linxia, hongze = gold("linxia_gongan_2023")["cells"], gold("hongze_2023")["cells"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        licensing = con.execute(
            "SELECT agency, scope, value, rank_national FROM licensing_comparison "
            "WHERE year = 2023 ORDER BY agency"
        ).fetchall()
        fees = con.execute(
            "SELECT agency, scope, value, rank_national FROM fee_comparison "
            "WHERE year = 2023 ORDER BY agency"
        ).fetchall()
        failed = con.execute(
            'SELECT agency, "check", "key", lhs, rhs, delta FROM failed_checks '
            'WHERE year = 2023 ORDER BY "key"'
        ).fetchall()
        outcomes = con.execute(
            "SELECT total_processed, partially_granted, denied, not_held, not_processed "
            "FROM request_outcomes WHERE agency = '淮安市洪泽区人民政府'"
        ).fetchall()
        shanghai = con.execute(
            "SELECT total_processed, granted, denied, not_held, uses_column_sums "
            "FROM request_outcomes WHERE year = 2019"
        ).fetchall()
    assert licensing == [
        ("临夏州公安局", "organ", linxia["t2.licensing.decisions"], 1),
        ("淮安市洪泽区人民政府", "aggregate", hongze["t2.licensing.decisions"], 1),
    ]
    assert fees == [
        ("临夏州公安局", "organ", 18.15, 1),
        ("淮安市洪泽区人民政府", "aggregate", 7730.28, 1),
    ]
    assert failed == [
        ("淮安市洪泽区人民政府", "t4_total", "litigation_after_review", 0.0, 5.0, -5.0),
        ("淮安市洪泽区人民政府", "t4_total", "review", 0.0, 11.0, -11.0),
    ]
    assert outcomes == [(21.0, 4.0, 3.0, 10.0, 1.0)]
    assert shanghai == [(805.0, 272.0, 35.0, 265.0, True)]
