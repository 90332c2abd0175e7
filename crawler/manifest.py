"""The crawl manifest: an append-only log of observations, and its folded view.

Format (docs/architecture.md, binding): DATA_DIR/manifest/<run_id>[.<worker>].jsonl, one JSON
object per line with exactly the fields of `Observation`, in the order OBSERVATION_FIELDS. Transform reads the manifest only
through `load_documents(data_dir)`: one row per (url, sha256) with first_seen / last_seen,
several runs and worker parts merged, repeated observations deduplicated.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import IO, Any

import pandas as pd

from crawler.rawstore import raw_path

log = logging.getLogger(__name__)

ROLES = ("report_page", "attachment")


@dataclass
class PageMetadata:
    """What one fetch tells about one URL: the request and its answer, and what the list and
    detail pages said about the document. The spider's item and the manifest line both carry
    exactly these fields."""

    url: str
    final_url: str
    parent_url: str | None
    title: str | None
    published_date: str | None
    year: int | None
    variant: str | None
    index_no: str | None
    publisher: str | None
    http_status: int
    content_type: str | None
    etag: str | None
    last_modified: str | None

    def page_metadata(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(PageMetadata)}


@dataclass
class Observation(PageMetadata):
    """One fetch of one URL, as recorded in the manifest: the page metadata, the registry
    entry it was crawled for, and the stored body."""

    source_id: str
    organ: str
    region_code: str | None
    level: str | None
    role: str  # one of ROLES
    format: str | None
    sha256: str
    size: int
    fetched_at: str
    unchanged: bool

    def to_json(self) -> str:
        record = asdict(self)
        return json.dumps({name: record[name] for name in OBSERVATION_FIELDS}, ensure_ascii=False)


def _line_order() -> tuple[str, ...]:
    """The field order of a manifest line (docs/architecture.md, binding): the observation's
    own fields sit in two runs inside the page metadata, the source and role after final_url,
    the stored body's description after content_type."""
    page = [f.name for f in fields(PageMetadata)]
    own = [f.name for f in fields(Observation)][len(page) :]
    source, stored = own[: own.index("format")], own[own.index("format") :]
    after_urls = page.index("final_url") + 1
    after_answer = page.index("content_type") + 1
    return (
        *page[:after_urls],
        *source,
        *page[after_urls:after_answer],
        *stored,
        *page[after_answer:],
    )


OBSERVATION_FIELDS: tuple[str, ...] = _line_order()
# Columns of load_documents(): the observation's fields minus the per-fetch ones, plus the
# fold (first_seen, last_seen, observations) and where the body is (raw_path).
DOCUMENT_COLUMNS: tuple[str, ...] = (
    *(f for f in OBSERVATION_FIELDS if f not in ("fetched_at", "unchanged")),
    "first_seen",
    "last_seen",
    "observations",
    "raw_path",
)


def manifest_dir(data_dir: Path | str) -> Path:
    return Path(data_dir) / "manifest"


def part_path(data_dir: Path | str, run_id: str, worker: str | None = None) -> Path:
    name = f"{run_id}.{worker}.jsonl" if worker else f"{run_id}.jsonl"
    return manifest_dir(data_dir) / name


class ManifestWriter:
    """Appends observations to one part file. Each line is flushed at once (the OS keeps it
    when the process is killed); a torn last line is skipped by readers."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file: IO[str] = path.open("a", encoding="utf-8")

    def write(self, observation: Observation) -> None:
        self._file.write(observation.to_json() + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def iter_observations(data_dir: Path | str) -> Iterator[dict[str, Any]]:
    """Every well-formed observation of every part, in file then line order.

    A torn last line (a crawl killed mid-write) or a foreign line is skipped with a warning:
    the fetch it describes is simply made again by the next run."""
    for path in sorted(manifest_dir(data_dir).glob("*.jsonl")):
        with path.open(encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    log.warning("skipping malformed manifest line %s:%d", path, number)
                    continue
                if not isinstance(record, dict) or not {"url", "sha256", "fetched_at"} <= set(
                    record
                ):
                    log.warning("skipping manifest line without url/sha256 %s:%d", path, number)
                    continue
                yield record


def load_observations(data_dir: Path | str) -> pd.DataFrame:
    """All observations, deduplicated (a part copied by two workers counts once)."""
    records = list(iter_observations(data_dir))
    frame = pd.DataFrame.from_records(records, columns=list(OBSERVATION_FIELDS))
    if frame.empty:
        return frame
    return frame.drop_duplicates(subset=["url", "sha256", "fetched_at", "source_id", "role"])


def load_documents(data_dir: Path | str) -> pd.DataFrame:
    """One row per (url, sha256): the latest non-null value of every descriptive field,
    first_seen / last_seen over all its observations, and the stored body's path.

    A report edited after publication has two rows (two hashes); both are kept."""
    observations = load_observations(data_dir)
    if observations.empty:
        return pd.DataFrame(columns=list(DOCUMENT_COLUMNS))
    observations = observations.sort_values("fetched_at", kind="stable")
    # A 304 says nothing new about the body: the status and type stay those of the fetch
    # that delivered it.
    not_modified = observations["http_status"] == 304
    observations["http_status"] = observations["http_status"].astype("Int64").mask(not_modified)
    grouped = observations.groupby(["url", "sha256"], sort=True, dropna=False)
    latest = grouped.last()  # last non-null value per column, in fetched_at order
    folded = latest.assign(
        first_seen=grouped["fetched_at"].min(),
        last_seen=grouped["fetched_at"].max(),
        observations=grouped.size(),
    ).reset_index()
    folded["raw_path"] = [str(raw_path(data_dir, sha)) for sha in folded["sha256"]]
    folded["year"] = folded["year"].astype("Int64")
    folded["http_status"] = folded["http_status"].astype("Int64")
    folded["size"] = folded["size"].astype("Int64")
    folded["observations"] = folded["observations"].astype("Int64")
    return folded[list(DOCUMENT_COLUMNS)].sort_values(["first_seen", "url"], ignore_index=True)


def latest_by_url(data_dir: Path | str, source_id: str) -> dict[str, dict[str, Any]]:
    """The most recent observation of each URL of one source: what an incremental crawl
    sends as validators and compares hashes with."""
    out: dict[str, dict[str, Any]] = {}
    for record in iter_observations(data_dir):
        if record.get("source_id") != source_id:
            continue
        previous = out.get(record["url"])
        if previous is None or record["fetched_at"] >= previous["fetched_at"]:
            out[record["url"]] = record
    return out
