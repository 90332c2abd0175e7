"""Hanweb jcms adapter on a column page and dataproxy.jsp answers shaped like real ones."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from scrapy.http import FormRequest, HtmlResponse, Request, TextResponse, XmlResponse

from crawler.families import load_families
from crawler.families.hanweb import Hanweb, proxy_form, records, total_record

COLUMN_URL = "http://www.hongze.gov.cn/col/col16041/index.html"

# A Huai'an district column as jcms renders it: the first records inline, the proxy's
# identifiers in the <nextgroup> link, jpage's options in the script that follows.
COLUMN_PAGE = """<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="ColumnName" content="政府信息公开年报"><title>政府信息公开年报</title></head><body>
<div class="list" id="60512"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=27&path=http://www.hongze.gov.cn/&columnid=16041&unitid=60512&webname=%E6%B7%AE%E5%AE%89%E5%B8%82%E6%B4%AA%E6%B3%BD%E5%8C%BA%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[
<li><a href="/art/2024/1/20/art_16041_3312345.html" title="淮安市洪泽区人民政府2023年政府信息公开工作年度报告" target="_blank">淮安市洪泽区人民政府2023年政府信息公开工作…</a><span>2024-01-20</span></li>
]]></record>
<record><![CDATA[
<li><a href="/art/2023/1/18/art_16041_3012001.html" title="淮安市洪泽区人民政府2022年政府信息公开工作年度报告" target="_blank">淮安市洪泽区人民政府2022年政府信息公开工作…</a><span>2023-01-18</span></li>
]]></record>
</recordset></datastore></script>
<script language="javascript" src="/module/web/jpage/jpage.js"></script>
<script>
$(document).ready(function(){ $('#60512').jpage({ proxyUrl: '/module/web/jpage/dataproxy.jsp',
  perPage: 15, groupSize: 3, totalRecord: 52, dataStore: null }); });
</script></div></body></html>"""


def _column_response(html: str = COLUMN_PAGE, url: str = COLUMN_URL) -> HtmlResponse:
    return HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8", request=Request(url))


def _proxy_answer(request: Request, body: str) -> XmlResponse:
    return XmlResponse(request.url, body=body.encode("utf-8"), encoding="utf-8", request=request)


def _group_xml(total: int, items: list[tuple[str, str, str]]) -> str:
    recs = "".join(
        f'<record><![CDATA[<li><a href="{href}" title="{title}" target="_blank">{title}</a>'
        f"<span>{date}</span></li>]]></record>"
        for href, title, date in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><datastore>'
        f"<totalrecord>{total}</totalrecord><totalpage>{-(-total // 15)}</totalpage>"
        f"<recordset>{recs}</recordset></datastore>"
    )


def test_registered_and_detects_column_and_proxy_but_not_plain_pages() -> None:
    assert load_families()["hanweb"] is Hanweb
    assert Hanweb.detect(_column_response())
    proxy = TextResponse(
        "http://www.hongze.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
        body=b"<datastore></datastore>",
    )
    assert Hanweb.detect(proxy)
    plain = "<html><body><ul><li><a href='/a.html'>x</a></li></ul></body></html>"
    assert not Hanweb.detect(_column_response(plain, "http://x.gov.cn/zwgk/index.html"))


def test_inline_records_become_entries_with_full_titles_and_dates() -> None:
    page = Hanweb().parse_list(_column_response())
    assert [(e.url, e.title, e.published_date) for e in page.entries] == [
        (
            "http://www.hongze.gov.cn/art/2024/1/20/art_16041_3312345.html",
            "淮安市洪泽区人民政府2023年政府信息公开工作年度报告",
            "2024-01-20",
        ),
        (
            "http://www.hongze.gov.cn/art/2023/1/18/art_16041_3012001.html",
            "淮安市洪泽区人民政府2022年政府信息公开工作年度报告",
            "2023-01-18",
        ),
    ]
    assert not any(e.is_column for e in page.entries)


def test_column_page_asks_the_proxy_for_the_first_group_with_the_page_identifiers() -> None:
    (request,) = Hanweb().first_requests(_column_response())
    assert request.method == "POST"
    split = urlsplit(request.url)
    assert split.path == "/module/web/jpage/dataproxy.jsp"
    assert parse_qs(split.query) == {"startrecord": ["1"], "endrecord": ["45"], "perpage": ["15"]}
    form = parse_qs(request.body.decode())
    assert form["columnid"] == ["16041"]
    assert form["unitid"] == ["60512"]
    assert form["webid"] == ["27"]
    assert form["webname"] == ["淮安市洪泽区人民政府"]
    assert form["col"] == ["1"] and form["appid"] == ["1"] and form["permissiontype"] == ["0"]
    assert "page" not in form
    # parse_list on the page schedules the same request (the duplicate filter keeps one).
    (again,) = Hanweb().parse_list(_column_response()).next_requests
    assert (again.url, again.body) == (request.url, request.body)


def test_ajax_param_form_of_newer_templates() -> None:
    html = """<html><body><div id="4455"></div><script>
    $('#4455').jpage({ proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 20, groupSize: 2,
      totalRecord: 41, ajaxParam: { col: 1, appid: 1, webid: 3, path: '/', columnid: 1229,
      sourceContentType: 1, unitid: '4455', webname: '越城区', permissiontype: 0 } });
    </script></body></html>"""
    form = proxy_form(html, "http://www.yuecheng.gov.cn/col/col1229/index.html")
    assert form is not None
    assert (form["columnid"], form["unitid"], form["webid"], form["webname"]) == (
        "1229",
        "4455",
        "3",
        "越城区",
    )
    (request,) = Hanweb().first_requests(
        _column_response(html, "http://www.yuecheng.gov.cn/col/col1229/index.html")
    )
    assert parse_qs(urlsplit(request.url).query)["endrecord"] == ["40"]


def test_no_proxy_request_when_the_page_holds_every_record_or_names_no_unit() -> None:
    complete = COLUMN_PAGE.replace("totalRecord: 52", "totalRecord: 2")
    assert list(Hanweb().first_requests(_column_response(complete))) == []
    no_unit = COLUMN_PAGE.replace("&unitid=60512", "")
    assert list(Hanweb().first_requests(_column_response(no_unit))) == []
    # the inline records are still read
    assert len(Hanweb().parse_list(_column_response(no_unit)).entries) == 2


def test_proxy_groups_page_until_totalrecord() -> None:
    (first,) = Hanweb().first_requests(_column_response())
    items = [
        (f"/art/2024/1/{d}/art_16041_{3300000 + d}.html", f"第{d}号文件", f"2024-01-{d:02d}")
        for d in range(1, 46)
    ]
    group1 = Hanweb().parse_list(_proxy_answer(first, _group_xml(52, items)))
    assert len(group1.entries) == 45
    assert group1.entries[0].url == "http://www.hongze.gov.cn/art/2024/1/1/art_16041_3300001.html"
    assert group1.entries[0].published_date == "2024-01-01"
    (second,) = group1.next_requests
    assert second.method == "POST"
    assert parse_qs(urlsplit(second.url).query) == {
        "startrecord": ["46"],
        "endrecord": ["90"],
        "perpage": ["15"],
    }
    assert parse_qs(second.body.decode()) == parse_qs(first.body.decode())
    assert second.headers.get("Referer") == COLUMN_URL.encode()

    last = Hanweb().parse_list(_proxy_answer(second, _group_xml(52, items[:7])))
    assert len(last.entries) == 7
    assert last.next_requests == []


def test_proxy_without_totalrecord_stops_at_a_short_group() -> None:
    (first,) = Hanweb().first_requests(_column_response())
    items = [(f"/art/2020/1/1/art_16041_{i}.html", f"文件{i}", "2020-01-01") for i in range(45)]
    xml = _group_xml(0, items).replace("<totalrecord>0</totalrecord>", "")
    assert total_record(xml) is None
    assert len(Hanweb().parse_list(_proxy_answer(first, xml)).next_requests) == 1
    short = _group_xml(0, items[:3]).replace("<totalrecord>0</totalrecord>", "")
    assert Hanweb().parse_list(_proxy_answer(first, short)).next_requests == []


def test_records_and_total_from_text() -> None:
    xml = _group_xml(3, [("/art/a.html", "甲", "2021-02-03")])
    assert total_record(xml) == 3
    assert len(records(xml)) == 1
    assert records(COLUMN_PAGE)[0].strip().startswith("<li>")


def test_proxy_group_on_a_post_request_built_by_scrapy() -> None:
    # The form survives a round trip through Scrapy's own FormRequest encoding.
    request = FormRequest(
        "http://www.hongze.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=15&perpage=15",
        formdata={"columnid": "16041", "unitid": "60512", "webname": ""},
    )
    items = [(f"/art/2019/1/1/art_16041_{i}.html", f"文件{i}", "2019-01-01") for i in range(15)]
    page = Hanweb().parse_list(_proxy_answer(request, _group_xml(16, items)))
    (nxt,) = page.next_requests
    assert parse_qs(nxt.body.decode(), keep_blank_values=True) == {
        "columnid": ["16041"],
        "unitid": ["60512"],
        "webname": [""],
    }


def test_older_templates_keep_the_proxy_under_module_jpage() -> None:
    # Older jcms versions serve the proxy at /module/jpage/dataproxy.jsp; the <nextgroup>
    # link says where, and the answers are recognised there too.
    html = COLUMN_PAGE.replace("/module/web/jpage/dataproxy.jsp", "/module/jpage/dataproxy.jsp")
    html = html.replace("proxyUrl: '/module/jpage/dataproxy.jsp',", "")
    (request,) = Hanweb().first_requests(_column_response(html))
    assert urlsplit(request.url).path == "/module/jpage/dataproxy.jsp"
    items = [(f"/art/2018/1/1/art_16041_{i}.html", f"文件{i}", "2018-01-01") for i in range(45)]
    group = Hanweb().parse_list(_proxy_answer(request, _group_xml(50, items)))
    assert len(group.entries) == 45
    (nxt,) = group.next_requests
    assert urlsplit(nxt.url).path == "/module/jpage/dataproxy.jsp"


def test_records_linking_other_columns_are_walked_as_columns() -> None:
    # A 年报 column whose records are its year columns.
    html = COLUMN_PAGE.replace(
        "/art/2023/1/18/art_16041_3012001.html", "/col/col16045/index.html"
    ).replace('title="淮安市洪泽区人民政府2022年政府信息公开工作年度报告"', 'title="2022年度"')
    entries = Hanweb().parse_list(_column_response(html)).entries
    assert [(e.url, e.is_column) for e in entries] == [
        ("http://www.hongze.gov.cn/art/2024/1/20/art_16041_3312345.html", False),
        ("http://www.hongze.gov.cn/col/col16045/index.html", True),
    ]
