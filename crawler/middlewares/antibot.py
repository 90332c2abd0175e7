"""Recognise anti-bot challenges and mark the host blocked. Never try to solve them.

瑞数 (Riversafe): HTTP 412 (or 202/400) whose page sets `$_ts`; 加速乐 (Jiasule): 521/512 with
`__jsl_clearance`; EdgeOne/Tencent Cloud challenges. Once a host answers with one, every
further request to it is dropped and the run report lists the host as blocked.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

log = logging.getLogger(__name__)


class HostBlocked(IgnoreRequest):
    """The host answers with an anti-bot challenge (a browser would be needed)."""


def challenge_kind(response: Response) -> str | None:
    head = response.body[:20000]
    server = (response.headers.get(b"Server") or b"").lower()
    if b"$_ts" in head and response.status in (202, 400, 412):
        return "riversafe-412"
    if b"__jsl_clearance" in head or (response.status in (512, 521) and b"jsl" in head.lower()):
        return "jiasule-521"
    if (
        b"edgeone" in server
        or b"EO_Bot" in head
        or (response.status in (403, 429, 503) and b"edgeone" in head.lower())
    ):
        return "edgeone"
    return None


def host_key(url: str) -> str:
    return urlsplit(url).netloc.lower()


class AntiBotMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AntiBotMiddleware:
        return cls(crawler)

    def _blocked(self) -> dict[str, str]:
        return getattr(self.crawler.spider, "blocked_hosts", {})

    def process_request(self, request: Request) -> None:
        kind = self._blocked().get(host_key(request.url))
        if kind:
            raise HostBlocked(f"{host_key(request.url)} is blocked ({kind}): {request.url}")

    def process_response(self, request: Request, response: Response) -> Response:
        kind = challenge_kind(response)
        if kind is None:
            return response
        host = host_key(request.url)
        if host not in self._blocked():
            log.warning(
                "host %s answers with an anti-bot challenge (%s); not crawling it", host, kind
            )
        self._blocked()[host] = kind
        raise HostBlocked(f"{host} is blocked ({kind}): {request.url}")
