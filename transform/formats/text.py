"""Plain-text renderings of a report: prose lines plus tables in one of four shapes.

- pipe rows: every cell followed by " |" ("行政许可 | 383652 | ||"); a leading "|" when the
  whole run is written Markdown-style;
- one cell per line, with or without a trailing "|" (a line "|" alone is an empty cell);
- cells separated by tabs or runs of spaces ("规章  0  0  0");
- cells run together with no delimiter ("行政规范性文件6233440"): kept as printed, the
  mapper splits the digits when the template makes the split unique.

The extractor knows nothing of the report template: it only decides which lines are table
cells. Runs whose row structure is lost become `Grid(linear=True)` (one cell per row).

Speed: the extractor should cost about what lxml takes to parse the same bytes, a fraction
of a millisecond, so per line and per cell it does as little as Python allows: every line
is stripped and classified once (`_line_kinds`), stretches of lines are found by searching
the string of their kinds, a table of pipe rows is split as one text, equal cells are one
GridCell, and regexes run only where a cheap str test says they could match.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transform.document import ExtractedDocument, Grid, GridCell, TextBlock
from transform.formats.decoding import decode
from transform.normalize import fold, is_value_like

# A line ending like a sentence is prose. Tested on the line's last character: a regex
# search anchored with "$" would try every position of the line.
_SENTENCE_END_CHARS = frozenset("。；;!！?？")
_CJK_THEN_DIGITS_BEFORE = re.compile(r"[\u4e00-\u9fff)）]")  # the character before the digits
_SPACED = re.compile(r"\t|\s{2,}|(?<=[\u4e00-\u9fff)）])\s+(?=[\d/\-—])|(?<=\d)\s+(?=[\d/\-—])")
# Searches in the string of line kinds (see _line_kinds) for where a stretch of lines ends.
_NOT_A_PIPE_ROW = re.compile(r"[^|]")
_ENDS_CELL_RUN = re.compile(r"[|t]")
_ENDS_PROSE = re.compile(r"[|c]")
# In pipe rows joined by "\n": a "|" and, later in its row, text (a cell that is not empty).
_TEXT_AFTER_A_PIPE = re.compile(r"\|[^\n]*?[^|\s]")
_NUMBERED_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_CELL_FRAGMENT_MAX_CHARS = 40
_CELL_LINE_MAX_CHARS = 160
MIN_VALUES_IN_LINEAR_RUN = 3  # fewer value lines than this is prose, not a table


class _SharedCells(dict[str, GridCell]):
    """GridCells by text, each shared by every cell printing that text (GridCell is frozen).
    Reports share most of their cell texts (the template's labels, "0", "", small counts),
    and making the cells was most of the extractor's time; a dict hit is the cheapest
    lookup there is. Bounded: it starts over when full."""

    MAX_SIZE = 1 << 12

    def __init__(self) -> None:
        super().__init__()
        # Named like a functools cache's, so that what clears those (the benchmark's cold
        # parses) clears this one too.
        self.cache_clear = self.clear

    def __missing__(self, text: str) -> GridCell:
        return self._keep(text, GridCell(text))

    def _keep(self, key: str, cell: GridCell) -> GridCell:
        if len(self) >= self.MAX_SIZE:
            self.clear()
        self[key] = cell
        return cell


class _SharedCellsByPart(_SharedCells):
    """The cells of `_SharedCells` by a piece of a pipe row between two "|"s, whitespace
    and all: most pieces recur as printed, and are then spared the strip."""

    def __missing__(self, part: str) -> GridCell:
        return self._keep(part, _CELLS[part.strip()])


_CELLS = _SharedCells()
_CELLS_BY_PART = _SharedCellsByPart()


def extract(data: bytes) -> ExtractedDocument:
    text = decode(data)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")  # as printed: prose keeps its indentation
    stripped = list(map(str.strip, lines))
    kinds = _line_kinds(stripped)
    doc = ExtractedDocument(format="txt")
    prose: list[str] = []

    def flush_prose() -> None:
        block = "\n".join([p.rstrip() for p in prose]).strip("\n")
        if block.strip():
            doc.blocks.append(TextBlock(block))
        prose.clear()

    i, n = 0, len(lines)
    while i < n:
        kind = kinds[i]
        if kind == "|":
            rows, i = _pipe_run(stripped, kinds, i)
            flush_prose()
            doc.blocks.append(_pipe_grid(rows))
        elif kind == "c":
            # The stretch of cell lines (blank lines inside allowed) runs to the last cell
            # line before a pipe row or prose.
            stop = _ENDS_CELL_RUN.search(kinds, i)
            end = kinds.rindex("c", i, stop.start() if stop else n) + 1
            grid = _cell_run_grid(stripped[i:end])
            if grid is None:
                prose.extend(lines[i:end])
            else:
                flush_prose()
                doc.blocks.append(grid)
            i = end
        else:
            stop = _ENDS_PROSE.search(kinds, i)
            end = stop.start() if stop else n
            prose.extend(lines[i:end])
            i = end
    flush_prose()
    return doc


def _line_kinds(stripped: list[str]) -> str:
    """One character per (stripped) line: " " blank, "|" pipe row, "c" could be a table cell
    (short, no sentence), "t" prose. Classifying every line in one pass lets the stretches
    of lines of one kind be found by searching this string."""
    return "".join(
        [
            " "
            if not s
            else "|"
            if "|" in s
            else "c"
            if len(s) <= _CELL_LINE_MAX_CHARS and "。" not in s and s[-1] not in _SENTENCE_END_CHARS
            else "t"
            for s in stripped
        ]
    )


# --- pipe rows -----------------------------------------------------------------------------


def _pipe_run(stripped: list[str], kinds: str, start: int) -> tuple[list[str], int]:
    """The rows of the pipe table starting at `start`, and where it ends (`stripped` holds
    the document's lines, each stripped; `kinds` their `_line_kinds`).

    A cell's text broken over lines comes out as pipe-less lines: when rows end with "|",
    a row that does not is continued by the next line, and a short line just before a row
    begins that row's first cell ("2.其他法律行政法规禁止" / "公开 | 0 | … |"). A numbered
    heading ("三、…") is never part of a cell."""
    end, n = start, len(stripped)
    while True:
        next_other = _NOT_A_PIPE_ROW.search(kinds, end)
        if next_other is None:
            end = n
            break
        end = next_other.start()
        if end + 1 < n and kinds[end + 1] == "|" and _may_continue_a_cell(stripped[end]):
            end += 1
        else:
            break
    raw = stripped[start:end]
    run_kinds = kinds[start:end]
    # Lines ending with "|" (only pipe rows can), counted in one pass over the run's text.
    closed = ("\n".join(raw) + "\n").count("|\n")
    if closed == len(raw):
        return raw, end  # every line a row closed by "|": nothing was broken over lines
    if closed <= run_kinds.count("|") / 2:
        # rows not closed by "|": a line break cannot be placed, so it ends the table
        other = _NOT_A_PIPE_ROW.search(run_kinds)
        stop = other.start() if other else len(raw)
        return raw[:stop], start + stop
    rows: list[str] = []
    prefix = ""
    for ln in raw:
        if rows and not rows[-1].endswith("|"):
            rows[-1] += "\n" + ln  # the last cell went on over the line break
        elif "|" not in ln:
            prefix += ln + "\n"  # the next row's first cell, broken over lines
        else:
            rows.append(prefix + ln)
            prefix = ""
    return rows, end


def _may_continue_a_cell(line: str) -> bool:
    return 0 < len(line) <= _CELL_FRAGMENT_MAX_CHARS and not _NUMBERED_HEADING.match(line)


def _pipe_grid(lines: list[str]) -> Grid:
    """The grid of the rows `_pipe_run` returned (each stripped, so never empty)."""
    joined = "\n".join(lines)
    # Markdown: most rows with text open with "|", which then starts no cell. A row that
    # does not open with "|" holds text (rows are stripped), so most rows must open with "|"
    # (counted here from above: a row's text may also hold "\n|").
    if 2 * (joined.startswith("|") + joined.count("\n|")) > len(lines):
        opening = [i for i, t in enumerate(lines) if t.startswith("|")]
        opened = [i for i in opening if lines[i].strip("|").strip()]
        if len(opened) > len(lines) - len(opening):
            lines = lines.copy()
            for i in opened:
                lines[i] = lines[i][1:]
            joined = "\n".join(lines)
    if _one_row_per_line(joined, len(lines)):
        return _pipe_grid_of_lines(lines, joined)
    rows: list[list[str]] = []
    for s in lines:
        fields = [f.strip() for f in s.split("|")]
        if not fields[-1]:
            fields.pop()  # every cell is terminated by "|": nothing follows the last one
        rows.append(fields)
    if all(len(r) - r.count("") <= 1 for r in rows):
        # One cell per line: the rendering lost the rows; the mapper re-flows the cells.
        return Grid(rows=[[_CELLS[c]] for r in rows for c in r], linear=True)
    return Grid(rows=[list(map(_CELLS.__getitem__, r)) for r in rows])


def _one_row_per_line(joined: str, rows: int) -> bool:
    """The `rows` rows joined by "\n" are on one line each and all but the last are closed
    by "|" (a table cut off at the end of a page leaves the last one open)."""
    newlines = joined.count("\n")
    return newlines == rows - 1 and joined.count("|\n") == newlines


def _pipe_grid_of_lines(lines: list[str], joined: str) -> Grid:
    """`_pipe_grid` of rows on one line each, all but the last closed by "|": the common
    table, read from the whole table's text at once instead of row by row.

    A row closed by "|" has one cell per "|" and nothing after its last one, so splitting
    the joined rows at every "|" gives all rows' cells in order (a row's first cell comes
    after the "\n" that `strip` removes), then the last row's text after its last "|":
    nothing when it is closed, else a cell (rows are stripped: it holds text)."""
    parts = joined.split("|")
    if not parts[-1]:
        parts.pop()
    cells = list(map(_CELLS_BY_PART.__getitem__, parts))
    if not _has_row_of_two_cells(joined):
        # One cell per line: the rendering lost the rows; the mapper re-flows the cells.
        return Grid(rows=[[cell] for cell in cells], linear=True)
    rows: list[list[GridCell]] = []
    at = 0
    for line in lines[:-1]:
        width = line.count("|")
        rows.append(cells[at : at + width])
        at += width
    rows.append(cells[at:])
    return Grid(rows=rows)


def _has_row_of_two_cells(joined: str) -> bool:
    """Some row of the joined rows holds two cells that are not empty: a cell with text
    after a "|", and text before that "|" in the same row."""
    for found in _TEXT_AFTER_A_PIPE.finditer(joined):
        pipe = found.start()
        row_start = joined.rfind("\n", 0, pipe) + 1
        if joined[row_start:pipe].replace("|", "").strip():
            return True
    return False


# --- cells without pipes: one per line, or separated by tabs / runs of spaces -------------


@lru_cache(maxsize=1 << 12)
def _is_value_line(cell: str) -> bool:
    """`cell` holds a value (cached: the template's labels recur in every report)."""
    s = fold(cell)
    return bool(s) and (is_value_like(s) or _ends_cjk_then_digits(s))


def _ends_cjk_then_digits(s: str) -> bool:
    """`s` (folded: no whitespace) ends in digits printed right after a CJK character or a
    closing bracket ("行政规范性文件6233440", "(一)予以公开0": cells run together)."""
    k = len(s)
    while k and s[k - 1].isdecimal():  # isdecimal is exactly the regex "\d" (category Nd)
        k -= 1
    return 0 < k < len(s) and _CJK_THEN_DIGITS_BEFORE.match(s, k - 1) is not None


def _split_spaced(line: str) -> list[str]:
    """The cells of a stripped line whose cells are separated by tabs / runs of spaces."""
    if not _has_whitespace(line):
        return [line]  # one cell: the common line, without the costlier split
    return [c for c in (p.strip() for p in _SPACED.split(line)) if c]


def _cell_run_grid(lines: list[str]) -> Grid | None:
    """A grid when the stretch (lines stripped) holds enough values: rows of separated cells
    when several lines hold 2+ cells, else one cell per line (linear); None for prose."""
    lines = list(filter(None, lines))
    if not _has_whitespace("".join(lines)):
        # No separators anywhere (the common one-cell-per-line run): one search, not one
        # split per line, and every row has one cell, so the grid is linear.
        if not _holds_values(lines, MIN_VALUES_IN_LINEAR_RUN):
            return None
        return Grid(rows=[[cell] for cell in map(_CELLS.__getitem__, lines)], linear=True)
    rows = [_split_spaced(ln) for ln in lines]
    if not _holds_values([c for r in rows for c in r], MIN_VALUES_IN_LINEAR_RUN):
        return None
    if sum([len(r) >= 2 for r in rows]) >= max(2, len(rows) // 4):
        return Grid(rows=[list(map(_CELLS.__getitem__, r)) for r in rows])
    return Grid(rows=[[cell] for cell in map(_CELLS.__getitem__, lines)], linear=True)


def _has_whitespace(text: str) -> bool:
    """`text`, which neither starts nor ends with whitespace, holds some. (str.split
    splits at the same characters as the regex "\\s", and scans faster.)"""
    return len(text.split(maxsplit=1)) > 1


def _holds_values(texts: list[str], count: int) -> bool:
    """At least `count` of the cell texts are values; stops looking once it has found them."""
    if len(texts) < count:
        return False
    for text in texts:
        if _is_value_line(text):
            count -= 1
            if count == 0:
                return True
    return False
