"""Plain-text renderings of a report: prose lines plus tables in one of four shapes.

- pipe rows: every cell followed by " |" ("行政许可 | 383652 | ||"); a leading "|" when the
  whole run is written Markdown-style;
- one cell per line, with or without a trailing "|" (a line "|" alone is an empty cell);
- cells separated by tabs or runs of spaces ("规章  0  0  0");
- cells run together with no delimiter ("行政规范性文件6233440"): kept as printed, the
  mapper splits the digits when the template makes the split unique.

The extractor knows nothing of the report template: it only decides which lines are table
cells. Runs whose row structure is lost become `Grid(linear=True)` (one cell per row).
"""

from __future__ import annotations

import re

from transform.document import ExtractedDocument, Grid, GridCell, TextBlock
from transform.formats.decoding import decode
from transform.normalize import fold, is_value_like

_SENTENCE_END = re.compile(r"[。；;!！?？]$")
_CJK_THEN_DIGITS = re.compile(r"[\u4e00-\u9fff)）]\d+$")
_SPACED = re.compile(r"\t|\s{2,}|(?<=[\u4e00-\u9fff)）])\s+(?=[\d/\-—])|(?<=\d)\s+(?=[\d/\-—])")
_NUMBERED_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_CELL_FRAGMENT_MAX_CHARS = 40
MIN_VALUES_IN_LINEAR_RUN = 3  # fewer value lines than this is prose, not a table


def extract(data: bytes) -> ExtractedDocument:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    doc = ExtractedDocument(format="txt")
    prose: list[str] = []

    def flush_prose() -> None:
        if any(p.strip() for p in prose):
            doc.blocks.append(TextBlock("\n".join(p.rstrip() for p in prose).strip("\n")))
        prose.clear()

    i = 0
    while i < len(lines):
        if "|" in lines[i]:
            rows, end = _pipe_run(lines, i)
            flush_prose()
            doc.blocks.append(_pipe_grid(rows))
            i = end
            continue
        end = _cell_run_end(lines, i)
        grid = _cell_run_grid(lines[i:end]) if end > i else None
        if grid is not None:
            flush_prose()
            doc.blocks.append(grid)
        else:
            prose.extend(lines[i : max(end, i + 1)])
        i = max(end, i + 1)
    flush_prose()
    return doc


# --- pipe rows -----------------------------------------------------------------------------


def _pipe_run(lines: list[str], start: int) -> tuple[list[str], int]:
    """The rows of the pipe table starting at `start`, and where it ends.

    A cell's text broken over lines comes out as pipe-less lines: when rows end with "|",
    a row that does not is continued by the next line, and a short line just before a row
    begins that row's first cell ("2.其他法律行政法规禁止" / "公开 | 0 | … |"). A numbered
    heading ("三、…") is never part of a cell."""
    end = start
    while end < len(lines):
        s = lines[end].strip()
        if "|" in s or (_may_continue_a_cell(s) and end + 1 < len(lines) and "|" in lines[end + 1]):
            end += 1
        else:
            break
    raw = [ln.strip() for ln in lines[start:end]]
    piped = [ln for ln in raw if "|" in ln]
    if sum(ln.endswith("|") for ln in piped) <= len(piped) / 2:
        # rows not closed by "|": a line break cannot be placed, so it ends the table
        stop = next((k for k, ln in enumerate(raw) if "|" not in ln), len(raw))
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


def _pipe_cells(line: str, markdown: bool) -> list[str]:
    s = line.strip()
    if markdown and s.startswith("|") and s.strip("|").strip():
        s = s[1:]
    fields = s.split("|")
    if fields and fields[-1].strip() == "":
        fields = fields[:-1]  # every cell is terminated by "|": nothing follows the last one
    return [f.strip() for f in fields]


def _pipe_grid(lines: list[str]) -> Grid:
    texts = [ln.strip() for ln in lines]
    with_text = [t for t in texts if t.strip("|").strip()]
    markdown = bool(with_text) and sum(t.startswith("|") for t in with_text) > len(with_text) / 2
    rows = [_pipe_cells(ln, markdown) for ln in lines]
    if all(sum(1 for c in r if c) <= 1 for r in rows):
        # One cell per line: the rendering lost the rows; the mapper re-flows the cells.
        cells = [GridCell(c) for r in rows for c in r]
        return Grid(rows=[[c] for c in cells], linear=True)
    return Grid(rows=[[GridCell(c) for c in r] for r in rows])


# --- cells without pipes: one per line, or separated by tabs / runs of spaces -------------


def _is_cell_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= 160 and "。" not in s and not _SENTENCE_END.search(s)


def _is_value_line(cell: str) -> bool:
    s = fold(cell)
    return bool(s) and (is_value_like(s) or bool(_CJK_THEN_DIGITS.search(s)))


def _split_spaced(line: str) -> list[str]:
    return [c for c in (p.strip() for p in _SPACED.split(line.strip())) if c]


def _cell_run_end(lines: list[str], start: int) -> int:
    """End of the stretch of cell-like lines (blank lines inside allowed) from `start`."""
    if not _is_cell_line(lines[start]):
        return start
    end, last = start, start
    while end < len(lines) and "|" not in lines[end]:
        if lines[end].strip():
            if not _is_cell_line(lines[end]):
                break
            last = end
        end += 1
    return last + 1


def _cell_run_grid(lines: list[str]) -> Grid | None:
    """A grid when the stretch holds enough values: rows of separated cells when several
    lines hold 2+ cells, else one cell per line (linear); None for prose."""
    rows = [_split_spaced(ln) for ln in lines if ln.strip()]
    values = sum(_is_value_line(c) for r in rows for c in r)
    if values < MIN_VALUES_IN_LINEAR_RUN:
        return None
    if sum(len(r) >= 2 for r in rows) >= max(2, len(rows) // 4):
        return Grid(rows=[[GridCell(c) for c in r] for r in rows])
    cells = [GridCell(ln.strip()) for ln in lines if ln.strip()]
    return Grid(rows=[[c] for c in cells], linear=True)
