"""Never leave the source's domains; never touch private addresses unless the source is one.

Runs before robots.txt (so an offsite host's robots.txt is not fetched either). A request
the guard drops is recorded on the spider (`dropped_offsite`, `dropped_private`) for the
run report and tests.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.registry import is_private_host

log = logging.getLogger(__name__)


class OffsiteRequest(IgnoreRequest):
    """A request outside the source's allowed domains."""


class PrivateAddressRequest(IgnoreRequest):
    """A request to a private, loopback or link-local address the source is not on."""


def host_allowed(url: str, allowed: tuple[str, ...] | list[str]) -> bool:
    """`host` entries allow the host and its sub-domains on any port; `host:port` entries
    allow exactly that host and port."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for entry in allowed:
        name, _, entry_port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
        if not entry_port:
            name = entry
        if entry_port and (host != name or str(port) != entry_port):
            continue
        if host == name or host.endswith("." + name):
            return True
    return False


class OffsitePrivateGuard:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OffsitePrivateGuard:
        return cls(crawler)

    def _spider_state(self) -> tuple[tuple[str, ...], bool, object]:
        spider = self.crawler.spider
        source = getattr(spider, "source", None)
        allowed = tuple(getattr(spider, "allowed_domains", None) or ())
        private_ok = bool(source is not None and source.host_is_private())
        return allowed, private_ok, spider

    def process_request(self, request: Request) -> None:
        allowed, private_ok, spider = self._spider_state()
        host = urlsplit(request.url).hostname or ""
        if allowed and not host_allowed(request.url, allowed):
            getattr(spider, "dropped_offsite", set()).add(request.url)
            log.debug("offsite request dropped: %s", request.url)
            raise OffsiteRequest(f"offsite: {request.url}")
        if is_private_host(host) and not (private_ok and allowed):
            getattr(spider, "dropped_private", set()).add(request.url)
            raise PrivateAddressRequest(f"private address: {request.url}")

    def process_response(self, request: Request, response: Response) -> Response:
        # A public name that resolves to a private address (DNS rebinding, an intranet
        # record) is only visible after the connection: drop what it answered.
        _, private_ok, spider = self._spider_state()
        address = str(response.ip_address) if response.ip_address else ""
        if address and is_private_host(address) and not private_ok:
            getattr(spider, "dropped_private", set()).add(request.url)
            raise PrivateAddressRequest(f"{request.url} resolved to private {address}")
        return response
