"""Guangdong gkmlpt adapter on catalogue shells and /gkmlpt/api/all answers shaped like real ones."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from crawler.families import load_families
from crawler.families.gkmlpt import Gkmlpt, article_date, report_categories, site_config, site_root

HOST = "http://www.zhanjiang.gov.cn"

ANNUAL_TREE = [
    {"id": 3071, "name": "2024年", "parent": 0, "children": []},
    {"id": 2901, "name": "2023年", "parent": 0, "children": []},
    {
        "id": 2700,
        "name": "往年",
        "parent": 0,
        "children": [{"id": 2629, "name": "2019年", "parent": 2700, "children": []}],
    },
]

INDEX_TREE = [
    {"id": 1, "name": "机构职能", "parent": 0, "children": []},
    {
        "id": 5,
        "name": "政府信息公开",
        "parent": 0,
        "children": [
            {"id": 51, "name": "政府信息公开指南", "parent": 5, "children": []},
            {"id": 52, "name": "政府信息公开年报", "parent": 5, "children": []},
        ],
    },
]


def _shell(tree: list[dict], sid: str = "759001") -> str:
    # The inline config is a JS object literal: unquoted keys, single-quoted strings, JSON tree.
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开</title>
<script>
window._CONFIG = {{
    SID: '{sid}',
    SITE_NAME: '湛江市人民政府门户网站',
    TREE: {json.dumps(tree, ensure_ascii=False)},
    PATH: '/gkmlpt/'
}};
</script></head><body><div id="app"></div>
<script src="/gkmlpt/js/app.js"></script></body></html>"""


def _page(url: str, html: str) -> HtmlResponse:
    return HtmlResponse(url, body=html.encode(), encoding="utf-8", request=Request(url))


def _api(request: Request, payload: dict) -> TextResponse:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return TextResponse(request.url, body=body, encoding="utf-8", request=request)


def _articles(start: int, n: int) -> list[dict]:
    return [
        {
            "id": 5300000 + i,
            "title": f"湛江市第{i}局2023年政府信息公开工作年度报告",
            "url": f"{HOST}/gkmlpt/content/5/5300/post_{5300000 + i}.html#2901",
            "display_publish_time": 1706745600 + i * 86400,  # 2024-02-01 08:00 China time
            "create_time": 1706745600,
            "publisher": f"湛江市第{i}局",
        }
        for i in range(start, start + n)
    ]


def test_registered_and_detects_shells_and_api() -> None:
    assert load_families()["gkmlpt"] is Gkmlpt
    assert Gkmlpt.detect(_page(f"{HOST}/gkmlpt/annualreport", _shell(ANNUAL_TREE)))
    assert Gkmlpt.detect(TextResponse(f"{HOST}/gkmlpt/api/all/2901?page=1&sid=759001", body=b"{}"))
    assert not Gkmlpt.detect(_page(f"{HOST}/zwgk/index.html", "<html><body>x</body></html>"))


def test_config_sid_and_tree() -> None:
    sid, tree = site_config(_shell(ANNUAL_TREE))
    assert sid == "759001"
    assert [node["id"] for node in tree] == [3071, 2901, 2700]
    assert site_config("<html><script>var a = 1;</script></html>") is None
    # A tree written as an object keyed by id, with a string that holds a bracket.
    keyed = {"52": {"id": 52, "name": "年报[旧]", "children": []}}
    sid, tree = site_config(_shell([]).replace("TREE: []", f"TREE: {json.dumps(keyed)}"))
    assert tree == [{"id": 52, "name": "年报[旧]", "children": []}]


def test_report_categories() -> None:
    assert report_categories(ANNUAL_TREE, on_annual_report_page=True) == [
        (3071, "2024年"),
        (2901, "2023年"),
        (2629, "2019年"),
    ]
    assert report_categories(INDEX_TREE, on_annual_report_page=False) == [(52, "政府信息公开年报")]
    # A year-named node is a report category only on the annualreport page.
    assert report_categories(ANNUAL_TREE, on_annual_report_page=False) == []
    # An annualreport page whose tree names neither reports nor years: all its leaves.
    plain = [
        {"id": 7, "name": "市直部门", "children": []},
        {"id": 8, "name": "区县", "children": []},
    ]
    assert report_categories(plain, on_annual_report_page=True) == [(7, "市直部门"), (8, "区县")]
    # …but when some node does, only those.
    mixed = [*plain, {"id": 9, "name": "2023年度", "children": []}]
    assert report_categories(mixed, on_annual_report_page=True) == [(9, "2023年度")]


def test_annualreport_page_lists_every_year_category_through_the_api() -> None:
    page = Gkmlpt().parse_list(_page(f"{HOST}/gkmlpt/annualreport", _shell(ANNUAL_TREE)))
    assert page.entries == []
    assert [r.url for r in page.next_requests] == [
        f"{HOST}/gkmlpt/api/all/3071?page=1&sid=759001",
        f"{HOST}/gkmlpt/api/all/2901?page=1&sid=759001",
        f"{HOST}/gkmlpt/api/all/2629?page=1&sid=759001",
    ]
    assert [
        r.url
        for r in Gkmlpt().first_requests(_page(f"{HOST}/gkmlpt/annualreport", _shell(ANNUAL_TREE)))
    ] == [r.url for r in page.next_requests]


def test_index_page_exposes_the_annualreport_column_and_report_categories() -> None:
    # A department site under a host path, as many city portals carry them.
    url = f"{HOST}/zjsfgj/gkmlpt/index"
    page = Gkmlpt().parse_list(_page(url, _shell(INDEX_TREE, sid="759123")))
    assert list(Gkmlpt().first_requests(_page(url, _shell(INDEX_TREE, sid="759123")))) == []
    (column,) = page.entries
    assert column.is_column
    assert column.url == f"{HOST}/zjsfgj/gkmlpt/annualreport"
    assert [r.url for r in page.next_requests] == [
        f"{HOST}/zjsfgj/gkmlpt/api/all/52?page=1&sid=759123"
    ]
    assert site_root(url) == f"{HOST}/zjsfgj/"
    # The same column is what the spider's entry discovery gets from the family.
    assert Gkmlpt().entry_columns(_page(url, _shell(INDEX_TREE, sid="759123"))) == [column]
    annual = f"{HOST}/zjsfgj/gkmlpt/annualreport"
    assert Gkmlpt().entry_columns(_page(annual, _shell(ANNUAL_TREE))) == []
    assert (
        Gkmlpt().entry_columns(_page(f"{HOST}/index.html", "<html><a href='/a'>a</a></html>")) == []
    )


def test_api_first_page_schedules_the_rest_and_reads_articles() -> None:
    request = Request(f"{HOST}/gkmlpt/api/all/2901?page=1&sid=759001")
    page = Gkmlpt().parse_list(_api(request, {"total": 230, "articles": _articles(0, 100)}))
    assert len(page.entries) == 100
    first = page.entries[0]
    assert first.url == f"{HOST}/gkmlpt/content/5/5300/post_5300000.html"  # the #fragment dropped
    assert first.title == "湛江市第0局2023年政府信息公开工作年度报告"
    assert first.published_date == "2024-02-01"
    assert page.entries[1].published_date == "2024-02-02"
    assert [parse_qs(urlsplit(r.url).query) for r in page.next_requests] == [
        {"page": ["2"], "sid": ["759001"]},
        {"page": ["3"], "sid": ["759001"]},
    ]
    later = Request(f"{HOST}/gkmlpt/api/all/2901?page=3&sid=759001")
    last = Gkmlpt().parse_list(_api(later, {"total": 230, "articles": _articles(200, 30)}))
    assert len(last.entries) == 30
    assert last.next_requests == []


def test_article_dates() -> None:
    # 2023-12-31 20:00 UTC is already 2024-01-01 in China.
    assert article_date({"display_publish_time": 1704052800}) == "2024-01-01"
    assert article_date({"display_publish_time": "1704052800"}) == "2024-01-01"
    assert article_date({"display_publish_time": "2024-01-15 10:00:00"}) == "2024-01-15"
    assert article_date({"display_publish_time": 0, "create_time": 1704052800}) == "2024-01-01"
    assert article_date({}) is None


def test_api_answer_errors_are_specific() -> None:
    request = Request(f"{HOST}/gkmlpt/api/all/2901?page=1&sid=759001")
    with pytest.raises(ValueError, match="not JSON"):
        Gkmlpt().parse_list(TextResponse(request.url, body=b"<html>", request=request))
    with pytest.raises(ValueError, match="no articles"):
        Gkmlpt().parse_list(_api(request, {"total": 0}))


def test_articles_linked_as_post_url_and_malformed_ones_skipped() -> None:
    request = Request(f"{HOST}/gkmlpt/api/all/2901?page=2&sid=759001")
    articles = [
        {
            "title": "2023年政府信息公开工作年度报告",
            "post_url": "/gkmlpt/content/5/5300/post_1.html",
        },
        {"title": "无链接"},
        "not an article",
    ]
    page = Gkmlpt().parse_list(_api(request, {"total": 3, "articles": articles}))
    assert [(e.url, e.published_date) for e in page.entries] == [
        (f"{HOST}/gkmlpt/content/5/5300/post_1.html", None)
    ]
    assert page.next_requests == []  # only page 1 schedules the others
