"""Hanweb JPaaS: column lists rendered from a JSON "page build unit" endpoint.

The column page is an empty shell whose list is a script tag naming the endpoint and the
unit to build:

    <script src="/module/jpaas/AuthorizedRead/unitbuild.js"
            url="/api-gateway/jpaas-publish-server/front/page/build/unit"
            queryData="{'webId':'…','pageId':'…','tplSetId':'…','pageType':'column',
                        'tagId':'当前栏目list','editType':'null','parseType':'bulidstatic'}">

The browser GETs the endpoint with those parameters plus paramJson={"pageNo":N,"pageSize":M}
and receives {"success": true, "data": {"html": "<ul><li><a href='/art/…'>…</a>…</ul>
<div class='pagination' rows='15' count='52'>…"}}. We page the same way: the fragment's
`count` and `rows` say how many pages there are; without them we stop at the first empty or
repeated page.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector
from scrapy import Request
from scrapy.http import Response

from crawler.families.base import Family, ListPage
from crawler.families.list_items import entries_from_fragment
from crawler.recognize import is_sub_column

UNIT_ENDPOINT = "/api-gateway/jpaas-publish-server/front/page/build/unit"
PAGE_SIZE = 15
# Bounds a site that answers every pageNo with the same non-empty page.
MAX_PAGES = 200


def unit_query(page_html: str) -> tuple[str, dict[str, str]] | None:
    """(endpoint path, queryData) of the list unit on a column page, or None."""
    for script in Selector(text=page_html).xpath("//script[@querydata]"):
        raw = script.attrib["querydata"].strip()
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            try:
                # Templates write the object with single quotes.
                data = json.loads(raw.replace("'", '"'))
            except json.JSONDecodeError:
                continue
        if isinstance(data, dict) and data:
            endpoint = script.attrib.get("url") or UNIT_ENDPOINT
            return endpoint, {str(k): "null" if v is None else str(v) for k, v in data.items()}
    return None


def unit_request(
    column_url: str, endpoint_url: str, query: dict[str, str], page_no: int
) -> Request:
    params = dict(query)
    params["paramJson"] = json.dumps(
        {"pageNo": page_no, "pageSize": PAGE_SIZE}, separators=(",", ":")
    )
    return Request(
        f"{endpoint_url}?{urlencode(params)}",
        headers={"Referer": column_url, "Accept": "application/json, text/javascript, */*"},
        meta={"jpaas_column_url": column_url},
    )


def page_count(fragment: str, page_size: int) -> int | None:
    """Pages in the column per the fragment's pagination element (rows, count), or None."""
    pager = Selector(text=fragment).xpath("//*[@count]")
    if not pager:
        return None
    try:
        count = int(pager[0].attrib["count"])
        rows = int(pager[0].attrib.get("rows") or page_size)
    except ValueError:
        return None
    return math.ceil(count / rows) if rows > 0 else None


def is_column_link(url: str, title: str) -> bool:
    """A list item that is a sub-column (a year's archive, the departments' reports) rather
    than an article: JPaaS articles live under /art/, columns end in index.html or /."""
    path = urlsplit(url).path
    if "/art/" in path:
        return False
    return path.endswith(("/index.html", "/index.shtml", "/")) or is_sub_column(title)


class JPaaS(Family):
    name = "jpaas"

    @classmethod
    def detect(cls, response: Response) -> bool:
        if urlsplit(response.url).path.endswith(UNIT_ENDPOINT):
            return True
        text = getattr(response, "text", "")
        return "jpaas-publish-server" in text or "querydata=" in text.lower()

    def first_requests(self, response: Response) -> Iterable[Request]:
        unit = unit_query(response.text)
        if unit is None:
            return []
        endpoint, query = unit
        return [unit_request(response.url, urljoin(response.url, endpoint), query, 1)]

    def parse_list(self, response: Response) -> ListPage:
        if not urlsplit(response.url).path.endswith(UNIT_ENDPOINT):
            # The shell page itself lists nothing; its list comes from first_requests.
            return ListPage(next_requests=list(self.first_requests(response)))
        return self._parse_unit_page(response)

    def _parse_unit_page(self, response: Response) -> ListPage:
        column_url = response.meta.get("jpaas_column_url", response.url)
        try:
            payload = json.loads(response.text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"JPaaS unit answer is not JSON: {response.url}: {exc}") from exc
        data = payload.get("data") if isinstance(payload, dict) else None
        fragment = data.get("html") if isinstance(data, dict) else None
        if not isinstance(fragment, str):
            raise ValueError(f"JPaaS unit answer has no data.html: {response.url}")
        entries = entries_from_fragment(fragment, column_url)
        for entry in entries:
            entry.is_column = is_column_link(entry.url, entry.title)
        page = ListPage(entries=entries)

        query = dict(parse_qsl(urlsplit(response.url).query, keep_blank_values=True))
        try:
            param = json.loads(query.pop("paramJson", "{}"))
            page_no = int(param.get("pageNo", 1))
            page_size = int(param.get("pageSize", PAGE_SIZE))
        except (ValueError, AttributeError):
            return page
        pages = page_count(fragment, page_size)
        signature = sorted(entry.url for entry in entries)
        repeated = signature == response.meta.get("jpaas_previous_page")
        more = page_no < pages if pages is not None else bool(entries) and not repeated
        if more and page_no < MAX_PAGES:
            endpoint_url = response.url.split("?", 1)[0]
            request = unit_request(column_url, endpoint_url, query, page_no + 1)
            request.meta["jpaas_previous_page"] = signature
            page.next_requests.append(request)
        return page
