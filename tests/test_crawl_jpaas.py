"""Crawl the Hanweb JPaaS fixture portal with the real engine: the build/unit JSON paged by
its pagination count, exact reports and attachments, nothing offsite or private."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from crawler.testsite import Expected, FixtureWeb
from crawler.testsite import jpaas as jpaas_site
from tests.family_crawl import CrawlResult, assert_found_exactly, crawled_site

pytestmark = pytest.mark.slow

Crawl = tuple[FixtureWeb, Expected, CrawlResult]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with crawled_site(
        jpaas_site.build, tmp_path_factory.mktemp("jpaas"), "临夏回族自治州人民政府"
    ) as c:
        yield c


def test_unit_endpoint_paged_to_its_count(crawl: Crawl) -> None:
    web, _expected, result = crawl
    pages = [
        json.loads(parse_qs(urlsplit(t).query)["paramJson"][0])["pageNo"]
        for t in web["main"].log.paths()
        if t.startswith(jpaas_site.UNIT)
    ]
    assert pages == [1, 2], result.output[-3000:]


def test_exact_reports_and_attachments_nothing_offsite(crawl: Crawl) -> None:
    web, expected, result = crawl
    assert_found_exactly(result, web, expected)
    assert result.run["dropped_offsite"] + result.run["dropped_private"] == 2
