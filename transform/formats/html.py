"""HTML report pages: the report body's text blocks and tables, in reading order.

Decoding: HTTP/meta charset, BOM, UTF-8, GB18030 (transform.formats.decoding). The body is
the first of the CMS containers government sites use (#UCAP-CONTENT, #zoom, .TRS_Editor …)
that holds report content; otherwise the element holding most of the six section headings.
Every <table> becomes a dense Grid with rowspan/colspan resolved (span copies carry
`origin`); layout tables that only wrap other tables are walked into, not gridded.
"""

from __future__ import annotations

import re

from lxml import etree

from transform.document import ExtractedDocument, Grid, GridCell, TextBlock
from transform.formats.decoding import decode

# Ranked: the first present one that holds report content wins. ("id", x) matches the id,
# ("class", x) one of the classes, ("tag", x) the element name.
CONTAINERS: tuple[tuple[str, str], ...] = (
    ("id", "UCAP-CONTENT"),
    ("id", "zoom"),
    ("class", "TRS_Editor"),
    ("class", "trs_editor_view"),
    ("class", "Custom_UnionStyle"),
    ("id", "vsb_content"),
    ("class", "news_cont_d_wrap"),
    ("class", "wzzw-article"),
    ("class", "article-content"),
    ("id", "content"),
    ("tag", "article"),
)
_RANK = {key: rank for rank, key in enumerate(CONTAINERS)}
_CONTAINER_TAGS = tuple(value for kind, value in CONTAINERS if kind == "tag")
# attribute values (lxml "smart strings": .getparent(), .attrname), in document order
_ID_OR_CLASS = etree.XPath("//@id | //@class")
_SPAN_ATTRIBUTES = etree.XPath(".//@rowspan | .//@colspan")


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
_LEADING_DIGITS = re.compile(r"\d+")
MAX_SPAN = 200  # a rowspan/colspan beyond this is a markup error, not a table
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)
_SECTION_HEADINGS = (
    "总体情况",
    "主动公开政府信息情况",
    "申请情况",
    "行政复议",
    "主要问题",
    "其他需要报告",
)


def extract(data: bytes) -> ExtractedDocument:
    text = _XML_DECLARATION.sub("", decode(data))
    doc = ExtractedDocument(format="html")
    if not text.strip():
        return doc
    # plain etree elements: lxml.html's per-element class lookup costs more than the parse
    root = etree.fromstring(text, _PARSER)
    if root is None:
        return doc
    doc.meta = _meta(root)
    title = root.findtext(".//title")
    doc.title = " ".join(title.split()) if title and title.strip() else None
    body = _report_body(root)
    _mark_line_breaks(body)
    _Walker(doc).walk(body)
    images = sum(1 for _ in body.iter("img"))
    if images:
        doc.warnings.append(f"{images} images in the report body")
    return doc


def _meta(root: etree._Element) -> dict[str, str]:
    meta: dict[str, str] = {}
    for m in root.iter("meta"):
        name = m.get("name") or m.get("property") or m.get("http-equiv")
        content = m.get("content")
        if name and content is not None and name not in meta:
            meta[name.strip()] = content.strip()
    return meta


def _report_body(root: etree._Element) -> etree._Element:
    """The first ranked CMS container holding report content; else the element the section
    headings point to (the deepest holding most of them), widened to hold the tables too.
    An XPath with a condition per container costs several times the parse itself, and so
    does reading every element's attributes from Python: the containers are found from the
    id/class attribute values alone (one cheap XPath) and the headings from element texts."""
    found: dict[int, list[etree._Element]] = {}
    for value in _ID_OR_CLASS(root):
        el = value.getparent()
        if el.tag in _SKIP_TAGS:
            continue
        if value.attrname == "id":
            ranks = [_RANK.get(("id", value))]
        else:
            ranks = [_RANK.get(("class", c)) for c in value.split()]
        for rank in ranks:
            if rank is not None:
                found.setdefault(rank, []).append(el)
    for tag in _CONTAINER_TAGS:
        found.setdefault(_RANK[("tag", tag)], []).extend(root.iter(tag))
    for rank in sorted(found):
        for el in found[rank]:
            if el.find(".//table") is not None or _heading_count(el) >= 2:
                return el
    return _scored(root)


def _headings(root: etree._Element) -> list[tuple[etree._Element, int]]:
    """(element, section number) for the short element texts naming a section, in order."""
    headings: list[tuple[etree._Element, int]] = []
    for el in root.iter():
        text = el.text
        if not text or len(text) > 3 * _HEADING_MAX_CHARS:
            continue
        text = text.strip()
        if not text or len(text) > _HEADING_MAX_CHARS:
            continue
        for i, heading in enumerate(_SECTION_HEADINGS):
            if heading in text:
                tag = el.tag
                if tag.__class__ is not str or tag in _SKIP_TAGS:
                    break
                headings.append((el, i))
    return headings


def _heading_count(el: etree._Element) -> int:
    text = "".join(el.itertext())
    return sum(h in text for h in _SECTION_HEADINGS)


def _scored(root: etree._Element) -> etree._Element:
    body = root.find("body")
    fallback = body if body is not None else root
    tables = root.findall(".//table")
    if not tables:
        return fallback
    if _common_ancestor(tables) is fallback and not any(
        _headings(el) for el in root if el is not fallback and fallback is not root
    ):
        # The tables already need all of <body>, and every heading is inside it: whichever
        # element the headings choose, the body holds it and the tables. Most pages without
        # a known container end here, without reading every element's text.
        return fallback
    score: dict[etree._Element, set[int]] = {}
    for el, heading in _headings(root):
        for ancestor in (el, *el.iterancestors()):
            score.setdefault(ancestor, set()).add(heading)
    if not score:
        return fallback
    best = max(len(found) for found in score.values())
    chosen = max(
        (el for el, found in score.items() if len(found) == best),
        key=lambda el: sum(1 for _ in el.iterancestors()),
    )
    common = _common_ancestor([chosen, *tables])
    return common if common is not None else fallback


def _common_ancestor(anchors: list[etree._Element]) -> etree._Element | None:
    common = [anchors[0], *anchors[0].iterancestors()]
    for el in anchors[1:]:
        ancestors = {id(a) for a in (el, *el.iterancestors())}
        common = [c for c in common if id(c) in ancestors]
    return common[0] if common else None


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
        lines = [ln.strip() for ln in _squeeze(text).split("\n")]
        joined = "\n".join([ln for ln in lines if ln])
        if joined:
            self.doc.blocks.append(TextBlock(joined))

    def _visit(self, el: etree._Element) -> None:
        tag = el.tag  # lxml builds a new str on every read: read each property once
        if tag.__class__ is not str or tag in _SKIP_TAGS:
            return
        if tag == "table" and not _has_nested_table(el):
            self._flush()
            grid = _grid(el)
            if any(grid.rows):
                self.doc.blocks.append(grid)
            return
        if tag == "br":
            return  # its "\n" is in its tail (see _mark_line_breaks)
        block = tag in _BLOCK_TAGS or tag in ("td", "th", "table")
        if block:
            self.buffer.append("\n")
        text = el.text
        if text:
            self.buffer.append(text)
        for child in el:
            self._visit(child)
            tail = child.tail
            if tail:
                self.buffer.append(tail)
        if block:
            self.buffer.append("\n")


def _has_nested_table(table: etree._Element) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def _cell_text(cell: etree._Element) -> str:
    # Text alone, or text in one <p>/<span>, is the common case: reading those few strings
    # costs a fifth of serialising the cell. <br> tails carry "\n" (see _mark_line_breaks).
    children = len(cell)
    if children == 0:
        text = cell.text or ""
    elif children == 1 and len(child := cell[0]) == 0:
        text = (cell.text or "") + (child.text or "") + (child.tail or "")
    else:
        text = etree.tostring(cell, method="text", encoding=str, with_tail=False)
    if "\n" in text or "  " in text or "\t" in text:
        lines = [ln.strip() for ln in _squeeze(text).split("\n")]
        return "\n".join(ln for ln in lines if ln)
    return text.strip()


def _squeeze(text: str) -> str:
    """Runs of spaces and tabs as one space. The regex scans character by character, so it
    runs only on text that has such a run (most report text has none)."""
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        return _SPACES.sub(" ", text)
    return text


def _mark_line_breaks(root: etree._Element) -> None:
    """Make line breaks part of the text, so that cell text is one C-level itertext()."""
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in root.iter("script", "style"):
        el.text = None


def _span(value: str | None) -> int:
    if value is None:
        return 1
    if value.isascii() and value.isdigit():  # the common case, without the regex
        return max(1, min(int(value), MAX_SPAN))
    m = _LEADING_DIGITS.match(value.strip())  # "2", " 2 ", "2px" (markup is sloppy)
    return max(1, min(int(m.group()), MAX_SPAN)) if m else 1


def _grid(table: etree._Element) -> Grid:
    """Lay the table's cells out on a dense grid, honouring rowspan and colspan.

    Rows are built left to right; cells a rowspan carries down wait in `carried` until their
    row is built. Every position a span covers holds one shared, immutable copy that points
    at the origin cell. Plain cells are immutable too: equal ones share one object (most
    cells of a report are a handful of small numbers), which saves creating one per cell.
    The span attributes are read in one XPath (most cells have none) rather than per cell."""
    spans: dict[etree._Element, dict[str, str]] = {}
    for value in _SPAN_ATTRIBUTES(table):
        spans.setdefault(value.getparent(), {})[value.attrname] = value
    carried: dict[tuple[int, int], GridCell] = {}
    plain: dict[str, GridCell] = {}
    rows: list[list[GridCell]] = []
    for r, tr in enumerate(table.iter("tr")):
        row: list[GridCell] = []
        for cell in tr.iterchildren("td", "th"):
            if carried:
                while (r, len(row)) in carried:
                    row.append(carried.pop((r, len(row))))
            text = _cell_text(cell)
            origin = plain.get(text)
            if origin is None:
                origin = plain[text] = GridCell(text)
            row.append(origin)
            span = spans.get(cell) if spans else None
            if span is None:
                continue  # the common case
            rowspan, colspan = _span(span.get("rowspan")), _span(span.get("colspan"))
            if rowspan == colspan == 1:
                continue
            c = len(row) - 1
            copy = GridCell(origin.text, origin.confidence, origin=(r, c))
            row.extend([copy] * (colspan - 1))
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    carried[(r + dr, c + dc)] = copy
        while (r, len(row)) in carried:
            row.append(carried.pop((r, len(row))))
        rows.append(row)  # even empty: origins are (row, col) indices into this list
    return Grid(rows=rows)
