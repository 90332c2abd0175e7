"""Conditional requests for documents already in the manifest (ETag / Last-Modified).

The spider keeps the latest observation of each known URL (`spider.known`); a detail page
or attachment request for such a URL carries If-None-Match / If-Modified-Since and accepts
304 Not Modified, so an unchanged site is re-crawled without downloading its documents.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler

CONDITIONAL_ROLES = ("detail", "attachment")


class ConditionalRequestMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.meta.get("role") not in CONDITIONAL_ROLES:
            return
        known = getattr(self.crawler.spider, "known", {}).get(request.url)
        if not known:
            return
        if known.get("etag") and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = known["etag"]
        if known.get("last_modified") and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = known["last_modified"]
        statuses = set(request.meta.get("handle_httpstatus_list", ())) | {304}
        request.meta["handle_httpstatus_list"] = sorted(statuses)
