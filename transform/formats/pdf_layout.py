"""What a PDF page holds, read through PDFium: positioned characters and ruling lines.

Coordinates are in points with the origin at the page's TOP-left (y grows downwards), so
that sorting by (y, x) is reading order. We call PDFium's C API directly (pypdfium2.raw)
instead of the object wrappers: a report page has hundreds of objects and the wrappers
cost more than the parse itself (the issue's budget is 3× a raw text extraction).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# A stroke or filled rectangle thinner than this is a ruling line, not a shaded area.
LINE_THICKNESS = 3.0
# A glyph box larger than this both ways is not a glyph (see _read_chars).
MAX_GLYPH = 48.0
# Form XObjects may nest; deeper nesting than this is not a table layout.
MAX_FORM_DEPTH = 4


class Char:
    """One glyph; centre and height are computed once because layout code reads them a lot."""

    __slots__ = ("bottom", "height", "text", "top", "x0", "x1", "xc", "yc")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float) -> None:
        self.text = text
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        self.xc = (x0 + x1) / 2
        self.yc = (top + bottom) / 2
        self.height = bottom - top

    def __repr__(self) -> str:
        return (
            f"Char({self.text!r}, {self.x0:.1f}, {self.x1:.1f}, {self.top:.1f}, {self.bottom:.1f})"
        )


@dataclass(frozen=True, slots=True)
class Segment:
    """A horizontal (y0 == y1) or vertical (x0 == x1) ruling line."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.bottom - self.top <= self.x1 - self.x0


@dataclass
class PageLayout:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    segments: list[Segment]
    images: int  # image objects on the page (a scan is one image and no text)


def read_page(page: pdfium.PdfPage, number: int) -> PageLayout:
    width, height = page.get_size()
    segments, images = _read_drawing(page, height)
    return PageLayout(
        number=number,
        width=width,
        height=height,
        chars=_read_chars(page, height),
        segments=segments,
        images=images,
    )


def _read_chars(page: pdfium.PdfPage, page_height: float) -> list[Char]:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        text = textpage.get_text_range()
        raw = textpage.raw
        if len(text) != count:  # surrogate pairs: fall back to one call per char
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 32) for i in range(count))
        loose = pdfium_c.FS_RECTF()
        loose_ref = ctypes.byref(loose)  # made once: ctypes converts a bare struct per call
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        get_loose, get_tight = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharBox
        chars: list[Char] = []
        append = chars.append
        for i, ch in enumerate(text):
            if ch.isspace() or ch == "\x00":
                continue  # PDFium's generated spaces and line breaks; gaps are measured instead
            # The loose box (font ascent to descent) groups lines better than the glyph's
            # ink, but for glyphs stacked by a vertical text matrix it spans a whole row:
            # then only the ink box says where the glyph is.
            if not get_loose(raw, i, loose_ref):
                continue
            x0, x1, y0, y1 = loose.left, loose.right, loose.bottom, loose.top
            if (
                x1 - x0 > MAX_GLYPH
                and y1 - y0 > MAX_GLYPH
                and get_tight(raw, i, left, right, bottom, top)
            ):
                x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
            append(Char(ch, x0, x1, page_height - y1, page_height - y0))
        return chars
    finally:
        textpage.close()


def _read_drawing(page: pdfium.PdfPage, page_height: float) -> tuple[list[Segment], int]:
    """The page's ruling lines, and how many images it shows."""
    segments: list[Segment] = []
    images = 0
    raw = page.raw
    bounds = [ctypes.c_float() for _ in range(4)]
    get_object, get_type = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType
    path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    image = pdfium_c.FPDF_PAGEOBJ_IMAGE
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = get_object(raw, i)
        kind = get_type(obj)  # most objects are text: skip them without a call
        if kind in (path, form):
            _collect(obj, bounds, page_height, segments, 0)
        elif kind == image:
            images += 1
    return segments, images


def _collect(obj, bounds, page_height: float, out: list[Segment], depth: int) -> None:  # type: ignore[no-untyped-def]
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
        for j in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _collect(pdfium_c.FPDFFormObj_GetObject(obj, j), bounds, page_height, out, depth + 1)
        return
    if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
        return
    left, bottom, right, top = bounds
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return
    x0, x1 = left.value, right.value
    y0, y1 = page_height - top.value, page_height - bottom.value
    w, h = x1 - x0, y1 - y0
    if h <= LINE_THICKNESS and w > LINE_THICKNESS:
        y = (y0 + y1) / 2
        out.append(Segment(x0, y, x1, y))
    elif w <= LINE_THICKNESS and h > LINE_THICKNESS:
        x = (x0 + x1) / 2
        out.append(Segment(x, y0, x, y1))
    elif w > LINE_THICKNESS and h > LINE_THICKNESS and _is_stroked(obj):
        # A stroked rectangle is a cell border drawn in one go; a filled one is shading.
        out.extend(
            (
                Segment(x0, y0, x1, y0),
                Segment(x0, y1, x1, y1),
                Segment(x0, y0, x0, y1),
                Segment(x1, y0, x1, y1),
            )
        )


def _is_stroked(obj) -> bool:  # type: ignore[no-untyped-def]
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return False
    # Only a closed 4-corner path is a rectangle; curves and polylines are drawings.
    return bool(stroke.value) and pdfium_c.FPDFPath_CountSegments(obj) in (4, 5)


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Chars grouped into text lines (top to bottom), each line sorted left to right."""
    if len(chars) == 1:
        return [list(chars)]
    lines: list[list[Char]] = []
    line: list[Char] = []
    centre = total = 0.0
    for ch in sorted(chars, key=_by_yc):
        yc = ch.yc
        if line and abs(yc - centre) <= (ch.height if ch.height > 1.0 else 1.0) * 0.45:
            line.append(ch)
            total += yc
            centre = total / len(line)
        else:
            line = [ch]
            lines.append(line)
            centre = total = yc
    for line in lines:
        line.sort(key=_by_x0)
    return lines


def _by_yc(c: Char) -> float:
    return c.yc


def _by_x0(c: Char) -> float:
    return c.x0


def line_text(line: list[Char]) -> str:
    """The line's text with a space wherever the gap between two glyphs is a word gap."""
    if len(line) == 1:
        return line[0].text
    parts: list[str] = [line[0].text]
    prev = line[0]
    for ch in line[1:]:
        h = ch.height if ch.height > prev.height else prev.height
        if ch.x0 - prev.x1 > 0.5 * (h if h > 1.0 else 1.0):
            parts.append(" ")
        parts.append(ch.text)
        prev = ch
    return "".join(parts)
