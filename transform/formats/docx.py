"""DOCX (WordprocessingML) → paragraphs and table grids, read straight from the XML.

Merged cells are resolved the Word way: `w:gridSpan` spans columns of the table grid,
`w:vMerge="restart"` opens a vertical merge and a bare `w:vMerge` continues the cell above
(it prints nothing), `w:gridBefore` / `w:gridAfter` leave grid columns empty. Every covered
position becomes a span copy pointing at the cell that spans it.

The container is opened through transform.formats.zip_guard (zip-bomb limits). DOC, WPS
and RTF are converted to DOCX by LibreOffice and come through here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from transform.document import ExtractedDocument, Grid, GridCell, TextBlock
from transform.formats.cell_text import join_lines
from transform.formats.zip_guard import CorruptContainerError, open_container, read_member

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    _w(t) for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent")
)
_T, _TAB, _BR, _CR = _w("t"), _w("tab"), _w("br"), _w("cr")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def extract(data: bytes, *, fmt: str = "docx") -> ExtractedDocument:
    """`fmt` is the format to report: DOC, WPS and RTF arrive here converted to DOCX."""
    archive = open_container(data, "DOCX")
    body_xml = read_member(archive, "word/document.xml", "DOCX")
    meta = _core_properties(archive)
    try:
        root = etree.fromstring(body_xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise CorruptContainerError(f"corrupt DOCX: word/document.xml is not XML ({exc})") from None
    # Text boxes are stored twice (DrawingML and a VML fallback): read only the first.
    for fallback in root.iter(f"{{{MC}}}Fallback"):
        fallback.getparent().remove(fallback)
    body = root.find(_w("body"))
    doc = ExtractedDocument(format=fmt, meta=meta, title=meta.get("title") or None)
    if body is None:
        doc.warnings.append("DOCX has no document body")
        return doc
    for element in _block_children(body):
        if element.tag == _P:
            text = _paragraph_text(element)
            if text.strip():
                doc.blocks.append(TextBlock(text.strip()))
        elif element.tag == _TBL:
            grid = _table(element)
            if grid.rows:
                doc.blocks.append(grid)
    return doc


def _block_children(parent: etree._Element) -> list[etree._Element]:
    """Paragraphs and tables in document order, looking through content controls."""
    out: list[etree._Element] = []
    for child in parent:
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                out.extend(_block_children(content))
        elif child.tag in (_P, _TBL):
            out.append(child)
    return out


def _paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    for node in p.iter(_T, _TAB, _BR, _CR):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


# --- tables --------------------------------------------------------------------------------


@dataclass
class _Cell:
    text: str
    col: int
    span: int
    continues: bool  # a vMerge continuation: the cell above extends down into this one


def _table(tbl: etree._Element) -> Grid:
    rows: list[list[_Cell]] = []
    for tr in _children(tbl, _TR):
        col = _int_prop(tr, "trPr", "gridBefore")
        cells: list[_Cell] = []
        for tc in _children(tr, _TC):
            span = max(_int_prop(tc, "tcPr", "gridSpan") or 1, 1)
            merge = tc.find(f"{_w('tcPr')}/{_w('vMerge')}")
            continues = merge is not None and merge.get(_w("val")) in (None, "continue")
            cells.append(_Cell(_cell_text(tc), col, span, continues))
            col += span
        rows.append(cells)
    width = max((c.col + c.span for row in rows for c in row), default=0)
    dense: list[list[GridCell]] = []
    for r, row in enumerate(rows):
        line = [GridCell("") for _ in range(width)]
        for cell in row:
            owner = (r, cell.col)
            text = cell.text
            if cell.continues and r > 0:
                above = dense[r - 1][cell.col]
                owner = above.origin or (r - 1, cell.col)
                text = dense[owner[0]][owner[1]].text
            for c in range(cell.col, cell.col + cell.span):
                origin = None if (r, c) == owner else owner
                line[c] = GridCell(text, origin=origin)
        dense.append(line)
    return Grid(rows=dense)


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    out: list[etree._Element] = []
    for child in parent:
        if child.tag == tag:
            out.append(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                out.extend(_children(content, tag))
    return out


def _cell_text(tc: etree._Element) -> str:
    lines: list[str] = []
    for element in _block_children(tc):
        if element.tag == _P:
            lines.extend(_paragraph_text(element).split("\n"))
        else:  # a nested table: its rows, read as lines
            lines.extend(" ".join(c.text for c in row) for row in _table(element).rows)
    return join_lines(lines)


def _int_prop(element: etree._Element, props: str, name: str) -> int:
    node = element.find(f"{_w(props)}/{_w(name)}")
    if node is None:
        return 0
    try:
        return int(node.get(_w("val"), "0"))
    except ValueError:
        return 0


def _core_properties(archive) -> dict[str, str]:  # type: ignore[no-untyped-def]
    if "docProps/core.xml" not in archive.namelist():
        return {}
    try:
        root = etree.fromstring(read_member(archive, "docProps/core.xml", "DOCX"), _PARSER)
    except etree.XMLSyntaxError:
        return {}
    meta: dict[str, str] = {}
    for ns, name in ((DC, "title"), (DC, "subject"), (DC, "creator"), (DCTERMS, "created")):
        node = root.find(f"{{{ns}}}{name}")
        if node is not None and node.text and node.text.strip():
            meta[name] = node.text.strip()
    return meta
