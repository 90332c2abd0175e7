"""Page layout for OCR: deskew a page image and find its ruled tables and their cells.

A scanned report prints its tables with ruling lines, so the lines (not the text) tell where
rows, columns and merged cells are. The page is binarised, its skew is measured from the
horizontal projection profile and undone, long horizontal and vertical strokes are kept as
line masks, and every region where they form a grid becomes a table. Inside a table the line
positions give an elementary grid; a border between two elementary cells that has no ink
means the printed cell spans both (rowspan/colspan).

Everything here is plain image geometry (OpenCV, NumPy): no recognition happens here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

# Skew of a hand-fed or sheet-fed scan is a degree or two at most; searching wider only lets
# a page of short text lines find a wrong optimum.
MAX_SKEW_DEGREES = 3.0

# Lengths below are in inches and turned into pixels with the page's dpi. A ruling line
# segment must be longer than any stroke of body text (≈ 0.15 in at 10.5 pt); horizontal
# strokes of neighbouring characters can line up, so horizontal lines must be longer still
# (the narrowest printed columns are about 0.45 in).
MIN_VERTICAL_LINE_INCHES = 0.2
MIN_HORIZONTAL_LINE_INCHES = 0.3
# Two detected line positions closer than this are one (thick or doubled) line.
LINE_MERGE_INCHES = 0.04
# A table is at least this wide and tall; smaller line clusters are underlines or boxes.
MIN_TABLE_WIDTH_INCHES = 1.5
MIN_TABLE_HEIGHT_INCHES = 0.2
# A border counts as printed when this share of its length is inked.
BORDER_COVERAGE = 0.8


@dataclass(frozen=True)
class CellBox:
    """One printed cell: its top-left position in the elementary grid, spans and pixels."""

    row: int
    col: int
    rowspan: int
    colspan: int
    x0: int
    y0: int
    x1: int
    y1: int


@dataclass
class TableLayout:
    row_edges: list[int]  # y of each horizontal line, top to bottom
    col_edges: list[int]  # x of each vertical line, left to right
    cells: list[CellBox]
    irregular_spans: int = 0  # merged regions that were not rectangles (kept apart)
    # Printed borders: vertical_borders[r, c] is the line on col_edges[c] beside elementary
    # row r; horizontal_borders[r, c] the line on row_edges[r] above elementary column c.
    vertical_borders: np.ndarray = field(default_factory=lambda: np.ones((0, 0), dtype=bool))
    horizontal_borders: np.ndarray = field(default_factory=lambda: np.ones((0, 0), dtype=bool))

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        return self.col_edges[0], self.row_edges[0], self.col_edges[-1], self.row_edges[-1]

    @property
    def n_rows(self) -> int:
        return len(self.row_edges) - 1

    @property
    def n_cols(self) -> int:
        return len(self.col_edges) - 1


@dataclass
class PageLayout:
    image: np.ndarray  # the deskewed greyscale page (uint8, white paper)
    ink: np.ndarray  # its binarised ink mask (uint8, 255 = ink)
    lines: np.ndarray  # ink that belongs to ruling lines (uint8, 255 = line)
    skew_degrees: float  # the rotation applied to level the page (counter-clockwise > 0)
    dpi: int
    tables: list[TableLayout] = field(default_factory=list)


def analyse_page(gray: np.ndarray, dpi: int) -> PageLayout:
    """Deskew a greyscale page and find its ruled tables."""
    skew = estimate_skew(binarise(gray))
    page = rotate(gray, skew) if abs(skew) >= 0.02 else gray
    ink = binarise(page)
    horizontal, vertical = line_masks(ink, dpi)
    tables = [
        table
        for region in table_regions(horizontal, vertical, dpi)
        if (table := _table_in_region(region, ink, horizontal, vertical, dpi)) is not None
    ]
    tables.sort(key=lambda t: (t.row_edges[0], t.col_edges[0]))
    return PageLayout(
        image=page,
        ink=ink,
        lines=_ruling_ink(tables, cv2.bitwise_or(horizontal, vertical), dpi),
        skew_degrees=skew,
        dpi=dpi,
        tables=tables,
    )


def _ruling_ink(tables: list[TableLayout], line_ink: np.ndarray, dpi: int) -> np.ndarray:
    """The line-mask pixels that lie on a printed border of a table. Long strokes elsewhere
    (a large headline's vertical stroke, an underline) are text and stay in the cells."""
    band = max(2, dpi // 70) + 1
    on_border = np.zeros_like(line_ink)
    for t in tables:
        rows, cols = t.row_edges, t.col_edges
        for r, c in zip(*np.nonzero(t.vertical_borders), strict=True):
            x = cols[c]
            on_border[
                max(0, rows[r] - band) : rows[r + 1] + band + 1, max(0, x - band) : x + band + 1
            ] = 255
        for r, c in zip(*np.nonzero(t.horizontal_borders), strict=True):
            y = rows[r]
            on_border[
                max(0, y - band) : y + band + 1, max(0, cols[c] - band) : cols[c + 1] + band + 1
            ] = 255
    return cv2.bitwise_and(line_ink, on_border)


def binarise(gray: np.ndarray) -> np.ndarray:
    """Ink mask (255 = ink). Otsu's threshold, capped so that grey cell shading stays paper."""
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    threshold = min(otsu, 170.0)
    _, ink = cv2.threshold(gray, threshold, 255, cv2.THRESH_BINARY_INV)
    return ink


def estimate_skew(ink: np.ndarray) -> float:
    """The rotation in degrees (counter-clockwise > 0) that levels the page: the one that
    makes the horizontal projection profile sharpest, as text and ruling lines are when level."""
    small = cv2.resize(ink, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    best = _best_angle(small, np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, 0.2))
    half = cv2.resize(ink, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    return _best_angle(half, np.arange(best - 0.2, best + 0.2 + 1e-9, 0.02))


def _best_angle(ink: np.ndarray, angles: np.ndarray) -> float:
    scores = []
    for angle in angles:
        profile = rotate(ink, float(angle), fill=0).sum(axis=1, dtype=np.float64)
        scores.append(float(np.square(np.diff(profile)).sum()))
    return round(float(angles[int(np.argmax(scores))]), 3)


def rotate(image: np.ndarray, degrees: float, fill: int = 255) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(
        image,
        matrix,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=fill,
    )


def line_masks(ink: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling-line masks: ink runs longer than any text stroke."""
    h_length, v_length = _line_lengths(dpi)
    # Bridge the small breaks that JPEG blocking and binarisation leave in thin lines, but
    # no wider: the gap between two characters must stay open.
    bridge = max(2, dpi // 100)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, bridge), np.uint8))
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_OPEN, np.ones((1, h_length), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((bridge, 1), np.uint8))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_OPEN, np.ones((v_length, 1), np.uint8))
    return horizontal, vertical


def _line_lengths(dpi: int) -> tuple[int, int]:
    return (
        max(15, round(MIN_HORIZONTAL_LINE_INCHES * dpi)),
        max(10, round(MIN_VERTICAL_LINE_INCHES * dpi)),
    )


def table_regions(
    horizontal: np.ndarray, vertical: np.ndarray, dpi: int
) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x0, y0, x1, y1) of connected line structures big enough to be tables."""
    grid = cv2.bitwise_or(horizontal, vertical)
    grid = cv2.dilate(grid, np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
    regions = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if w >= MIN_TABLE_WIDTH_INCHES * dpi and h >= MIN_TABLE_HEIGHT_INCHES * dpi:
            regions.append((x, y, x + w, y + h))
    return regions


def _line_positions(profile: np.ndarray, min_length: int, merge: int) -> list[int]:
    """Centres of runs of profile ≥ min_length, runs closer than `merge` joined."""
    on = np.flatnonzero(profile >= min_length)
    if on.size == 0:
        return []
    positions: list[list[int]] = [[int(on[0])]]
    for p in on[1:]:
        if p - positions[-1][-1] <= merge:
            positions[-1].append(int(p))
        else:
            positions.append([int(p)])
    centres = []
    for run in positions:
        weights = profile[run[0] : run[-1] + 1].astype(np.float64)
        centres.append(round(float(np.average(np.arange(run[0], run[-1] + 1), weights=weights))))
    return centres


def _table_in_region(
    region: tuple[int, int, int, int],
    ink: np.ndarray,
    horizontal: np.ndarray,
    vertical: np.ndarray,
    dpi: int,
) -> TableLayout | None:
    x0, y0, x1, y1 = region
    h_length, v_length = _line_lengths(dpi)
    merge = max(2, round(LINE_MERGE_INCHES * dpi))
    h_profile = (horizontal[y0:y1, x0:x1] > 0).sum(axis=1)
    v_profile = (vertical[y0:y1, x0:x1] > 0).sum(axis=0)
    rows = [y0 + y for y in _line_positions(h_profile, h_length, merge)]
    cols = [x0 + x for x in _line_positions(v_profile, v_length, merge)]
    if len(rows) < 2 or len(cols) < 2:
        return None
    present_v, present_h = _borders(rows, cols, ink, dpi)
    cells, irregular = _merge_cells(rows, cols, present_v, present_h)
    return TableLayout(
        row_edges=rows,
        col_edges=cols,
        cells=cells,
        irregular_spans=irregular,
        vertical_borders=present_v,
        horizontal_borders=present_h,
    )


def _borders(
    rows: list[int], cols: list[int], ink: np.ndarray, dpi: int
) -> tuple[np.ndarray, np.ndarray]:
    """Which elementary borders are printed.

    present_v[r, c]: the vertical border left of elementary cell (r, c) for c ≥ 1, i.e. on
    col_edges[c]; present_h[r, c]: the horizontal border above cell (r, c) for r ≥ 1.
    A border is printed when a thin band along it is inked over most of its length; text that
    merely crosses where a border would be leaves the cell's padding above and below it blank.
    """
    band = max(2, dpi // 70)
    n_rows, n_cols = len(rows) - 1, len(cols) - 1
    present_v = np.ones((n_rows, n_cols + 1), dtype=bool)
    present_h = np.ones((n_rows + 1, n_cols), dtype=bool)
    for r in range(n_rows):
        top, bottom = rows[r] + band + 1, rows[r + 1] - band - 1
        for c in range(1, n_cols):
            x = cols[c]
            strip = ink[top:bottom, max(0, x - band) : x + band + 1]
            present_v[r, c] = _coverage(strip.any(axis=1)) >= BORDER_COVERAGE
    for r in range(1, n_rows):
        y = rows[r]
        for c in range(n_cols):
            left, right = cols[c] + band + 1, cols[c + 1] - band - 1
            strip = ink[max(0, y - band) : y + band + 1, left:right]
            present_h[r, c] = _coverage(strip.any(axis=0)) >= BORDER_COVERAGE
    return present_v, present_h


def _coverage(inked: np.ndarray) -> float:
    return float(inked.mean()) if inked.size else 1.0


def _merge_cells(
    rows: list[int], cols: list[int], present_v: np.ndarray, present_h: np.ndarray
) -> tuple[list[CellBox], int]:
    """Join elementary cells across missing borders; every joined region is one printed cell."""
    n_rows, n_cols = len(rows) - 1, len(cols) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not present_v[r, c + 1]:
                union(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows and not present_h[r + 1, c]:
                union(r * n_cols + c, (r + 1) * n_cols + c)

    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))

    cells: list[CellBox] = []
    irregular = 0
    for members in groups.values():
        r0 = min(r for r, _ in members)
        r1 = max(r for r, _ in members)
        c0 = min(c for _, c in members)
        c1 = max(c for _, c in members)
        if len(members) != (r1 - r0 + 1) * (c1 - c0 + 1):
            # A region that is no rectangle comes from a misjudged border: keep its
            # elementary cells apart rather than claim a span the page does not print.
            irregular += 1
            cells.extend(
                CellBox(r, c, 1, 1, cols[c], rows[r], cols[c + 1], rows[r + 1]) for r, c in members
            )
            continue
        cells.append(
            CellBox(
                row=r0,
                col=c0,
                rowspan=r1 - r0 + 1,
                colspan=c1 - c0 + 1,
                x0=cols[c0],
                y0=rows[r0],
                x1=cols[c1 + 1],
                y1=rows[r1 + 1],
            )
        )
    cells.sort(key=lambda b: (b.row, b.col))
    return cells, irregular
