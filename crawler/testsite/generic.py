"""A portal of no particular platform family, with the traps real portals set.

`build(web, docs)` fills the "main" host (and "mirror", "antibot" when present) of a
FixtureWeb:

    /                         portal home → 政府信息公开
    /zfxxgk/index.html        disclosure tree → 年报 column (a JS shell), 指南 (not a report)
    /zfxxgk/zfxxgknb/index.html   ~160-byte location.replace shell → list.html
    /zfxxgk/zfxxgknb/list.html, list_2.html, list_3.html   "下一页/尾页" paging
    /zfxxgk/zfxxgknb/2019/index.html          a year sub-column
    /zfxxgk/zfxxgknb/bm/index.html(?page=2)   部门 sub-column, ?page=N paging, re-lists a report
    detail pages with the real Linxia text, Shanghai HTML, Hongze PDF, Linxia PDF/DOCX/DOC
    a soft 404, a robots.txt-disallowed report, dropped titles (解读, 一图读懂, 通知),
    a link to an offsite mirror, one to a private address, one to an anti-bot host (412 $_ts).

`build_large(web, docs, reports)` is the benchmark site: many list pages, many reports.
"""

from __future__ import annotations

from dataclasses import replace

from crawler.testsite.content import (
    HONGZE,
    LINXIA,
    SHANGHAI,
    SOFT_404,
    DetailMeta,
    RealDocuments,
    detail_page,
    js_shell,
    list_page,
    text_as_html,
)
from crawler.testsite.site import Page
from crawler.testsite.traps import PRIVATE_HOST, decoy_page, offsite_mirror
from crawler.testsite.web import Expected, FixtureWeb

NB = "/zfxxgk/zfxxgknb"
PRIVATE_REPORT_URL = f"{PRIVATE_HOST}/zfxxgk/2019nb.html"
ANTIBOT_BODY = (
    b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-8'>"
    b'<script>$_ts=window["$_ts"];if(!$_ts)$_ts={};$_ts.nsd=12345;</script>'
    b"</head><body></body></html>"
)


def _pager(next_href: str | None, last_href: str | None) -> str:
    parts = ['<a href="list.html">首页</a>']
    if next_href:
        parts.append(f'<a href="{next_href}">下一页</a>')
    if last_href:
        parts.append(f'<a href="{last_href}">尾页</a>')
    return " ".join(parts)


def build(web: FixtureWeb, docs: RealDocuments) -> Expected:
    main = web["main"]
    site = main.site
    antibot = web.servers.get("antibot")
    expected = Expected(start_url=main.url("/"), allowed_domains=[main.netloc])

    site.robots(f"User-agent: *\nDisallow: {NB}/internal/\n")
    site.html(
        "/",
        list_page(
            "首页",
            [("/news/1.html", "市政府召开常务会议", "2024-03-01")],
            nav_links=[("/zfxxgk/index.html", "政府信息公开"), ("/news/", "要闻动态")],
        ),
    )
    site.html(
        "/zfxxgk/index.html",
        list_page(
            "政府信息公开",
            [],
            nav_links=[
                ("/zfxxgk/zn/index.html", "政府信息公开指南"),
                (f"{NB}/index.html", "政府信息公开年报"),
                ("/zfxxgk/fdzdgknr/index.html", "法定主动公开内容"),
            ],
        ),
    )
    site.html(f"{NB}/index.html", js_shell(f"{NB}/list.html"))

    # --- detail pages -------------------------------------------------------------------
    linxia_detail = f"{NB}/202401/t20240115_1001.html"
    linxia_pdf = "/attach/2024/01/linxia_gongan_2023.pdf"
    linxia_docx = f"{NB}/202401/P020240115369.docx"
    site.html(
        linxia_detail,
        detail_page(
            LINXIA,
            text_as_html(docs.linxia_text),
            [
                (linxia_pdf, f"{LINXIA.title}.pdf"),
                ("../../../attach/2024/01/linxia_gongan_2023.pdf", "（PDF版，同一文件）"),
                (linxia_docx, f"{LINXIA.title}.docx"),
            ],
        ),
    )
    site.file(linxia_pdf, docs.linxia_pdf, "application/pdf")
    # Real servers often send documents as octet-stream: the format comes from the bytes.
    site.file(linxia_docx, docs.linxia_docx)

    hongze_detail = f"{NB}/202401/t20240120_1002.html"
    hongze_pdf = f"{NB}/202401/P020240120.pdf"
    site.html(
        hongze_detail,
        detail_page(
            replace(HONGZE, title=f"{HONGZE.title}（PDF版）"),
            "<p>详见附件。</p>",
            [(hongze_pdf, "附件：洪泽区2023年政府信息公开工作年度报告.pdf")],
        ),
    )
    site.file(hongze_pdf, docs.hongze_pdf, "application/pdf")

    shanghai_detail = f"{NB}/202001/t20200131_1003.html"
    site.html(
        shanghai_detail,
        detail_page(SHANGHAI, docs.shanghai_html),
        declare_charset_in_header=False,  # charset only in <meta>, as many portals do
    )

    bm_detail = f"{NB}/bm/202402/t20240201_2001.html"
    bm_doc = f"{NB}/bm/202402/P020240201.doc"
    site.html(
        bm_detail,
        detail_page(
            DetailMeta(
                title="临夏州公安局2023年政府信息公开工作年度报告（Word版）",
                publisher="临夏州公安局",
                published_date="2024-02-01",
                index_no="013902431/2024-00020",
            ),
            "<p>本报告全文见附件。</p>",
            [(bm_doc, "临夏州公安局2023年政府信息公开工作年度报告.doc")],
        ),
    )
    site.file(bm_doc, docs.linxia_doc, "application/msword")
    bm_direct_pdf = f"{NB}/bm/202402/P020240202.pdf"
    site.file(bm_direct_pdf, docs.linxia_pdf, "application/pdf")

    soft_404 = f"{NB}/202301/t20230125_0999.html"
    site.html(soft_404, SOFT_404)
    disallowed = f"{NB}/internal/t20220120_0998.html"
    site.html(disallowed, decoy_page("2021年度政府信息公开工作年度报告", "2022-01-20"))
    interpretation = f"{NB}/202401/t20240116_1004.html"
    one_picture = f"{NB}/202401/t20240117_1005.html"
    notice = f"{NB}/202301/t20230105_0990.html"
    for path in (interpretation, one_picture, notice):
        site.html(path, decoy_page("不应抓取", "2024-01-01"))

    # --- the 年报 column: three pages of "下一页" paging --------------------------------
    page1 = [
        (linxia_detail, LINXIA.title, LINXIA.published_date),
        (interpretation, "关于《2023年度政府信息公开工作年度报告》的解读", "2024-01-16"),
        (one_picture, "一图读懂2023年政府信息公开工作年度报告", "2024-01-17"),
        (hongze_detail, "洪泽区2023年政府信息公开工作年度报告（PDF版）", "2024-01-20"),
        (f"{NB}/bm/index.html", "部门年报", ""),
    ]
    page2 = [
        (f"{NB}/2019/index.html", "2019年度", ""),  # a year sub-column
        (soft_404, "2022年政府信息公开工作年度报告", "2023-01-25"),
        (notice, "关于做好2022年政府信息公开工作年度报告编制工作的通知", "2023-01-05"),
        (disallowed, "2021年度政府信息公开工作年度报告", "2022-01-20"),
    ]
    page3 = [(PRIVATE_REPORT_URL, "2019年度政府信息公开工作年度报告", "2020-01-10")]
    mirror_url = offsite_mirror(web, expected, "/mirror/gknb/2023.html", "2024-01-30")
    if mirror_url is not None:
        page3.append((mirror_url, "2023年政府信息公开工作年度报告（转载）", "2024-01-30"))
    if antibot is not None:
        antibot.site.fallback = Page(body=ANTIBOT_BODY, status=412)
        page3.append(
            (
                antibot.url("/gknb/2020.html"),
                "2020年政府信息公开工作年度报告（图片版）",
                "2021-01-20",
            )
        )
        expected.allowed_domains.append(antibot.netloc)
        expected.blocked_hosts.add(antibot.netloc)

    site.html(
        f"{NB}/list.html",
        list_page("政府信息公开年报", page1, pager_html=_pager("list_2.html", "list_3.html")),
    )
    site.html(
        f"{NB}/list_2.html",
        list_page("政府信息公开年报", page2, pager_html=_pager("list_3.html", "list_3.html")),
    )
    site.html(
        f"{NB}/list_3.html",
        list_page("政府信息公开年报", page3, pager_html=_pager(None, "list_3.html")),
    )

    # --- the 2019 year sub-column ----------------------------------------------------------
    site.html(
        f"{NB}/2019/index.html",
        list_page(
            "2019年度",
            [(shanghai_detail, SHANGHAI.title, SHANGHAI.published_date)],
        ),
    )

    # --- the 部门 sub-column: ?page=N paging, re-lists the Linxia report ------------------
    site.html(
        f"{NB}/bm/index.html",
        list_page(
            "部门政府信息公开年报",
            [(linxia_detail, LINXIA.title, LINXIA.published_date)],
            pager_html='<a href="index.html?page=2">下一页</a>',
        ),
    )
    site.html(
        f"{NB}/bm/index.html?page=2",
        list_page(
            "部门政府信息公开年报",
            [
                (bm_detail, "临夏州公安局2023年政府信息公开工作年度报告（Word版）", "2024-02-01"),
                # A list that links the document itself, no detail page in between.
                (
                    bm_direct_pdf,
                    "临夏州公安局2023年政府信息公开工作年度报告（PDF版）",
                    "2024-02-02",
                ),
            ],
        ),
    )

    expected.report_pages = {
        main.url(p) for p in (linxia_detail, hongze_detail, shanghai_detail, bm_detail)
    }
    expected.attachments = {
        main.url(p) for p in (linxia_pdf, linxia_docx, hongze_pdf, bm_doc, bm_direct_pdf)
    }
    expected.never_requested |= {
        main.url(p) for p in (disallowed, interpretation, one_picture, notice)
    } | {PRIVATE_REPORT_URL}
    return expected


def build_large(web: FixtureWeb, docs: RealDocuments, reports: int, per_page: int = 20) -> Expected:
    """A column of `reports` report pages (the Shanghai body) over "下一页" paged lists.

    No robots.txt rules, no attachments: the benchmark measures the engine's page rate."""
    main = web["main"]
    site = main.site
    expected = Expected(start_url=main.url(f"{NB}/list.html"), allowed_domains=[main.netloc])
    site.robots("User-agent: *\nDisallow:\n")
    pages = max(1, -(-reports // per_page))
    for page in range(pages):
        items = []
        for i in range(page * per_page, min(reports, (page + 1) * per_page)):
            path = f"{NB}/2020/t2020_{i:05d}.html"
            title = f"第{i}单位2019年政府信息公开工作年度报告"
            meta = DetailMeta(title, f"第{i}单位", "2020-01-31", index_no=f"{i:09d}/2020-00001")
            site.html(path, detail_page(meta, docs.shanghai_html))
            items.append((path, title, "2020-01-31"))
            expected.report_pages.add(main.url(path))
        name = "list.html" if page == 0 else f"list_{page + 1}.html"
        next_href = f"list_{page + 2}.html" if page + 1 < pages else None
        site.html(
            f"{NB}/{name}", list_page("政府信息公开年报", items, pager_html=_pager(next_href, None))
        )
    return expected
