"""A Guangdong gkmlpt disclosure site: Vue shells configured by window._CONFIG, a JSON API.

`build(web, docs)` fills the "main" host (and "mirror" when present) of a FixtureWeb:

    /                             the portal home: 政府信息公开 → /gkmlpt/index,
                                  政府信息公开年报 → /gkmlpt/annualreport
    /gkmlpt/index                 the catalogue shell (SID, TREE without a 年报 node)
    /gkmlpt/annualreport          the annual-report shell: TREE 2024年 (id 3071), 2023年 (2901)
    /gkmlpt/api/all/<id>?page=N&sid=759001   JSON, 2 articles a page; 2901 has 6 articles
                                  over 3 pages, 3071 none yet; a wrong sid is a 400
    /gkmlpt/content/<a>/<b>/post_<id>.html   detail pages with real (partial) Guangdong
                                  reports: 湛江市地方志办 2023, 海珠区官洲街道 2023,
                                  荔湾区公安分局 2023 (its tables stripped)
    an interpretation (解读), a report on an offsite mirror and one on a private address:
    none of them may be requested.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from crawler.testsite.content import DetailMeta, RealDocuments, detail_page, list_page, text_as_html
from crawler.testsite.partial import partial_report_text
from crawler.testsite.site import Page, json_page
from crawler.testsite.traps import PRIVATE_HOST, offsite_mirror
from crawler.testsite.web import Expected, FixtureWeb

SID = "759001"
PAGE_SIZE = 2
CATEGORY_2023 = 2901
CATEGORY_2024 = 3071
PRIVATE_REPORT_URL = f"{PRIVATE_HOST}/gkmlpt/content/5/5301/post_5301999.html"
_CHINA = timezone(timedelta(hours=8))

CATALOGUE_TREE = [
    {"id": 1, "name": "机构职能", "parent": 0, "children": []},
    {
        "id": 2,
        "name": "政策文件",
        "parent": 0,
        "children": [{"id": 21, "name": "规范性文件", "parent": 2, "children": []}],
    },
    {"id": 3, "name": "政府信息公开指南", "parent": 0, "children": []},
]
ANNUAL_TREE = [
    {"id": CATEGORY_2024, "name": "2024年", "parent": 0, "children": []},
    {"id": CATEGORY_2023, "name": "2023年", "parent": 0, "children": []},
]


def _shell(title: str, tree: list[dict]) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/gkmlpt/css/app.css">
<script>
window._CONFIG = {{
    SID: '{SID}',
    SITE_NAME: '湛江市人民政府门户网站',
    SITE_URL: '/',
    TREE: {json.dumps(tree, ensure_ascii=False)},
    ANNUAL_REPORT: true
}};
</script></head><body><div id="app"></div>
<script src="/gkmlpt/js/manifest.js"></script><script src="/gkmlpt/js/app.js"></script>
</body></html>"""


def _epoch(iso: str) -> int:
    """A list date as the API gives it: epoch seconds of 09:00 China time that day."""
    day = date.fromisoformat(iso)
    return int(datetime(day.year, day.month, day.day, 9, tzinfo=_CHINA).timestamp())


def _article(post_id: int, url: str, title: str, iso: str, publisher: str) -> dict:
    return {
        "id": post_id,
        "title": title,
        "url": url,
        "display_publish_time": _epoch(iso),
        "create_time": _epoch(iso),
        "publisher": publisher,
        "identifier": f"00000000X/{iso[:4]}-{post_id % 100000:05d}",
        "document_number": "",
    }


def _api_handler(articles: list[dict]):
    def answer(query: dict[str, str]) -> Page:
        if query.get("sid") != SID:
            body = {"code": 400, "message": "sid error"}
            return Page(json.dumps(body).encode(), status=400, content_type="application/json")
        page = max(int(query.get("page", "1") or 1), 1)
        chosen = articles[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        body = {"total": len(articles), "articles": chosen, "page": page}
        return json_page(body)

    return answer


def build(web: FixtureWeb, docs: RealDocuments) -> Expected:
    main = web["main"]
    site = main.site
    expected = Expected(start_url=main.url("/"), allowed_domains=[main.netloc])
    site.robots("User-agent: *\nDisallow: /gkmlpt/search\n")
    # Portals link both shells from their 政务公开 navigation.
    site.html(
        "/",
        list_page(
            "首页",
            [("/zwgk/zwdt/content/post_5299001.html", "湛江市召开政务公开工作会议", "2024-03-01")],
            nav_links=[
                ("/gkmlpt/index", "政府信息公开"),
                ("/gkmlpt/annualreport", "政府信息公开年报"),
            ],
        ),
    )
    site.html("/gkmlpt/index", _shell("政府信息公开", CATALOGUE_TREE))
    site.html("/gkmlpt/annualreport", _shell("政府信息公开年报", ANNUAL_TREE))

    reports = [
        # (post id, partial document, title, publisher, list date)
        (
            5300101,
            "guangdong_zhanjiang_dfzb_2023",
            "湛江市人民政府地方志办公室2023年政府信息公开工作年度报告",
            "湛江市人民政府地方志办公室",
            "2024-01-22",
        ),
        (
            5300102,
            "guangdong_guangzhou_haizhu_guanzhoujd_2023",
            "广州市海珠区官洲街道办事处2023年政府信息公开工作年度报告",
            "广州市海珠区官洲街道办事处",
            "2024-01-19",
        ),
        (
            5300103,
            "guangdong_guangzhou_liwan_gafj_2023",
            "广州市公安局荔湾区分局2023年政府信息公开工作年度报告",
            "广州市公安局荔湾区分局",
            "2024-01-18",
        ),
    ]
    articles: list[dict] = []
    for post_id, document, title, publisher, iso in reports:
        path = f"/gkmlpt/content/5/{post_id // 1000}/post_{post_id}.html"
        meta = DetailMeta(
            title, publisher, iso, index_no=f"00000000X/{iso[:4]}-{post_id % 1000:05d}"
        )
        body = text_as_html(partial_report_text(docs, document))
        site.html(path, detail_page(meta, body, body_class='class="article-content"'))
        # The API gives absolute URLs with the category as a fragment.
        articles.append(
            _article(post_id, f"{main.url(path)}#{CATEGORY_2023}", title, iso, publisher)
        )
        expected.report_pages.add(main.url(path))

    interpretation = "/gkmlpt/content/5/5300/post_5300104.html"
    articles.append(
        _article(
            5300104,
            main.url(interpretation),
            "《湛江市人民政府地方志办公室2023年政府信息公开工作年度报告》解读",
            "2024-01-23",
            "湛江市人民政府地方志办公室",
        )
    )
    expected.never_requested.add(main.url(interpretation))
    articles.append(
        _article(
            5301999, PRIVATE_REPORT_URL, "2022年政府信息公开工作年度报告", "2023-01-20", "内网"
        )
    )
    expected.never_requested.add(PRIVATE_REPORT_URL)
    mirror_url = offsite_mirror(
        web, expected, "/gkmlpt/content/5/5301/post_5301998.html", "2023-01-19"
    )
    if mirror_url is not None:
        title = "2022年政府信息公开工作年度报告（转载）"
        articles.append(_article(5301998, mirror_url, title, "2023-01-19", "镜像"))

    site.on_get(f"/gkmlpt/api/all/{CATEGORY_2023}", _api_handler(articles))
    site.on_get(f"/gkmlpt/api/all/{CATEGORY_2024}", _api_handler([]))
    return expected
