"""From grids to canonical cells: which table, which row, which column each printed value is.

The mapper knows the report template (transform.model) and nothing of the source format. It
walks every grid row of the document in reading order, keeping track of the table it is in
(tables are recognised by their markers, so one table split over several grids or several
tables in one grid both work), and matches row labels by key phrase. Columns are taken in
printed order from the span-origin cells, which is what survives inconsistent colspans.

Rules that protect the data (data contract §2):
- a value is never invented: cells that cannot be read unambiguously keep state `text`;
- a row the template does not know becomes `extra_<n>` with its printed label; it is never
  mapped onto a standard row, and never dropped;
- trailing empty cells beyond a row's columns are layout, not data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from transform import model
from transform.document import ExtractedDocument, Grid, GridCell, TextBlock
from transform.model import Column, TableSpec
from transform.normalize import (
    fold,
    is_value_like,
    label_key,
    money_unit_in,
    parse_cell,
    without_parentheticals,
)
from transform.record import Cell
from transform.splitting import split_run_together

_CJK = re.compile(r"[\u4e00-\u9fff]")
_TRAILING_DIGITS = re.compile(r"^(.*?[^\d.])(\d+(?:\.\d+)?)$")
# Column-header words of table 4: a row holding them is a header, not a data row.
_T4_HEADER_WORDS = ("结果", "维持", "纠正", "尚未", "审结", "总计")
_HEADING_MAX_CHARS = 40  # text lines longer than this are prose, not table headings
# a line this long is prose however much indentation (U+3000, &nbsp;) it carries
_HEADING_LINE_MAX_CHARS = 3 * _HEADING_MAX_CHARS
_LEGACY_MARKERS = ("指标名称", "计量单位")


@dataclass
class Mapping:
    template: str
    cells: list[Cell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # cells kept as text (run together …)
    beyond_columns: list[str] = field(default_factory=list)  # rows printing surplus values

    @property
    def tables(self) -> set[str]:
        return {c.table for c in self.cells}

    def missing_rows(self) -> list[str]:
        """Standard rows of the tables found that the document did not print."""
        if self.template not in model.TABLES:
            return []
        rows = {(c.table, c.row) for c in self.cells}
        missing: list[str] = []
        for table in sorted(self.tables):
            spec = model.table_spec(self.template, table)
            for row in spec.rows:
                if (table, row.key) in rows:
                    continue
                if table == "t3" and row.key in (*model.T3_OTHER_SPLIT, model.T3_OTHER_SINGLE):
                    continue  # one form of （六） or the other; checked below
                missing.append(f"{table}.{row.key}")
            if table == "t3":
                single = ("t3", model.T3_OTHER_SINGLE) in rows
                split = all(("t3", k) in rows for k in model.T3_OTHER_SPLIT)
                if not single and not split:
                    missing.append("t3.other")
        return missing


class _Row:
    """One printed row: label cells first, then value cells (span copies left out).

    What the walk asks of a row several times (its folded label, whether it prints data) is
    read once here: a report has a few hundred rows and each is asked several times."""

    __slots__ = ("folded_label", "has_data", "labels", "last_key", "reflowed", "values")

    def __init__(
        self, labels: list[GridCell], values: list[GridCell], reflowed: bool = False
    ) -> None:
        self.labels = labels
        self.values = values
        # re-flowed from one cell per line: a missing value cannot be placed in its column
        self.reflowed = reflowed
        # the label cells folded and joined: what table markers and row phrases match
        if len(labels) == 1:  # most rows: no list to build and join
            self.folded_label = fold(labels[0].text)
        else:
            self.folded_label = "".join([fold(c.text) for c in labels])
        self.last_key = label_key(labels[-1].text) if labels else ""
        self.has_data = False
        for cell in values:  # a loop, not any(<generator>): this runs for every row
            if cell.text.strip():
                self.has_data = True
                break

    @property
    def label_text(self) -> str:
        return " ".join([c.text for c in self.labels])

    @property
    def key_without_digits(self) -> str:
        """The last label's key, without digits run into it when the row has no value cells."""
        key = self.last_key
        if self.values:
            return key
        m = _TRAILING_DIGITS.match(key)
        return m.group(1) if m else key


def map_document(doc: ExtractedDocument) -> Mapping:
    template = detect_template(doc)
    mapping = Mapping(template=template)
    if template not in model.TABLES:
        return mapping
    _Walker(template, mapping).walk(doc)
    return mapping


# --- template --------------------------------------------------------------------------------


def _template_signals() -> dict[str, set[str]]:
    """Header and row phrases that only one template's table 2 prints."""
    phrases: dict[str, set[str]] = {}
    for template, tables in model.TABLES.items():
        t2 = tables["t2"]
        found = {p for r in t2.rows for c in t2.columns_of(r.key) for p in c.match}
        found |= {p for r in t2.rows for p in r.match}
        phrases[template] = found
    return {
        t: p - set().union(*(q for u, q in phrases.items() if u != t)) for t, p in phrases.items()
    }


_SIGNALS = _template_signals()


def detect_template(doc: ExtractedDocument) -> str:
    """2021 or 2019 from table 2's headers (never from the year); legacy; else unknown."""
    # folded cell by cell: the cells recur from report to report (fold is cached), and NFKC
    # of a whole table's text costs ten times as much
    text = "".join([fold(c.text) for g in doc.grids for r in g.rows for c in r])
    if all(m in text for m in _LEGACY_MARKERS):
        return "legacy"
    scores = {t: sum(p in text for p in phrases) for t, phrases in _SIGNALS.items()}
    best = max(scores, key=lambda t: scores[t])
    if scores[best] and list(scores.values()).count(scores[best]) == 1:
        return best
    # No table 2 header: the split （六） rows only exist in the 2021 format.
    if any(p in text for r in model.T3_OTHER_SPLIT[:2] for p in model.T3.row(r).match):
        return "2021"
    return "unknown"


# --- rows ------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _is_label_text(text: str) -> bool:
    return bool(_CJK.search(text)) and not is_value_like(text)


def _split_row(cells: list[GridCell]) -> _Row:
    last = len(cells) - 1  # the last label cell: values follow it
    while last >= 0 and not _is_label_text(cells[last].text):
        last -= 1
    if last == 0:  # most rows: one label cell (a label is never blank)
        return _Row([cells[0]], cells[1:])
    labels = [c for c in cells[: last + 1] if c.text.strip()]
    return _Row(labels, cells[last + 1 :])


def _rows_of(grid: Grid) -> Iterator[_Row]:
    if grid.linear:
        yield from _reflow(grid)
        return
    for row in grid.rows:
        yield _split_row([c for c in row if c.origin is None])  # span copies left out


def _reflow(grid: Grid) -> Iterator[_Row]:
    """One cell per line: a label starts a row, the values after it belong to it."""
    labels: list[GridCell] = []
    values: list[GridCell] = []
    for cell in (r[0] for r in grid.rows if r):
        if _is_label_text(cell.text):
            if labels or values:
                yield _Row(labels, values, reflowed=True)
            labels, values = [cell], []
        else:
            values.append(cell)
    if labels or values:
        yield _Row(labels, values, reflowed=True)


# --- the walk --------------------------------------------------------------------------------


class _Walker:
    def __init__(self, template: str, mapping: Mapping) -> None:
        self.template = template
        self.mapping = mapping
        self.specs = model.TABLES[template]
        self.table: str | None = None
        self.emitted: set[tuple[str, str]] = set()
        self.tables_seen: set[str] = set()  # tables with at least one row emitted
        self.printed_labels: dict[tuple[str, str], str] = {}
        self.extra_count: dict[str, int] = {}
        # table 2: the block's columns (for extra rows) and the money unit its header prints
        self.t2_block_columns: tuple[Column, ...] = ()
        self.t2_header_unit: str | None = None
        # table 3: the group (（三）（四）（五）（六）) the next numbered row belongs to
        self.t3_group: str | None = None
        # table 4: the row a lone 5-value data row belongs to (three-small-tables layout)
        self.t4_pending: str | None = None
        # a label-only row just before: its label may continue on (or carry) the next row
        self.label_only: list[GridCell] = []
        self.continued_from: GridCell | None = None

    def walk(self, doc: ExtractedDocument) -> None:
        for block in doc.blocks:
            if isinstance(block, TextBlock):
                for line in block.text.split("\n"):
                    if len(line) > _HEADING_LINE_MAX_CHARS:
                        continue  # prose: not folded, so that fold's cache holds no paragraphs
                    key = fold(line)
                    if 0 < len(key) <= _HEADING_MAX_CHARS:
                        self._switch_table(key)
                continue
            for row in _rows_of(block):
                self._row(row)
        self._drop_blank_other_header()

    def _drop_blank_other_header(self) -> None:
        """A "（六）其他处理" row followed by its three sub-rows was their group label (blank)
        or their subtotal (kept as a local extra row, never as the single `other` row)."""
        if ("t3", model.T3_OTHER_SINGLE) not in self.emitted:
            return
        if not any(("t3", k) in self.emitted for k in model.T3_OTHER_SPLIT):
            return
        single = [c for c in self.mapping.cells if (c.table, c.row) == ("t3", "other")]
        self.emitted.discard(("t3", model.T3_OTHER_SINGLE))
        if all(c.state == "blank" for c in single):
            self.mapping.cells = [c for c in self.mapping.cells if c not in single]
            return
        # numbers on the group row itself: a local subtotal of its sub-rows
        n = self.extra_count.get("t3", 0) + 1
        self.extra_count["t3"] = n
        for c in single:
            c.row, c.raw_label = f"extra_{n}", self.printed_labels.get(("t3", "other"))
        self.mapping.warnings.append(f"t3: （六）其他处理 subtotal kept as extra_{n}")

    def _switch_table(self, text: str) -> bool:
        table = _table_named(self.template, text)
        if table is None:
            return False
        if table != self.table:
            self.table = table
            self.t3_group = None
            self.t4_pending = None
        if table == "t2" and "第二十条" in text:
            self.t2_block_columns, self.t2_header_unit = (), None
        return True

    def _row(self, row: _Row) -> None:
        if _is_page_furniture(row):
            return
        previous, self.label_only = self.label_only, []
        if not row.labels and row.has_data and self.table in ("t2", "t3") and previous:
            row = _Row(labels=previous, values=row.values)  # values on the row after their label
        elif previous and row.labels and self.table in ("t2", "t3"):
            self.continued_from = previous[-1]
        cells_before = len(self.mapping.cells)
        self._dispatch(row)
        self.continued_from = None
        # a label with no value cells may continue on the next row (page break), unless it
        # was a row on its own (blank cells, or digits run into the label)
        if row.labels and not row.has_data and len(self.mapping.cells) == cells_before:
            self.label_only = row.labels

    def _dispatch(self, row: _Row) -> None:
        text = row.folded_label
        if row.labels and not row.has_data:
            self._switch_table(text)
            self._header(row, text)
            if self.table and row.values:
                # a standard row printed with every cell empty is data (all blank)
                getattr(self, f"_{self.table}_row")(row)
            return
        # a data row can name its table ("一、本年新收…", "行政复议"): the header may be lost
        self._switch_table(text)
        t2_seen = "t2" in self.tables_seen
        if self.table in (None, "t4") and not t2_seen and self._match_t2(row) is not None:
            self.table = "t2"  # table 2 rows before any table-2 header (prose said 行政复议)
        if self.table is None:
            return
        getattr(self, f"_{self.table}_row")(row)

    def _header(self, row: _Row, text: str) -> None:
        """A row without values: table markers, block headers, group labels."""
        if self.table == "t2":
            unit = money_unit_in(text)
            if unit:
                self.t2_header_unit = unit
        elif self.table == "t3":
            self._t3_note_group(row)
        elif self.table == "t4":
            named = [r.key for r in model.T4.rows if _matches(text, r.match)]
            if len(named) == 1:
                self.t4_pending = named[0]
        # a standard row printed without any value cell: digits may be run into its label
        if self.table and row.labels and _TRAILING_DIGITS.match(fold(row.labels[-1].text)):
            getattr(self, f"_{self.table}_row")(row)

    # --- table 2 ---------------------------------------------------------------------------

    def _match_t2(self, row: _Row) -> str | None:
        return self._match(row, f"t2/{self.template}")

    def _match(self, row: _Row, rows: str) -> str | None:
        """Match the row's own label, else its label continued from the row before
        (a label broken over a page break: "5.要求行政机关确认或" / "重新出具已获取信息")."""
        key = row.key_without_digits
        found = _match_rows(key, rows)
        if found is None and self.continued_from is not None:
            found = _match_rows(label_key(self.continued_from.text) + key, rows)
        return found

    def _t2_row(self, row: _Row) -> None:
        spec = self.specs["t2"]
        key = self._match_t2(row)
        if key is None or ("t2", key) in self.emitted:
            if _is_block_marker(row) or not row.has_data:
                self._switch_table(row.folded_label)
                return
            self._extra(spec, row, self.t2_block_columns or spec.columns_of(spec.rows[0].key))
            return
        columns = spec.columns_of(key)
        self.t2_block_columns = columns
        self._emit(spec, key, columns, row)

    # --- table 3 ---------------------------------------------------------------------------

    def _t3_note_group(self, row: _Row) -> None:
        for cell in row.labels:
            group = _t3_group_named(label_key(cell.text))
            if group is not _NO_GROUP_CHANGE:
                self.t3_group = group

    def _t3_row(self, row: _Row) -> None:
        self._t3_note_group(row)
        key = row.key_without_digits
        row_key = self._match(row, "t3/specific")
        seen_data = "t3" in self.tables_seen
        if row_key is None and seen_data:
            if "其他处理" in key:
                # "（六）其他处理3.其他": the group and its third item printed in one cell
                after = key.split("其他处理", 1)[1]
                row_key = "other_other" if "其他" in after else model.T3_OTHER_SINGLE
            elif "总计" in key or fold(row.label_text).startswith("(七)合计"):
                row_key = "total_processed"  # "（七）合计" in some local templates
            elif key.startswith("其他") and self.t3_group == "6":
                row_key = "other_other"
        if (
            row_key is None
            and not seen_data
            and not _is_block_marker(row)
            and not any(parse_cell(c.text).state == "number" for c in row.values)
        ):
            return  # header rows before the first data row
        if row_key is None or ("t3", row_key) in self.emitted:
            if _is_block_marker(row):
                self._switch_table(row.folded_label)
                return
            self._extra(model.T3, row, model.T3.columns)
            return
        self._emit(model.T3, row_key, model.T3.columns, row)

    # --- table 4 ---------------------------------------------------------------------------

    def _t4_row(self, row: _Row) -> None:
        text = row.folded_label
        named = [r.key for r in model.T4.rows if _matches(text, r.match)]
        last = row.last_key
        labelled = len(named) == 1 and not any(w in last for w in _T4_HEADER_WORDS)
        width = len(model.T4.columns)
        # an all-blank row is data only when it is exactly one label and five cells
        blank_row = len(row.labels) == 1 and len(row.values) == width
        if labelled and (row.has_data or blank_row):
            if ("t4", named[0]) in self.emitted:
                self._extra(model.T4, row, model.T4.columns)
            else:
                self._emit(model.T4, named[0], model.T4.columns, row)
            return
        if not row.has_data:
            if labelled:  # "行政复议 | ||||": the title of a small table and its span
                self.t4_pending = named[0]
            return
        values = _trim_trailing_blanks(row.values)
        if len(row.values) >= width * len(model.T4.rows) or (
            len(values) == 1 and len(fold(values[0].text)) >= width * len(model.T4.rows)
        ):
            self._t4_one_row(row)
            return
        target = self.t4_pending or next(
            (r.key for r in model.T4.rows if ("t4", r.key) not in self.emitted), None
        )
        if target is None or ("t4", target) in self.emitted:
            self._extra(model.T4, row, model.T4.columns)
            return
        self._emit(model.T4, target, model.T4.columns, row)
        self.t4_pending = None

    def _t4_one_row(self, row: _Row) -> None:
        """The usual layout: one data row of 15 values, 5 per row of the table."""
        width = len(model.T4.columns)
        n = width * len(model.T4.rows)
        cells = _values_or_split(row.values, n, "t4", row)
        if cells is None:
            self._unreadable(model.T4, [r.key for r in model.T4.rows], row)
            return
        for i, r in enumerate(model.T4.rows):
            part = _Row(labels=row.labels, values=cells[i * width : (i + 1) * width])
            self._emit(model.T4, r.key, model.T4.columns, part, split_checked=True)

    # --- emitting --------------------------------------------------------------------------

    def _emit(
        self,
        spec: TableSpec,
        row_key: str,
        columns: tuple[Column, ...],
        row: _Row,
        *,
        split_checked: bool = False,
        raw_label: str | None = None,
    ) -> None:
        if (spec.key, row_key) in self.emitted:  # printed twice: the second is a local row
            if not row_key.startswith("extra_"):
                self._extra(spec, row, columns)
            return
        values = row.values
        if not split_checked:
            values = _values_or_split(values, len(columns), spec.key, row)
            if values is None:
                self._unreadable(spec, [row_key], row, columns)
                return
            if row.reflowed and 0 < len(values) < len(columns) and row.values:
                # one cell per line and too few values: which column lost one is unknowable
                raw = " ".join(c.text for c in values)
                self._unreadable(spec, [row_key], row, columns, raw=raw)
                return
        table = spec.key
        self.emitted.add((table, row_key))
        self.tables_seen.add(table)
        self.printed_labels[(table, row_key)] = row.label_text
        if len(values) > len(columns):
            extra = [c.text for c in values[len(columns) :] if c.text.strip()]
            if extra:
                self.mapping.beyond_columns.append(f"{table}.{row_key}")
                self.mapping.warnings.append(
                    f"{table}.{row_key}: values beyond the {len(columns)} columns ignored: {extra}"
                )
        unit = self.t2_header_unit if table == "t2" else None
        cells = self.mapping.cells
        for col, cell in zip(columns, values, strict=False):
            text = cell.text
            # no keywords for counts: a cheaper key for parse_cell's cache
            read = parse_cell(text, money=True, header_unit=unit) if col.money else parse_cell(text)
            state = read.state
            # positional: Cell(table, row, col, value, raw, state, unit, confidence, raw_label)
            cells.append(
                Cell(
                    table,
                    row_key,
                    col.key,
                    read.value,
                    text.strip(),
                    state,
                    read.unit,
                    cell.confidence,
                    raw_label,
                )
            )
            if state == "text":
                self.mapping.unreadable.append(f"{table}.{row_key}.{col.key}")
        if len(values) < len(columns):
            self.mapping.warnings.append(
                f"{spec.key}.{row_key}: {len(values)} of {len(columns)} values printed"
            )

    def _extra(self, spec: TableSpec, row: _Row, columns: tuple[Column, ...]) -> None:
        if not row.has_data:
            return
        n = self.extra_count.get(spec.key, 0) + 1
        self.extra_count[spec.key] = n
        label = row.label_text or "(no label)"
        self.mapping.warnings.append(f"{spec.key}: local row {label!r} kept as extra_{n}")
        self._emit(spec, f"extra_{n}", columns, row, raw_label=label)

    def _unreadable(
        self,
        spec: TableSpec,
        row_keys: list[str],
        row: _Row,
        columns: tuple[Column, ...] | None = None,
        raw: str | None = None,
    ) -> None:
        """Values that cannot be placed in their columns (digits run together with no unique
        split, too few values on one cell per line): kept as text, never guessed."""
        raw = raw or _run_together_digits(row, 2) or "".join(c.text for c in row.values)
        for row_key in row_keys:
            self.emitted.add((spec.key, row_key))
            self.tables_seen.add(spec.key)
            for col in columns or spec.columns_of(row_key):
                self.mapping.cells.append(
                    Cell(spec.key, row_key, col.key, None, raw, "text", confidence=1.0)
                )
                self.mapping.unreadable.append(f"{spec.key}.{row_key}.{col.key}")
        self.mapping.warnings.append(
            f"{spec.key} {row.label_text!r}: values {raw!r} cannot be placed in their columns"
        )


# --- helpers -----------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 14)
def _table_named(template: str, text: str) -> str | None:
    """The table whose marker a heading line or row label names (table 4's tested first).

    Asked of every heading line and every row; the same labels recur in every report, so
    the answer is cached rather than searched again."""
    for table in ("t4", "t3", "t2"):
        if any(m in text for m in model.TABLES[template][table].markers):
            return table
    return None


def _matches(key: str, phrases: tuple[str, ...]) -> bool:
    return any(p in key for p in phrases)


# Row candidates by name, as (phrase, row key) pairs in row order: one flat loop finds the
# first row. t3/specific leaves out the rows that need context: "其他" is other_other only
# under （六）, "其他处理" and "总计" only after the first data row.
_PHRASES: dict[str, tuple[tuple[str, str], ...]] = {
    name: tuple((p, r.key) for r in rows for p in r.match)
    for name, rows in {
        **{f"t2/{t}": tables["t2"].rows for t, tables in model.TABLES.items()},
        "t3/specific": tuple(
            r for r in model.T3.rows if r.key not in ("other_other", "other", "total_processed")
        ),
    }.items()
}


@lru_cache(maxsize=1 << 14)
def _match_rows(key: str, rows: str) -> str | None:
    """The first row of the candidates `rows` whose phrase the label key contains; long
    bracketed remarks are tried without first ("其他主动公开文件(…规范性文件…)")."""
    if not key:
        return None
    for candidate in (without_parentheticals(key), key):
        for phrase, row_key in _PHRASES[rows]:
            if phrase in candidate:
                return row_key
    return None


_PAGE_FURNITURE = re.compile(
    r"^(?:[-—－]*\d{1,3}[-—－]*|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}/\d{1,3})$"
)


def _is_page_furniture(row: _Row) -> bool:
    """A page footer caught inside a table ("- 5 -", "第3页"): neither label nor value."""
    # label cells are never blank: a footer is one label and no data, or one value alone
    if len(row.labels) > 1 or (row.labels and row.has_data):
        return False
    texts = [c.text for c in (*row.labels, *row.values) if c.text.strip()]
    if len(texts) != 1:
        return False
    text = fold(texts[0])
    return bool(_PAGE_FURNITURE.match(text)) and not text.isdigit()


# What a label cell says of table 3's group (（三）…（六）) the next numbered rows belong to.
_T3_GROUP_MARKERS = (("不予公开", "3"), ("无法提供", "4"), ("不予处理", "5"), ("其他处理", "6"))
_T3_GROUP_ENDS = ("予以公开", "部分公开", "本年新收", "上年结转", "结转下年")
_NO_GROUP_CHANGE = "unchanged"


@lru_cache(maxsize=1 << 12)
def _t3_group_named(key: str) -> str | None:
    """The group a label key opens, None when it ends the groups, else _NO_GROUP_CHANGE."""
    if any(p in key for p in _T3_GROUP_ENDS):
        return None
    group = _NO_GROUP_CHANGE
    for marker, named in _T3_GROUP_MARKERS:
        if marker in key:
            group = named
    return group


def _is_block_marker(row: _Row) -> bool:
    text = row.folded_label
    return any(m in text for m in ("第二十条", "信息内容", "勾稽关系", "申请人情况"))


def _trim_trailing_blanks(values: list[GridCell]) -> list[GridCell]:
    end = len(values)
    while end and not values[end - 1].text.strip():
        end -= 1
    return values[:end]


def _run_together_digits(row: _Row, n: int) -> str | None:
    """Digits that hold several cells' values printed with no delimiter, if any."""
    if not row.values and row.labels:
        m = _TRAILING_DIGITS.match(fold(row.labels[-1].text))
        return m.group(2) if m else None
    if len(row.values) > 1 and row.values[1].text.strip():
        return None  # the common row: a second value printed, so nothing is run together
    filled = [c for c in row.values if c.text.strip()]
    if len(filled) != 1 or filled[0] is not row.values[0] or n == 1:
        return None
    digits = fold(filled[0].text)
    if not digits.isdigit():
        return None
    if parse_cell(digits).state == "text":  # "000": leading zeros are never one count
        return digits
    return digits if len(row.values) < n and len(digits) >= n else None


def _values_or_split(
    values: list[GridCell], n: int, table: str, row: _Row
) -> list[GridCell] | None:
    """The row's value cells, or the cells recovered from digits printed run together.

    None when digits are run together and the split is not unique."""
    digits = _run_together_digits(row, n)
    if digits is None:
        return values
    if n == 1:
        return [GridCell(digits)]
    if not digits.isdigit():
        return None  # a decimal run into other values: no split is safe
    parts = split_run_together(digits, n, table)
    if parts is None:
        return None
    return [GridCell(p) for p in parts]
