"""End to end: the real Scrapy engine crawls a local generic portal full of traps."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from crawler.manifest import load_documents
from crawler.testsite import FixtureWeb, RealDocuments, generic
from tests.crawl_support import fixture_source, last_run, run_crawl

pytestmark = pytest.mark.slow


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_generic_portal_finds_exactly_the_reports(tmp_path: Path, real_dir: Path) -> None:
    docs = RealDocuments(real_dir)
    data = tmp_path / "data"
    with FixtureWeb("main", "mirror", "antibot") as web:
        expected = generic.build(web, docs)
        result = run_crawl([fixture_source(expected)], data)
        requested = web.requested()
        antibot_paths = set(web["antibot"].log.paths())
        user_agents = {e.headers.get("user-agent") for e in web["main"].log.entries}
        list_targets = web["main"].log.paths()

    assert result.returncode == 0, result.stderr[-3000:]
    documents = load_documents(data)
    pages = documents[documents.role == "report_page"]
    attachments = documents[documents.role == "attachment"]
    assert set(pages.url) == expected.report_pages
    assert set(attachments.url) == expected.attachments
    assert len(documents) == len(expected.report_pages) + len(expected.attachments)

    # Nothing robots-disallowed, dropped by title, offsite or private was requested.
    assert not expected.never_requested & requested
    assert web["mirror"].log.paths() == []
    assert antibot_paths <= {"/robots.txt", "/gknb/2020.html"}
    (user_agent,) = user_agents
    assert user_agent is not None and "gknb-crawler" in user_agent

    # Bytes stored once by hash, formats sniffed from the bytes (the .docx came as
    # octet-stream), metadata from the detail pages.
    by_url = {row.url: row for row in documents.itertuples()}
    main = expected.start_url.rstrip("/")
    hongze = by_url[main + "/zfxxgk/zfxxgknb/202401/P020240120.pdf"]
    assert hongze.sha256 == sha(docs.hongze_pdf) and hongze.format == "pdf"
    assert Path(hongze.raw_path).read_bytes() == docs.hongze_pdf
    assert hongze.parent_url == main + "/zfxxgk/zfxxgknb/202401/t20240120_1002.html"
    assert hongze.year == 2023 and hongze.publisher == "淮安市洪泽区人民政府"
    docx = by_url[main + "/zfxxgk/zfxxgknb/202401/P020240115369.docx"]
    assert docx.format == "docx" and docx.sha256 == sha(docs.linxia_docx)
    doc = by_url[main + "/zfxxgk/zfxxgknb/bm/202402/P020240201.doc"]
    assert doc.format == "doc" and doc.variant == "Word版"

    direct = by_url[main + "/zfxxgk/zfxxgknb/bm/202402/P020240202.pdf"]
    assert direct.parent_url == main + "/zfxxgk/zfxxgknb/bm/index.html?page=2"
    assert (direct.year, direct.variant, direct.published_date) == (2023, "PDF版", "2024-02-02")
    assert direct.format == "pdf" and direct.sha256 == sha(docs.linxia_pdf)

    linxia = by_url[main + "/zfxxgk/zfxxgknb/202401/t20240115_1001.html"]
    assert linxia.index_no == "013902431/2024-00012"
    assert linxia.publisher == "临夏州公安局" and linxia.published_date == "2024-01-15"
    assert linxia.year == 2023 and linxia.format == "html" and linxia.organ == "临夏州公安局"
    assert linxia.region_code == "622900" and linxia.source_id == "fixture"
    assert "临夏州公安局2023年度政府信息公开工作年度报告" in Path(linxia.raw_path).read_text(
        "utf-8"
    )
    shanghai = by_url[main + "/zfxxgk/zfxxgknb/202001/t20200131_1003.html"]
    assert shanghai.year == 2019 and shanghai.published_date == "2020-01-31"
    assert shanghai.index_no == "002482123/2020-00015"
    hongze_page = by_url[main + "/zfxxgk/zfxxgknb/202401/t20240120_1002.html"]
    assert hongze_page.variant == "PDF版"

    # Every list page was read once: the column's three, the year and unit sub-columns.
    assert sorted(t for t in list_targets if "list" in t or "index.html" in t) == sorted(
        ["/zfxxgk/index.html", "/zfxxgk/zfxxgknb/index.html"]
        + [f"/zfxxgk/zfxxgknb/{name}" for name in ("list.html", "list_2.html", "list_3.html")]
        + ["/zfxxgk/zfxxgknb/2019/index.html", "/zfxxgk/zfxxgknb/bm/index.html"]
        + ["/zfxxgk/zfxxgknb/bm/index.html?page=2"]
        + ["/zfxxgk/fdzdgknr/index.html", "/zfxxgk/zn/index.html"]  # tree links, 404 here
    )

    run = last_run(data)
    (source,) = run["sources"]
    assert run["ok"] and source["status"] == "ok"
    assert source["reports_found"] == 4 and source["attachments"] == 5
    assert source["new"] == 9 and source["changed"] == 0
    assert set(source["blocked_hosts"]) == expected.blocked_hosts
    assert source["dropped_offsite"] >= 2  # the mirror and the private address
    assert "fixture" in result.stdout and "blocked" in result.stdout
