"""PDF with a text layer → text blocks and table grids; image-only PDF → OCR.

Tables come from ruling lines (transform.formats.pdf_grid); everything outside them becomes
paragraphs. Page numbers ("- 5 -") are dropped, so a table cut by a page break is followed
directly by its continuation and the two are stacked into one grid when their columns agree.

Limits (each a specific error, never a hang): encrypted documents, more than MAX_PAGES
pages, and pages larger than PDF's own 200-inch limit are refused before any page is laid
out.
"""

from __future__ import annotations

import re
from itertools import pairwise
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from transform.document import Block, ExtractedDocument, Grid, TextBlock
from transform.formats import pdf_unruled
from transform.formats.cell_text import join_lines
from transform.formats.pdf_grid import RuledTable, continues, find_tables, merge
from transform.formats.pdf_layout import Char, PageLayout, group_lines, line_text, read_page
from transform.formats.pdf_unruled import continues as unruled_continues

MAX_PAGES = 1000
MAX_PAGE_SIDE = 14_400.0  # points: the largest page the PDF specification allows (200 in)
# A page with an image and fewer characters than this is a scan (a page number or a stray
# header in the text layer does not make it readable).
MIN_TEXT_CHARS = 20

_PAGE_NUMBER = re.compile(
    r"^[-—–－~\s]*\d{1,4}[-—–－~\s]*$"
    r"|^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$"
    r"|^\d{1,4}\s*/\s*\d{1,4}$"
)
_HEADING = re.compile(
    r"^\s*[一二三四五六七八九十]+\s*[、.．]|^\s*[（(][一二三四五六七八九十]+[)）]"
)
# Bands at the top and bottom of a page where a lone number is a page number.
_MARGIN_BAND = 0.12


class PdfError(ValueError):
    """A PDF that cannot be read; the message says why, in one line."""


def extract(data: bytes) -> ExtractedDocument:
    pdf = _open(data)
    try:
        meta = _metadata(pdf)
        layouts = _read_pages(pdf)
    finally:
        pdf.close()
    scanned = [layout.number for layout in layouts if _is_scanned(layout)]
    if not any(layout.chars for layout in layouts) or len(scanned) == len(layouts):
        doc = _ocr(data)
        doc.meta = {**meta, **doc.meta}  # the document properties still name the report
        doc.title = doc.title or meta.get("Title") or None
        return doc
    doc = ExtractedDocument(format="pdf", meta=meta, title=meta.get("Title") or None)
    ocr_blocks: dict[int, list[Block]] = {}
    if scanned:
        ocr_blocks = _ocr_pages(data, scanned, doc)
    doc.blocks = _blocks(layouts, ocr_blocks)
    return doc


def _is_scanned(layout: PageLayout) -> bool:
    """A page whose content is a picture: (almost) no text layer but an image."""
    return layout.images > 0 and len(layout.chars) < MIN_TEXT_CHARS


def _open(data: bytes) -> pdfium.PdfDocument:
    if not data:
        raise PdfError("empty file")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise PdfError("encrypted PDF: a password is required to open it") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise PdfError("encrypted PDF: unsupported security handler") from None
        if b"%%EOF" not in data[-2048:]:
            raise PdfError(f"truncated PDF (no %%EOF at the end): {exc}") from None
        raise PdfError(f"corrupt PDF: {exc}") from None
    pages = len(pdf)
    if pages == 0:
        pdf.close()
        raise PdfError("corrupt PDF: no pages")
    if pages > MAX_PAGES:
        pdf.close()
        raise PdfError(f"PDF has {pages} pages (limit {MAX_PAGES})")
    return pdf


def _metadata(pdf: pdfium.PdfDocument) -> dict[str, str]:
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        return {}
    return {k: v.strip() for k, v in info.items() if isinstance(v, str) and v.strip()}


def _read_pages(pdf: pdfium.PdfDocument) -> list[PageLayout]:
    layouts: list[PageLayout] = []
    for index in range(len(pdf)):
        width, height = pdf.get_page_size(index)
        if width > MAX_PAGE_SIDE or height > MAX_PAGE_SIDE or width <= 0 or height <= 0:
            raise PdfError(
                f"page {index + 1} is {width:.0f} × {height:.0f} pt "
                f"(limit {MAX_PAGE_SIDE:.0f} pt a side)"
            )
        page = pdf[index]
        try:
            layouts.append(read_page(page, index + 1))
        finally:
            page.close()
    return layouts


def _ocr(data: bytes) -> ExtractedDocument:
    try:
        from transform.formats.ocr import ocr_pdf
    except ImportError:
        return ExtractedDocument(
            format="pdf", extraction="ocr", warnings=["image-only PDF: OCR unavailable"]
        )
    return ocr_pdf(data)


def _ocr_pages(data: bytes, pages: list[int], doc: ExtractedDocument) -> dict[int, list[Block]]:
    """OCR only the pages that are pictures, in a PDF whose other pages have text."""
    try:
        from transform.formats.ocr import ocr_pdf
    except ImportError:
        doc.warnings.append(f"pages {pages} are images: OCR unavailable, not read")
        return {}
    scanned = ocr_pdf(data, pages=pages)
    doc.warnings.extend(scanned.warnings)
    doc.extraction = "mixed"
    by_page: dict[int, list[Block]] = {}
    for block in scanned.blocks:
        by_page.setdefault(block.page or pages[0], []).append(block)
    return by_page


def _blocks(layouts: list[PageLayout], ocr_blocks: dict[int, list[Block]]) -> list[Block]:
    items: list[Block | RuledTable] = []
    unruled: dict[int, int] = {}  # id of an unruled grid -> the last page it is on
    for layout in layouts:
        if layout.number in ocr_blocks:
            items.extend(ocr_blocks[layout.number])
            continue
        tables, outside = find_tables(layout.segments, layout.chars, layout.number)
        placed: list[tuple[float, TextBlock | Grid | RuledTable]] = [(t.top, t) for t in tables]
        placed += _paragraphs(outside, layout)
        placed.sort(key=lambda p: p[0])
        for _, item in placed:
            prev = items[-1] if items else None
            if (
                isinstance(item, RuledTable)
                and isinstance(prev, RuledTable)
                and prev.pages[-1] == item.page - 1
                and continues(prev, item)
            ):
                items[-1] = merge(prev, item)
            elif (
                isinstance(item, Grid)
                and isinstance(prev, Grid)
                and unruled.get(id(prev)) == (item.page or 0) - 1
                and unruled_continues(prev, item)
            ):
                prev.rows.extend(item.rows)  # an unruled table carried on over the break
                unruled[id(prev)] = item.page or 0
            else:
                items.append(item)
                if isinstance(item, Grid):
                    unruled[id(item)] = item.page or 0
    return [i.to_grid() if isinstance(i, RuledTable) else i for i in items]


def _paragraphs(chars: list[Char], layout: PageLayout) -> list[tuple[float, TextBlock | Grid]]:
    """Lines outside ruled tables folded into paragraphs and unruled tables; page numbers
    dropped (transform.formats.pdf_unruled decides which lines are table rows).

    A line continues the paragraph above when it follows at the page's usual line pitch and
    either the line above ran to the right margin and this one is not indented, or both are
    centred (a wrapped title). A heading (一、 …, （一） …) always starts a new block so that
    section headings stay at the start of a block.
    """
    lines = [line for line in group_lines(chars) if not _is_page_number(line, layout)]
    if not lines:
        return []
    size = median(c.height for line in lines for c in line) or 10.0
    left = min(line[0].x0 for line in lines)
    right = max(line[-1].x1 for line in lines)
    tops = [min(c.top for c in line) for line in lines]
    pitches = [b - a for a, b in pairwise(tops) if b - a > 0]
    pitch = min(median(pitches), 2.5 * size) if pitches else size

    def _continues(prev: list[Char], line: list[Char], step: float, text: str) -> bool:
        if step > 1.3 * pitch or _HEADING.match(text):
            return False
        full = prev[-1].x1 >= right - 2 * size
        if full and line[0].x0 <= left + 0.6 * size:
            return True
        centre = (left + right) / 2

        def centred(ln: list[Char]) -> bool:
            return abs((ln[0].x0 + ln[-1].x1) / 2 - centre) < size and ln[0].x0 > left + size

        return centred(line) and (full or centred(prev))

    out: list[tuple[float, TextBlock | Grid]] = []
    texts: list[str] = []

    def flush() -> None:
        if texts:
            out[-1] = (out[-1][0], TextBlock(join_lines(texts), page=layout.number))
            texts.clear()

    table_end = dict(pdf_unruled.runs(lines, size))
    i = 0
    while i < len(lines):
        if i in table_end:
            flush()
            out.append((tops[i], pdf_unruled.grid(lines[i : table_end[i]], size, layout.number)))
            i = table_end[i]
            continue
        line = lines[i]
        text = line_text(line)
        if i and texts and _continues(lines[i - 1], line, tops[i] - tops[i - 1], text):
            texts.append(text)
        else:
            flush()
            texts.append(text)
            out.append((tops[i], TextBlock(text, page=layout.number)))
        i += 1
    flush()
    return out


def _is_page_number(line: list[Char], layout: PageLayout) -> bool:
    top = min(c.top for c in line)
    in_band = top < layout.height * _MARGIN_BAND or top > layout.height * (1 - _MARGIN_BAND)
    return in_band and bool(_PAGE_NUMBER.match(line_text(line)))
