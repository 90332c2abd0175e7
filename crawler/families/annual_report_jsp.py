"""The Zhejiang/Shandong annual-report module: one URL per unit and year.

Portals built on these provinces' disclosure platform do not list reports as articles; a
module renders the report of one unit for one year:

    /module/xxgk/xxgkAnnualReport.jsp?area=<unit code>&fbtime=<year>

A portal's 年报 column links each unit to the module without a year (the page then shows the
latest report and a year selector), and the module page offers the other years as links or
as `<select name="fbtime">` options; some portals offer the units as `<select name="area">`.
We turn every (unit, year) the pages name into a report URL, and every unit named without a
year into a column to walk. Titles come from what the page prints (the link or option text,
the page's heading); the module serves nothing but annual reports, so an item printed only
as "2023年度" is labelled with the module's heading to say what it is.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector
from scrapy.http import Response

from crawler.families.base import Family, ListEntry, ListPage
from crawler.families.list_items import clean_text

MODULE_PATH = "/module/xxgk/xxgkAnnualReport.jsp"
MODULE_NAME = "政府信息公开年报"

_MODULE_URL_IN_SCRIPT = re.compile(
    r"""['"]([^'"\s<>]*xxgkAnnualReport\.jsp\?[^'"\s<>]*)['"]""", re.I
)
_AREA_IN_SCRIPT = re.compile(r"""\barea\s*[:=]\s*['"]([\w-]+)['"]""")
_YEAR = re.compile(r"((?:19|20)\d{2})")
_REPORT_WORDS = re.compile(r"年报|报告")


def is_module_url(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(MODULE_PATH.lower())


def module_url(location: str, area: str, year: str | None = None) -> str:
    """The module URL of `area` (and `year`) at `location`, a module URL on some host: links
    keep their own host (a city portal links its counties' modules on their hosts)."""
    query = {"area": area, **({"fbtime": year} if year else {})}
    return f"{location.split('?', 1)[0]}?{urlencode(query)}"


def module_query(url: str) -> tuple[str | None, str | None]:
    """(area, fbtime) of a module URL."""
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    return query.get("area") or None, query.get("fbtime") or None


def report_title(printed: str, year: str, heading: str) -> str:
    """A label for the report of `year`, built only from text the page prints."""
    title = printed if year in printed else f"{year}年度{printed}"
    if not _REPORT_WORDS.search(title):
        title += heading if _REPORT_WORDS.search(heading) else MODULE_NAME
    return title


class AnnualReportJSP(Family):
    name = "annual_report_jsp"

    @classmethod
    def detect(cls, response: Response) -> bool:
        if is_module_url(response.url):
            return True
        return "xxgkannualreport.jsp" in getattr(response, "text", "").lower()

    def parse_list(self, response: Response) -> ListPage:
        selector = Selector(text=response.text)
        heading = _heading(selector)
        # Where this page's own selectors point: the page itself when it is the module.
        here = response.url if is_module_url(response.url) else urljoin(response.url, MODULE_PATH)
        page_area = module_query(response.url)[0] if is_module_url(response.url) else None
        this_page = module_url(here, *module_query(response.url)) if page_area else ""
        page_area = page_area or _page_area(selector, response.text)
        found: dict[str, ListEntry] = {}

        def add(location: str, printed: str) -> None:
            area, year = module_query(location)
            if area is None:
                return
            url = module_url(location, area, year)
            if year:
                entry = ListEntry(url=url, title=report_title(printed, year, heading))
            else:
                entry = ListEntry(url=url, title=printed or heading or MODULE_NAME, is_column=True)
            if url != this_page:  # its own year selector's script names the page itself
                found.setdefault(url, entry)

        for anchor in selector.xpath("//a[@href]"):
            href = anchor.attrib["href"].strip()
            if "xxgkannualreport.jsp" in href.lower():
                text = clean_text(" ".join(anchor.xpath(".//text()").getall()))
                add(urljoin(response.url, href), text)
        for match in _MODULE_URL_IN_SCRIPT.finditer(response.text):
            add(urljoin(response.url, match.group(1).replace("&amp;", "&")), "")

        # Selectors: years of this page's unit, and other units.
        if page_area:
            for option in selector.xpath("//select[@name='fbtime' or @id='fbtime']/option[@value]"):
                year = _YEAR.search(option.attrib["value"])
                if year:
                    text = clean_text(" ".join(option.xpath(".//text()").getall()))
                    add(module_url(here, page_area, year.group(1)), text)
        for option in selector.xpath("//select[@name='area' or @id='area']/option[@value]"):
            area = option.attrib["value"].strip()
            if area:
                text = clean_text(" ".join(option.xpath(".//text()").getall()))
                add(module_url(here, area), text)
        return ListPage(entries=list(found.values()))


def _heading(selector: Selector) -> str:
    for xpath in ("//meta[@name='ColumnName']/@content", "//h1//text()", "//title//text()"):
        text = clean_text(" ".join(selector.xpath(xpath).getall()))
        if text:
            return text
    return ""


def _page_area(selector: Selector, text: str) -> str | None:
    hidden = selector.xpath("//input[@name='area']/@value").get()
    if hidden and hidden.strip():
        return hidden.strip()
    match = _AREA_IN_SCRIPT.search(text)
    return match.group(1) if match else None
