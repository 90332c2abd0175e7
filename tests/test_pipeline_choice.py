"""Choosing the document that carries a report's tables, when a rendering cannot be read.

The 临夏 report is published as a plain-text page with its tables, and re-published in a
部门 column as a page that only says 全文见附件 whose Word attachment arrives truncated. The
broken attachment is one failed row; the 见附件 page, having no tables of its own, stays
linked to the report; neither makes a second "version" of it.
"""

from __future__ import annotations

from pathlib import Path

from tests import pipeline_data as crawl
from tests.conftest import REAL
from tests.gold import assert_matches_gold
from tests.pipeline_readback import as_parsed, read_dataset, versions
from transform.pipeline import run

BM_PAGE = "http://gaj.linxia.gov.cn/gaj/zfxxgk/bm/202402/t20240201_2001.html"
BM_DOC = "http://gaj.linxia.gov.cn/gaj/zfxxgk/bm/202402/P020240201.doc"
BM_PAGE_HTML = """<html><head><meta charset="utf-8">
<title>临夏州公安局2023年政府信息公开工作年度报告</title></head>
<body><div id="zoom"><p>临夏州公安局2023年政府信息公开工作年度报告</p>
<p>本报告全文见附件。</p></div></body></html>"""


def test_a_truncated_attachment_is_a_failed_row_and_no_version(tmp_path: Path) -> None:
    linxia = crawl.LINXIA | {"index_no": "013902431/2024-00012", "publisher": "临夏州公安局"}
    writer = crawl.CrawlWriter(tmp_path, "20240201T080000Z")
    writer.fetched(
        crawl.LX_PAGE, (REAL / "linxia_gongan_2023.txt").read_bytes(), crawl.FIRST_CRAWL, **linxia
    )
    bm = linxia | {"index_no": "013902431/2024-00020", "variant": "Word版"}
    writer.fetched(BM_PAGE, BM_PAGE_HTML.encode(), crawl.SECOND_CRAWL, **bm)
    doc = (REAL / "derived" / "linxia_gongan_2023.doc").read_bytes()
    writer.fetched(
        BM_DOC,
        doc[: len(doc) // 3],
        crawl.SECOND_CRAWL,
        role="attachment",
        parent_url=BM_PAGE,
        **bm,
    )
    writer.close()

    summary = run(tmp_path, progress=False)

    documents = {d["url"]: d for d in read_dataset(tmp_path, "documents")}
    assert documents[BM_DOC]["parse_status"] == "failed" and documents[BM_DOC]["error"]
    report_id = documents[crawl.LX_PAGE]["report_id"]
    assert documents[BM_PAGE]["report_id"] == documents[BM_DOC]["report_id"] == report_id
    assert [d["url"] for d in documents.values() if d["chosen"]] == [crawl.LX_PAGE]
    (only,) = versions(tmp_path, report_id)
    assert only["is_current"] and only["source_url"] == crawl.LX_PAGE
    assert_matches_gold(as_parsed(tmp_path, only), "linxia_gongan_2023")
    assert (summary.reports, summary.failed) == (1, 1)
