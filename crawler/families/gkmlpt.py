"""Guangdong gkmlpt (政府信息公开目录管理平台): catalogue pages fed by a JSON article API.

Every gkmlpt site (a city, a district or one department under a host) has
/gkmlpt/index (the whole catalogue) and /gkmlpt/annualreport (the annual-report column).
Both are Vue shells configured by an inline script:

    window._CONFIG = {SID: '755031', ..., TREE: [{"id": 2629, "name": "2023年",
                      "parent": 0, "children": [...]}, ...], ...};

and the browser lists a category through

    GET /gkmlpt/api/all/<catId>?page=N&sid=<SID>
    → {"total": 152, "articles": [{"title": …, "url": ".../gkmlpt/content/2/2629/post_2629123.html",
                                   "display_publish_time": 1706745600, …}, …]}

On the annualreport page every TREE node is a report category (usually one per year); on the
index page only nodes named like 年报 are. The index page also points to the annualreport
page, which we hand back as a column to walk.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qs, urljoin, urlsplit

from scrapy import Request
from scrapy.http import Response

from crawler.families.base import Family, ListEntry, ListPage
from crawler.families.list_items import clean_text, parse_list_date

API_PATH = "/gkmlpt/api/all/"
ANNUAL_REPORT_PATH = "/gkmlpt/annualreport"
# Bounds a category whose `total` is absurd (each page is one polite request).
MAX_PAGES = 100

_CONFIG = re.compile(r"window\._CONFIG\s*=\s*\{", re.I)
_SID = re.compile(r"""\bSID\s*:\s*['"]?(\w+)""")
_TREE = re.compile(r"\bTREE\s*:\s*")
_API_URL = re.compile(r"/gkmlpt/api/all/(\d+)$")
_REPORT_CATEGORY = re.compile(r"年报|年度报告")
_YEAR_NAME = re.compile(r"^(?:19|20)\d{2}\s*年?度?$")
_CHINA = timezone(timedelta(hours=8))


def site_root(url: str) -> str:
    """The URL under which this gkmlpt site lives (a host may carry one per department)."""
    path = urlsplit(url).path
    prefix = path.split("/gkmlpt/", 1)[0] if "/gkmlpt/" in path else ""
    return urljoin(url, f"{prefix}/")


def site_config(page_html: str) -> tuple[str, list[dict]] | None:
    """(SID, TREE nodes) from a gkmlpt page's window._CONFIG, or None when it has none."""
    config = _CONFIG.search(page_html)
    if config is None:
        return None
    script = page_html[config.end() :]
    sid = _SID.search(script)
    if sid is None:
        return None
    tree: list[dict] = []
    tree_start = _TREE.search(script)
    if tree_start is not None:
        literal = _balanced(script, tree_start.end())
        if literal:
            try:
                parsed = json.loads(literal)
            except json.JSONDecodeError:
                parsed = []
            # Sites write the tree as a list of roots or as an object keyed by id.
            tree = list(parsed.values()) if isinstance(parsed, dict) else parsed
    return sid.group(1), [node for node in tree if isinstance(node, dict)]


def report_categories(tree: list[dict], *, on_annual_report_page: bool) -> list[tuple[int, str]]:
    """(id, name) of the categories to list: the leaves under report nodes, in tree order.

    A node's API listing includes its descendants' articles, so a parent is only listed
    when it has no children. Report nodes are named 年报/年度报告; on the annualreport page
    a year ("2023年", "2023年度") names one too, and when no node is named either way the
    whole tree there is taken as the report column's.
    """
    out: list[tuple[int, str]] = []

    def walk(nodes: Iterable[dict], under_report: bool) -> None:
        for node in nodes:
            name = clean_text(str(node.get("name", "")))
            is_report = (
                under_report
                or bool(_REPORT_CATEGORY.search(name))
                or (on_annual_report_page and bool(_YEAR_NAME.match(name)))
            )
            children = [c for c in node.get("children") or [] if isinstance(c, dict)]
            if children:
                walk(children, is_report)
            elif is_report and str(node.get("id", "")).isdigit():
                out.append((int(node["id"]), name))

    walk(tree, False)
    if not out and on_annual_report_page:
        walk(tree, True)
    return out


def api_request(root: str, category_id: int, page: int, sid: str) -> Request:
    return Request(
        urljoin(root, f"gkmlpt/api/all/{category_id}?page={page}&sid={sid}"),
        headers={"Accept": "application/json, text/javascript, */*; q=0.01"},
    )


def article_date(article: dict) -> str | None:
    """The list's publication date: an epoch (seconds, China time) or a printed date."""
    for key in ("display_publish_time", "publish_time", "create_time", "created_at"):
        value = article.get(key)
        if isinstance(value, int | float) and value > 0:
            return datetime.fromtimestamp(value, tz=UTC).astimezone(_CHINA).date().isoformat()
        if isinstance(value, str) and value.strip():
            if value.strip().isdigit():
                return article_date({key: int(value.strip())})
            date = parse_list_date(value)
            if date:
                return date
    return None


class Gkmlpt(Family):
    name = "gkmlpt"

    @classmethod
    def detect(cls, response: Response) -> bool:
        path = urlsplit(response.url).path
        if API_PATH in path:
            return True
        return "/gkmlpt/" in path and _CONFIG.search(getattr(response, "text", "")) is not None

    def first_requests(self, response: Response) -> Iterable[Request]:
        # Only the annualreport shell is nothing but endpoint requests; an index page also
        # names the annualreport column, which parse_list hands back.
        if not _is_annual_report_page(response.url):
            return []
        return list(self._category_requests(response))

    def parse_list(self, response: Response) -> ListPage:
        if API_PATH in urlsplit(response.url).path:
            return self._parse_api_page(response)
        return ListPage(
            entries=self.entry_columns(response),
            next_requests=list(self._category_requests(response)),
        )

    def entry_columns(self, response: Response) -> list[ListEntry]:
        """A gkmlpt catalogue's annual-report column: /gkmlpt/annualreport of the same site
        (every gkmlpt site has one; the catalogue shell links it only from its script)."""
        if _is_annual_report_page(response.url) or not self.detect(response):
            return []
        return [
            ListEntry(
                url=urljoin(site_root(response.url), ANNUAL_REPORT_PATH.lstrip("/")),
                title="政府信息公开年报",
                is_column=True,
            )
        ]

    def _category_requests(self, response: Response) -> Iterator[Request]:
        config = site_config(response.text)
        if config is None:
            return
        sid, tree = config
        root = site_root(response.url)
        on_report_page = _is_annual_report_page(response.url)
        for category_id, _name in report_categories(tree, on_annual_report_page=on_report_page):
            yield api_request(root, category_id, 1, sid)

    def _parse_api_page(self, response: Response) -> ListPage:
        try:
            payload = json.loads(response.text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"gkmlpt API answer is not JSON: {response.url}: {exc}") from exc
        articles = payload.get("articles") if isinstance(payload, dict) else None
        if not isinstance(articles, list):
            raise ValueError(f"gkmlpt API answer has no articles list: {response.url}")
        page = ListPage()
        for article in articles:
            # Some sites' API versions name the link post_url.
            link = (
                article.get("url") or article.get("post_url") if isinstance(article, dict) else None
            )
            if not link:
                continue
            title = clean_text(str(article.get("title") or ""))
            url = urljoin(response.url, str(link).split("#", 1)[0])
            page.entries.append(
                ListEntry(url=url, title=title, published_date=article_date(article))
            )

        # Page 1 schedules the rest of the category: `total` over the page's length.
        query = parse_qs(urlsplit(response.url).query)
        category = _API_URL.search(urlsplit(response.url).path)
        total = payload.get("total")
        if query.get("page") == ["1"] and category and isinstance(total, int) and articles:
            sid = query.get("sid", [""])[0]
            pages = min(math.ceil(total / len(articles)), MAX_PAGES)
            root = site_root(response.url)
            for number in range(2, pages + 1):
                page.next_requests.append(api_request(root, int(category.group(1)), number, sid))
        return page


def _is_annual_report_page(url: str) -> bool:
    return urlsplit(url).path.rstrip("/").endswith(ANNUAL_REPORT_PATH)


def _balanced(text: str, start: int) -> str | None:
    """The bracketed JSON literal ([…] or {…}) starting at text[start], strings respected."""
    if start >= len(text) or text[start] not in "[{":
        return None
    depth = 0
    in_string: str | None = None
    escaped = False
    for index in range(start, len(text)):
        char = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == in_string:
                in_string = None
        elif char in "\"'":
            in_string = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return text[start : index + 1]
    return None
