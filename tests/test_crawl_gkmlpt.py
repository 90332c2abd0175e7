"""Crawl the gkmlpt fixture site with the real engine: the annualreport shell's categories
listed through /gkmlpt/api/all over three pages, exact reports, nothing offsite or private."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from crawler.testsite import Expected, FixtureWeb
from crawler.testsite import gkmlpt as gkmlpt_site
from tests.family_crawl import CrawlResult, assert_found_exactly, crawled_site

pytestmark = pytest.mark.slow

Crawl = tuple[FixtureWeb, Expected, CrawlResult]
ORGAN = "湛江市人民政府"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with crawled_site(gkmlpt_site.build, tmp_path_factory.mktemp("gkmlpt"), ORGAN) as c:
        yield c


def test_categories_paged_through_the_json_api(crawl: Crawl) -> None:
    web, _expected, result = crawl
    api_calls = sorted(
        (
            urlsplit(t).path,
            parse_qs(urlsplit(t).query)["page"][0],
            parse_qs(urlsplit(t).query)["sid"][0],
        )
        for t in web["main"].log.paths()
        if t.startswith("/gkmlpt/api/all/")
    )
    sid = gkmlpt_site.SID
    assert api_calls == [
        (f"/gkmlpt/api/all/{gkmlpt_site.CATEGORY_2023}", "1", sid),
        (f"/gkmlpt/api/all/{gkmlpt_site.CATEGORY_2023}", "2", sid),
        (f"/gkmlpt/api/all/{gkmlpt_site.CATEGORY_2023}", "3", sid),
        (f"/gkmlpt/api/all/{gkmlpt_site.CATEGORY_2024}", "1", sid),
    ], result.output[-3000:]


def test_exact_reports_nothing_offsite(crawl: Crawl) -> None:
    web, expected, result = crawl
    assert_found_exactly(result, web, expected)
    reports = result.documents[result.documents["role"] == "report_page"]
    # The list's dates (epoch seconds, China time) and the titles' years reach the manifest.
    assert set(zip(reports["published_date"], reports["year"], strict=True)) == {
        ("2024-01-22", 2023),
        ("2024-01-19", 2023),
        ("2024-01-18", 2023),
    }
    assert result.run["dropped_offsite"] + result.run["dropped_private"] == 2


def test_from_the_catalogue_shell(tmp_path_factory: pytest.TempPathFactory) -> None:
    # /gkmlpt/index has no links: its annualreport column comes from Gkmlpt.entry_columns.
    with crawled_site(
        gkmlpt_site.build,
        tmp_path_factory.mktemp("gkmlpt-index"),
        ORGAN,
        start_path="/gkmlpt/index",
    ) as (web, expected, result):
        assert_found_exactly(result, web, expected)
