"""Serve a `Site` on 127.0.0.1 (free port) in a background thread, logging every request.

The request log is what lets tests assert exactly which requests a crawl made: no
robots-disallowed path, no offsite host, no repeated download of an unchanged document.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

from crawler.testsite.site import Page, Site


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    target: str  # path with query string, as sent
    path: str
    headers: dict[str, str]
    body: bytes
    status: int  # what the server answered


@dataclass
class RequestLog:
    entries: list[LoggedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def append(self, entry: LoggedRequest) -> None:
        with self._lock:
            self.entries.append(entry)

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()

    def paths(self, method: str | None = None) -> list[str]:
        with self._lock:
            return [e.target for e in self.entries if method is None or e.method == method]

    def statuses(self, target: str) -> list[int]:
        with self._lock:
            return [e.status for e in self.entries if e.target == target]


class SiteServer:
    """`with SiteServer(site) as server: server.url("/index.html")`."""

    def __init__(self, site: Site, host: str = "127.0.0.1") -> None:
        self.site = site
        self.log = RequestLog()
        handler = _make_handler(site, self.log)
        self._httpd = ThreadingHTTPServer((host, 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self.host = host
        self.port = self._httpd.server_address[1]

    @property
    def netloc(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def base(self) -> str:
        return f"http://{self.netloc}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _not_modified(page: Page, headers: dict[str, str]) -> bool:
    if not page.validators or page.status != 200:
        return False
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        return page.etag in [t.strip() for t in if_none_match.split(",")]
    since = headers.get("if-modified-since")
    if since:
        try:
            return parsedate_to_datetime(since).timestamp() >= int(page.last_modified)
        except (TypeError, ValueError):
            return False
    return False


def _make_handler(site: Site, log: RequestLog) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass  # the RequestLog is the record; stderr noise helps nobody

        def _answer(self, method: str) -> None:
            split = urlsplit(self.path)
            query = dict(parse_qsl(split.query, keep_blank_values=True))
            headers = {k.lower(): v for k, v in self.headers.items()}
            length = int(headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            if method == "POST":
                form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
                page = site.answer_post(split.path, form, query, self.path)
            else:
                page = site.answer_get(split.path, query, self.path)
            status = 304 if _not_modified(page, headers) else page.status
            log.append(LoggedRequest(method, self.path, split.path, headers, body, status))
            self.send_response(status)
            if page.validators and page.status == 200:
                self.send_header("ETag", page.etag)
                self.send_header("Last-Modified", page.last_modified_http)
            for name, value in page.headers.items():
                self.send_header(name, value)
            if status == 304:
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if page.content_type:
                self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(page.body)

        def do_GET(self) -> None:
            self._answer("GET")

        def do_HEAD(self) -> None:
            self._answer("HEAD")

        def do_POST(self) -> None:
            self._answer("POST")

    return Handler
