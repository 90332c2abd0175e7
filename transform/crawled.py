"""One crawled document as transform sees it: a typed row of `crawler.manifest.load_documents`.

The manifest format belongs to the crawler (docs/architecture.md); this module only turns the
DataFrame's loosely typed cells (NaN, numpy ints, strings or Timestamps) into plain values.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pandas as pd

from crawler import rawstore


@dataclass(frozen=True)
class CrawledDocument:
    url: str
    sha256: str
    final_url: str | None
    source_id: str | None
    organ: str | None
    region_code: str | None
    level: str | None
    role: str  # report_page | attachment
    parent_url: str | None
    title: str | None
    published_date: dt.date | None
    year: int | None
    variant: str | None
    index_no: str | None
    publisher: str | None
    format: str | None
    size: int | None
    first_seen: dt.datetime | None
    last_seen: dt.datetime | None
    raw_path: str | None = None  # where the body is stored (the manifest's raw_path)

    @property
    def is_page(self) -> bool:
        return self.role == "report_page"

    @property
    def filename(self) -> str | None:
        """The last path segment of the URL (a tie-breaker for format sniffing)."""
        path = unquote(urlsplit(self.final_url or self.url).path)
        name = path.rsplit("/", 1)[-1]
        return name or None

    def stored_at(self, data_dir: Path) -> Path:
        return Path(self.raw_path) if self.raw_path else rawstore.raw_path(data_dir, self.sha256)


def from_frame(frame: pd.DataFrame) -> list[CrawledDocument]:
    """Typed documents, sorted by (url, first_seen, sha256) so that every run sees one order."""
    docs = [_from_row(row) for row in frame.to_dict("records")]
    return sorted(docs, key=lambda d: (d.url, _sortable(d.first_seen), d.sha256))


def _sortable(ts: dt.datetime | None) -> str:
    return ts.isoformat() if ts else ""


def _from_row(row: dict[str, Any]) -> CrawledDocument:
    return CrawledDocument(
        url=str(row["url"]),
        sha256=str(row["sha256"]),
        final_url=_text(row.get("final_url")),
        source_id=_text(row.get("source_id")),
        organ=_text(row.get("organ")),
        region_code=_text(row.get("region_code")),
        level=_text(row.get("level")),
        role=_text(row.get("role")) or "report_page",
        parent_url=_text(row.get("parent_url")),
        title=_text(row.get("title")),
        published_date=_date(row.get("published_date")),
        year=_int(row.get("year")),
        variant=_text(row.get("variant")),
        index_no=_text(row.get("index_no")),
        publisher=_text(row.get("publisher")),
        format=_text(row.get("format")),
        size=_int(row.get("size")),
        first_seen=_timestamp(row.get("first_seen") or row.get("fetched_at")),
        last_seen=_timestamp(row.get("last_seen") or row.get("fetched_at")),
        raw_path=_text(row.get("raw_path")),
    )


def _missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _text(value: Any) -> str | None:
    if _missing(value):
        return None
    text = str(value).strip()
    return text or None


def _int(value: Any) -> int | None:
    if _missing(value) or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _timestamp(value: Any) -> dt.datetime | None:
    """UTC, whole seconds (the datasets' timestamp unit)."""
    if _missing(value) or value == "":
        return None
    ts = pd.Timestamp(value)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    return ts.floor("s").to_pydatetime()


def _date(value: Any) -> dt.date | None:
    if _missing(value) or value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return pd.Timestamp(str(value)[:10]).date()
    except ValueError:
        return None
