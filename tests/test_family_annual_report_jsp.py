"""The Zhejiang/Shandong xxgkAnnualReport.jsp module: units and years into report URLs."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request

from crawler.families import load_families
from crawler.families.annual_report_jsp import AnnualReportJSP, module_query, report_title

HOST = "http://www.yuecheng.gov.cn"
MODULE = f"{HOST}/module/xxgk/xxgkAnnualReport.jsp"

# A district's 年报 column: one link per unit to the module (no year), plus the district's own
# reports linked per year.
COLUMN = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="ColumnName" content="政府信息公开年报"><title>政府信息公开年报</title></head><body>
<ul class="units">
<li><a href="/module/xxgk/xxgkAnnualReport.jsp?area=11330602002589022F" target="_blank">东湖街道</a></li>
<li><a href="/module/xxgk/xxgkAnnualReport.jsp?area=113306020025890566" target="_blank">府山街道</a></li>
<li><a href="http://www.sx.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=11330600002586029X&amp;fbtime=2023">绍兴市人民政府2023年政府信息公开工作年度报告</a></li>
</ul>
<ul class="years">
<li><a href="/module/xxgk/xxgkAnnualReport.jsp?area=11330602002589006X&amp;fbtime=2023">越城区人民政府2023年政府信息公开工作年度报告</a><span>2024-01-19</span></li>
</ul>
<a href="/col/col1229/index.html">更多</a>
</body></html>"""

# The module page of one unit: the latest report inline and the years as a selector.
MODULE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>绍兴市越城区东湖街道政府信息公开年报</title></head><body>
<h1>绍兴市越城区东湖街道政府信息公开年报</h1>
<form><input type="hidden" name="area" value="11330602002589022F">
<select name="fbtime" id="fbtime" onchange="changeYear(this.value)">
<option value="2023" selected>2023年度</option><option value="2022">2022年度</option>
<option value="">请选择</option></select></form>
<div class="content"><p>一、总体情况</p></div>
<script>function changeYear(y){ location.href = 'xxgkAnnualReport.jsp?area=11330602002589022F&fbtime=' + y; }</script>
</body></html>"""


def _page(url: str, html: str) -> HtmlResponse:
    return HtmlResponse(url, body=html.encode(), encoding="utf-8", request=Request(url))


def test_registered_and_detects_module_pages_and_pages_linking_to_it() -> None:
    assert load_families()["annual_report_jsp"] is AnnualReportJSP
    assert AnnualReportJSP.detect(_page(f"{MODULE}?area=1", "<html></html>"))
    assert AnnualReportJSP.detect(_page(f"{HOST}/col/col1229/index.html", COLUMN))
    assert not AnnualReportJSP.detect(
        _page(f"{HOST}/col/col1/index.html", "<a href='/a.html'>x</a>")
    )


def test_column_page_yields_unit_columns_and_year_reports() -> None:
    page = AnnualReportJSP().parse_list(_page(f"{HOST}/col/col1229/index.html", COLUMN))
    got = {(module_query(e.url), e.title, e.is_column) for e in page.entries}
    assert got == {
        (("11330602002589022F", None), "东湖街道", True),
        (("113306020025890566", None), "府山街道", True),
        (("11330602002589006X", "2023"), "越城区人民政府2023年政府信息公开工作年度报告", False),
        (("11330600002586029X", "2023"), "绍兴市人民政府2023年政府信息公开工作年度报告", False),
    }
    # A link to another host's module stays on that host.
    hosts = {e.url.split("/module/")[0] for e in page.entries}
    assert hosts == {HOST, "http://www.sx.gov.cn"}
    assert all("/module/xxgk/xxgkAnnualReport.jsp?area=" in e.url for e in page.entries)
    assert page.next_requests == []


def test_module_page_yields_one_report_per_year_of_its_unit() -> None:
    url = f"{MODULE}?area=11330602002589022F"
    page = AnnualReportJSP().parse_list(_page(url, MODULE_PAGE))
    assert sorted((e.url, e.title) for e in page.entries) == [
        (
            f"{MODULE}?area=11330602002589022F&fbtime=2022",
            "2022年度绍兴市越城区东湖街道政府信息公开年报",
        ),
        (
            f"{MODULE}?area=11330602002589022F&fbtime=2023",
            "2023年度绍兴市越城区东湖街道政府信息公开年报",
        ),
    ]
    assert not any(e.is_column for e in page.entries)


def test_unit_selector_gives_columns() -> None:
    html = """<html><body><select name="area"><option value="">全部</option>
    <option value="371523001">梁城镇</option><option value="371523002">马庄镇</option></select></body></html>"""
    page = AnnualReportJSP().parse_list(_page(f"{HOST}/col/col5/index.html", html))
    assert {(module_query(e.url)[0], e.title, e.is_column) for e in page.entries} == {
        ("371523001", "梁城镇", True),
        ("371523002", "马庄镇", True),
    }


def test_report_title_uses_printed_text() -> None:
    assert (
        report_title("2023年度", "2023", "东湖街道政府信息公开年报")
        == "2023年度东湖街道政府信息公开年报"
    )
    assert report_title("2021", "2021", "东湖街道") == "2021政府信息公开年报"
    assert report_title("", "2020", "") == "2020年度政府信息公开年报"
    assert (
        report_title("中埠镇2020年政府信息公开工作年度报告", "2020", "x")
        == "中埠镇2020年政府信息公开工作年度报告"
    )
