"""What a site-family adapter is: list page in, detail links and next list requests out.

The one registry-driven spider (crawler/spiders/reports.py) does the walking, politeness,
storage and recognition; an adapter only knows how one platform family lays out its column
lists and paginates them. Adapters register themselves in crawler.families.REGISTRY.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from scrapy import Request
from scrapy.http import Response


@dataclass
class ListEntry:
    """One link found on a list page: a candidate report (or a sub-column to walk)."""

    url: str
    title: str
    published_date: str | None = None  # ISO date when the list shows one
    is_column: bool = False  # a year or unit sub-column to walk as another list, not a report


@dataclass
class ListPage:
    entries: list[ListEntry] = field(default_factory=list)
    # Further list pages of the same column (pagination); the spider schedules them with
    # the adapter's callback so that the same adapter parses them.
    next_requests: list[Request] = field(default_factory=list)


class Family:
    """Base class of site-family adapters."""

    name: ClassVar[str]

    @classmethod
    def detect(cls, response: Response) -> bool:
        """True when this response is a list page of this family (page fingerprints)."""
        raise NotImplementedError

    def first_requests(self, response: Response) -> Iterable[Request]:
        """Requests to make for a column whose first page is `response`, when the family
        loads its list from an endpoint (XML proxy, JSON API) rather than the page itself.
        Default: none; the response itself is parsed with parse_list."""
        return ()

    def entry_columns(self, response: Response) -> list[ListEntry]:
        """年报 columns that an entry page of this family (a portal home, a disclosure
        catalogue) names where generic link discovery cannot see them: a gkmlpt catalogue
        is a script-configured shell whose annual-report column is /gkmlpt/annualreport.
        For the spider's entry pages this family detects, beside generic discovery.
        Default: none."""
        return []

    def parse_list(self, response: Response) -> ListPage:
        raise NotImplementedError
