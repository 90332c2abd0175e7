"""The fallback family: any list page whose pager is plain links.

Paging by "下一页 / 尾页" links, numbered page links (2, 3 …), `?page=N` and numbered files
(list_2.html, column-index-3.shtml). Every other link on the page becomes a ListEntry; the
spider's recognition keeps the reports and walks the sub-columns.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler.detail import iso_date
from crawler.families.base import Family, ListEntry, ListPage
from crawler.recognize import is_annual_column, is_sub_column, normalize, printed_text

PAGER_TEXTS = ("下一页", "下页", "后一页", "尾页", "末页", "最后一页", ">", ">>", "»")
PAGE_NUMBER = re.compile(r"^\[?\d{1,4}\]?$")
PAGED_URL = re.compile(
    r"([?&](page|pageNo|pageIndex|currentPage|curPage|p)=\d+)|([_-]\d+\.s?html?$)", re.I
)


def list_entries(response: TextResponse) -> list[ListEntry]:
    """Every link of a list page with its text and the date printed next to it."""
    entries: dict[str, ListEntry] = {}
    # lxml elements directly: a parsel Selector per text node dominates the page's cost.
    for link in response.selector.root.xpath("//a[@href]"):
        href = link.get("href", "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = response.urljoin(href).split("#", 1)[0]
        if not url.startswith(("http://", "https://")):
            continue
        text = printed_text(" ".join(link.itertext()))
        title = printed_text(link.get("title", ""))
        # A title attribute holds the full title when the text is cut (…).
        if title and (not text or len(title) > len(text)):
            text = title
        if not text or normalize(text) in PAGER_TEXTS or PAGE_NUMBER.match(normalize(text)):
            continue
        container = link.xpath("./ancestor::*[self::li or self::tr or self::dd][1]")
        around = " ".join(container[0].itertext()) if container else ""
        entry = ListEntry(
            url=url,
            title=text,
            published_date=iso_date(around.replace(text, "")),
            is_column=is_sub_column(text) or is_annual_column(text, url),
        )
        entries.setdefault(url, entry)
    return list(entries.values())


def pager_requests(response: TextResponse) -> list[Request]:
    """Next pages by their link text, page numbers, or a paged URL of the same directory."""
    here = urlsplit(response.url)
    directory = here.path.rsplit("/", 1)[0]
    urls: list[str] = []
    for link in response.selector.root.xpath("//a[@href]"):
        href = link.get("href", "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        text = normalize(" ".join(link.itertext()))
        url = response.urljoin(href).split("#", 1)[0]
        target = urlsplit(url)
        if target.netloc != here.netloc or url == response.url:
            continue
        same_column = target.path.rsplit("/", 1)[0] == directory
        if text in PAGER_TEXTS or (
            same_column and PAGE_NUMBER.match(text) and PAGED_URL.search(url)
        ):
            urls.append(url)
    return [Request(u) for u in dict.fromkeys(urls)]


class Generic(Family):
    name = "generic"

    @classmethod
    def detect(cls, response: Response) -> bool:
        return isinstance(response, TextResponse)

    def parse_list(self, response: Response) -> ListPage:
        if not isinstance(response, TextResponse):
            return ListPage()
        return ListPage(entries=list_entries(response), next_requests=pager_requests(response))
