"""Hanweb (大汉) jcms: columns at /col/col<ID>/index.html listed through the jpage XML proxy.

A column page embeds its first records as XML inside a script:

    <script type="text/xml"><datastore>
      <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&
        columnid=1234&unitid=5678&webname=…&permissiontype=0"></a>]]></nextgroup>
      <recordset><record><![CDATA[<li><a href="/art/2024/1/20/art_1234_99.html">…</a>
        <span>2024-01-20</span></li>]]></record>…</recordset></datastore></script>

and the browser's jpage script loads the rest in groups (three pages of 15 by default) by
POSTing the column's identifiers to

    /module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15
    form: col=1 appid=1 webid=… path=/ columnid=… sourceContentType=1 unitid=… webname=…

which answers the same <datastore> with a <totalrecord>. We do what the browser does: one
POST per group until <totalrecord> is reached. Details live at /art/YYYY/M/D/art_<col>_<id>.html
and their attachments behind /module/download/downfile.jsp (a 302 to /attach/…), which the
spider follows like any other attachment link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, parse_qsl, urlencode, urljoin, urlsplit

from scrapy import FormRequest, Request
from scrapy.http import Response

from crawler.families.base import Family, ListEntry, ListPage
from crawler.families.list_items import entries_from_fragment

DATAPROXY_PATH = "/module/web/jpage/dataproxy.jsp"
# jpage's defaults: 15 records a page, 3 pages a group.
DEFAULT_PER_PAGE = 15
DEFAULT_GROUP_SIZE = 3
# A column of this many groups is a site answering every group with the same records.
MAX_GROUPS = 200

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S | re.I)
_TOTAL_RECORD = re.compile(
    r"<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord\s*[:=]\s*(\d+)", re.I
)
_PER_PAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.I)
_GROUP_SIZE = re.compile(r"groupSize\s*[:=]\s*['\"]?(\d+)", re.I)
_PROXY_URL = re.compile(r"proxyUrl\s*[:=]\s*['\"]([^'\"]+)['\"]", re.I)
_AJAX_PARAM = re.compile(r"ajaxParam\s*[:=]\s*\{(.*?)\}", re.S | re.I)
_JS_PAIR = re.compile(r"""['"]?(\w+)['"]?\s*:\s*(?:'([^']*)'|"([^"]*)"|([^,\s}]+))""")
_HREF = re.compile(r"""href\s*=\s*['"]([^'"]+)['"]""", re.I)
_COLUMN_ID_IN_URL = re.compile(r"/col/col(\d+)/", re.I)

# The identifiers the proxy needs; anything else the page's parameters carry is passed on.
_FORM_DEFAULTS: dict[str, str] = {
    "col": "1",
    "appid": "1",
    "webid": "1",
    "path": "/",
    "columnid": "",
    "sourceContentType": "1",
    "unitid": "",
    "webname": "",
    "permissiontype": "0",
}


def records(text: str) -> list[str]:
    """The HTML fragments inside the <record> elements of a jpage <datastore>."""
    return _RECORD.findall(text)


def total_record(text: str) -> int | None:
    match = _TOTAL_RECORD.search(text)
    if match is None:
        return None
    return int(match.group(1) or match.group(2))


def is_proxy_url(url: str) -> bool:
    """The jpage proxy, wherever a site's version keeps it (/module/web/jpage/,
    /module/jpage/)."""
    return urlsplit(url).path.lower().endswith("/dataproxy.jsp")


def proxy_path(page_html: str) -> str:
    """The proxy of this page: jpage's `proxyUrl`, else the <nextgroup> link's path."""
    configured = _first(_PROXY_URL, page_html)
    if configured:
        return configured
    nextgroup = _NEXTGROUP.search(page_html)
    href = _HREF.search(nextgroup.group(1)) if nextgroup else None
    if href and is_proxy_url(href.group(1)):
        return urlsplit(href.group(1).replace("&amp;", "&")).path
    return DATAPROXY_PATH


def proxy_form(page_html: str, page_url: str) -> dict[str, str] | None:
    """The dataproxy form of the column on this page, or None when it names no unit.

    The identifiers come from the jpage call's `ajaxParam` (newer templates) or from the
    `<nextgroup>` link's query (older ones); the column id falls back to the /col/col<ID>/ URL.
    """
    found: dict[str, str] = {}
    nextgroup = _NEXTGROUP.search(page_html)
    if nextgroup:
        href = _HREF.search(nextgroup.group(1))
        if href:
            query = urlsplit(href.group(1).replace("&amp;", "&")).query
            found.update({k: v for k, v in parse_qsl(query, keep_blank_values=True)})
    ajax = _AJAX_PARAM.search(page_html)
    if ajax:
        for key, single, double, bare in _JS_PAIR.findall(ajax.group(1)):
            found[key] = single or double or bare
    found.pop("page", None)
    if not found.get("columnid"):
        column = _COLUMN_ID_IN_URL.search(page_url)
        if column:
            found["columnid"] = column.group(1)
    if not found.get("unitid") or not found.get("columnid"):
        return None
    return {**_FORM_DEFAULTS, **found}


def proxy_request(
    column_url: str, proxy_url: str, form: dict[str, str], start: int, group: int, per_page: int
) -> Request:
    query = urlencode({"startrecord": start, "endrecord": start + group - 1, "perpage": per_page})
    return FormRequest(
        f"{proxy_url}?{query}",
        formdata=form,
        headers={"Referer": column_url, "X-Requested-With": "XMLHttpRequest"},
        meta={"hanweb_column_url": column_url},
    )


class Hanweb(Family):
    name = "hanweb"

    @classmethod
    def detect(cls, response: Response) -> bool:
        if is_proxy_url(response.url):
            return True
        text = getattr(response, "text", "")
        return "<datastore>" in text.lower() or (
            "jpage" in text and DATAPROXY_PATH.rsplit("/", 1)[-1] in text
        )

    def first_requests(self, response: Response) -> Iterable[Request]:
        request = self._first_group_request(response)
        return [request] if request is not None else []

    def parse_list(self, response: Response) -> ListPage:
        if is_proxy_url(response.url):
            return self._parse_proxy_group(response)
        return self._parse_column_page(response)

    def _first_group_request(self, response: Response) -> Request | None:
        """The POST for the column's first group, unless the page already lists every record."""
        html = response.text
        form = proxy_form(html, response.url)
        if form is None:
            return None
        total = total_record(html)
        if total is not None and total <= len(records(html)):
            return None
        per_page = int(_first(_PER_PAGE, html) or DEFAULT_PER_PAGE)
        group = per_page * int(_first(_GROUP_SIZE, html) or DEFAULT_GROUP_SIZE)
        proxy_url = urljoin(response.url, proxy_path(html))
        return proxy_request(response.url, proxy_url, form, 1, group, per_page)

    def _parse_column_page(self, response: Response) -> ListPage:
        page = ListPage(entries=_entries(records(response.text), response.url))
        request = self._first_group_request(response)
        if request is not None:
            # Also scheduled by first_requests; Scrapy's duplicate filter keeps one of the two.
            page.next_requests.append(request)
        return page

    def _parse_proxy_group(self, response: Response) -> ListPage:
        column_url = response.meta.get("hanweb_column_url", response.url)
        fragments = records(response.text)
        page = ListPage(entries=_entries(fragments, column_url))
        query = {k: v[0] for k, v in parse_qs(urlsplit(response.url).query).items()}
        try:
            start, end = int(query["startrecord"]), int(query["endrecord"])
            per_page = int(query.get("perpage", DEFAULT_PER_PAGE))
        except (KeyError, ValueError):
            return page
        group = end - start + 1
        total = total_record(response.text)
        # Without <totalrecord>, a full group means there may be more.
        more = end < total if total is not None else len(fragments) >= group
        if fragments and more and group > 0 and start // group < MAX_GROUPS:
            body = response.request.body if response.request is not None else b""
            form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
            proxy_url = response.url.split("?", 1)[0]
            page.next_requests.append(
                proxy_request(column_url, proxy_url, form, end + 1, group, per_page)
            )
        return page


def _entries(fragments: list[str], base_url: str) -> list[ListEntry]:
    entries: list[ListEntry] = []
    for fragment in fragments:
        entries.extend(entries_from_fragment(fragment, base_url))
    for entry in entries:
        # A record that links another jcms column (a year, the departments) is walked as
        # one; articles live under /art/.
        entry.is_column = bool(_COLUMN_ID_IN_URL.search(urlsplit(entry.url).path))
    return entries


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(1) if match else None
