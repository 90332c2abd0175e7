"""Storage: bodies into the raw store by sha256, observations into this run's manifest part."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler

from crawler.items import FetchedDocument
from crawler.manifest import ManifestWriter, Observation, part_path
from crawler.rawstore import RawStore
from transform.formats.sniff import sniff


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class StoragePipeline:
    def __init__(self, crawler: Crawler, data_dir: Path, run_id: str, worker: str | None) -> None:
        self.crawler = crawler
        self.store = RawStore(data_dir)
        self.manifest = ManifestWriter(part_path(data_dir, run_id, worker))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        settings = crawler.settings
        return cls(
            crawler,
            Path(settings.get("DATA_DIR", "data")),
            settings.get("RUN_ID"),
            settings.get("WORKER_ID") or None,
        )

    def close_spider(self, spider: Spider | None = None) -> None:
        self.manifest.close()

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if not isinstance(item, FetchedDocument):
            return item
        spider = self.crawler.spider
        source = spider.source  # type: ignore[union-attr]
        previous = item.previous
        stats = self.crawler.stats
        if item.body is None:
            assert previous is not None, "a 304 answer without a previous observation"
            sha, size, fmt = previous["sha256"], previous["size"], previous["format"]
            content_type = item.content_type or previous.get("content_type")
            unchanged = True
        else:
            sha = self.store.put(item.body)
            size, fmt = len(item.body), sniff(item.body, item.final_url)
            content_type = item.content_type
            unchanged = previous is not None and previous.get("sha256") == sha
        if previous is None:
            stats.inc_value("gknb/new")
        elif unchanged:
            stats.inc_value("gknb/unchanged")
        else:
            stats.inc_value("gknb/changed")
        observation = Observation(
            **{**item.page_metadata(), "content_type": content_type},
            source_id=source.id,
            organ=source.name,
            region_code=source.region_code,
            level=source.level,
            role=item.role,
            format=fmt,
            sha256=sha,
            size=size,
            fetched_at=utc_now(),
            unchanged=unchanged,
        )
        self.manifest.write(observation)
        return item
