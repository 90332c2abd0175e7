"""Crawl the Hanweb jcms fixture portal with the real engine: dataproxy.jsp POST groups,
downfile.jsp redirects to the attachments, nothing offsite or private requested."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest

from crawler.testsite import Expected, FixtureWeb
from crawler.testsite import hanweb as hanweb_site
from tests.family_crawl import CrawlResult, assert_found_exactly, crawled_site

pytestmark = pytest.mark.slow

Crawl = tuple[FixtureWeb, Expected, CrawlResult]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with crawled_site(
        hanweb_site.build, tmp_path_factory.mktemp("hanweb"), "淮安市洪泽区人民政府"
    ) as c:
        yield c


def _attachment_targets(expected: Expected, web: FixtureWeb) -> set[str]:
    """Where each downfile.jsp link redirects: /attach/0/<filename>."""
    return {
        web["main"].url(f"/attach/0/{parse_qs(link.split('?', 1)[1])['filename'][0]}")
        for link in expected.attachments
    }


def test_list_comes_through_two_posted_proxy_groups(crawl: Crawl) -> None:
    web, _expected, result = crawl
    posts = [e for e in web["main"].log.entries if e.method == "POST"]
    assert [e.target for e in posts] == [
        f"{hanweb_site.PROXY}?startrecord=1&endrecord=45&perpage=15",
        f"{hanweb_site.PROXY}?startrecord=46&endrecord=90&perpage=15",
    ], result.output[-3000:]
    for post in posts:
        form = parse_qs(post.body.decode())
        assert form["columnid"] == [hanweb_site.COLUMN_ID]
        assert form["unitid"] == [hanweb_site.UNIT_ID]


def test_exact_reports_and_attachments_nothing_offsite(crawl: Crawl) -> None:
    web, expected, result = crawl
    reports = result.urls("report_page")
    assert reports == expected.report_pages, result.output[-3000:]
    attachments = result.documents[result.documents["role"] == "attachment"]
    # Each attachment was reached through its downfile.jsp 302.
    assert set(attachments["final_url"]) == _attachment_targets(expected, web)
    assert set(attachments["format"]) == {"pdf", "docx"}
    assert set(attachments["parent_url"]) <= reports
    assert not (web.requested() & expected.never_requested)
    assert web["mirror"].log.paths() == []
    # The private-address and mirror records were refused before any request.
    assert result.run["dropped_offsite"] + result.run["dropped_private"] == 2
    assert result.run["status"] == "ok"


def test_manifest_keeps_the_downfile_link_as_the_url(crawl: Crawl) -> None:
    # architecture.md: `url` is the URL as requested (the page's link), `final_url` where
    # redirects led; the incremental crawl looks documents up by the link.
    web, expected, result = crawl
    assert_found_exactly(result, web, expected)
    attachments = result.documents[result.documents["role"] == "attachment"]
    finals = dict(zip(attachments["url"], attachments["final_url"], strict=True))
    for link in expected.attachments:
        filename = parse_qs(link.split("?", 1)[1])["filename"][0]
        assert finals[link] == web["main"].url(f"/attach/0/{filename}")
