"""Retries with exponential backoff, and the http ⇄ https fallback for unreliable TLS."""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import defer, error
from twisted.web._newclient import ResponseFailed

log = logging.getLogger(__name__)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, but each retry waits RETRY_BACKOFF_BASE * 2**(n-1) seconds first
    (capped by RETRY_BACKOFF_MAX) instead of hammering a struggling host."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 30.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    def _retry(self, request: Request, reason: str | Exception | type[Exception]) -> Request | None:
        retry = super()._retry(request, reason)
        if retry is not None:
            attempt = retry.meta.get("retry_times", 1)
            retry.meta["backoff_delay"] = min(
                self.backoff_max, self.backoff_base * 2 ** (attempt - 1)
            )
        return retry

    def process_request(self, request: Request) -> defer.Deferred[None] | None:
        delay = request.meta.pop("backoff_delay", 0)
        if not delay:
            return None
        return deferred_from_coro(asyncio.sleep(delay))


# Errors after which the other scheme may still work (TLS broken, port closed).
FALLBACK_ERRORS = (
    error.ConnectionRefusedError,
    error.ConnectError,
    error.TCPTimedOutError,
    error.SSLError,
    ResponseFailed,
)


class SchemeFallbackMiddleware:
    """When https fails at the connection or TLS level (after retries), try http once,
    and the other way round: many government hosts serve only one of them, or a broken
    certificate."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SchemeFallbackMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if request.meta.get("scheme_fallback") or not isinstance(exception, FALLBACK_ERRORS):
            return None
        if request.url.startswith("https://"):
            url = "http://" + request.url[len("https://") :]
        elif request.url.startswith("http://"):
            url = "https://" + request.url[len("http://") :]
        else:
            return None
        log.info("%s failed (%s); trying %s", request.url, type(exception).__name__, url)
        self.crawler.stats.inc_value("gknb/scheme_fallbacks")
        meta = {**request.meta, "scheme_fallback": request.url, "retry_times": 0}
        return request.replace(url=url, meta=meta, dont_filter=True)

    def process_response(self, request: Request, response: Response) -> Response:
        return response
