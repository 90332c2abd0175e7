"""A declarative description of a fixture web site: what each path answers.

A `Site` is plain data (pages by path, a fallback answer, POST handlers) so that builders
can describe real site structures and tests can change a page between two crawls (an edited
report) without touching the server. `crawler.testsite.server.SiteServer` serves it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate


@dataclass
class Page:
    """One answer: status, headers and body bytes.

    `validators` makes the server send an ETag (hash of the body) and a Last-Modified date and
    answer conditional requests with 304, like most government CMSs behind nginx do.
    """

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True
    last_modified: float = 1_700_000_000.0  # epoch seconds; bump it when the body changes

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'

    @property
    def last_modified_http(self) -> str:
        return formatdate(self.last_modified, usegmt=True)


# A POST handler gets the parsed form (and query) and returns the answer. Families whose
# lists come from a POST endpoint (Hanweb dataproxy.jsp) register one per path.
PostHandler = Callable[[dict[str, str], dict[str, str]], Page]
# A GET handler for answers that depend on the query string (?page=N, JSON APIs).
QueryHandler = Callable[[dict[str, str]], Page]


def html_page(
    html: str,
    *,
    encoding: str = "utf-8",
    declare_charset_in_header: bool = True,
    status: int = 200,
    validators: bool = True,
) -> Page:
    """An HTML page encoded as real sites do (GBK pages often omit the header charset)."""
    content_type = f"text/html; charset={encoding}" if declare_charset_in_header else "text/html"
    return Page(
        body=html.encode(encoding),
        status=status,
        content_type=content_type,
        validators=validators,
    )


def file_page(data: bytes, content_type: str = "application/octet-stream") -> Page:
    return Page(body=data, content_type=content_type)


def json_page(answer: object) -> Page:
    """A JSON API answer as the platforms send it: UTF-8, Chinese unescaped, no validators
    (list APIs are asked afresh on every crawl)."""
    return Page(
        json.dumps(answer, ensure_ascii=False).encode("utf-8"),
        content_type="application/json;charset=UTF-8",
        validators=False,
    )


def redirect_page(location: str, status: int = 302) -> Page:
    return Page(status=status, content_type=None, headers={"Location": location}, validators=False)


@dataclass
class Site:
    """Everything a fixture host answers. Paths include the query string only when a page is
    registered with one (`/list?page=2`); otherwise the query is ignored for lookup."""

    pages: dict[str, Page] = field(default_factory=dict)
    get_handlers: dict[str, QueryHandler] = field(default_factory=dict)
    post_handlers: dict[str, PostHandler] = field(default_factory=dict)
    # The answer for any path not described (None: a plain 404). An anti-bot host answers
    # every path with its challenge.
    fallback: Page | None = None

    def add(self, path: str, page: Page) -> None:
        self.pages[path] = page

    def html(self, path: str, html: str, **kwargs: object) -> None:
        self.pages[path] = html_page(html, **kwargs)  # type: ignore[arg-type]

    def file(self, path: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self.pages[path] = file_page(data, content_type)

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.pages[path] = redirect_page(location, status)

    def robots(self, text: str) -> None:
        self.pages["/robots.txt"] = Page(body=text.encode(), content_type="text/plain")

    def on_get(self, path: str, handler: QueryHandler) -> None:
        self.get_handlers[path] = handler

    def on_post(self, path: str, handler: PostHandler) -> None:
        self.post_handlers[path] = handler

    def replace_body(self, path: str, body: bytes) -> None:
        """Edit a page as a site editor would: new body, new validators."""
        page = self.pages[path]
        page.body = body
        page.last_modified += 86400

    def answer_get(self, path: str, query: dict[str, str], raw_target: str) -> Page:
        if raw_target in self.pages:
            return self.pages[raw_target]
        if path in self.get_handlers:
            return self.get_handlers[path](query)
        if path in self.pages:
            return self.pages[path]
        if self.fallback is not None:
            return self.fallback
        return Page(body=b"<html><body>404 Not Found</body></html>", status=404)

    def answer_post(
        self, path: str, form: dict[str, str], query: dict[str, str], raw_target: str
    ) -> Page:
        if path in self.post_handlers:
            return self.post_handlers[path](form, query)
        return self.answer_get(path, query, raw_target)
