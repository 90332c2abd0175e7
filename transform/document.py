"""The intermediate every format extractor produces and the mapper consumes.

A format turns bytes into text blocks and table grids in reading order; it never knows the
report template. The mapper (transform.mapper) turns grids into canonical cells; it never
knows the format. Spans are resolved into a dense grid: every position holds a cell, and a
position covered by a rowspan/colspan points back to the cell that spans it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class GridCell:
    """One printed cell. Immutable: extractors share one object among equal cells, among
    the positions a span covers, and (the text extractor) among documents."""

    text: str  # the cell text as printed, whitespace-trimmed but otherwise untouched
    confidence: float = 1.0  # 1.0 from markup or a text layer; OCR's reading confidence otherwise
    origin: tuple[int, int] | None = None  # (row, col) of the spanning cell for a span copy

    @property
    def is_span_copy(self) -> bool:
        return self.origin is not None


@dataclass
class Grid:
    """One table as printed: rows of cells, spans resolved (see GridCell.origin)."""

    rows: list[list[GridCell]]
    page: int | None = None  # 1-based page for paged formats
    # True when the format could not tell where rows end (one cell per line): the mapper
    # then re-flows the cells using the template's labels and column counts.
    linear: bool = False

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def texts(self) -> list[list[str]]:
        return [[c.text for c in r] for r in self.rows]


@dataclass
class TextBlock:
    text: str
    page: int | None = None


Block = TextBlock | Grid


@dataclass
class ExtractedDocument:
    format: str  # one of transform.model.FORMATS
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    # Page metadata as found (HTML <meta name=…>: ArticleTitle, PubDate, ContentSource,
    # ColumnName; PDF/DOCX document properties), keys as printed.
    meta: dict[str, str] = field(default_factory=dict)
    extraction: str = "text"  # text | ocr | mixed
    warnings: list[str] = field(default_factory=list)

    @property
    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]

    def text(self) -> str:
        """All text in reading order; grids rendered as pipe rows."""
        parts: list[str] = []
        for b in self.blocks:
            if isinstance(b, TextBlock):
                parts.append(b.text)
            else:
                parts.extend(" | ".join(c.text for c in row) for row in b.rows)
        return "\n".join(parts)
