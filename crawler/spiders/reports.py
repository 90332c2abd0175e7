"""The one registry-driven spider: portal → disclosure tree → 年报 column → lists → reports.

One spider instance crawls one registry source. Callbacks, in the order a crawl meets them:

- `parse_entry`: a portal home or disclosure tree page; finds the 年报 column (anchor text,
  path tokens, `<meta name="ColumnName">`), walks at most ENTRY_DEPTH tree levels.
- `parse_column`: a column's first page; picks the site family (registry or detection)
  and either asks the family for its list endpoint requests or parses the page.
- `parse_list_page`: one list page, parsed by the family that produced its request:
  report links → detail requests, sub-columns → parse_column, next pages → here again.
- `parse_detail`: a report page (metadata, attachments) or a document linked directly.
- `parse_attachment`: an attachment's bytes.

Everything stored goes through the StoragePipeline as FetchedDocument items; failures are
recorded on the spider for the run report (`crawler.runreport`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.detail import REPORT_MARKERS, parse_detail
from crawler.families import Family, ListEntry, load_families
from crawler.families.list_items import entries_from_page
from crawler.items import FetchedDocument
from crawler.manifest import latest_by_url
from crawler.recognize import (
    ANNUAL_COLUMN_NAMES,
    ANNUAL_PATH_TOKENS,
    is_annual_column,
    is_column_report_title,
    is_disclosure_tree,
    is_report_title,
    normalize,
    statistical_year,
    title_year,
    variant,
)
from crawler.registry import Source
from transform.formats.sniff import sniff

ENTRY_DEPTH = 2  # portal home → disclosure tree → (one more level) before giving up
COLUMN_DEPTH = 4  # 年报 → year → unit kind → …
MAX_LIST_PAGES = 2000  # a runaway pager on a broken site stops here
START_TIMEOUT = 20  # seconds, for the registry's start URLs


class ReportsSpider(Spider):
    name = "reports"

    def __init__(self, source: Source, data_dir: str, **kwargs: Any) -> None:
        super().__init__(name=f"reports-{source.id}", **kwargs)
        self.source = source
        self.allowed_domains = list(source.allowed_domains)
        self.families: dict[str, type[Family]] = load_families()
        # Incremental state: the latest observation of every URL this source has stored.
        self.known: dict[str, dict[str, Any]] = latest_by_url(data_dir, source.id)
        self.known_attachments: dict[str, list[dict[str, Any]]] = {}
        for record in self.known.values():
            if record.get("role") == "attachment" and record.get("parent_url"):
                self.known_attachments.setdefault(record["parent_url"], []).append(record)
        # Run report material (filled by callbacks and middlewares).
        self.blocked_hosts: dict[str, str] = {}
        self.dropped_offsite: set[str] = set()
        self.dropped_private: set[str] = set()
        self.start_errors: dict[str, str] = {}
        self.start_answered: set[str] = set()
        self.failures: list[dict[str, str]] = []
        self.report_urls: set[str] = set()
        self.list_pages = 0

    # --- requests ---------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for url in self.source.start_urls:
            yield Request(
                url,
                callback=self.parse_entry,
                errback=self.on_error,
                # A dead host should be reported soon: shorter limit, one retry.
                meta={
                    "role": "start",
                    "start_url": url,
                    "entry_depth": 0,
                    "download_timeout": START_TIMEOUT,
                    "max_retry_times": 1,
                },
                dont_filter=True,
            )

    def _column_request(self, url: str, depth: int, referer: str) -> Request:
        return Request(
            url,
            callback=self.parse_column,
            errback=self.on_error,
            meta={"role": "list", "column_depth": depth},
            headers={"Referer": referer},
        )

    def _as_list_request(self, request: Request, family: str, depth: int) -> Request:
        """A family's list request (pagination, endpoint) routed to parse_list_page."""
        meta = {**request.meta, "role": "list", "family": family, "column_depth": depth}
        return request.replace(callback=self.parse_list_page, errback=self.on_error, meta=meta)

    def _detail_request(self, entry: ListEntry, list_url: str) -> Request:
        return Request(
            entry.url,
            callback=self.parse_detail,
            errback=self.on_error,
            meta={
                "role": "detail",
                "list_url": list_url,
                "title": entry.title,
                "published_date": entry.published_date,
            },
            headers={"Referer": list_url},
        )

    def _attachment_request(self, url: str, parent: dict[str, Any]) -> Request:
        return Request(
            url,
            callback=self.parse_attachment,
            errback=self.on_error,
            meta={"role": "attachment", "parent": parent},
            headers={"Referer": parent["url"]},
        )

    # --- callbacks --------------------------------------------------------------------

    def parse_entry(self, response: Response) -> Iterator[Any]:
        self.start_answered.add(response.meta.get("start_url", response.url))
        if not isinstance(response, TextResponse):
            yield from self.parse_detail(response)
            return
        if _is_annual_column_page(response):
            yield from self.parse_column(response)
            return
        depth = response.meta.get("entry_depth", 0)
        for entry in entries_from_page(response):
            if is_annual_column(entry.title, entry.url):
                yield self._column_request(entry.url, 0, response.url)
            elif is_report_title(entry.title):
                yield self._detail_request(entry, response.url)
            elif depth < ENTRY_DEPTH and is_disclosure_tree(entry.title, entry.url):
                yield Request(
                    entry.url,
                    callback=self.parse_entry,
                    errback=self.on_error,
                    meta={"role": "list", "entry_depth": depth + 1},
                )
        # Columns only a family can see (a script-configured catalogue names none in links).
        for family in self._entry_families(response):
            for entry in family.entry_columns(response):
                yield self._column_request(entry.url, 0, response.url)

    def parse_column(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse) or _looks_like_report(response):
            yield from self.parse_detail(response)
            return
        family = self._family_for(response)
        depth = response.meta.get("column_depth", 0)
        endpoint_requests = list(family.first_requests(response))
        if endpoint_requests:
            for request in endpoint_requests:
                yield self._as_list_request(request, family.name, depth)
            return
        yield from self._handle_list(response, family, depth)

    def parse_list_page(self, response: Response) -> Iterator[Any]:
        family = self.families[response.meta["family"]]()
        yield from self._handle_list(response, family, response.meta.get("column_depth", 0))

    def _handle_list(self, response: Response, family: Family, depth: int) -> Iterator[Any]:
        self.list_pages += 1
        self.crawler.stats.inc_value("gknb/list_pages")
        page = family.parse_list(response)
        for entry in page.entries:
            if entry.is_column:
                if depth < COLUMN_DEPTH:
                    yield self._column_request(entry.url, depth + 1, response.url)
            elif is_column_report_title(entry.title):
                yield self._detail_request(entry, response.url)
        if self.list_pages < MAX_LIST_PAGES:
            for request in page.next_requests:
                yield self._as_list_request(request, family.name, depth)

    def parse_detail(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        if response.status == 304:
            yield from self._unchanged_detail(response)
            return
        if not isinstance(response, TextResponse) or sniff(response.body, response.url) != "html":
            # The list linked the document itself (a PDF report, a Word file).
            title = meta.get("title")
            published = meta.get("published_date")
            yield self._document(
                response,
                "attachment",
                parent_url=meta.get("list_url"),
                title=title,
                published_date=published,
                year=statistical_year(title, None, published),
                variant=variant(title or ""),
            )
            return
        if not _looks_like_report(response) and _report_link_count(response) >= 2:
            # A "report" link that is really a column of reports (years, departments).
            yield from self.parse_column(response)
            return
        detail = parse_detail(response)
        title = meta.get("title") or detail.title
        published = detail.published_date or meta.get("published_date")
        year = statistical_year(title, detail.text, published)
        item = self._document(
            response,
            "report_page",
            parent_url=None,
            title=title,
            published_date=published,
            year=year,
            variant=variant(title or ""),
            index_no=detail.index_no,
            publisher=detail.publisher,
        )
        yield item
        parent = {
            "url": item.url,
            "title": title,
            "published_date": published,
            "year": year,
            "variant": item.variant,
            "index_no": detail.index_no,
            "publisher": detail.publisher,
        }
        for link in detail.attachments:
            yield self._attachment_request(link.url, {**parent, "link_text": link.text})

    def _unchanged_detail(self, response: Response) -> Iterator[Any]:
        """304 for a known report page: record it as seen, re-check its known attachments."""
        url = requested_url(response)
        previous = self.known[url]
        yield self._document(response, previous.get("role", "report_page"), previous=previous)
        for record in self.known_attachments.get(url, []):
            parent = {
                "url": record["parent_url"],
                "title": None,
                "published_date": record.get("published_date"),
                "year": record.get("year"),
                "variant": None,
                "index_no": record.get("index_no"),
                "publisher": record.get("publisher"),
                "link_text": record.get("title"),
            }
            yield self._attachment_request(record["url"], parent)

    def parse_attachment(self, response: Response) -> Iterator[Any]:
        parent = response.meta["parent"]
        text = parent.get("link_text") or parent.get("title")
        previous = self.known.get(requested_url(response)) if response.status == 304 else None
        yield self._document(
            response,
            "attachment",
            parent_url=parent["url"],
            title=text,
            published_date=parent.get("published_date"),
            year=title_year(text or "") or parent.get("year"),
            variant=variant(text or "") or parent.get("variant"),
            index_no=parent.get("index_no"),
            publisher=parent.get("publisher"),
            previous=previous,
        )

    def _document(
        self,
        response: Response,
        role: str,
        previous: dict[str, Any] | None = None,
        **fields: Any,
    ) -> FetchedDocument:
        request_url = requested_url(response)
        known = self.known.get(request_url)
        if role == "report_page":
            self.report_urls.add(request_url)
            self.crawler.stats.inc_value("gknb/reports_found")
        else:
            self.crawler.stats.inc_value("gknb/attachments")
        headers = response.headers
        if previous is not None:
            # 304: nothing new was said about the document; keep what we knew.
            for key in (
                "parent_url",
                "title",
                "published_date",
                "year",
                "variant",
                "index_no",
                "publisher",
            ):
                fields.setdefault(key, previous.get(key))
                if fields[key] is None:
                    fields[key] = previous.get(key)
        return FetchedDocument(
            role=role,
            url=request_url,
            final_url=response.url,
            parent_url=fields.get("parent_url"),
            title=fields.get("title"),
            published_date=fields.get("published_date"),
            year=fields.get("year"),
            variant=fields.get("variant"),
            index_no=fields.get("index_no"),
            publisher=fields.get("publisher"),
            http_status=response.status,
            content_type=_header(headers, b"Content-Type"),
            etag=_header(headers, b"ETag") or (previous or {}).get("etag"),
            last_modified=_header(headers, b"Last-Modified")
            or (previous or {}).get("last_modified"),
            body=None if response.status == 304 else response.body,
            previous=previous if previous is not None else known,
        )

    # --- errors -----------------------------------------------------------------------

    def on_error(self, failure: Failure) -> None:
        request: Request = failure.request  # type: ignore[attr-defined]
        role = request.meta.get("role", "?")
        if failure.check(HttpError):
            reason = f"HTTP {failure.value.response.status}"
        else:
            reason = f"{type(failure.value).__name__}: {failure.getErrorMessage()}"[:300]
        if role == "start":
            self.start_errors[request.meta.get("start_url", request.url)] = reason
        self.failures.append({"role": role, "url": request.url, "reason": reason})
        self.crawler.stats.inc_value(f"gknb/failed/{role}")
        self.logger.info("%s failed (%s): %s", role, reason, request.url)

    # --- families ---------------------------------------------------------------------

    def _entry_families(self, response: Response) -> list[Family]:
        if self.source.family:
            return [self.families[self.source.family]()]
        return [family() for family in self.families.values() if family.detect(response)]

    def _family_for(self, response: Response) -> Family:
        if self.source.family:
            return self.families[self.source.family]()
        for family in self.families.values():
            if family.detect(response):
                return family()
        return self.families["generic"]()


def requested_url(response: Response) -> str:
    """The URL the spider asked for, before redirects and JS-shell hops: the manifest's
    `url`, the key of incremental crawls (the final URL is `final_url`)."""
    meta = response.meta
    return meta.get("shell_url") or (meta.get("redirect_urls") or [response.request.url])[0]


def _header(headers: Any, name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None


def _is_annual_column_page(response: TextResponse) -> bool:
    column = normalize(response.xpath("//meta[@name='ColumnName']/@content").get() or "")
    if column and (ANNUAL_COLUMN_NAMES.match(column) or column.endswith(("年报", "年度报告"))):
        return True
    path = urlsplit(response.url).path.lower()
    return any(token in path for token in ANNUAL_PATH_TOKENS) and _report_link_count(response) >= 1


def _report_link_count(response: TextResponse) -> int:
    return sum(1 for entry in entries_from_page(response) if is_report_title(entry.title))


def _looks_like_report(response: TextResponse) -> bool:
    """A page that is a report itself: several of the six section headings in its text."""
    text = response.text
    return sum(marker in text for marker in REPORT_MARKERS) >= 3
