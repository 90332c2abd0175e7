"""A scanned report (图片版) crawled as an attachment goes through OCR inside `transform run`:
the pool's sandboxed parse, with its per-page OCR allowance, lands its cells in Parquet."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pipeline_data as crawl
from tests.conftest import gold
from tests.pipeline_readback import read_dataset
from transform.pipeline import run

pytestmark = pytest.mark.slow

PAGE = "http://gaj.linxia.gov.cn/gaj/zfxxgk/gknb/2024/t20240125_2.html"
SCAN = "http://gaj.linxia.gov.cn/gaj/zfxxgk/gknb/2024/P020240125.pdf"
PAGE_HTML = """<html><head><meta charset="utf-8">
<title>临夏州公安局2023年度政府信息公开工作年度报告（图片版）</title></head>
<body><div id="zoom"><p>临夏州公安局2023年度政府信息公开工作年度报告（图片版）</p><p>详见附件。</p>
<p>附件：<a href="P020240125.pdf">临夏州公安局2023年度政府信息公开工作年度报告.pdf</a></p></div>
</body></html>"""


def test_a_scanned_attachment_is_read_by_ocr_in_the_pipeline(
    tmp_path: Path, real_dir: Path
) -> None:
    writer = crawl.CrawlWriter(tmp_path, "20240201T080000Z")
    meta = crawl.LINXIA | {"variant": "图片版"}
    writer.fetched(PAGE, PAGE_HTML.encode(), crawl.FIRST_CRAWL, **meta)
    scan = (real_dir / "derived" / "linxia_gongan_2023_scan.pdf").read_bytes()
    writer.fetched(SCAN, scan, crawl.FIRST_CRAWL, role="attachment", parent_url=PAGE, **meta)
    writer.close()

    summary = run(tmp_path, workers=2, progress=False)
    assert summary.failed == 0, summary

    (report,) = [r for r in read_dataset(tmp_path, "reports") if r["is_current"]]
    assert report["extraction"] == "ocr" and report["format"] == "pdf"
    g = gold("linxia_gongan_2023")
    assert (report["agency"], report["year"], report["template"]) == (
        g["agency"],
        g["year"],
        g["template"],
    )

    cells = {
        f"{c['table']}.{c['row']}.{c['col']}": c
        for c in read_dataset(tmp_path, "cells")
        if c["report_id"] == report["report_id"]
    }
    wrong = [
        k for k, v in g["cells"].items() if k not in cells or cells[k]["value"] != pytest.approx(v)
    ]
    assert len(wrong) <= 0.005 * len(g["cells"]), wrong
    failed_checks = [c for c in read_dataset(tmp_path, "checks") if c["status"] == "fail"]
    for key in wrong:  # a misread is never a clean number: it is uncertain or caught by a check
        assert key not in cells or cells[key]["confidence"] < 0.9 or failed_checks, key
