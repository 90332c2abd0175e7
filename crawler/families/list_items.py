"""How one item of a government column list looks: a link, its title and a date beside it.

Hanweb's XML records, JPaaS's HTML fragments and the annual-report module's pages all wrap
each item in an `<li>` (or a table row) holding one `<a>` and a date in a `<span>`. The
family adapters hand such a fragment here and get ListEntry objects back; which fragment to
read, and how to page, stays in the adapters.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsel import Selector

from crawler.families.base import ListEntry

# 2024-01-20, 2024/1/20, 2024.01.20, 2024年1月20日 (lists print all of these)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")

# Links that are not documents: scripts, in-page anchors, mail, pagination buttons.
_NOT_A_DOCUMENT = ("javascript:", "#", "mailto:", "tel:")

# The element wrapped around a fragment so that items without an <li> or <tr> can be told
# apart from the whole fragment (whose text would mix the dates of every item).
_WRAPPER = "list-fragment"


def parse_list_date(text: str) -> str | None:
    """The first plausible calendar date in `text`, as an ISO date; None when there is none."""
    for match in _DATE.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def clean_text(text: str) -> str:
    return " ".join(text.split())


def entries_from_fragment(fragment: str, base_url: str) -> list[ListEntry]:
    """Every document link in an HTML list fragment, with the date printed in its item.

    The title is the anchor's `title` attribute when present (lists truncate the visible
    text with "…"), else its text. The date is looked for in the enclosing `<li>` or `<tr>`.
    """
    selector = Selector(text=f'<div id="{_WRAPPER}">{fragment}</div>')
    entries: list[ListEntry] = []
    seen: set[str] = set()
    for anchor in selector.xpath("//a[@href]"):
        href = (anchor.attrib.get("href") or "").strip()
        if not href or href.lower().startswith(_NOT_A_DOCUMENT):
            continue
        url = urljoin(base_url, href)
        if url in seen:
            continue
        title = clean_text(anchor.attrib.get("title") or "") or clean_text(
            " ".join(anchor.xpath(".//text()").getall())
        )
        if not title:
            continue
        # The date printed beside the link, not one inside the title ("…2024年1月…通知").
        item = anchor.xpath("ancestor::*[self::li or self::tr][1]") or anchor.xpath(
            f"parent::*[not(@id='{_WRAPPER}')]"
        )
        beside = " ".join(item[0].xpath(".//text()[not(ancestor::a)]").getall()) if item else ""
        seen.add(url)
        entries.append(ListEntry(url=url, title=title, published_date=parse_list_date(beside)))
    return entries
