"""The benchmark's baseline: a bare Scrapy spider fetching the same pages as the engine
(list pages by their "下一页" links, every detail link), storing nothing.

Run as `python -m bench._crawl_baseline START_URL`; prints {"responses", "seconds"}.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

RESULT: dict[str, Any] = {}


class BareSpider(Spider):
    name = "bare"

    def __init__(self, start_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start_url]

    def parse(self, response: Response) -> Iterator[Request]:
        for href in response.css(".list a::attr(href), .pager a::attr(href)").getall():
            url = response.urljoin(href)
            callback = self.parse if "/list" in url else self.parse_detail
            yield Request(url, callback=callback)

    def parse_detail(self, response: Response) -> None:
        return None


def main(start_url: str) -> None:
    settings = {
        "LOG_LEVEL": "WARNING",
        "ROBOTSTXT_OBEY": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "AUTOTHROTTLE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)

    def closed(spider: Spider) -> None:
        stats = crawler.stats.get_stats()
        RESULT["responses"] = stats.get("downloader/response_count", 0)
        RESULT["seconds"] = (datetime.now(UTC) - stats["start_time"]).total_seconds()

    crawler.signals.connect(closed, signal=signals.spider_closed)
    process.crawl(crawler, start_url=start_url)
    process.start()
    print(json.dumps(RESULT))


if __name__ == "__main__":
    main(sys.argv[1])
