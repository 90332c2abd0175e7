"""A TRS WCM portal column: index.html, index_1.html … with a script-written pager.

`build(web, docs, pages=3, encoding="utf-8", suffix="html")`; with encoding="gbk" the list
pages declare no charset at all (neither header nor <meta>) and the detail pages declare
only `<meta charset=gb2312>`, as old TRS sites do, so the decoder must fall back to gb18030.
A downfile.jsp link redirects (302) to the attachment, as in Hanweb and many TRS sites.
"""

from __future__ import annotations

from crawler.testsite.content import (
    HONGZE,
    LINXIA,
    SHANGHAI,
    DetailMeta,
    RealDocuments,
    detail_page,
    list_page,
    text_as_html,
)
from crawler.testsite.site import html_page
from crawler.testsite.web import Expected, FixtureWeb

COLUMN = "/zwgk/zfxxgknb"
DOWNFILE = "/module/download/downfile.jsp?classid=0&filename=P020240120600.doc"


def _pager_script(pages: int, current: int, suffix: str) -> str:
    return (
        f"<script>var currentPage = {current}; var countPage = {pages};\n"
        f'createPageHTML({pages}, {current}, "index", "{suffix}");</script>'
    )


def build(
    web: FixtureWeb,
    docs: RealDocuments,
    *,
    pages: int = 3,
    encoding: str = "utf-8",
    suffix: str = "html",
) -> Expected:
    if pages < 3:
        raise ValueError("the TRS fixture spreads its reports over at least 3 list pages")
    main = web["main"]
    site = main.site
    gbk = encoding.lower() in ("gbk", "gb2312", "gb18030")
    detail_charset = "gb2312" if gbk else encoding
    site.robots("User-agent: *\nDisallow: /search/\n")

    def add_detail(
        path: str, meta: DetailMeta, body: str, attachments: list[tuple[str, str]]
    ) -> None:
        page = detail_page(meta, body, attachments, encoding=detail_charset)
        site.add(path, html_page(page, encoding=encoding, declare_charset_in_header=not gbk))

    linxia = f"{COLUMN}/202401/t20240115_6001.{suffix}"
    add_detail(
        linxia,
        LINXIA,
        text_as_html(docs.linxia_text),
        [
            ("./P020240115500.pdf", "临夏州公安局2023年度政府信息公开工作年度报告（PDF版）"),
            # the Word version behind a download endpoint that redirects (302) to the file
            (DOWNFILE, "临夏州公安局2023年度政府信息公开工作年度报告（Word版）"),
        ],
    )
    site.file(f"{COLUMN}/202401/P020240115500.pdf", docs.linxia_pdf, "application/pdf")

    shanghai = f"{COLUMN}/202001/t20200131_6002.{suffix}"
    add_detail(shanghai, SHANGHAI, docs.shanghai_html, [])

    hongze = f"{COLUMN}/202401/t20240120_6003.{suffix}"
    add_detail(
        hongze,
        HONGZE,
        "<p>详见附件。</p>",
        [("./P020240120601.pdf", "洪泽区2023年政府信息公开工作年度报告.pdf")],
    )
    site.file(f"{COLUMN}/202401/P020240120601.pdf", docs.hongze_pdf, "application/pdf")
    site.redirect("/module/download/downfile.jsp", "/attach/0/P020240120600.doc")
    site.file("/attach/0/P020240120600.doc", docs.linxia_doc)

    interpretation = f"{COLUMN}/202401/t20240121_6004.{suffix}"
    add_detail(interpretation, DetailMeta("图解", "x", "2024-01-21"), "<p>x</p>", [])

    items: list[list[tuple[str, str, str]]] = [[] for _ in range(pages)]
    items[0] = [
        (f"./202401/t20240115_6001.{suffix}", LINXIA.title, LINXIA.published_date),
        (
            f"./202401/t20240121_6004.{suffix}",
            "图解：2023年度政府信息公开工作年度报告",
            "2024-01-21",
        ),
    ]
    items[1] = [(f"./202401/t20240120_6003.{suffix}", HONGZE.title, HONGZE.published_date)]
    items[pages - 1] = [
        (f"./202001/t20200131_6002.{suffix}", SHANGHAI.title, SHANGHAI.published_date)
    ]
    for number in range(pages):
        name = f"index.{suffix}" if number == 0 else f"index_{number}.{suffix}"
        html = list_page(
            "政府信息公开年报",
            items[number],
            encoding=None if gbk else encoding,
            extra_head='<script src="/js/page.js"></script>',
            pager_html=_pager_script(pages, number, suffix),
        )
        site.add(
            f"{COLUMN}/{name}",
            html_page(html, encoding=encoding, declare_charset_in_header=not gbk),
        )

    expected = Expected(
        start_url=main.url(f"{COLUMN}/index.{suffix}"), allowed_domains=[main.netloc]
    )
    expected.report_pages = {main.url(p) for p in (linxia, shanghai, hongze)}
    expected.attachments = {
        main.url(f"{COLUMN}/202401/P020240115500.pdf"),
        main.url(f"{COLUMN}/202401/P020240120601.pdf"),
        main.url(DOWNFILE),
    }
    expected.never_requested = {main.url(interpretation)}
    return expected
