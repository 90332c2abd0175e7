"""A Hanweb (大汉) jcms district portal: the 年报 column paged through dataproxy.jsp.

`build(web, docs)` fills the "main" host (and "mirror" when present) of a FixtureWeb:

    /col/col16041/index.html      the column: 3 records inline, jpage options (15 a page,
                                  3 pages a group, 50 records), the proxy's identifiers
    POST /module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15
         (then 46–90)             XML groups; answers nothing unless the form names the
                                  column (columnid 16041, unitid 60512)
    /art/YYYY/M/D/art_16041_<id>.html   detail pages (#zoom) with the real Hongze PDF, the
                                  Linxia text and DOCX, the Shanghai HTML
    /module/download/downfile.jsp?classid=0&filename=…   302 to /attach/0/…
    non-report records (通知, 解读, 动态), a report on an offsite mirror, one on a private
    address: none of them may be requested.
"""

from __future__ import annotations

import html as html_lib
from dataclasses import replace

from crawler.testsite.content import (
    HONGZE,
    LINXIA,
    SHANGHAI,
    RealDocuments,
    detail_page,
    text_as_html,
)
from crawler.testsite.site import Page, redirect_page
from crawler.testsite.traps import PRIVATE_HOST, offsite_mirror
from crawler.testsite.web import Expected, FixtureWeb

COLUMN_ID = "16041"
UNIT_ID = "60512"
WEB_ID = "27"
COLUMN = f"/col/col{COLUMN_ID}/index.html"
PROXY = "/module/web/jpage/dataproxy.jsp"
DOWNFILE = "/module/download/downfile.jsp"
PER_PAGE = 15
GROUP_PAGES = 3
INLINE_RECORDS = 3
TOTAL_RECORDS = 50
PRIVATE_REPORT_URL = f"{PRIVATE_HOST}/art/2021/1/15/art_16041_2100001.html"

Record = tuple[str, str, str]  # (href, title, ISO date)


def _record_xml(records: list[Record]) -> str:
    e = html_lib.escape
    return "".join(
        "<record><![CDATA[\n"
        f'<li><a href="{e(href)}" title="{e(title)}" target="_blank">{e(title)}</a>'
        f"<span>{e(date)}</span></li>\n]]></record>\n"
        for href, title, date in records
    )


def _column_page(records: list[Record]) -> str:
    nextgroup = (
        f"{PROXY}?page=1&amp;webid={WEB_ID}&amp;path=/&amp;columnid={COLUMN_ID}"
        f"&amp;unitid={UNIT_ID}&amp;webname=%E6%B4%AA%E6%B3%BD%E5%8C%BA&amp;permissiontype=0"
    )
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteIDCode" content="3208290001"><meta name="ColumnName" content="政府信息公开年报">
<title>政府信息公开年报 淮安市洪泽区人民政府</title></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/col/col16000/index.html">政府信息公开</a></div>
<div class="default_pgContainer" id="{UNIT_ID}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="{nextgroup}"></a>]]></nextgroup>
<recordset>
{_record_xml(records[:INLINE_RECORDS])}</recordset></datastore></script></div>
<script language="javascript" src="/module/web/jpage/jpage.js"></script>
<script>$(document).ready(function(){{ $('#{UNIT_ID}').jpage({{ proxyUrl: '{PROXY}',
  perPage: {PER_PAGE}, groupSize: {GROUP_PAGES}, totalRecord: {TOTAL_RECORDS}, dataStore: null,
  barPosition: 'bottom', pageBarMode: 1 }}); }});</script>
</body></html>"""


def _proxy_handler(records: list[Record]):
    def answer(form: dict[str, str], query: dict[str, str]) -> Page:
        if form.get("columnid") != COLUMN_ID or form.get("unitid") != UNIT_ID:
            # jcms answers a request for an unknown column with an empty store.
            chosen: list[Record] = []
            total = 0
        else:
            start = int(query.get("startrecord", "1"))
            end = int(query.get("endrecord", str(start + PER_PAGE * GROUP_PAGES - 1)))
            chosen = records[start - 1 : end]
            total = len(records)
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n'
            f"<nextgroup><![CDATA[]]></nextgroup>\n<recordset>\n{_record_xml(chosen)}"
            f"</recordset>\n<totalrecord>{total}</totalrecord>"
            f"<totalpage>{-(-total // PER_PAGE)}</totalpage>\n</datastore>"
        )
        return Page(
            body=body.encode("utf-8"), content_type="text/xml;charset=UTF-8", validators=False
        )

    return answer


def _downfile(query: dict[str, str]) -> Page:
    filename = query.get("filename", "")
    if not filename:
        return Page(body="<html><body>文件不存在</body></html>".encode(), status=404)
    return redirect_page(f"/attach/0/{filename}")


def build(web: FixtureWeb, docs: RealDocuments) -> Expected:
    main = web["main"]
    site = main.site
    expected = Expected(start_url=main.url(COLUMN), allowed_domains=[main.netloc])
    site.robots("User-agent: *\nDisallow: /module/sso/\n")

    hongze = "/art/2024/1/20/art_16041_3312345.html"
    hongze_file = "2401201530123456.pdf"
    hongze_link = f"{DOWNFILE}?classid=0&filename={hongze_file}"
    site.html(
        hongze,
        detail_page(
            HONGZE,
            "<p>详见附件。</p>",
            [(hongze_link, "附件：洪泽区2023年政府信息公开工作年度报告.pdf")],
            body_class='id="zoom"',
        ),
    )
    site.file(f"/attach/0/{hongze_file}", docs.hongze_pdf, "application/pdf")

    shanghai = "/art/2020/1/31/art_16041_2012345.html"
    site.html(
        shanghai,
        detail_page(SHANGHAI, docs.shanghai_html, body_class='id="zoom"'),
    )

    linxia = "/art/2024/2/1/art_16041_3320001.html"
    linxia_file = "2402011012345678.docx"
    linxia_link = f"{DOWNFILE}?classid=0&filename={linxia_file}"
    linxia_meta = replace(LINXIA, published_date="2024-02-01")
    site.html(
        linxia,
        detail_page(
            linxia_meta,
            text_as_html(docs.linxia_text),
            [(linxia_link, f"{LINXIA.title}.docx")],
            body_class='id="zoom"',
        ),
    )
    # jcms sends attachments as octet-stream: the format comes from the bytes.
    site.file(f"/attach/0/{linxia_file}", docs.linxia_docx)
    site.on_get(DOWNFILE, _downfile)

    # The column, newest first: three inline, the rest only through the proxy; the Linxia
    # report sits in the second proxy group (records 46–90).
    interpretation = "/art/2024/1/22/art_16041_3312400.html"
    notice = "/art/2024/1/5/art_16041_3311000.html"
    placed: dict[int, Record] = {
        0: (hongze, HONGZE.title, HONGZE.published_date),
        1: (interpretation, "洪泽区2023年政府信息公开工作年度报告解读", "2024-01-22"),
        2: (notice, "关于做好2023年政府信息公开工作年度报告编制工作的通知", "2024-01-05"),
        # jcms often prints records with absolute URLs
        16: (main.url(shanghai), SHANGHAI.title, SHANGHAI.published_date),
        31: (PRIVATE_REPORT_URL, "洪泽区2020年政府信息公开工作年度报告", "2021-01-15"),
        45: (linxia, linxia_meta.title, linxia_meta.published_date),
    }
    mirror_url = offsite_mirror(web, expected, "/art/2023/1/10/art_1_1.html", "2023-01-10")
    if mirror_url is not None:
        placed[30] = (mirror_url, "洪泽区2022年政府信息公开工作年度报告（转载）", "2023-01-10")
    fillers = [
        (
            f"/art/2023/{12 - n % 12}/1/art_16041_{3300000 + n}.html",
            f"洪泽区政务公开工作动态（第{n}期）",
            f"2023-{12 - n % 12:02d}-01",
        )
        for n in range(1, TOTAL_RECORDS + 1)
    ]
    fillers_hrefs = {href for href, _t, _d in fillers}
    unplaced = iter(fillers)
    records = [placed.get(i) or next(unplaced) for i in range(TOTAL_RECORDS)]

    site.html(COLUMN, _column_page(records))
    site.on_post(PROXY, _proxy_handler(records))

    expected.report_pages = {main.url(hongze), main.url(shanghai), main.url(linxia)}
    expected.attachments = {main.url(hongze_link), main.url(linxia_link)}
    expected.never_requested |= {main.url(interpretation), main.url(notice), PRIVATE_REPORT_URL}
    expected.never_requested |= {
        main.url(href) for href, _t, _d in records if href in fillers_hrefs
    }
    return expected
