"""Run the crawl of several registry sources in one process (Scrapy CrawlerProcess).

Each source gets its own crawler (its politeness settings, its JOBDIR under
DATA_DIR/crawl/jobs/<id>/). A JOBDIR is kept only when a crawl was interrupted cleanly
(Ctrl-C), so the next run resumes its queue; after a kill (the `.running` marker is still
there) the queue on disk may be torn, so it is discarded and the next run re-reads the list
pages, fetching only what the manifest does not hold yet. After a finished crawl the JOBDIR
is cleared so the next run re-reads every list page (the incremental crawl).
"""

from __future__ import annotations

import logging
import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.utils.reactor import install_reactor

from crawler.registry import Source
from crawler.runreport import RunReport, SourceRun, summarise
from crawler.settings import base_settings, crawl_settings, job_dir
from crawler.spiders.reports import ReportsSpider

log = logging.getLogger(__name__)
RUNNING_MARKER = ".running"


class _NoTracebackFilter(logging.Filter):
    """Scrapy's robots.txt middleware logs an unreachable host with a full traceback; the
    run report already says "unreachable", so the log keeps the one-line message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


def _quiet_expected_errors() -> None:
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_NoTracebackFilter())


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


def _prepare_job_dir(path: Path) -> None:
    if (path / RUNNING_MARKER).exists():
        log.warning(
            "%s: previous crawl was killed; discarding its queue (the manifest keeps "
            "what it stored)",
            path,
        )
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / RUNNING_MARKER).write_text(datetime.now(UTC).isoformat())


def _finish_job_dir(path: Path, reason: str | None) -> None:
    if reason == "finished":
        shutil.rmtree(path, ignore_errors=True)
    else:
        (path / RUNNING_MARKER).unlink(missing_ok=True)


def crawl(
    sources: list[Source],
    data_dir: Path | str,
    *,
    run_id: str | None = None,
    worker: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> RunReport:
    """Crawl every source (all at once, each with its own politeness), return the report."""
    run_id = run_id or new_run_id()
    started = datetime.now(UTC).isoformat(timespec="seconds")
    process_settings = base_settings()
    process_settings.update(overrides or {})
    process = CrawlerProcess(process_settings)
    _quiet_expected_errors()
    # Every source has its own Crawler (its own settings); the reactor is installed once,
    # before any of them, as CrawlerProcess would for the first crawler it creates.
    install_reactor(process_settings["TWISTED_REACTOR"], process_settings["ASYNCIO_EVENT_LOOP"])
    results: dict[str, SourceRun] = {}
    for source in sources:
        settings = crawl_settings(source, data_dir, run_id, worker=worker, overrides=overrides)
        jobdir = settings.get("JOBDIR")
        if jobdir:
            _prepare_job_dir(Path(jobdir))
        crawler = Crawler(ReportsSpider, settings)
        _collect_on_close(crawler, source, results)
        process.crawl(crawler, source=source, data_dir=str(data_dir))
    process.start()
    for source in sources:
        if source.id not in results:  # the crawler never opened (an error at start-up)
            results[source.id] = SourceRun(source_id=source.id, status="failed")
        jobdir = job_dir(data_dir, source.id)
        if jobdir.exists():
            _finish_job_dir(jobdir, results[source.id].finish_reason)
    report = RunReport(
        run_id=run_id,
        started_at=started,
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sources=[results[s.id] for s in sources],
    )
    report.save(data_dir, worker)
    return report


def _collect_on_close(crawler: Crawler, source: Source, results: dict[str, SourceRun]) -> None:
    from scrapy import signals

    def closed(spider: ReportsSpider, reason: str) -> None:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        results[source.id] = summarise(source, stats, spider, reason)

    crawler.signals.connect(closed, signal=signals.spider_closed, weak=False)
