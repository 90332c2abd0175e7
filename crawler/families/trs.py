"""TRS WCM (拓尔思): static column pages index.html, index_1.html … index_{N-1}.html.

The pager is written by a script, so the page links are not in the HTML:
`createPageHTML(N, cur, "index", "html")` (sometimes with a leading element id and a
trailing record count) or `var countPage = N` / `var currentPage = cur`. Detail pages sit at
./YYYYMM/tYYYYMMDD_<id>.html with the body in .TRS_Editor; list entries are plain links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler.families.base import Family, ListPage
from crawler.families.list_items import entries_from_page

CREATE_PAGE_HTML = re.compile(
    r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(\d+)\s*,\s*(\d+)\s*,\s*"
    r"['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
COUNT_PAGE = re.compile(r"var\s+countPage\s*=\s*['\"]?(\d+)")
CURRENT_PAGE = re.compile(r"var\s+currentPage\s*=\s*['\"]?(\d+)")
MAX_PAGES = 500  # a corrupt countPage never floods a site


@dataclass(frozen=True)
class Pager:
    pages: int
    current: int
    stem: str  # "index"
    extension: str  # "html" or "shtml"


def find_pager(response: TextResponse) -> Pager | None:
    text = response.text
    match = CREATE_PAGE_HTML.search(text)
    if match:
        return Pager(int(match.group(1)), int(match.group(2)), match.group(3), match.group(4))
    count = COUNT_PAGE.search(text)
    if not count:
        return None
    current = CURRENT_PAGE.search(text)
    leaf = urlsplit(response.url).path.rsplit("/", 1)[-1]
    extension = leaf.rsplit(".", 1)[-1] if "." in leaf else "html"
    return Pager(int(count.group(1)), int(current.group(1)) if current else 0, "index", extension)


def page_url(response: TextResponse, pager: Pager, number: int) -> str:
    name = (
        f"{pager.stem}.{pager.extension}"
        if number == 0
        else f"{pager.stem}_{number}.{pager.extension}"
    )
    return response.urljoin(name)


class TRS(Family):
    name = "trs"

    @classmethod
    def detect(cls, response: Response) -> bool:
        if not isinstance(response, TextResponse):
            return False
        return find_pager(response) is not None

    def parse_list(self, response: Response) -> ListPage:
        if not isinstance(response, TextResponse):
            return ListPage()
        pager = find_pager(response)
        requests: list[Request] = []
        if pager is not None and pager.current == 0:
            # The first page names them all; later pages would only repeat them.
            requests = [
                Request(page_url(response, pager, n)) for n in range(1, min(pager.pages, MAX_PAGES))
            ]
        entries = [
            e for e in entries_from_page(response) if not _is_own_pager_link(e.url, response)
        ]
        return ListPage(entries=entries, next_requests=requests)


def _is_own_pager_link(url: str, response: TextResponse) -> bool:
    return urlsplit(url).path.rsplit("/", 1)[0] == urlsplit(response.url).path.rsplit("/", 1)[
        0
    ] and bool(re.search(r"/index(_\d+)?\.s?html?$", urlsplit(url).path))
