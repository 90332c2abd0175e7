"""TRS WCM columns: script-written pager over ≥ 3 list pages, UTF-8 and undeclared GBK."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.manifest import load_documents
from crawler.testsite import FixtureWeb, RealDocuments, trs
from tests.crawl_support import fixture_source, last_run, run_crawl

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("encoding", "suffix"), [("utf-8", "html"), ("gbk", "shtml")])
def test_trs_column(tmp_path: Path, real_dir: Path, encoding: str, suffix: str) -> None:
    docs = RealDocuments(real_dir)
    data = tmp_path / "data"
    with FixtureWeb("main") as web:
        expected = trs.build(web, docs, pages=4, encoding=encoding, suffix=suffix)
        result = run_crawl([fixture_source(expected, name="TRS 测试站")], data)
        requested = web.requested()
        targets = web["main"].log.paths()
    assert result.returncode == 0, result.stderr[-3000:]

    documents = load_documents(data)
    assert set(documents[documents.role == "report_page"].url) == expected.report_pages
    assert set(documents[documents.role == "attachment"].url) == expected.attachments
    assert not expected.never_requested & requested
    # Every list page of the script pager was read, each once.
    lists = [t for t in targets if "/index" in t]
    assert sorted(lists) == sorted(
        [f"/zwgk/zfxxgknb/index.{suffix}"]
        + [f"/zwgk/zfxxgknb/index_{n}.{suffix}" for n in (1, 2, 3)]
    )
    assert last_run(data)["sources"][0]["list_pages"] == 4

    by_url = {row.url: row for row in documents.itertuples()}
    base = expected.start_url.rsplit("/", 1)[0]
    shanghai = by_url[f"{base}/202001/t20200131_6002.{suffix}"]
    # Titles and metadata decoded right whatever the page declared.
    assert shanghai.title == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert shanghai.publisher == "上海市人民政府办公厅" and shanghai.year == 2019
    raw = Path(shanghai.raw_path).read_bytes()
    assert raw == web["main"].site.pages[f"/zwgk/zfxxgknb/202001/t20200131_6002.{suffix}"].body
    assert "本年度报告中所列数据统计期限从2019年1月1日" in raw.decode(encoding)
    # downfile.jsp answered 302 to the file; the manifest keeps both URLs and the real type.
    (word,) = [r for r in documents.itertuples() if "downfile.jsp" in r.url]
    assert word.final_url.endswith("/attach/0/P020240120600.doc") and word.format == "doc"
    assert Path(word.raw_path).read_bytes() == docs.linxia_doc
    linxia_pdf = by_url[f"{base}/202401/P020240115500.pdf"]
    assert linxia_pdf.variant == "PDF版" and linxia_pdf.year == 2023
    assert linxia_pdf.sha256 and Path(linxia_pdf.raw_path).read_bytes() == docs.linxia_pdf
