"""Plain-text renderings of a report: prose lines plus tables in one of four shapes.

- pipe rows: every cell followed by " |" ("行政许可 | 383652 | ||"); a leading "|" when the
  whole run is written Markdown-style;
- one cell per line, with or without a trailing "|" (a line "|" alone is an empty cell);
- cells separated by tabs or runs of spaces ("规章  0  0  0");
- cells run together with no delimiter ("行政规范性文件6233440"): kept as printed, the
  mapper splits the digits when the template makes the split unique.

The extractor knows nothing of the report template: it only decides which lines are table
cells. Runs whose row structure is lost become `Grid(linear=True)` (one cell per row).

Speed: a report is a few hundred lines, parsed in well under a millisecond, so the work per
line is kept to str methods (strip, `in`, endswith) and a regex only runs on the few lines
that could match it. Every line is stripped once, up front.
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
_WHITESPACE = re.compile(r"\s")  # every _SPACED separator holds some
# Searches in the string of line kinds (see _line_kinds) for where a stretch of lines ends.
_NOT_A_PIPE_ROW = re.compile(r"[^|]")
_ENDS_CELL_RUN = re.compile(r"[|t]")
_ENDS_PROSE = re.compile(r"[|c]")
_NUMBERED_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_CELL_FRAGMENT_MAX_CHARS = 40
_CELL_LINE_MAX_CHARS = 160
MIN_VALUES_IN_LINEAR_RUN = 3  # fewer value lines than this is prose, not a table


@lru_cache(maxsize=1 << 12)
def _grid_cell(text: str) -> GridCell:
    """The GridCell printing `text`. GridCell is immutable, so equal cells can be one object;
    making them was most of the extractor's time. Reports share most of their cell texts (the
    template's labels, "0", "", small counts), so the cells are kept across documents too,
    a bounded number of them."""
    return GridCell(text)


class _Cells(dict[str, GridCell]):
    """The cells of one document by text: a report prints ~5× fewer distinct texts than
    cells, and a dict hit is cheaper than `_grid_cell`'s. Lives for one extract call."""

    def __missing__(self, text: str) -> GridCell:
        cell = self[text] = _grid_cell(text)
        return cell


def extract(data: bytes) -> ExtractedDocument:
    text = decode(data)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")  # as printed: prose keeps its indentation
    stripped = list(map(str.strip, lines))
    kinds = _line_kinds(stripped)
    cells = _Cells()
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
            doc.blocks.append(_pipe_grid(rows, cells))
        elif kind == "c":
            # The stretch of cell lines (blank lines inside allowed) runs to the last cell
            # line before a pipe row or prose.
            stop = _ENDS_CELL_RUN.search(kinds, i)
            end = kinds.rindex("c", i, stop.start() if stop else n) + 1
            grid = _cell_run_grid(stripped[i:end], cells)
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
    closed = sum([ln.endswith("|") for ln in raw])  # only pipe rows can end with "|"
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


def _pipe_grid(lines: list[str], cells: _Cells) -> Grid:
    """The grid of the rows `_pipe_run` returned (each stripped, so never empty)."""
    markdown = False
    if any(t.startswith("|") for t in lines):
        with_text = [t for t in lines if t.strip("|").strip()]
        markdown = sum(t.startswith("|") for t in with_text) > len(with_text) / 2
    rows: list[list[str]] = []
    for s in lines:
        if markdown and s.startswith("|") and s.strip("|").strip():
            s = s[1:]
        fields = [f.strip() for f in s.split("|")]
        if not fields[-1]:
            fields.pop()  # every cell is terminated by "|": nothing follows the last one
        rows.append(fields)
    if all(len(r) - r.count("") <= 1 for r in rows):
        # One cell per line: the rendering lost the rows; the mapper re-flows the cells.
        return Grid(rows=[[cells[c]] for r in rows for c in r], linear=True)
    return Grid(rows=[[cells[c] for c in r] for r in rows])


# --- cells without pipes: one per line, or separated by tabs / runs of spaces -------------


def _is_value_line(cell: str) -> bool:
    s = fold(cell)
    return bool(s) and (is_value_like(s) or _ends_cjk_then_digits(s))


def _ends_cjk_then_digits(s: str) -> bool:
    """`s` ends in digits printed right after a CJK character or a closing bracket
    ("行政规范性文件6233440", "(一)予以公开0": cells run together)."""
    k = len(s)
    while k and s[k - 1].isdecimal():  # isdecimal is exactly the regex "\d" (category Nd)
        k -= 1
    return 0 < k < len(s) and _CJK_THEN_DIGITS_BEFORE.match(s, k - 1) is not None


def _split_spaced(line: str) -> list[str]:
    """The cells of a stripped line whose cells are separated by tabs / runs of spaces."""
    if _WHITESPACE.search(line) is None:
        return [line]  # one cell: the common line, without the costlier split
    return [c for c in (p.strip() for p in _SPACED.split(line)) if c]


def _cell_run_grid(lines: list[str], cells: _Cells) -> Grid | None:
    """A grid when the stretch (lines stripped) holds enough values: rows of separated cells
    when several lines hold 2+ cells, else one cell per line (linear); None for prose."""
    lines = [ln for ln in lines if ln]
    if _WHITESPACE.search("".join(lines)) is None:
        # No separators anywhere (the common one-cell-per-line run): one search, not one
        # split per line, and every row has one cell, so the grid is linear.
        if not _holds_values(lines, MIN_VALUES_IN_LINEAR_RUN):
            return None
        return Grid(rows=[[cells[ln]] for ln in lines], linear=True)
    rows = [_split_spaced(ln) for ln in lines]
    if not _holds_values([c for r in rows for c in r], MIN_VALUES_IN_LINEAR_RUN):
        return None
    if sum([len(r) >= 2 for r in rows]) >= max(2, len(rows) // 4):
        return Grid(rows=[[cells[c] for c in r] for r in rows])
    return Grid(rows=[[cells[ln]] for ln in lines], linear=True)


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
