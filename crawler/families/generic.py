"""The fallback family: any list page whose pager is plain links.

Paging by "下一页 / 尾页" links, numbered page links (2, 3 …), `?page=N` and numbered files
(list_2.html, column-index-3.shtml). Every other link on the page becomes a ListEntry
(crawler.families.list_items); the spider's recognition keeps the reports and walks the
sub-columns.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler.families.base import Family, ListPage
from crawler.families.list_items import PAGE_NUMBER, PAGER_TEXTS, entries_from_page
from crawler.recognize import normalize

PAGED_URL = re.compile(
    r"([?&](page|pageNo|pageIndex|currentPage|curPage|p)=\d+)|([_-]\d+\.s?html?$)", re.I
)


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
        return ListPage(entries=entries_from_page(response), next_requests=pager_requests(response))
