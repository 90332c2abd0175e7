"""Crawl the xxgkAnnualReport.jsp fixture portal with the real engine: units and years
become one report URL each, found once however many pages name them."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest

from crawler.testsite import Expected, FixtureWeb
from crawler.testsite import annual_report_jsp as jsp_site
from tests.family_crawl import CrawlResult, assert_found_exactly, crawled_site

pytestmark = pytest.mark.slow

Crawl = tuple[FixtureWeb, Expected, CrawlResult]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with crawled_site(jsp_site.build, tmp_path_factory.mktemp("jsp"), "绍兴市越城区人民政府") as c:
        yield c


def test_exact_reports_one_per_unit_and_year(crawl: Crawl) -> None:
    web, expected, result = crawl
    assert_found_exactly(result, web, expected)
    # The private unit and the mirror's report were refused before any request.
    assert result.run["dropped_offsite"] + result.run["dropped_private"] == 2
    reports = result.documents[result.documents["role"] == "report_page"]
    assert sorted(zip(reports["url"], reports["year"], strict=True)) == sorted(
        (web["main"].url(jsp_site.report_path(unit)), int(unit.year)) for unit in jsp_site.UNITS
    )


def test_every_module_request_names_a_unit_and_each_is_made_once(crawl: Crawl) -> None:
    web, _expected, result = crawl
    module_calls = [t for t in web["main"].log.paths() if t.startswith(jsp_site.MODULE)]
    queries = [dict(parse_qsl(urlsplit(t).query, keep_blank_values=True)) for t in module_calls]
    assert len(module_calls) == len(set(module_calls)), module_calls
    # Three unit pages and three reports: no request without a unit or with an empty year.
    assert sorted((q["area"], q.get("fbtime", "")) for q in queries) == sorted(
        [(u.area, "") for u in jsp_site.UNITS] + [(u.area, u.year) for u in jsp_site.UNITS]
    ), result.output[-3000:]
