"""A Hanweb JPaaS portal: an empty column shell whose list comes from the build/unit JSON.

`build(web, docs)` fills the "main" host (and "mirror" when present) of a FixtureWeb:

    /lxz/zwgk/zfxxgknb/index.html     the shell: a unitbuild.js script with queryData
    /api-gateway/jpaas-publish-server/front/page/build/unit?…&paramJson={"pageNo":N,…}
                                      {"success":true,"data":{"html":…}} with 5 items a page
                                      and a pagination div (rows, count) over 2 pages; any
                                      other pageId answers success:false
    /art/YYYY/M/D/art_1501_<id>.html  the real Linxia report (text, PDF and DOCX attachments)
                                      and the real Shanghai HTML report
    an interpretation, news items, a report on an offsite mirror, one on a private address:
    none of them may be requested.
"""

from __future__ import annotations

import html as html_lib
import json

from crawler.testsite.content import LINXIA, SHANGHAI, RealDocuments, detail_page, text_as_html
from crawler.testsite.site import Page, json_page
from crawler.testsite.traps import PRIVATE_HOST, offsite_mirror
from crawler.testsite.web import Expected, FixtureWeb

COLUMN = "/lxz/zwgk/zfxxgknb/index.html"
UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"
WEB_ID = "a5b4c3d2e1f04a5b"
PAGE_ID = "f0e1d2c3b4a54f0e"
ROWS = 5  # the unit's own page size: it ignores the pageSize asked for
PRIVATE_REPORT_URL = f"{PRIVATE_HOST}/art/2021/1/20/art_1501_800001.html"

Item = tuple[str, str, str]  # (href, title, ISO date)


def _shell() -> str:
    query = (
        f"{{'webId':'{WEB_ID}','pageId':'{PAGE_ID}','parseType':'bulidstatic','pageType':'column',"
        "'tagId':'当前栏目list','tplSetId':'9a8b7c6d5e4f3a2b','editType':'null'}"
    )
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteIDCode" content="6229000001"><meta name="ColumnName" content="政府信息公开年报">
<title>政府信息公开年报_临夏回族自治州人民政府</title></head><body>
<div class="position"><a href="/">首页</a> &gt; <a href="/lxz/zwgk/index.html">政务公开</a></div>
<div class="list-right"><div class="list-title">政府信息公开年报</div>
<script type="text/javascript" src="/module/jpaas/AuthorizedRead/unitbuild.js" id="unitbuild"
  url="{UNIT}" queryData="{html_lib.escape(query, quote=True).replace("&#x27;", "'")}"></script>
</div></body></html>"""


def _fragment(items: list[Item], page_no: int, count: int) -> str:
    e = html_lib.escape
    lis = "".join(
        f'<li class="clearfix"><a href="{e(href)}" title="{e(title)}" target="_blank">{e(title)}</a>'
        f'<span class="bt-right">{e(date)}</span></li>'
        for href, title, date in items
    )
    pages = -(-count // ROWS)
    links = "".join(f'<a href="javascript:;" data-page="{n}">{n}</a>' for n in range(1, pages + 1))
    return (
        f'<ul class="lmy-list-ul">{lis}</ul>'
        f'<div class="pagination" rows="{ROWS}" count="{count}" current="{page_no}">{links}</div>'
    )


def _unit_handler(items: list[Item]):
    def answer(query: dict[str, str]) -> Page:
        if query.get("pageId") != PAGE_ID or query.get("webId") != WEB_ID:
            body: dict = {"success": False, "code": "500", "message": "页面不存在", "data": None}
        else:
            try:
                page_no = int(json.loads(query.get("paramJson") or "{}").get("pageNo", 1))
            except (ValueError, AttributeError):
                page_no = 1
            chosen = items[(page_no - 1) * ROWS : page_no * ROWS]
            html = _fragment(chosen, page_no, len(items))
            body = {"success": True, "code": "200", "message": "成功", "data": {"html": html}}
        return json_page(body)

    return answer


def build(web: FixtureWeb, docs: RealDocuments) -> Expected:
    main = web["main"]
    site = main.site
    expected = Expected(start_url=main.url(COLUMN), allowed_domains=[main.netloc])
    site.robots("User-agent: *\nDisallow: /module/jpaas/admin/\n")
    site.html(COLUMN, _shell())

    linxia = "/art/2024/1/15/art_1501_900123.html"
    linxia_pdf = "/attach/0/2401151130001.pdf"
    linxia_docx = "/attach/0/2401151130002.docx"
    site.html(
        linxia,
        detail_page(
            LINXIA,
            text_as_html(docs.linxia_text),
            [(linxia_pdf, f"{LINXIA.title}.pdf"), (linxia_docx, f"{LINXIA.title}.docx")],
            body_class='class="wzzw-article" id="zoom"',
        ),
    )
    site.file(linxia_pdf, docs.linxia_pdf, "application/pdf")
    site.file(linxia_docx, docs.linxia_docx)

    shanghai = "/art/2020/1/31/art_1501_700456.html"
    site.html(
        shanghai,
        detail_page(SHANGHAI, docs.shanghai_html, body_class='class="wzzw-article"'),
    )

    interpretation = "/art/2024/1/16/art_1501_900124.html"
    news = [
        (
            f"/art/2023/{m}/8/art_1501_{880000 + m}.html",
            f"临夏州政务公开工作简报（{m}月）",
            f"2023-{m:02d}-08",
        )
        for m in (12, 11, 10, 9)
    ]
    items: list[Item] = [
        (linxia, LINXIA.title, LINXIA.published_date),
        (interpretation, "图解：临夏州公安局2023年度政府信息公开工作年度报告", "2024-01-16"),
        *news,
        (shanghai, SHANGHAI.title, SHANGHAI.published_date),
        (PRIVATE_REPORT_URL, "临夏州2020年政府信息公开工作年度报告", "2021-01-20"),
    ]
    mirror_url = offsite_mirror(web, expected, "/art/2023/1/12/art_1_2.html", "2023-01-12")
    if mirror_url is not None:
        items.append((mirror_url, "临夏州2022年政府信息公开工作年度报告（转载）", "2023-01-12"))
    site.on_get(UNIT, _unit_handler(items))

    expected.report_pages = {main.url(linxia), main.url(shanghai)}
    expected.attachments = {main.url(linxia_pdf), main.url(linxia_docx)}
    expected.never_requested |= {main.url(interpretation), PRIVATE_REPORT_URL}
    expected.never_requested |= {main.url(href) for href, _t, _d in news}
    return expected
