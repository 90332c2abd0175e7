"""The run report: a source that yields no report fails the run (unless may_be_empty)
while the other sources still complete; history is kept under DATA_DIR/crawl/runs/."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.runreport import load_runs
from crawler.testsite import FixtureWeb, RealDocuments, list_page, trs
from tests.crawl_support import fixture_source, run_crawl

pytestmark = pytest.mark.slow


def test_empty_source_fails_the_run_but_not_the_others(tmp_path: Path, real_dir: Path) -> None:
    data = tmp_path / "data"
    with FixtureWeb("main", "empty") as web:
        expected = trs.build(web, RealDocuments(real_dir))
        empty = web["empty"]
        empty.site.html(
            "/", list_page("首页", [("/news/1.html", "市政府召开常务会议", "2024-03-01")])
        )
        empty_source = {
            "id": "empty",
            "name": "某县人民政府",
            "start_urls": [empty.url("/")],
            "delay": 0,
        }
        sources = [fixture_source(expected, "trs-site"), empty_source]

        failing = run_crawl(sources, data)
        assert failing.returncode == 1, failing.stderr[-3000:]
        lines = failing.stdout.splitlines()
        assert any(line.startswith("trs-site ") and " ok " in line for line in lines)
        assert any(line.startswith("empty ") and " empty " in line for line in lines)

        allowed = run_crawl(
            [fixture_source(expected, "trs-site"), {**empty_source, "may_be_empty": True}], data
        )
        assert allowed.returncode == 0, allowed.stdout + allowed.stderr[-3000:]

    first, second = load_runs(data)
    assert not first["ok"] and second["ok"]
    by_id = {s["source_id"]: s for s in first["sources"]}
    assert by_id["empty"]["status"] == "empty" and by_id["empty"]["reports_found"] == 0
    assert by_id["trs-site"]["status"] == "ok"
    assert by_id["trs-site"]["reports_found"] == len(expected.report_pages)
    assert by_id["trs-site"]["list_pages"] == 3
    second_trs = {s["source_id"]: s for s in second["sources"]}["trs-site"]
    assert second_trs["unchanged"] == len(expected.report_pages) + len(expected.attachments)
