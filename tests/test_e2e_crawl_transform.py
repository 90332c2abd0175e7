"""End to end: the real spider crawls a local portal of real reports, `python -m transform
run` turns the crawl into Parquet, and every report reads back exactly as its gold file.

The portal (crawler/testsite/generic.py) publishes the 临夏 report as an HTML page with PDF
and DOCX renderings and again, in the 部门 column, as a Word attachment (全文见附件) and as a
PDF linked straight from the list; the 洪泽
report as a PDF behind a 详见附件 page; the Shanghai report as an HTML page; plus traps
(解读, 一图读懂, a soft 404, robots-disallowed, mirror and anti-bot hosts) that must not become
reports.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.testsite import Expected, FixtureWeb, RealDocuments, generic
from tests.conftest import REAL, REPO
from tests.crawl_support import fixture_source, run_crawl
from tests.gold import assert_matches_gold
from tests.pipeline_readback import as_parsed, read_dataset, versions

pytestmark = pytest.mark.slow

NB = "/zfxxgk/zfxxgknb"
# The document of the portal that carries each real report's tables (generic.build's paths).
CARRIERS = {
    f"{NB}/202401/t20240115_1001.html": "linxia_gongan_2023",
    f"{NB}/bm/202402/P020240201.doc": "linxia_gongan_2023",
    # linked straight from the 部门 list: no detail page, no 索引号, the organ known by name
    f"{NB}/bm/202402/P020240202.pdf": "linxia_gongan_2023",
    f"{NB}/202401/P020240120.pdf": "hongze_2023",
    f"{NB}/202001/t20200131_1003.html": "shanghai_szfbgt_2019",
}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Expected, str]:
    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    with FixtureWeb("main", "mirror", "antibot") as web:
        expected = generic.build(web, RealDocuments(REAL))
        crawl = run_crawl([fixture_source(expected)], data_dir, timeout=600)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    transform = subprocess.run(
        [sys.executable, "-m", "transform", "run", "--data-dir", str(data_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert transform.returncode == 0, transform.stderr[-3000:]
    return data_dir, expected, transform.stdout


def test_every_crawled_document_lands_in_documents(crawled: tuple[Path, Expected, str]) -> None:
    data_dir, expected, _ = crawled
    urls = {d["url"] for d in read_dataset(data_dir, "documents")}
    assert urls == expected.report_pages | expected.attachments


def test_every_report_on_the_portal_reads_back_exactly_as_its_gold_file(
    crawled: tuple[Path, Expected, str],
) -> None:
    data_dir, expected, summary = crawled
    main = expected.start_url.split(NB)[0].rstrip("/")
    documents = {d["url"]: d for d in read_dataset(data_dir, "documents")}
    report_of_gold: dict[str, set[str]] = {}
    for path, gold_name in CARRIERS.items():
        report_of_gold.setdefault(gold_name, set()).add(documents[main + path]["report_id"])
    # The 临夏 page, its re-publication as a Word file and as a bare PDF: one report.
    assert all(len(ids) == 1 for ids in report_of_gold.values()), report_of_gold
    reports = read_dataset(data_dir, "reports")
    assert {r["report_id"] for r in reports} == set().union(*report_of_gold.values())
    for gold_name, (report_id,) in report_of_gold.items():
        # Renderings with equal content are one version, read from the best of them; each
        # version is checked in full, and its document is one of the report's carriers.
        for version in versions(data_dir, report_id):
            assert_matches_gold(as_parsed(data_dir, version), gold_name)
            carriers = {documents[main + p]["document_sha256"] for p in CARRIERS}
            assert version["document_sha256"] in carriers
    assert f"{len(reports)} reports" in summary and " 0 failed" in summary
