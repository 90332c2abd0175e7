"""Tables printed without ruling lines, rebuilt from word positions alone.

Without lines there are no spans to resolve: a line of text whose words stand apart in
several columns (gaps wider than a character) and that holds a value is a table row, its
cells the gap-separated words. Consecutive such rows form one grid; short lines between
them (a label's wrapped tail, a rotated label's single characters) stay in the grid as
one-cell rows so that nothing printed inside the table is lost or moved out of it. Rows may
have different lengths, as in the plain-text extractor's spaced rows; the mapper aligns
them with the template.
"""

from __future__ import annotations

from itertools import pairwise

from transform.document import Grid, GridCell
from transform.formats.pdf_layout import Char, line_text
from transform.normalize import is_value_like

# A gap wider than this many character heights separates two cells.
CELL_GAP = 1.0
MIN_ROWS = 2  # fewer tabular lines than this is prose with a number in it
MAX_TAIL_CHARS = 24  # a longer single-cell line between rows is prose, not a wrapped label
NUMBER_GAP = 0.3  # a digit after a label: a smaller gap than CELL_GAP separates them
LONE_ROW_VALUES = 4  # one row alone is a table when it holds this many values
MAX_HEADER_LINES = 8  # header lines (several short cells, no values) taken in above a run
MAX_HEADER_CELL = 16


def cells_of(line: list[Char], size: float) -> list[str]:
    return [line_text(c) for c in _groups(line, size)]


def _groups(line: list[Char], size: float) -> list[list[Char]]:
    cells: list[list[Char]] = [[line[0]]]
    for prev, ch in pairwise(line):
        gap = ch.x0 - prev.x1
        # A number set off from its label by a narrower gap is still its own cell.
        if gap > CELL_GAP * size or (
            gap > NUMBER_GAP * size and ch.text.isdigit() and not _numeric(prev.text)
        ):
            cells.append([ch])
        else:
            cells[-1].append(ch)
    return cells


def is_row(cells: list[str]) -> bool:
    return len(cells) >= 2 and any(is_value_like(c) for c in cells[1:])


def _is_header(cells: list[str]) -> bool:
    return len(cells) >= 2 and all(len(c) <= MAX_HEADER_CELL for c in cells)


def _numeric(ch: str) -> bool:
    return ch.isdigit() or ch in ".,%"


def runs(lines: list[list[Char]], size: float) -> list[tuple[int, int]]:
    """[start, end) index ranges of `lines` that form unruled tables."""
    # Prose lines have no cell gaps: they are not split into text at all.
    split = [_cells_or_length(line, size) for line in lines]
    rows = [is_row(cells) for cells in split]
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not rows[i]:
            i += 1
            continue
        end, count, j = i + 1, 1, i + 1
        while j < len(lines):
            if rows[j]:
                end, count, j = j + 1, count + 1, j + 1
            elif len("".join(split[j])) <= MAX_TAIL_CHARS and _row_within(rows, j, 3):
                j += 1
            else:
                break
        values = sum(1 for c in split[i] if is_value_like(c))
        if count >= MIN_ROWS or values >= LONE_ROW_VALUES:
            start = i
            previous_end = found[-1][1] if found else 0
            while (
                start > previous_end
                and i - start < MAX_HEADER_LINES
                and (_is_header(split[start - 1]) or _is_tail(split, start - 1))
            ):
                start -= 1
            while start < i and not _is_header(split[start]):
                start += 1  # a header block starts with a line of several cells
            found.append((start, end))
        i = end
    return found


def grid(lines: list[list[Char]], size: float, page: int) -> Grid:
    return Grid(rows=[[GridCell(c) for c in cells_of(line, size)] for line in lines], page=page)


def _cells_or_length(line: list[Char], size: float) -> list[str]:
    groups = _groups(line, size)
    if len(groups) == 1:
        return ["?" * len(line)]  # only its length is ever looked at
    return [line_text(g) for g in groups]


def _is_tail(split: list[list[str]], j: int) -> bool:
    return (
        len(split[j]) == 1
        and len(split[j][0]) <= MAX_TAIL_CHARS
        and j > 0
        and _is_header(split[j - 1])
    )


def continues(prev: Grid, nxt: Grid) -> bool:
    """`nxt`, at the top of the next page, carries on `prev`: rows of about the same width
    (a stacked label's characters can add a cell to some rows)."""
    return min(prev.width, nxt.width) >= 2 and abs(prev.width - nxt.width) <= 1


def _row_within(rows: list[bool], j: int, distance: int) -> bool:
    return any(rows[k] for k in range(j + 1, min(j + 1 + distance, len(rows))))
