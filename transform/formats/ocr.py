"""OCR of scanned and image-only reports into the same text blocks and grids as every format.

A page is rendered (PDF) or decoded (image), deskewed, and its ruled tables are found from
their lines (transform.formats.ocr_grid). Each printed cell is then read from its own crop
(transform.formats.ocr_read), never by detecting text on the whole page, which misses
isolated single digits: a wrapped cell is split into its lines by its ink's projection,
short lines (numbers, short labels) are read several to a strip as a table row prints them,
longer ones one by one. Every GridCell carries the reading's confidence (the weakest
character's; for numbers, how sure the model is of each digit against the other digits), and
a number whose digit count differs from the glyphs in its cell is never trusted, so the
mapper can mark doubtful cells uncertain. Text outside tables is detected on the page with
tables blanked out and grouped into paragraphs (TextBlocks); the metadata step finds the
agency and year there. A table printed over two pages stays two grids, one per page (the
mapper continues a table from one grid to the next).

Entry points: `ocr_pdf` (the PDF extractor calls it for pages without a text layer) and
`ocr_image` (JPG/PNG/TIFF/GIF/BMP via transform.formats.image).
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from transform.document import Block, ExtractedDocument, Grid, GridCell, TextBlock
from transform.formats.ocr_grid import CellBox, PageLayout, TableLayout, analyse_page
from transform.formats.ocr_read import (
    NUMBER,
    Reading,
    TextEngine,
    default_threads,
    digit_glyph_count,
    engine,
)

# A cell whose digit count disagrees with its glyph count is never trusted.
GLYPH_MISMATCH_CONFIDENCE = 0.5
# Cells not read because the page ran out of time.
UNREAD_CONFIDENCE = 0.0
# Line crops sent to the recogniser between two looks at the page's time limit.
RECOGNITION_CHUNK = 48
# Cell lines at most this many heights wide (a number, a short label) are read several to a
# strip (transform.formats.ocr_read.TextEngine.recognise_strips), this many to a strip.
STRIP_ASPECT = 4.0
STRIP_CROPS = 8
REC_STRIPS = 8  # strips per recogniser call
# A strip reading below this (the report's threshold for an uncertain cell) is read again.
RETRY_BELOW = 0.9
# Ink components smaller than this (in square inches) are scanner noise, not text.
SPECK_SQUARE_INCHES = 0.0004
# Pages are detected for free text at this resolution: enough for the detector, 4× cheaper.
TEXT_DETECTION_DPI = 100
# Images without a trustworthy resolution are taken as an A4 page's width.
A4_WIDTH_INCHES = 8.27
A4_HEIGHT_INCHES = 11.69
MIN_IMAGE_DPI = 150
MAX_IMAGE_DPI = 300
MAX_IMAGE_FRAMES = 100
# The longest side of a rendered PDF page, in pixels (an A4 page at 200 dpi is 2339).
MAX_PAGE_PIXELS = 8000
PDF_DPI = 200
HEADING_START = re.compile(r"[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、")


class OcrError(ValueError):
    """The bytes are not a readable PDF or image."""


@dataclass(frozen=True)
class OcrSettings:
    dpi: int = PDF_DPI  # PDF rendering resolution
    page_time_limit_s: float = 120.0  # cells still unread then are left empty, confidence 0
    threads: int = field(default_factory=default_threads)  # onnxruntime threads per session


def ocr_pdf(
    data: bytes, *, pages: Sequence[int] | None = None, settings: OcrSettings | None = None
) -> ExtractedDocument:
    """OCR a PDF's pages (1-based `pages`, default all) into an ExtractedDocument."""
    import pypdfium2 as pdfium

    settings = settings or OcrSettings()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise OcrError(f"not a readable PDF: {exc}") from exc
    doc = ExtractedDocument(format="pdf", extraction="ocr")
    try:
        count = len(pdf)
        numbers = list(pages) if pages is not None else list(range(1, count + 1))
        outside = [n for n in numbers if not 1 <= n <= count]
        if outside:
            raise OcrError(f"pages {outside} not in this {count}-page PDF")
        for number in numbers:
            page = pdf[number - 1]
            # A poster-sized page is rendered smaller rather than as a gigapixel bitmap.
            longest_inches = max(page.get_size()) / 72
            dpi = min(settings.dpi, int(MAX_PAGE_PIXELS / max(longest_inches, 1e-3)))
            gray = _as_gray(page.render(scale=dpi / 72, grayscale=True).to_numpy())
            page.close()
            _ocr_page_into(doc, gray, dpi, number, settings)
    finally:
        pdf.close()
    return doc


def ocr_image(data: bytes, *, settings: OcrSettings | None = None) -> ExtractedDocument:
    """OCR an image. Every frame of a multi-page TIFF or GIF is a page, and so is every
    page-long slice of a tall image (a long report published as one screenshot)."""
    settings = settings or OcrSettings()
    doc = ExtractedDocument(format="image", extraction="ocr")
    number = 0
    for frame, dpi in _image_frames(data, doc):
        for part in _page_slices(frame, dpi):
            number += 1
            _ocr_page_into(doc, part, dpi, number, settings)
    return doc


def _image_frames(data: bytes, doc: ExtractedDocument) -> Iterator[tuple[np.ndarray, int]]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    def unreadable(exc: Exception) -> OcrError:
        return OcrError(f"not a readable image: {type(exc).__name__}: {exc}")

    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise unreadable(exc) from exc
    frames = ImageSequence.Iterator(image)
    for index in range(MAX_IMAGE_FRAMES + 1):
        try:
            frame = frames[index]
        except IndexError:
            return
        except (Image.DecompressionBombError, OSError, ValueError, EOFError) as exc:
            raise unreadable(exc) from exc
        if index == MAX_IMAGE_FRAMES:
            doc.warnings.append(f"image has more than {MAX_IMAGE_FRAMES} frames; the rest unread")
            return
        try:
            gray = np.asarray(frame.convert("L"), dtype=np.uint8)
        except (OSError, ValueError) as exc:
            raise unreadable(exc) from exc
        yield _at_readable_scale(gray)


def _at_readable_scale(gray: np.ndarray) -> tuple[np.ndarray, int]:
    """The image and its resolution. Embedded dpi is often a meaningless 72 or 96, so the
    scale comes from the width, taken as a page's: small screenshots are enlarged to a
    readable size, and huge scans reduced to the PDF rendering size."""
    dpi = max(1, round(gray.shape[1] / A4_WIDTH_INCHES))
    target = MIN_IMAGE_DPI if dpi < MIN_IMAGE_DPI else PDF_DPI if dpi > MAX_IMAGE_DPI else dpi
    if target != dpi:
        gray = cv2.resize(
            gray, None, fx=target / dpi, fy=target / dpi, interpolation=cv2.INTER_AREA
        )
    return gray, target


def _page_slices(gray: np.ndarray, dpi: int) -> list[np.ndarray]:
    """A tall image cut into pieces about a page long: at a blank band where there is one,
    else just after the strongest horizontal line (a table's ruling, kept on both sides)."""
    page = round(A4_HEIGHT_INCHES * dpi)
    if gray.shape[0] <= 1.5 * page:
        return [gray]
    ink = (gray < 128).sum(axis=1)
    slices: list[np.ndarray] = []
    top = 0
    while gray.shape[0] - top > 1.5 * page:
        window = np.arange(top + round(0.85 * page), top + round(1.15 * page))
        blank = window[ink[window] == 0]
        if blank.size:
            cut = start = int(blank[np.argmin(np.abs(blank - (top + page)))])
        else:
            line = int(window[np.argmax(ink[window])])
            cut, start = line + 3, line - 3
        slices.append(gray[top:cut])
        top = start
    slices.append(gray[top:])
    return slices


def _as_gray(pixels: np.ndarray) -> np.ndarray:
    if pixels.ndim == 2:
        return pixels
    if pixels.shape[2] == 1:
        return pixels[:, :, 0]
    return cv2.cvtColor(pixels, cv2.COLOR_BGRA2GRAY if pixels.shape[2] == 4 else cv2.COLOR_BGR2GRAY)


def _ocr_page_into(
    doc: ExtractedDocument, gray: np.ndarray, dpi: int, number: int, settings: OcrSettings
) -> None:
    deadline = time.monotonic() + settings.page_time_limit_s
    layout = analyse_page(gray, dpi)
    text_engine = engine(settings.threads)
    positioned: list[tuple[int, Block]] = []
    for table in layout.tables:
        grid, unread = _read_table(layout, table, text_engine, deadline, number)
        if len(table.cells) > 1:
            positioned.append((table.row_edges[0], grid))
        elif grid.rows[0][0].text:
            # A ruled box around text (a boxed note or title) is no table.
            positioned.append((table.row_edges[0], TextBlock(grid.rows[0][0].text, number)))
        if table.irregular_spans:
            doc.warnings.append(
                f"page {number}: {table.irregular_spans} merged cell region(s) were not "
                "rectangles; their cells were kept apart"
            )
        if unread:
            doc.warnings.append(
                f"page {number}: OCR time limit ({settings.page_time_limit_s:.0f} s) reached; "
                f"{unread} cell(s) left unread (empty, confidence 0)"
            )
    if time.monotonic() < deadline:
        positioned.extend(_read_text(layout, text_engine, number))
    else:
        doc.warnings.append(f"page {number}: OCR time limit reached; text outside tables unread")
    positioned.sort(key=lambda item: item[0])
    doc.blocks.extend(block for _, block in positioned)


# --- tables -------------------------------------------------------------------------------


@dataclass
class _CellCrop:
    ink: np.ndarray  # the cell's text ink (ruling lines removed), cropped to the text
    image: np.ndarray  # the greyscale page over the same area


def _read_table(
    layout: PageLayout, table: TableLayout, text_engine: TextEngine, deadline: float, page: int
) -> tuple[Grid, int]:
    crops = {box: _cell_crop(layout, box) for box in table.cells}
    heights = [c.ink.shape[0] for c in crops.values() if c is not None]
    # Most cells hold one line; the typical height tells where a wrapped cell's lines part.
    line_height = min(float(np.median(heights)) if heights else layout.dpi, 0.2 * layout.dpi)
    # Every line of every cell goes through one batched stream of recognitions.
    pieces: list[tuple[CellBox, np.ndarray]] = []
    for box, crop in crops.items():
        if crop is not None:
            pieces.extend(
                (box, crop.image[top:bottom]) for top, bottom in _text_lines(crop.ink, line_height)
            )
    line_readings = _read_lines(
        [_normalised(_trimmed(image)) for _, image in pieces], text_engine, deadline
    )
    by_cell: dict[CellBox, list[Reading | None]] = {}
    for i, (box, _) in enumerate(pieces):
        by_cell.setdefault(box, []).append(line_readings.get(i))
    readings: dict[CellBox, Reading] = {}
    unread = 0
    for box, crop in crops.items():
        got = by_cell.get(box, [])
        if crop is None:
            readings[box] = Reading("", 1.0)
        elif any(r is None for r in got):
            readings[box] = Reading("", UNREAD_CONFIDENCE)
            unread += 1
        else:
            lines = [r for r in got if r is not None]
            text = "".join(r.text for r in lines)
            # Ink the recogniser cannot read is no blank cell.
            confidence = min(r.confidence for r in lines) if text else UNREAD_CONFIDENCE
            readings[box] = _checked(Reading(text, confidence), crop.ink)
    return _dense_grid(table, readings, page), unread


def _read_lines(
    images: list[np.ndarray], text_engine: TextEngine, deadline: float
) -> dict[int, Reading]:
    """Readings of one-line greyscale crops by index; those not read in time are missing.
    Short ones (numbers, short labels) are read several to a strip, longer ones batched."""
    short = [i for i, im in enumerate(images) if im.shape[1] <= STRIP_ASPECT * im.shape[0]]
    # Strips of even length: a digit left alone at the end would read as poorly as ever.
    n_strips = -(-len(short) // STRIP_CROPS)
    strips = [[int(i) for i in part] for part in np.array_split(short, n_strips)] if short else []
    # Longer lines of like shape are batched together (a batch is padded to its widest).
    long = sorted(set(range(len(images))) - set(short), key=lambda i: _aspect(images[i]))
    jobs: list[tuple[str, list[list[int]]]] = [
        ("strips", strips[k : k + REC_STRIPS]) for k in range(0, len(strips), REC_STRIPS)
    ]
    jobs += [
        ("lines", [long[k : k + RECOGNITION_CHUNK]]) for k in range(0, len(long), RECOGNITION_CHUNK)
    ]
    line_readings: dict[int, Reading] = {}
    for kind, groups in jobs:
        if time.monotonic() > deadline:
            break
        if kind == "strips":
            read = text_engine.recognise_strips([[images[i] for i in g] for g in groups])
            for group, group_readings in zip(groups, read, strict=True):
                line_readings.update(zip(group, group_readings, strict=True))
        else:
            (group,) = groups
            read_lines = text_engine.recognise([_line_image(images[i]) for i in group])
            line_readings.update(zip(group, read_lines, strict=True))
    # The model now and then drops one glyph of a strip; such a piece is read again alone.
    doubtful = [i for i in short if i in line_readings and _doubtful(line_readings[i])]
    if doubtful and time.monotonic() < deadline:
        again = text_engine.recognise([_line_image(images[i]) for i in doubtful])
        for i, reading in zip(doubtful, again, strict=True):
            before = line_readings[i]
            if reading.text and (not before.text or reading.confidence > before.confidence):
                line_readings[i] = reading
    return line_readings


def _cell_crop(layout: PageLayout, box: CellBox) -> _CellCrop | None:
    """The cell's text area, or None for a blank cell."""
    inset = max(2, layout.dpi // 50)
    y0, y1 = box.y0 + inset, box.y1 - inset
    x0, x1 = box.x0 + inset, box.x1 - inset
    if y1 <= y0 or x1 <= x0:
        return None
    lines = layout.lines[y0:y1, x0:x1]
    ink = cv2.bitwise_and(layout.ink[y0:y1, x0:x1], cv2.bitwise_not(lines))
    speck = max(4, round(SPECK_SQUARE_INCHES * layout.dpi * layout.dpi))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= speck]
    if not keep:
        return None
    text_ink = np.isin(labels, keep).astype(np.uint8) * 255
    ys, xs = np.nonzero(text_ink)
    gray = layout.image[y0:y1, x0:x1].copy()
    gray[lines > 0] = 255  # a stray piece of border is no character
    area = np.s_[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    return _CellCrop(ink=text_ink[area], image=gray[area])


def _text_lines(ink: np.ndarray, line_height: float) -> list[tuple[int, int]]:
    """Row ranges of the text lines in a cell's ink, from its horizontal projection.

    Characters such as 二 or 三 leave blank rows inside one line, so runs are joined while
    the joined run stays within a line's height.
    """
    runs: list[list[int]] = []
    for y in np.flatnonzero(ink.any(axis=1)):
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = int(y)
        else:
            runs.append([int(y), int(y)])
    joined: list[list[int]] = []
    for run in runs:
        if joined and run[1] - joined[-1][0] + 1 <= 1.25 * line_height:
            joined[-1][1] = run[1]
        else:
            joined.append(run)
    return [(top, bottom + 1) for top, bottom in joined]


def _trimmed(gray: np.ndarray) -> np.ndarray:
    """Trim paper columns off a line crop (one line of a wrapped cell is narrower than it)."""
    cols = np.flatnonzero((gray < 128).any(axis=0))
    return gray[:, cols[0] : cols[-1] + 1] if cols.size else gray


def _doubtful(reading: Reading) -> bool:
    return not reading.text or reading.confidence < RETRY_BELOW


def _aspect(image: np.ndarray) -> float:
    return image.shape[1] / image.shape[0]


def _normalised(gray: np.ndarray) -> np.ndarray:
    """Paper or cell shading stretched to white and ink to black, as in the model's training
    lines."""
    ink_level = float(np.percentile(gray, 2))
    paper = float(np.percentile(gray, 90))
    if paper - ink_level <= 20:
        return gray
    scaled = (gray.astype(np.float32) - ink_level) * (255.0 / (paper - ink_level))
    return np.clip(scaled, 0, 255).astype(np.uint8)


def _line_image(gray: np.ndarray) -> np.ndarray:
    """A tight text crop with a margin of about a quarter of the text height (more makes a
    lone 0 look like a full stop), as BGR for the recogniser."""
    height = gray.shape[0]
    pad_y = max(2, round(0.25 * height))
    pad_x = max(3, round(0.5 * height))
    padded = cv2.copyMakeBorder(gray, pad_y, pad_y, pad_x, pad_x, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(padded, cv2.COLOR_GRAY2BGR)


def _checked(reading: Reading, ink: np.ndarray) -> Reading:
    """Distrust a number whose digit count differs from the glyphs printed in the cell."""
    if not NUMBER.fullmatch(reading.text):
        return reading
    digits = sum(ch.isdigit() for ch in reading.text)
    if digit_glyph_count(ink) != digits:
        return Reading(reading.text, min(reading.confidence, GLYPH_MISMATCH_CONFIDENCE))
    return reading


def _dense_grid(table: TableLayout, readings: dict[CellBox, Reading], page: int) -> Grid:
    """Spans resolved like every format: each covered position is a copy pointing back."""
    rows: list[list[GridCell | None]] = [[None] * table.n_cols for _ in range(table.n_rows)]
    for box, reading in readings.items():
        confidence = round(float(reading.confidence), 4)
        for r in range(box.row, box.row + box.rowspan):
            for c in range(box.col, box.col + box.colspan):
                origin = None if (r, c) == (box.row, box.col) else (box.row, box.col)
                rows[r][c] = GridCell(text=reading.text, confidence=confidence, origin=origin)
    dense = [[cell or GridCell("", 1.0) for cell in row] for row in rows]
    return Grid(rows=dense, page=page)


# --- text outside tables ------------------------------------------------------------------


def _read_text(
    layout: PageLayout, text_engine: TextEngine, page: int
) -> list[tuple[int, TextBlock]]:
    """Paragraphs of the page's text outside its tables, each with its top y."""
    image = layout.image.copy()
    margin = max(2, layout.dpi // 50)
    for table in layout.tables:
        x0, y0, x1, y1 = table.bbox
        image[max(0, y0 - margin) : y1 + margin, max(0, x0 - margin) : x1 + margin] = 255
    scale = min(1.0, TEXT_DETECTION_DPI / layout.dpi)
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    boxes = text_engine.detect(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
    if not boxes:
        return []
    pad = max(2, layout.dpi // 40)
    h, w = image.shape
    lines = []
    for bx0, by0, bx1, by1 in boxes:
        x0, y0 = max(0, round(bx0 / scale) - pad), max(0, round(by0 / scale) - pad)
        x1, y1 = min(w, round(bx1 / scale) + pad), min(h, round(by1 / scale) + pad)
        if x1 > x0 and y1 > y0:
            lines.append((x0, y0, x1, y1))
    lines.sort(key=lambda b: (b[1], b[0]))
    crops = [cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_GRAY2BGR) for x0, y0, x1, y1 in lines]
    readings = text_engine.recognise(crops, numeric_hint=False)
    read_lines = [(box, r.text) for box, r in zip(lines, readings, strict=True) if r.text]
    return [(top, TextBlock(text=text, page=page)) for top, text in _paragraphs(read_lines)]


def _paragraphs(lines: list[tuple[tuple[int, int, int, int], str]]) -> list[tuple[int, str]]:
    """Join wrapped lines: a line continues the previous one when that one ran (about) to the
    right margin, it is close below, and it starts at the left margin (a new paragraph's first
    line is indented) or, for a wrapped centred title, is centred itself. A line that starts
    with a section number (一、 （二）) is a heading, whatever the line before it."""
    if not lines:
        return []
    right_margin = max(box[2] for box, _ in lines)
    left_margin = min(box[0] for box, _ in lines)

    def centred(box: tuple[int, int, int, int]) -> bool:
        indent = box[0] - left_margin
        return indent > 0 and abs(indent - (right_margin - box[2])) < 2 * (box[3] - box[1])

    paragraphs: list[tuple[int, str]] = []
    previous: tuple[int, int, int, int] | None = None
    for box, text in _same_row_joined(lines):
        height = box[3] - box[1]
        continues = (
            previous is not None
            and box[1] - previous[3] < 1.5 * height
            and not HEADING_START.match(text)
        )
        if continues and previous is not None:
            reach = right_margin - previous[2]
            continues = (reach < 1.5 * height and box[0] - left_margin < 1.5 * height) or (
                reach < 3 * height and centred(previous) and centred(box)
            )
        if continues:
            top, joined = paragraphs[-1]
            paragraphs[-1] = (top, joined + text)
        else:
            paragraphs.append((box[1], text))
        previous = box
    return paragraphs


def _same_row_joined(
    lines: list[tuple[tuple[int, int, int, int], str]],
) -> list[tuple[tuple[int, int, int, int], str]]:
    """Pieces the detector split on one printed line, joined left to right."""
    rows: list[list[tuple[tuple[int, int, int, int], str]]] = []
    for box, text in sorted(lines, key=lambda item: (item[0][1] + item[0][3]) / 2):
        centre = (box[1] + box[3]) / 2
        if rows:
            last = rows[-1][0][0]
            if abs(centre - (last[1] + last[3]) / 2) < 0.5 * (box[3] - box[1]):
                rows[-1].append((box, text))
                continue
        rows.append([(box, text)])
    joined = []
    for row in rows:
        row.sort(key=lambda item: item[0][0])
        x0 = min(b[0] for b, _ in row)
        y0 = min(b[1] for b, _ in row)
        x1 = max(b[2] for b, _ in row)
        y1 = max(b[3] for b, _ in row)
        joined.append(((x0, y0, x1, y1), "".join(t for _, t in row)))
    return joined
