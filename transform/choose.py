"""Which crawled document carries a report's tables.

A report is published as a detail page (role `report_page`), often with attachments (PDF,
DOC, 图片版 …). The documents of one page form a `PageGroup`: every version of the page plus
every attachment linked from it. One URL of the group is chosen to carry the tables:

- an attachment, when the page body says 见附件 (详见附件, 请见附件 …) and an attachment has
  tables, or when the page itself has no tables but an attachment does;
- else the page;
- with several candidate attachments, the best read: ok before partial, text before OCR,
  then the formats whose markup survives best (FORMAT_PREFERENCE), then the URL.

Every version (sha256) of the chosen URL carries the tables of that version of the report;
the other documents stay linked to the report in the `documents` dataset.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from transform.crawled import CrawledDocument

TABLE_STATUSES = ("ok", "partial")
STATUS_PREFERENCE = ("ok", "partial", "no_tables", "failed")
EXTRACTION_PREFERENCE = ("text", "mixed", "ocr")
# Markup formats keep the table structure; PDF and images need layout or OCR guesses.
FORMAT_PREFERENCE = ("html", "docx", "xlsx", "xls", "doc", "wps", "rtf", "txt", "pdf", "image")

# Phrases, in the page body, that hand the report over to its attachment (详见附件, 请见附件,
# 请查看附件 …). 附件下载 is not one: pages with full tables offer downloads too.
SEE_ATTACHMENT = ("见附件", "查看附件")


def refers_to_attachment(data: bytes) -> bool:
    """True when the page's bytes (UTF-8 or GB18030, the encodings sites use) say 见附件."""
    for phrase in SEE_ATTACHMENT:
        for encoding in ("utf-8", "gb18030"):
            if phrase.encode(encoding) in data:
                return True
    return False


@dataclass(frozen=True)
class ParseOutcome:
    """The facts about one document's parse that choosing needs."""

    parse_status: str
    extraction: str
    format: str | None
    refers_to_attachment: bool = False

    @property
    def has_tables(self) -> bool:
        return self.parse_status in TABLE_STATUSES


@dataclass
class PageGroup:
    """A detail page's versions and its attachments (or attachments whose page is unknown)."""

    page_url: str
    documents: list[CrawledDocument] = field(default_factory=list)

    @property
    def pages(self) -> list[CrawledDocument]:
        return [d for d in self.documents if d.is_page]

    @property
    def attachments(self) -> list[CrawledDocument]:
        return [d for d in self.documents if not d.is_page]


def group_by_page(documents: Iterable[CrawledDocument]) -> list[PageGroup]:
    """One group per detail page URL; an attachment joins the page that links it."""
    docs = list(documents)
    page_url_of: dict[str, str] = {}
    for d in docs:
        if d.is_page:
            page_url_of.setdefault(d.url, d.url)
            if d.final_url:
                page_url_of.setdefault(d.final_url, d.url)
    groups: dict[str, PageGroup] = {}
    for d in docs:
        if d.is_page:
            key = d.url
        else:
            parent = d.parent_url or d.url
            key = page_url_of.get(parent, parent)
        groups.setdefault(key, PageGroup(key)).documents.append(d)
    return [groups[k] for k in sorted(groups)]


def chosen_url(group: PageGroup, outcomes: dict[str, ParseOutcome]) -> str:
    """The URL of the group whose versions carry the report's tables."""
    pages, attachments = group.pages, group.attachments

    def outcome(d: CrawledDocument) -> ParseOutcome:
        return outcomes.get(d.sha256, ParseOutcome("failed", "text", d.format))

    with_tables = [a for a in attachments if outcome(a).has_tables]
    page_has_tables = any(outcome(p).has_tables for p in pages)
    says_see_attachment = any(outcome(p).refers_to_attachment for p in pages)
    if with_tables and (says_see_attachment or not page_has_tables):
        return _best(with_tables, outcome).url
    if pages:
        return pages[0].url
    return _best(attachments, outcome).url


def _best(candidates: list[CrawledDocument], outcome) -> CrawledDocument:
    return min(candidates, key=lambda d: rank(outcome(d), d.url))


def rank(o: ParseOutcome, tie_breaker: str) -> tuple[int, int, int, str]:
    """Sort key: the better read of a report sorts first."""
    return (
        _index(STATUS_PREFERENCE, o.parse_status),
        _index(EXTRACTION_PREFERENCE, o.extraction),
        _index(FORMAT_PREFERENCE, o.format),
        tie_breaker,
    )


def _index(order: tuple[str, ...], value: str | None) -> int:
    return order.index(value) if value in order else len(order)
