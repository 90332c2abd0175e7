"""Per-host politeness that holds across all workers of a distributed crawl.

Scrapy's DOWNLOAD_DELAY and CONCURRENT_REQUESTS_PER_DOMAIN only bind one process: N workers
would hit a host N times as hard. Here every request first takes a lease on its host in
Redis (one Lua script, with Redis's own clock so the machines' clocks do not matter):

- at most `concurrency` leases of a host exist at once (a sorted set of lease tokens scored
  by their expiry time), and
- a lease starts no sooner than `delay` seconds after the previous one on that host (a
  "next start" key).

A request that cannot have a lease yet waits (without blocking the reactor) and asks again.
The lease is given back as soon as the response or the error comes back. A worker killed
mid-download cannot give its leases back: they expire after DOWNLOAD_TIMEOUT plus a margin.

This middleware sits closest to the download (950), so requests that the guard, robots.txt
or the anti-bot middleware drop never take a lease, and with the local delay switched off
(crawler.distributed.worker_settings) a lease's start is the fetch's start. The keys are per
host, not per run: two runs against the same Redis share a host's budget too.

`delay` and `concurrency` are the source's registry overrides, else HOST_LEASE_DELAY and
HOST_LEASE_CONCURRENCY (the engine's DOWNLOAD_DELAY and CONCURRENT_REQUESTS_PER_DOMAIN).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from urllib.parse import urlsplit

import redis
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy_redis.connection import get_redis_from_settings

from crawler.distributed import KEY_ROOT

log = logging.getLogger(__name__)

META_KEY = "host_lease"
LEASE_MARGIN = 30.0  # seconds a lease outlives DOWNLOAD_TIMEOUT (a killed worker's lease)
MAX_POLL = 0.25  # seconds between two asks while a host's leases are all taken

# KEYS: leases (zset token → expiry ms), next start (ms)
# ARGV: token, concurrency, delay ms, lease ttl ms
# → 0 when leased, else milliseconds to wait before asking again
ACQUIRE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local next_start = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < next_start then return next_start - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
local ttl = tonumber(ARGV[4])
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl)
local delay = tonumber(ARGV[3])
if delay > 0 then redis.call('SET', KEYS[2], now + delay, 'PX', delay + 1000) end
return 0
"""


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def lease_keys(host: str) -> tuple[str, str]:
    return f"{KEY_ROOT}:host:{host}:leases", f"{KEY_ROOT}:host:{host}:next"


class HostLeaseMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.get("REDIS_URL"):
            raise NotConfigured("not a distributed crawl")
        self.crawler = crawler
        self.server: redis.Redis = get_redis_from_settings(settings)
        self._acquire = self.server.register_script(ACQUIRE)
        self.default_delay = settings.getfloat("HOST_LEASE_DELAY", 1.0)
        self.default_concurrency = settings.getint("HOST_LEASE_CONCURRENCY", 2)
        self.ttl = settings.getfloat("DOWNLOAD_TIMEOUT", 180) + LEASE_MARGIN

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostLeaseMiddleware:
        return cls(crawler)

    def limits(self, spider: Spider | None) -> tuple[float, int]:
        """(delay seconds, concurrency) for the spider's source."""
        source = getattr(spider, "source", None)
        delay = getattr(source, "delay", None)
        concurrency = getattr(source, "concurrency", None)
        return (
            self.default_delay if delay is None else float(delay),
            self.default_concurrency if concurrency is None else int(concurrency),
        )

    async def process_request(self, request: Request) -> None:
        delay, concurrency = self.limits(self.crawler.spider)
        host = host_of(request.url)
        leases, next_start = lease_keys(host)
        token = uuid.uuid4().hex
        args = [token, concurrency, int(delay * 1000), int(self.ttl * 1000)]
        waited = 0.0
        while True:
            wait_ms = int(self._acquire(keys=[leases, next_start], args=args))
            if wait_ms == 0:
                break
            pause = MAX_POLL if wait_ms < 0 else min(wait_ms / 1000, MAX_POLL * 4)
            waited += pause
            await asyncio.sleep(pause)
        # A retry or redirect copies meta: the token is always this attempt's own.
        request.meta[META_KEY] = (host, token)
        if waited and self.crawler.stats:
            self.crawler.stats.inc_value("gknb/distributed/host_lease_wait_s", waited)

    def _release(self, request: Request) -> None:
        held = request.meta.pop(META_KEY, None)
        if held is None:
            return
        host, token = held
        try:
            self.server.zrem(lease_keys(host)[0], token)
        except redis.RedisError as exc:  # the lease then simply expires
            log.warning("could not release the lease on %s: %s", host, exc)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)
