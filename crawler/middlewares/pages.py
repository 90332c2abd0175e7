"""Repair what real government pages get wrong before the spider sees them.

- Encoding: header charset, then `<meta charset>`, then a BOM, then UTF-8 if the bytes are
  valid UTF-8, else gb18030 (a superset of GBK/GB2312; declared gb2312/gbk become gb18030).
- JS shells: ~160-byte pages whose script does `location.replace(…)`: follow the target.
- Soft 404s: HTTP 200 pages saying 页面不存在 / 找不到: dropped as not found.
"""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse

from crawler.detail import page_texts
from transform.formats.decoding import detect

HEADER_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([a-zA-Z0-9_-]+)", re.I)
JS_LOCATION = re.compile(
    r"""(?:window\.|document\.|self\.|top\.)?location(?:\.href)?\s*(?:\.replace\(|\.assign\(|=)\s*["']([^"']+)["']"""
)
# Not a bare "404": a short detail page may carry it in an index number (…/2024-00404).
SOFT_404_WORDS = (
    "页面不存在",
    "找不到",
    "页面已删除",
    "已被删除",
    "您访问的页面",
    "404 Not Found",
    "404错误",
)
SHELL_MAX_BYTES = 1024
SOFT_404_MAX_TEXT = 400


class SoftNotFound(IgnoreRequest):
    """HTTP 200 with a 'page does not exist' page."""


def decide_encoding(content_type: bytes | None, body: bytes) -> str:
    """The page's encoding by the rules transform decodes it with: BOM, the HTTP header's
    charset, the page's own <meta charset>, UTF-8 when valid, else gb18030 (one definition,
    transform.formats.decoding, so the crawler and the parser never read a page differently)."""
    declared = None
    if content_type and (match := HEADER_CHARSET.search(content_type)):
        declared = match.group(1).decode("ascii", "ignore")
    return detect(body, declared)


def js_shell_target(response: TextResponse) -> str | None:
    if len(response.body) > SHELL_MAX_BYTES:
        return None
    match = JS_LOCATION.search(response.text)
    return response.urljoin(match.group(1)) if match else None


def is_soft_404(response: TextResponse) -> bool:
    """A 200 page that says it does not exist: its title says so, or it is a short page
    whose text does (a long page that merely contains 找不到 is a real page)."""
    if response.status != 200:
        return False
    title = " ".join(response.xpath("//title//text()").getall())
    if any(word in title for word in SOFT_404_WORDS[:4]):
        return True
    if len(response.body) > 16 * SOFT_404_MAX_TEXT:
        return False
    text = "".join(t.strip() for t in page_texts(response))
    return len(text) <= SOFT_404_MAX_TEXT and any(word in text for word in SOFT_404_WORDS)


class PageRepairMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageRepairMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response | Request:
        if not isinstance(response, TextResponse) or not _looks_html(response):
            return response
        encoding = decide_encoding(response.headers.get(b"Content-Type"), response.body)
        response = HtmlResponse(
            url=response.url,
            status=response.status,
            headers=response.headers,
            body=response.body,
            flags=response.flags,
            request=request,
            certificate=response.certificate,
            ip_address=response.ip_address,
            protocol=response.protocol,
            encoding=encoding,
        )
        if response.status != 200:
            return response
        target = js_shell_target(response)
        if target and target != request.url:
            shells = request.meta.get("js_shells", 0)
            if shells < 3:
                self.crawler.stats.inc_value("gknb/js_shells_followed")
                meta = {**request.meta, "js_shells": shells + 1, "shell_url": request.url}
                return request.replace(url=target, meta=meta, dont_filter=True)
        if is_soft_404(response):
            self.crawler.stats.inc_value("gknb/soft_404")
            raise SoftNotFound(f"soft 404: {request.url}")
        return response


def _looks_html(response: TextResponse) -> bool:
    content_type = (response.headers.get(b"Content-Type") or b"").lower()
    if b"html" in content_type:
        return True
    head = response.body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<script", b"<meta"))
