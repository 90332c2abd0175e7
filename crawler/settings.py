"""Scrapy settings: the ONE place the crawler's behaviour is configured.

`crawl_settings(source, …)` layers a registry entry's politeness overrides and the run's
storage locations over these defaults; `REDIS_URL` (environment or override) switches the
scheduler and dupefilter to scrapy-redis for the distributed mode.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from scrapy.settings import Settings

from crawler.registry import Source

BOT_NAME = "gknb"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
USER_AGENT = (
    "gknb-crawler/0.1 (government information-disclosure annual reports research; "
    "+https://github.com/gknb-project/gknb)"
)

# Manners.
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0  # about one request per second per host
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Robustness: short DNS/connect limits and few retries, so an unreachable source ends soon.
DNS_TIMEOUT = 10
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 30.0
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    # Our guard replaces Scrapy's offsite middleware: it also refuses private addresses.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.guard.OffsitePrivateGuard": 50,
    "crawler.middlewares.transport.SchemeFallbackMiddleware": 540,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.transport.BackoffRetryMiddleware": 550,
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 560,
    # Below HttpCompression (590) so they see decompressed bodies.
    "crawler.middlewares.pages.PageRepairMiddleware": 583,
    "crawler.middlewares.antibot.AntiBotMiddleware": 585,
    # Scrapy's MetaRefreshMiddleware (580) sees the re-decoded page after PageRepair and
    # follows <meta http-equiv="refresh"> shells; PageRepair follows the script ones.
}
ITEM_PIPELINES = {"crawler.pipelines.StoragePipeline": 300}

REDIS_SETTINGS: dict[str, Any] = {
    "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
    "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    "SCHEDULER_PERSIST": True,
}


SOURCE_PRIORITY = "spider"


def base_settings() -> Settings:
    settings = Settings()
    settings.setmodule(__name__, priority="project")
    return settings


def job_dir(data_dir: Path | str, source_id: str) -> Path:
    return Path(data_dir) / "crawl" / "jobs" / source_id


def crawl_settings(
    source: Source,
    data_dir: Path | str,
    run_id: str,
    *,
    worker: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """The settings of one source's crawler in one run.

    Set at "spider" priority: CrawlerProcess merges its own (project-level) settings into
    each Crawler and would otherwise override the per-source values."""
    settings = base_settings()
    settings.set("DATA_DIR", str(data_dir), priority=SOURCE_PRIORITY)
    settings.set("RUN_ID", run_id, priority=SOURCE_PRIORITY)
    settings.set("WORKER_ID", worker, priority=SOURCE_PRIORITY)
    settings.set("JOBDIR", str(job_dir(data_dir, source.id)), priority=SOURCE_PRIORITY)
    if source.delay is not None:
        settings.set("DOWNLOAD_DELAY", source.delay, priority=SOURCE_PRIORITY)
        settings.set("AUTOTHROTTLE_START_DELAY", source.delay, priority=SOURCE_PRIORITY)
        if source.delay == 0:
            settings.set("AUTOTHROTTLE_ENABLED", False, priority=SOURCE_PRIORITY)
            settings.set("DOWNLOAD_DELAY_JITTER", 0, priority=SOURCE_PRIORITY)
    if source.concurrency is not None:
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", source.concurrency, priority=SOURCE_PRIORITY)
        settings.set(
            "AUTOTHROTTLE_TARGET_CONCURRENCY", float(source.concurrency), priority=SOURCE_PRIORITY
        )
    redis_url = (overrides or {}).get("REDIS_URL") or os.environ.get("REDIS_URL")
    if redis_url:
        settings.set("REDIS_URL", redis_url, priority=SOURCE_PRIORITY)
        settings.setdict(REDIS_SETTINGS, priority=SOURCE_PRIORITY)
        settings.set("JOBDIR", None, priority=SOURCE_PRIORITY)  # the queue lives in Redis
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority=SOURCE_PRIORITY)
    return settings
