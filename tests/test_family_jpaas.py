"""Hanweb JPaaS adapter on a column shell and build/unit JSON answers shaped like real ones."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from crawler.families import load_families
from crawler.families.jpaas import JPaaS, page_count, unit_query

COLUMN_URL = "http://www.linxia.gov.cn/lxz/zwgk/zfxxgknb/index.html"

# A Linxia column as JPaaS renders it: no list, one script naming the unit to build.
SHELL = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="ColumnName" content="政府信息公开年报"><title>政府信息公开年报</title></head><body>
<div class="main"><div class="list-box">
<script type="text/javascript" src="/module/jpaas/AuthorizedRead/unitbuild.js" id="unitbuild"
  url="/api-gateway/jpaas-publish-server/front/page/build/unit"
  queryData="{'webId':'a5b4c3d2e1f0','pageId':'f0e1d2c3b4a5','parseType':'bulidstatic','pageType':'column','tagId':'当前栏目list','tplSetId':'9a8b7c6d5e4f','editType':'null'}"></script>
</div></div></body></html>"""


def _shell_response(html: str = SHELL) -> HtmlResponse:
    return HtmlResponse(
        COLUMN_URL, body=html.encode(), encoding="utf-8", request=Request(COLUMN_URL)
    )


def _fragment(items: list[tuple[str, str, str]], count: int | None, rows: int = 15) -> str:
    lis = "".join(
        f'<li class="clearfix"><a href="{href}" title="{title}" target="_blank">{title}</a>'
        f'<span class="bt-right">{date}</span></li>'
        for href, title, date in items
    )
    pager = (
        f'<div class="pagination" rows="{rows}" count="{count}">'
        '<a href="javascript:;" data-page="1">首页</a><a href="javascript:;" data-page="2">下一页</a></div>'
        if count is not None
        else ""
    )
    return f'<ul class="list">{lis}</ul>{pager}'


def _unit_answer(request: Request, fragment: str) -> TextResponse:
    body = json.dumps(
        {"success": True, "code": "200", "data": {"html": fragment}}, ensure_ascii=False
    )
    return TextResponse(request.url, body=body.encode(), encoding="utf-8", request=request)


def test_registered_and_detects_shell_and_endpoint() -> None:
    assert load_families()["jpaas"] is JPaaS
    assert JPaaS.detect(_shell_response())
    endpoint = TextResponse(
        "http://www.linxia.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit?webId=1",
        body=b"{}",
    )
    assert JPaaS.detect(endpoint)
    assert not JPaaS.detect(_shell_response("<html><body><a href='/a.html'>x</a></body></html>"))


def test_query_data_read_from_the_unitbuild_script() -> None:
    endpoint, query = unit_query(SHELL)
    assert endpoint == "/api-gateway/jpaas-publish-server/front/page/build/unit"
    assert query == {
        "webId": "a5b4c3d2e1f0",
        "pageId": "f0e1d2c3b4a5",
        "parseType": "bulidstatic",
        "pageType": "column",
        "tagId": "当前栏目list",
        "tplSetId": "9a8b7c6d5e4f",
        "editType": "null",
    }
    # The entity-escaped double-quoted form some templates write.
    escaped = SHELL.replace(
        "queryData=\"{'webId':'a5b4c3d2e1f0'",
        'queryData="{&quot;webId&quot;:&quot;a5b4c3d2e1f0&quot;',
    )
    assert unit_query(escaped)[1]["webId"] == "a5b4c3d2e1f0"


def test_shell_asks_the_unit_endpoint_for_page_one() -> None:
    (request,) = JPaaS().first_requests(_shell_response())
    split = urlsplit(request.url)
    assert split.netloc == "www.linxia.gov.cn"
    assert split.path == "/api-gateway/jpaas-publish-server/front/page/build/unit"
    query = parse_qs(split.query)
    assert query["pageId"] == ["f0e1d2c3b4a5"]
    assert query["tagId"] == ["当前栏目list"]
    assert json.loads(query["paramJson"][0]) == {"pageNo": 1, "pageSize": 15}
    page = JPaaS().parse_list(_shell_response())
    assert page.entries == []
    assert [r.url for r in page.next_requests] == [request.url]


def test_unit_pages_until_count() -> None:
    (first,) = JPaaS().first_requests(_shell_response())
    items = [
        (
            f"/art/2024/1/{d}/art_1501_{900 + d}.html",
            f"临夏州第{d}单位2023年政府信息公开工作年度报告",
            f"2024-01-{d:02d}",
        )
        for d in range(1, 16)
    ]
    page1 = JPaaS().parse_list(_unit_answer(first, _fragment(items, count=20)))
    assert [e.url for e in page1.entries][:2] == [
        "http://www.linxia.gov.cn/art/2024/1/1/art_1501_901.html",
        "http://www.linxia.gov.cn/art/2024/1/2/art_1501_902.html",
    ]
    assert page1.entries[0].title == "临夏州第1单位2023年政府信息公开工作年度报告"
    assert page1.entries[0].published_date == "2024-01-01"
    assert len(page1.entries) == 15  # the pager's javascript: links are not entries
    (second,) = page1.next_requests
    assert json.loads(parse_qs(urlsplit(second.url).query)["paramJson"][0])["pageNo"] == 2
    assert parse_qs(urlsplit(second.url).query)["pageId"] == ["f0e1d2c3b4a5"]
    page2 = JPaaS().parse_list(_unit_answer(second, _fragment(items[:5], count=20)))
    assert len(page2.entries) == 5
    assert page2.next_requests == []


def test_without_count_stops_at_an_empty_or_repeated_page() -> None:
    (first,) = JPaaS().first_requests(_shell_response())
    items = [("/art/2023/1/5/art_1501_1.html", "2022年政府信息公开工作年度报告", "2023-01-05")]
    page1 = JPaaS().parse_list(_unit_answer(first, _fragment(items, count=None)))
    (second,) = page1.next_requests
    repeated = JPaaS().parse_list(_unit_answer(second, _fragment(items, count=None)))
    assert repeated.next_requests == []
    empty = JPaaS().parse_list(_unit_answer(first, _fragment([], count=None)))
    assert empty.next_requests == []


def test_page_count() -> None:
    assert page_count(_fragment([], count=52, rows=15), 15) == 4
    assert page_count(_fragment([], count=0), 15) == 0
    assert page_count("<ul></ul>", 15) is None


def test_an_answer_without_html_is_a_clear_error() -> None:
    (first,) = JPaaS().first_requests(_shell_response())
    bad = TextResponse(first.url, body=b'{"success":false,"message":"error"}', request=first)
    with pytest.raises(ValueError, match=r"no data\.html"):
        JPaaS().parse_list(bad)
    not_json = TextResponse(first.url, body=b"<html>busy</html>", request=first)
    with pytest.raises(ValueError, match="not JSON"):
        JPaaS().parse_list(not_json)


def test_year_archives_and_unit_columns_are_walked_as_columns() -> None:
    (first,) = JPaaS().first_requests(_shell_response())
    items = [
        (
            "/art/2024/1/15/art_1501_900123.html",
            "临夏州公安局2023年度政府信息公开工作年度报告",
            "2024-01-15",
        ),
        ("/lxz/zwgk/zfxxgknb/2022n/index.html", "2022年", ""),
        ("/lxz/zwgk/zfxxgknb/bmnb/", "部门年报", ""),
    ]
    page = JPaaS().parse_list(_unit_answer(first, _fragment(items, count=3)))
    assert [e.is_column for e in page.entries] == [False, True, True]
