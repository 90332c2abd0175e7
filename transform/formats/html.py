"""HTML report pages: the report body's text blocks and tables, in reading order.

Decoding: HTTP/meta charset, BOM, UTF-8, GB18030 (transform.formats.decoding). The body is
the first of the CMS containers government sites use (#UCAP-CONTENT, #zoom, .TRS_Editor …)
that holds report content; otherwise the element holding most of the six section headings.
Every <table> becomes a dense Grid with rowspan/colspan resolved (span copies carry
`origin`); layout tables that only wrap other tables are walked into, not gridded.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from transform.document import ExtractedDocument, Grid, GridCell, TextBlock
from transform.formats.decoding import decode

# Ranked: the first present one that holds report content wins.
CONTAINERS: tuple[str, ...] = (
    "//*[@id='UCAP-CONTENT']",
    "//*[@id='zoom']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' trs_editor_view ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' Custom_UnionStyle ')]",
    "//*[@id='vsb_content']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' news_cont_d_wrap ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' wzzw-article ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' article-content ')]",
    "//*[@id='content']",
    "//article",
)
_SECTION_HEADINGS = (
    "总体情况",
    "主动公开政府信息情况",
    "申请情况",
    "行政复议",
    "主要问题",
    "其他需要报告",
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dl",
        "dt",
        "dd",
        "center",
        "form",
        "caption",
        "tr",
        "body",
        "html",
    ]
)
_SKIP_TAGS = frozenset(["script", "style", "noscript", "template", "head", "iframe", "object"])
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_HEADING_MAX_CHARS = 40
MAX_SPAN = 200  # a rowspan/colspan beyond this is a markup error, not a table


def extract(data: bytes) -> ExtractedDocument:
    text = _XML_DECLARATION.sub("", decode(data))
    doc = ExtractedDocument(format="html")
    if not text.strip():
        return doc
    root = lxml.html.fromstring(text)
    doc.meta = _meta(root)
    title = root.findtext(".//title")
    doc.title = " ".join(title.split()) if title and title.strip() else None
    body = _report_body(root)
    _Walker(doc).walk(body)
    return doc


def _meta(root: lxml.html.HtmlElement) -> dict[str, str]:
    meta: dict[str, str] = {}
    for m in root.iter("meta"):
        name = m.get("name") or m.get("property") or m.get("http-equiv")
        content = m.get("content")
        if name and content is not None and name not in meta:
            meta[name.strip()] = content.strip()
    return meta


def _report_body(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    for xpath in CONTAINERS:
        for el in root.xpath(xpath):
            if el.find(".//table") is not None or _heading_count(el) >= 2:
                return el
    return _best_scoring(root)


def _heading_count(el: etree._Element) -> int:
    text = "".join(el.itertext())
    return sum(h in text for h in _SECTION_HEADINGS)


def _best_scoring(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The deepest element holding the most section headings (one pass, counts bubble up)."""
    score: dict[etree._Element, set[int]] = {}
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in _SKIP_TAGS:
            continue
        text = (node.text or "").strip()
        if not text or len(text) > _HEADING_MAX_CHARS:
            continue  # an introduction naming every section is no heading
        found = {i for i, h in enumerate(_SECTION_HEADINGS) if h in text}
        if not found:
            continue
        for ancestor in (node, *node.iterancestors()):
            score.setdefault(ancestor, set()).update(found)
    if not score:
        body = root.find("body")
        return body if body is not None else root
    best = max(len(s) for s in score.values())
    # iterancestors order: the first element reaching `best` in document order's deepest
    candidates = [el for el, s in score.items() if len(s) == best]
    return max(candidates, key=lambda el: sum(1 for _ in el.iterancestors()))


class _Walker:
    """Walks the body in document order, emitting text blocks and grids."""

    def __init__(self, doc: ExtractedDocument) -> None:
        self.doc = doc
        self.buffer: list[str] = []

    def walk(self, el: etree._Element) -> None:
        self._visit(el)
        self._flush()

    def _flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
        joined = "\n".join(ln for ln in lines if ln)
        if joined:
            self.doc.blocks.append(TextBlock(joined))

    def _visit(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS or not tag:
            return
        if tag == "table" and not _has_nested_table(el):
            self._flush()
            grid = _grid(el)
            if grid.rows:
                self.doc.blocks.append(grid)
            return
        if tag == "br":
            self.buffer.append("\n")
            return
        block = tag in _BLOCK_TAGS or tag in ("td", "th", "table")
        if block:
            self.buffer.append("\n")
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self._visit(child)
            if child.tail:
                self.buffer.append(child.tail)
        if block:
            self.buffer.append("\n")


def _has_nested_table(table: etree._Element) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def _cell_text(cell: etree._Element) -> str:
    parts: list[str] = []
    for node in cell.iter():
        if not isinstance(node.tag, str):
            if node.tail:
                parts.append(node.tail)
            continue
        if node.tag in _SKIP_TAGS:
            if node.tail:
                parts.append(node.tail)
            continue
        if node.tag == "br" or (node is not cell and node.tag in ("p", "div")):
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        if node is not cell and node.tail:
            parts.append(node.tail)
    lines = [_SPACES.sub(" ", ln).strip() for ln in "".join(parts).split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _span(cell: etree._Element, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), MAX_SPAN))
    except ValueError:
        return 1


def _grid(table: etree._Element) -> Grid:
    """Lay the table's cells out on a dense grid, honouring rowspan and colspan."""
    placed: dict[tuple[int, int], GridCell] = {}
    widths: dict[int, int] = {}
    n_rows = 0
    for r, tr in enumerate(tr for tr in table.iter("tr")):
        n_rows = r + 1
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in placed:
                c += 1
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            origin = GridCell(_cell_text(cell))
            for dr in range(rowspan):
                widths[r + dr] = max(widths.get(r + dr, 0), c + colspan)
                for dc in range(colspan):
                    placed[(r + dr, c + dc)] = (
                        origin
                        if dr == dc == 0
                        else GridCell(origin.text, origin.confidence, origin=(r, c))
                    )
            c += colspan
    rows: list[list[GridCell]] = []
    for r in range(n_rows):
        width = widths.get(r, 0)
        rows.append([placed.get((r, c), GridCell("", origin=(r, c))) for c in range(width)])
    return Grid(rows=[row for row in rows if row])
