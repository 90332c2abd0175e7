"""A portal on the Zhejiang/Shandong disclosure platform: reports behind xxgkAnnualReport.jsp.

`build(web, docs)` fills the "main" host of a FixtureWeb:

    /col/col1229/index.html       the 年报 column: units linked to the module without a year,
                                  one report linked with its year, the 指南 (not a report)
    /module/xxgk/xxgkAnnualReport.jsp?area=<unit>            a unit's page: its years as a
                                  <select name="fbtime"> (and a script building the URL), the
                                  other units as a <select name="area">
    /module/xxgk/xxgkAnnualReport.jsp?area=<unit>&fbtime=<year>   the report, inline: real
                                  (partial) pages of 东湖街道 2023, 两城镇 2020, 中埠镇 2020
    a unit on a private address and a report on an offsite mirror: never requested.
"""

from __future__ import annotations

import html as html_lib
from dataclasses import dataclass

from crawler.testsite.content import DetailMeta, RealDocuments, detail_page, list_page, text_as_html
from crawler.testsite.partial import partial_report_text
from crawler.testsite.site import Page, html_page
from crawler.testsite.traps import PRIVATE_HOST, offsite_mirror
from crawler.testsite.web import Expected, FixtureWeb

COLUMN = "/col/col1229/index.html"
GUIDE = "/col/col1228/index.html"
MODULE = "/module/xxgk/xxgkAnnualReport.jsp"


@dataclass(frozen=True)
class Unit:
    area: str  # the unit code the module is keyed by
    name: str  # as the unit selector prints it
    heading: str  # the unit page's heading
    year: str
    document: str  # partial/<document>.partial.txt
    title: str
    published_date: str


UNITS = (
    Unit(
        "11330602002589022F",
        "东湖街道",
        "绍兴市越城区东湖街道政府信息公开年报",
        "2023",
        "zhejiang_shaoxing_yuecheng_donghujd_2023",
        "绍兴市越城区东湖街道2023年政府信息公开年度报告",
        "2024-01-26",
    ),
    Unit(
        "113708270043210567",
        "两城镇",
        "微山县两城镇人民政府政府信息公开年报",
        "2020",
        "shandong_weishan_liangchengzhen_2020",
        "两城镇人民政府2020年政府信息公开工作年度报告",
        "2021-01-28",
    ),
    Unit(
        "113703000045670123",
        "中埠镇",
        "中埠镇人民政府政府信息公开年报",
        "2020",
        "shandong_zibo_zhongbuzhen_2020",
        "中埠镇人民政府2020年政府信息公开工作年度报告",
        "2021-01-30",
    ),
)


def report_path(unit: Unit) -> str:
    return f"{MODULE}?area={unit.area}&fbtime={unit.year}"


def _unit_page(unit: Unit) -> str:
    e = html_lib.escape
    years = f'<option value="{unit.year}" selected>{unit.year}年度</option>'
    units = "".join(
        f'<option value="{u.area}"{" selected" if u is unit else ""}>{e(u.name)}</option>'
        for u in UNITS
    )
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{e(unit.heading)}</title>
<link rel="stylesheet" href="/module/xxgk/css/xxgk.css"></head><body>
<div class="top"><a href="/">首页</a> | <a href="/col/col1227/index.html">政府信息公开</a> |
<a href="{COLUMN}">政府信息公开年报</a> | <a href="/col/col1230/index.html">依申请公开</a></div>
<h1>{e(unit.heading)}</h1>
<form id="nbform">
<input type="hidden" name="area" value="{unit.area}">
单位：<select name="area" id="area" onchange="changeUnit(this.value)">{units}</select>
年度：<select name="fbtime" id="fbtime" onchange="changeYear(this.value)">
<option value="">请选择</option>{years}</select>
</form>
<div class="tip">请选择年度查看年度报告。</div>
<script>
function changeYear(y) {{ location.href = 'xxgkAnnualReport.jsp?area={unit.area}&fbtime=' + y; }}
function changeUnit(a) {{ location.href = 'xxgkAnnualReport.jsp?area=' + a; }}
</script>
<div class="footer">主办单位：绍兴市越城区人民政府办公室　网站标识码：3306020001
浙ICP备05001234号　浙公网安备 33060202000123号　技术支持：政府信息公开平台</div>
</body></html>"""


def _module_handler(pages: dict[tuple[str, str], str]):
    def answer(query: dict[str, str]) -> Page:
        key = (query.get("area", ""), query.get("fbtime", ""))
        if key in pages:
            return html_page(pages[key])
        # The module answers an unknown unit or year with an empty page, not a 404.
        return html_page("<html><body><div class='tip'>暂无数据</div></body></html>")

    return answer


def build(web: FixtureWeb, docs: RealDocuments) -> Expected:
    main = web["main"]
    site = main.site
    expected = Expected(start_url=main.url(COLUMN), allowed_domains=[main.netloc])
    site.robots("User-agent: *\nDisallow: /module/xxgk/search.jsp\n")

    pages: dict[tuple[str, str], str] = {}
    for unit in UNITS:
        pages[(unit.area, "")] = _unit_page(unit)
        meta = DetailMeta(unit.title, unit.name, unit.published_date)
        body = text_as_html(partial_report_text(docs, unit.document))
        pages[(unit.area, unit.year)] = detail_page(meta, body, body_class='class="nb_content"')
        expected.report_pages.add(main.url(report_path(unit)))
    site.on_get(MODULE, _module_handler(pages))

    donghu, liangcheng, zhongbu = UNITS
    items = [
        (f"{MODULE}?area={donghu.area}", donghu.name, ""),
        (f"{MODULE}?area={liangcheng.area}", liangcheng.name, ""),
        # A portal also links a unit's report directly (re-found through its unit).
        (report_path(zhongbu), zhongbu.title, zhongbu.published_date),
        # A unit whose module sits on an intranet address: never to be requested.
        (f"{PRIVATE_HOST}{MODULE}?area=113306020025890999", "府山街道", ""),
    ]
    mirror_report = f"{MODULE}?area=11330600002586029X&fbtime=2023"
    mirror_url = offsite_mirror(web, expected, mirror_report, "2024-01-20")
    if mirror_url is not None:
        items.append((mirror_url, "绍兴市人民政府2023年政府信息公开工作年度报告", "2024-01-20"))
    site.html(COLUMN, list_page("政府信息公开年报", items, nav_links=[(GUIDE, "政府信息公开指南")]))
    expected.never_requested.add(f"{PRIVATE_HOST}{MODULE}?area=113306020025890999")
    site.html(GUIDE, list_page("政府信息公开指南", []))
    expected.never_requested.add(main.url(GUIDE))
    return expected
