"""What a report's detail page says about itself: metadata table, meta tags, attachments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urljoin, urlsplit

from scrapy.http import TextResponse

from crawler.recognize import normalize, printed_text

METADATA_LABELS = {
    "索引号": "index_no",
    "发布机构": "publisher",
    "发文机关": "publisher",
    "成文日期": "written_date",
    "发布日期": "published_date",
    "公开日期": "published_date",
    "文号": "doc_no",
    "发文字号": "doc_no",
}
LABEL_RE = re.compile(
    r"^(" + "|".join(sorted(METADATA_LABELS, key=len, reverse=True)) + r")[:：]?(.*)$"
)
LABEL_HINT = re.compile("[索发成公文]")
DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".rtf", ".ofd")
ATTACHMENT_PATH_TOKENS = ("/attach/", "/attachment/", "downfile.jsp", "download.jsp")
# The six section headings of a report: a page carrying several of them is a report body.
REPORT_MARKERS = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "行政复议",
    "存在的主要问题",
    "其他需要报告的事项",
)


@dataclass
class AttachmentLink:
    url: str
    text: str


@dataclass
class DetailPage:
    title: str | None = None
    published_date: str | None = None
    index_no: str | None = None
    publisher: str | None = None
    written_date: str | None = None
    doc_no: str | None = None
    column_name: str | None = None
    text: str = ""
    attachments: list[AttachmentLink] = field(default_factory=list)

    def report_markers(self) -> int:
        return sum(marker in self.text for marker in REPORT_MARKERS)


def iso_date(text: str | None) -> str | None:
    match = DATE_RE.search(text or "")
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _meta(response: TextResponse, name: str) -> str | None:
    value = response.xpath(
        f"//meta[translate(@name,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')"
        f"='{name.lower()}']/@content"
    ).get()
    return value.strip() if value and value.strip() else None


def metadata_table(texts: list[str]) -> dict[str, str]:
    """Label → value from the page's text nodes in document order: the value is either in
    the same node ("索引号：006939748/2025-00084") or the next non-empty one."""
    out: dict[str, str] = {}
    for i, raw in enumerate(texts):
        if len(raw) > 80 or not LABEL_HINT.search(raw):
            continue  # cheap pre-check: labels are short and start with one of these
        match = LABEL_RE.match(normalize(raw))
        if not match:
            continue
        key = METADATA_LABELS[match.group(1)]
        value = match.group(2).strip()
        if not value and i + 1 < len(texts):
            candidate = texts[i + 1]
            if not LABEL_RE.match(normalize(candidate)):
                value = printed_text(candidate)
        if value and key not in out:
            out[key] = value
    return out


def _is_attachment_url(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith(ATTACHMENT_EXTENSIONS) or any(
        t in url.lower() for t in ATTACHMENT_PATH_TOKENS
    )


def _viewer_target(url: str) -> str:
    """pdf.js viewer links (viewer.html?file=…) point at the real file."""
    parts = urlsplit(url)
    if "viewer" in parts.path.lower():
        target = parse_qs(parts.query).get("file")
        if target:
            return urljoin(url, target[0])
    return url


def page_texts(response: TextResponse) -> list[str]:
    """The page's visible text nodes in document order (lxml directly: a parsel Selector per
    text node costs more than the rest of the page's handling)."""
    out: list[str] = []
    for text in response.selector.root.xpath("//body//text()"):
        # A tail follows its element; only a text directly inside <script>/<style> is code.
        if not text.strip() or (not text.is_tail and text.getparent().tag in ("script", "style")):
            continue
        out.append(str(text))
    return out


def attachments(response: TextResponse) -> list[AttachmentLink]:
    """Every linked or embedded document, in page order, each URL once."""
    found: dict[str, AttachmentLink] = {}
    nodes = response.selector.root.xpath(
        "//a[@href] | //iframe[@src] | //embed[@src] | //object[@data]"
    )
    for node in nodes:
        href = (node.get("href") or node.get("src") or node.get("data") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = _viewer_target(response.urljoin(href))
        if not url.startswith(("http://", "https://")) or not _is_attachment_url(url):
            continue
        text = printed_text(" ".join(node.itertext())) or printed_text(node.get("title", ""))
        url = url.split("#", 1)[0]
        if url not in found:
            found[url] = AttachmentLink(url, text)
        elif text and not found[url].text:
            found[url].text = text
    return list(found.values())


def parse_detail(response: TextResponse) -> DetailPage:
    texts = page_texts(response)
    table = metadata_table(texts[:400])  # the table sits at the top; the body can be long
    title = (
        _meta(response, "ArticleTitle")
        or printed_text(response.xpath("//title/text()").get() or "")
        or None
    )
    published = iso_date(_meta(response, "PubDate")) or iso_date(table.get("published_date"))
    return DetailPage(
        title=title,
        published_date=published,
        index_no=table.get("index_no"),
        publisher=table.get("publisher") or _meta(response, "ContentSource"),
        written_date=iso_date(table.get("written_date")),
        doc_no=table.get("doc_no"),
        column_name=_meta(response, "ColumnName"),
        text=normalize("".join(texts)),
        attachments=attachments(response),
    )
