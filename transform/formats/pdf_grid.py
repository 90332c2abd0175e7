"""Tables rebuilt from ruling lines: the printed grid, spans and all.

A table is a connected set of horizontal and vertical ruling lines. Every distinct line
position cuts the table into elementary cells; two neighbouring elementary cells belong to
one printed cell when no ruling line separates them (that is how a rowspan or colspan
looks on paper). Characters are then dropped into the cell under their centre, so a header
wrapped mid-word ("商业企" / "业") or a rotated label printed one character per line comes
back as one cell text.

A table continued on the next page is a second line set with the same columns; `merge`
stacks the two (see `continues`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from transform.document import Grid, GridCell
from transform.formats.cell_text import join_lines
from transform.formats.pdf_layout import Char, Segment, group_lines, line_text

# Two ruling lines closer than this (points) are the same line drawn twice or by two cells.
SNAP = 2.5
# Narrower or lower than this is the gap between a double border, not a row or column.
MIN_EXTENT = 4.0

_STARTS_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．]|第)"
)
_NUMBER = re.compile(r"^[\s+\-−－]*[0-9０-９][0-9０-９,，.．%％\s]*$")


@dataclass
class PlacedCell:
    row: int
    col: int
    rows: int
    cols: int
    text: str


@dataclass
class RuledTable:
    page: int
    xs: list[float]  # column boundaries, left to right (len = columns + 1)
    ys: list[float]  # row boundaries on the table's last page (its own rows only)
    nrows: int
    cells: list[PlacedCell]
    top: float  # on the page where the table ends (for reading order and continuation)
    bottom: float
    pages: list[int] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]

    def to_grid(self) -> Grid:
        ncols = len(self.xs) - 1
        dense: list[list[GridCell | None]] = [[None] * ncols for _ in range(self.nrows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rows):
                for c in range(cell.col, cell.col + cell.cols):
                    if dense[r][c] is not None:
                        continue  # lines that do not form rectangles: first cell wins
                    origin = None if (r, c) == (cell.row, cell.col) else (cell.row, cell.col)
                    dense[r][c] = GridCell(cell.text, origin=origin)
        rows = [[c if c is not None else GridCell("") for c in row] for row in dense]
        return Grid(rows=rows, page=self.page)


def find_tables(
    segments: list[Segment], chars: list[Char], page: int
) -> tuple[list[RuledTable], list[Char]]:
    """The page's ruled tables (top to bottom) and the characters outside all of them."""
    horizontal = _merge_collinear([s for s in segments if s.horizontal], horizontal=True)
    vertical = _merge_collinear([s for s in segments if not s.horizontal], horizontal=False)
    tables: list[RuledTable] = []
    for hs, vs in _components(horizontal, vertical):
        table = _build(hs, vs, page)
        # A box (a page frame, a boxed note) has lines but no rows and columns to read.
        if table is not None and len(table.cells) > 1:
            tables.append(table)
    if not tables:
        return [], chars
    # A character inside two frames (a table drawn within a box) belongs to the inner one.
    tables.sort(key=lambda t: (t.x1 - t.x0) * (t.bottom - t.top))
    outside: list[Char] = []
    inside: list[list[Char]] = [[] for _ in tables]
    regions = [(t.x0 - SNAP, t.top - SNAP, t.x1 + SNAP, t.bottom + SNAP) for t in tables]
    for ch in chars:
        x, y = ch.xc, ch.yc
        for i, (x0, top, x1, bottom) in enumerate(regions):
            if x0 <= x <= x1 and top <= y <= bottom:
                inside[i].append(ch)
                break
        else:
            outside.append(ch)
    for table, table_chars in zip(tables, inside, strict=True):
        _fill(table, table_chars)
    tables.sort(key=lambda t: t.top)
    return tables, outside


# --- building one table --------------------------------------------------------------------


@dataclass
class _Frame:
    """A table under construction: line positions plus the segments at each of them."""

    xs: list[float]
    ys: list[float]
    vertical_at: list[list[Segment]]
    horizontal_at: list[list[Segment]]
    parent: list[int] = field(default_factory=list)
    groups: dict[int, list[int]] = field(default_factory=dict)  # root -> [r0, c0, r1, c1]


def _build(hs: list[Segment], vs: list[Segment], page: int) -> RuledTable | None:
    xs = _cluster([s.x0 for s in vs] + [min(s.x0 for s in hs), max(s.x1 for s in hs)])
    ys = _cluster([s.top for s in hs] + [min(s.top for s in vs), max(s.bottom for s in vs)])
    xs = _drop_slivers(xs)
    ys = _drop_slivers(ys)
    if len(xs) < 2 or len(ys) < 2:
        return None
    frame = _Frame(
        xs=xs,
        ys=ys,
        vertical_at=[[s for s in vs if abs(s.x0 - x) <= SNAP] for x in xs],
        horizontal_at=[[s for s in hs if abs(s.top - y) <= SNAP] for y in ys],
    )
    nrows, ncols = len(ys) - 1, len(xs) - 1
    frame.parent = list(range(nrows * ncols))
    for r in range(nrows):
        mid_y = (ys[r] + ys[r + 1]) / 2
        for c in range(ncols):
            mid_x = (xs[c] + xs[c + 1]) / 2
            if c + 1 < ncols and not _covers_y(frame.vertical_at[c + 1], mid_y):
                _union(frame.parent, r * ncols + c, r * ncols + c + 1)
            if r + 1 < nrows and not _covers_x(frame.horizontal_at[r + 1], mid_x):
                _union(frame.parent, r * ncols + c, (r + 1) * ncols + c)
    for r in range(nrows):
        for c in range(ncols):
            root = _find(frame.parent, r * ncols + c)
            box = frame.groups.setdefault(root, [r, c, r, c])
            box[0], box[1] = min(box[0], r), min(box[1], c)
            box[2], box[3] = max(box[2], r), max(box[3], c)
    cells = [
        PlacedCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, "")
        for r0, c0, r1, c1 in sorted(frame.groups.values())
    ]
    return RuledTable(
        page=page,
        xs=xs,
        ys=ys,
        nrows=nrows,
        cells=cells,
        top=ys[0],
        bottom=ys[-1],
        pages=[page],
    )


def _fill(table: RuledTable, chars: list[Char]) -> None:
    if not chars:
        return
    ys = table.ys
    by_cell: dict[tuple[int, int], list[Char]] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for cell in table.cells:
        for r in range(cell.row, cell.row + cell.rows):
            for c in range(cell.col, cell.col + cell.cols):
                owner.setdefault((r, c), (cell.row, cell.col))
    for ch in chars:
        r = min(max(bisect.bisect_right(ys, ch.yc) - 1, 0), table.nrows - 1)
        c = min(max(bisect.bisect_right(table.xs, ch.xc) - 1, 0), len(table.xs) - 2)
        by_cell.setdefault(owner[(r, c)], []).append(ch)
    for cell in table.cells:
        cell_chars = by_cell.get((cell.row, cell.col))
        if cell_chars:
            cell.text = join_lines([line_text(line) for line in group_lines(cell_chars)])


# --- continuation over a page break ------------------------------------------------------


def continues(prev: RuledTable, nxt: RuledTable) -> bool:
    """True when `nxt` (top of a later page) carries on `prev`: same frame, same columns."""
    width = prev.x1 - prev.x0
    if abs(prev.x0 - nxt.x0) > 2 * SNAP or abs(prev.x1 - nxt.x1) > 2 * SNAP or width <= 0:
        return False
    a, b = prev.xs[1:-1], nxt.xs[1:-1]
    if not a or not b:
        return len(a) == len(b)
    shared = sum(1 for x in b if any(abs(x - y) <= 2 * SNAP for y in a))
    return shared >= 0.6 * min(len(a), len(b))


def merge(prev: RuledTable, nxt: RuledTable) -> RuledTable:
    """`prev` with `nxt`'s rows appended, both re-cut onto the union of their columns."""
    xs = _cluster(prev.xs + nxt.xs, snap=2 * SNAP)
    cells = _recut(prev.cells, prev.xs, xs, 0)
    shifted = _recut(nxt.cells, nxt.xs, xs, prev.nrows)
    merged = RuledTable(
        page=prev.page,
        xs=xs,
        ys=nxt.ys,
        nrows=prev.nrows + nxt.nrows,
        cells=cells + shifted,
        top=nxt.top,
        bottom=nxt.bottom,
        pages=prev.pages + nxt.pages,
    )
    _join_broken_row(merged, prev.nrows)
    return merged


def _recut(
    cells: list[PlacedCell], old_xs: list[float], new_xs: list[float], row_shift: int
) -> list[PlacedCell]:
    column = [_nearest(new_xs, x) for x in old_xs]  # old boundary index -> new one
    return [
        PlacedCell(
            c.row + row_shift,
            column[c.col],
            c.rows,
            max(column[c.col + c.cols] - column[c.col], 1),
            c.text,
        )
        for c in cells
    ]


def _join_broken_row(table: RuledTable, first_new_row: int) -> None:
    """A row split by the page break: its label's tail on top of the next page, no numbers.

    Only a row that holds nothing but label text continuing the cells above it, right under
    a row with numbers, is folded back; a repeated header or a new section row has text
    where the previous row has numbers, or starts a cell of its own height.
    """
    if first_new_row == 0:
        return
    upper = [c for c in table.cells if c.row + c.rows == first_new_row]
    lower = [c for c in table.cells if c.row == first_new_row]
    if not lower or not any(_NUMBER.match(c.text) for c in upper):
        return
    texts = [c for c in lower if c.text]
    if not texts or any(_NUMBER.match(c.text) or c.rows > 1 for c in lower):
        return
    if any(_STARTS_ITEM.match(c.text) for c in texts):
        return  # "（五）不予处理", "1.信访…": a row of its own, not the tail of one
    for cell in texts:
        above = next((u for u in upper if u.col == cell.col and u.cols == cell.cols), None)
        if above is None or not above.text or _NUMBER.match(above.text):
            return
    for cell in texts:
        above = next(u for u in upper if u.col == cell.col and u.cols == cell.cols)
        above.text = join_lines([above.text, cell.text])
    table.cells = [c for c in table.cells if c.row != first_new_row]
    for c in table.cells:
        if c.row > first_new_row:
            c.row -= 1
        elif c.row + c.rows > first_new_row:
            c.rows = max(c.rows - 1, 1)
    table.nrows -= 1


# --- geometry helpers ------------------------------------------------------------------------


def _merge_collinear(segments: list[Segment], *, horizontal: bool) -> list[Segment]:
    """Pieces of one ruling line (drawn cell by cell) joined into one segment."""

    def pos(s: Segment) -> float:
        return s.top if horizontal else s.x0

    def span(s: Segment) -> tuple[float, float]:
        return (s.x0, s.x1) if horizontal else (s.top, s.bottom)

    merged: list[Segment] = []
    for s in sorted(segments, key=lambda s: (round(pos(s) / SNAP), span(s)[0])):
        if merged and abs(pos(merged[-1]) - pos(s)) <= SNAP:
            lo, hi = span(merged[-1])
            a, b = span(s)
            if a <= hi + SNAP:
                p = pos(merged[-1])
                hi = max(hi, b)
                merged[-1] = Segment(lo, p, hi, p) if horizontal else Segment(p, lo, p, hi)
                continue
        merged.append(s)
    return merged


def _components(hs: list[Segment], vs: list[Segment]) -> list[tuple[list[Segment], list[Segment]]]:
    parent = list(range(len(hs) + len(vs)))
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.x0 - SNAP <= v.x0 <= h.x1 + SNAP and v.top - SNAP <= h.top <= v.bottom + SNAP:
                _union(parent, i, len(hs) + j)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(_find(parent, i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(_find(parent, len(hs) + j), ([], []))[1].append(v)
    return [(h, v) for h, v in groups.values() if len(h) >= 2 and len(v) >= 2]


def _cluster(values: list[float], snap: float = SNAP) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= snap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _drop_slivers(bounds: list[float]) -> list[float]:
    kept: list[float] = []
    for b in bounds:
        if kept and b - kept[-1] < MIN_EXTENT:
            continue
        kept.append(b)
    return kept


def _covers_y(segments: list[Segment], y: float) -> bool:
    return any(s.top - SNAP <= y <= s.bottom + SNAP for s in segments)


def _covers_x(segments: list[Segment], x: float) -> bool:
    return any(s.x0 - SNAP <= x <= s.x1 + SNAP for s in segments)


def _nearest(values: list[float], x: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - x))


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], a: int, b: int) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)
