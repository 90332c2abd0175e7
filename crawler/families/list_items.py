"""How one item of a government column list looks: a link, its title and a date beside it.

Every family reads list items here: the generic family (and TRS) a whole list page, Hanweb's
XML records and JPaaS's HTML fragments a fragment of items. Items wrap one `<a>` and a date
in an `<li>`, a table row or a `<dd>`; which fragment to read, and how to page, stays in the
adapters.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml.html import HtmlElement
from parsel import Selector
from scrapy.http import TextResponse
from scrapy.utils.response import get_base_url

from crawler.families.base import ListEntry
from crawler.recognize import is_annual_column, is_sub_column, normalize, printed_text

# 2024-01-20, 2024/1/20, 2024.01.20, 2024年1月20日 (lists print all of these)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")

# Links that are not documents: scripts, in-page anchors, mail, phone numbers.
_NOT_A_DOCUMENT = ("javascript:", "#", "mailto:", "tel:")

# Pager links: what a list prints to go to another page of itself, not a document.
PAGER_TEXTS = ("下一页", "下页", "后一页", "尾页", "末页", "最后一页", ">", ">>", "»")
PAGE_NUMBER = re.compile(r"^\[?\d{1,4}\]?$")


def parse_list_date(text: str) -> str | None:
    """The first plausible calendar date in `text`, as an ISO date; None when there is none."""
    for match in _DATE.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def clean_text(text: str) -> str:
    return " ".join(text.split())


def _printed_beside(link: HtmlElement, links_in: dict[HtmlElement, int]) -> str:
    """The text of the link's item outside any link: where the list prints its date (not
    one inside the title, "…2024年1月…通知"). The item is the enclosing `<li>`, `<tr>` or
    `<dd>`, else the link's parent when that holds no other link (`links_in`: the number of
    links under each parent, counted once per page rather than once per link)."""
    item = link.xpath("ancestor::*[self::li or self::tr or self::dd][1]")
    if not item:
        parent = link.getparent()
        if parent is None:
            return ""
        if parent not in links_in:
            links_in[parent] = int(parent.xpath("count(.//a)"))
        if links_in[parent] != 1:
            return ""
        item = [parent]
    return " ".join(item[0].xpath(".//text()[not(ancestor::a)]"))


def list_entries(root: HtmlElement, base_url: str) -> list[ListEntry]:
    """Every document link under `root` with its title and the date printed beside it.

    The title is the anchor's text, or its `title` attribute when that is longer (lists cut
    the visible text with "…"). Pager links and links that are not documents are left out;
    a link that names a sub-column is marked is_column. Works on lxml elements directly: a
    parsel Selector per text node dominates a large page's cost."""
    entries: dict[str, ListEntry] = {}
    links_in: dict[HtmlElement, int] = {}
    for link in root.xpath("//a[@href]"):
        href = link.get("href", "").strip()
        if not href or href.lower().startswith(_NOT_A_DOCUMENT):
            continue
        url = urljoin(base_url, href).split("#", 1)[0]
        if not url.startswith(("http://", "https://")):
            continue
        text = printed_text(" ".join(link.itertext()))
        title = printed_text(link.get("title", ""))
        if title and (not text or len(title) > len(text)):
            text = title
        if not text or normalize(text) in PAGER_TEXTS or PAGE_NUMBER.match(normalize(text)):
            continue
        entry = ListEntry(
            url=url,
            title=text,
            published_date=parse_list_date(_printed_beside(link, links_in)),
            is_column=is_sub_column(text) or is_annual_column(text, url),
        )
        entries.setdefault(url, entry)
    return list(entries.values())


def entries_from_page(response: TextResponse) -> list[ListEntry]:
    """The list items of a whole list page."""
    return list_entries(response.selector.root, get_base_url(response))


def entries_from_fragment(fragment: str, base_url: str) -> list[ListEntry]:
    """The list items of an HTML fragment (an XML record's CDATA, a JSON answer's html)."""
    return list_entries(Selector(text=f"<div>{fragment}</div>").root, base_url)
