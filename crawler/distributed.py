"""The distributed mode: several worker processes (on one or many machines) crawl the same
sources through one shared Redis. See docs/distributed.md for operating it.

What is shared, per run and source (`RunKeys`): the request queue and the duplicate filter
(scrapy-redis, with our leasing queue `crawler.leased_queue`), the seeding flag, the workers'
heartbeats and in-flight leases, and the run-report facts that decide a source's status.
Per host and across runs: the politeness leases (`crawler.middlewares.host_lease`).

This module holds the key names, the settings that switch a crawl to this mode
(`worker_settings`), and the two components that make the workers behave as one crawl:

- `SeedOnceMiddleware` (spider middleware): only the first worker of a run yields the
  registry's start requests; the others take their work from the shared queue.
- `WorkerCoordinator` (extension): keeps an idle worker alive while the run can still produce
  work (seeding not finished, requests queued, or leased by a live worker) and lets it close
  once the crawl is complete, or after MAX_IDLE_TIME_BEFORE_CLOSE seconds of waiting on
  other workers' in-flight requests; shares the start/blocked/report facts between workers so
  each worker's run report judges the source as a whole.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.connection import get_redis_from_settings
from twisted.internet.task import LoopingCall

from crawler.settings import base_settings

log = logging.getLogger(__name__)

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
KEY_ROOT = "gknb"
# How long the run's keys outlive the last worker's heartbeat: a run can be resumed (same
# --run-id) within this time; afterwards Redis forgets it.
RUN_KEYS_TTL = 7 * 24 * 3600
DEFAULT_MAX_IDLE = 60
DEFAULT_HEARTBEAT_TTL = 10.0
COORDINATOR_TICK = 1.0


@dataclass(frozen=True)
class RunKeys:
    """The Redis keys of one source's crawl (`spider`, the spider's name) in one run."""

    run_id: str
    spider: str

    @property
    def prefix(self) -> str:
        return f"{KEY_ROOT}:run:{self.run_id}:{self.spider}"

    @property
    def requests(self) -> str:
        """Sorted set: the shared request queue (scrapy-redis priority queue)."""
        return f"{self.prefix}:requests"

    @property
    def dupefilter(self) -> str:
        """Set: request fingerprints already queued in this run."""
        return f"{self.prefix}:dupefilter"

    @property
    def seed(self) -> str:
        """String: the worker seeding the start requests, then "done"."""
        return f"{self.prefix}:seed"

    @property
    def workers(self) -> str:
        """Set: the workers that joined the run (alive or not)."""
        return f"{self.prefix}:workers"

    def alive(self, worker: str) -> str:
        """String with a TTL, refreshed by the worker's heartbeat; gone = worker dead."""
        return f"{self.prefix}:alive:{worker}"

    def inflight(self, worker: str) -> str:
        """Hash: requests the worker took from the queue and has not finished."""
        return f"{self.prefix}:inflight:{worker}"

    def inflight_scores(self, worker: str) -> str:
        """Hash: the queue priority of each in-flight request, to put it back in place."""
        return f"{self.prefix}:inflight-scores:{worker}"

    def shared(self, fact: str) -> str:
        """Run-report facts shared between workers (start_answered, blocked_hosts, …)."""
        return f"{self.prefix}:report:{fact}"

    def run_level(self) -> list[str]:
        """Keys that live as long as the run (expiry refreshed by every heartbeat)."""
        facts = [self.shared(f) for f in (*SHARED_SETS, *SHARED_HASHES)]
        return [self.requests, self.dupefilter, self.seed, self.workers, *facts]


def check_name(kind: str, value: str) -> str:
    if not NAME_RE.match(value):
        raise ValueError(f"{kind} must match {NAME_RE.pattern} (it names Redis keys): {value!r}")
    return value


def worker_settings(
    redis_url: str,
    run_id: str,
    worker: str,
    *,
    max_idle: int = DEFAULT_MAX_IDLE,
    heartbeat_ttl: float = DEFAULT_HEARTBEAT_TTL,
) -> dict[str, Any]:
    """Setting overrides that turn `crawler.run.crawl` into one worker of a distributed run.

    The engine's own downloader middlewares are kept; the host lease is added closest to
    the download so that it paces the actual fetches. The local download delay and
    AutoThrottle are switched off because the host lease applies the source's delay across
    all workers (a local delay on top would only let two workers' fetches bunch up)."""
    check_name("run id", run_id)
    check_name("worker id", worker)
    base = base_settings()
    template = RunKeys(run_id, "%(spider)s")
    return {
        "REDIS_URL": redis_url,
        "RUN_ID": run_id,
        "WORKER_ID": worker,
        "JOBDIR": None,  # the queue lives in Redis
        "SCHEDULER": "crawler.leased_queue.LeasingScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.leased_queue.LeasedPriorityQueue",
        "SCHEDULER_QUEUE_KEY": template.requests,
        "SCHEDULER_DUPEFILTER_KEY": template.dupefilter,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        # Never flush on close: the other workers are still using the queue.
        "SCHEDULER_PERSIST": True,
        "MAX_IDLE_TIME_BEFORE_CLOSE": max_idle,
        "DISTRIBUTED_HEARTBEAT_TTL": heartbeat_ttl,
        "HOST_LEASE_DELAY": base.getfloat("DOWNLOAD_DELAY"),
        "HOST_LEASE_CONCURRENCY": base.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOADER_MIDDLEWARES": {
            **base.getdict("DOWNLOADER_MIDDLEWARES"),
            "crawler.middlewares.host_lease.HostLeaseMiddleware": 950,
        },
        "SPIDER_MIDDLEWARES": {
            **base.getdict("SPIDER_MIDDLEWARES"),
            "crawler.distributed.SeedOnceMiddleware": 10,
        },
        "EXTENSIONS": {
            **base.getdict("EXTENSIONS"),
            "crawler.distributed.WorkerCoordinator": 500,
        },
    }


def add_worker_arguments(parser: argparse.ArgumentParser) -> None:
    """The `python -m crawler crawl` options that make the process a distributed worker."""
    group = parser.add_argument_group("distributed mode (docs/distributed.md)")
    group.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL"),
        help="share the queue of the run through this Redis (default: $REDIS_URL); "
        "needs --run-id (the same on every worker) and --worker (unique per worker)",
    )
    group.add_argument("--worker-id", dest="worker", help="same as --worker")
    group.add_argument(
        "--max-idle",
        type=int,
        default=DEFAULT_MAX_IDLE,
        help="seconds an idle worker waits for other workers' in-flight requests to yield "
        f"more work before it leaves (default {DEFAULT_MAX_IDLE})",
    )


def worker_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """Setting overrides for the parsed CLI arguments: none unless --redis-url is given.
    Raises ValueError with the reason when the arguments do not make a worker."""
    if not args.redis_url:
        return {}
    if not args.run_id or not args.worker:
        raise ValueError(
            "--redis-url needs --run-id (the same on every worker of the run) and --worker "
            "(unique per worker)"
        )
    overrides = worker_settings(args.redis_url, args.run_id, args.worker, max_idle=args.max_idle)
    check_reachable(args.redis_url)
    return overrides


def check_reachable(redis_url: str) -> None:
    """Fail before the crawl starts, with the reason, when the Redis cannot be used."""
    where = redact(redis_url)
    try:
        client = redis.Redis.from_url(redis_url, socket_connect_timeout=5, socket_timeout=5)
        client.ping()
        client.close()
    except ValueError as exc:
        raise ValueError(f"--redis-url {where}: {exc}") from None
    except redis.RedisError as exc:
        raise ValueError(f"cannot use the Redis at {where}: {exc}") from None


def redact(redis_url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"//([^:@/]*):[^@/]*@", r"//\1:***@", redis_url)


def run_keys(crawler: Crawler) -> RunKeys:
    assert crawler.spider is not None
    return RunKeys(crawler.settings["RUN_ID"], crawler.spider.name)


def redis_client(crawler: Crawler) -> redis.Redis:
    return get_redis_from_settings(crawler.settings)


# --- seeding ----------------------------------------------------------------------------

# Claim the seeding of a run: free, or held by a worker whose heartbeat is gone (it died
# while seeding), or held by this very worker (restarted with the same id).
CLAIM_SEEDING = """
local holder = redis.call('GET', KEYS[1])
if not holder or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1])
  return 1
end
if holder == 'done' then return 0 end
if redis.call('EXISTS', ARGV[2] .. holder) == 0 then
  redis.call('SET', KEYS[1], ARGV[1])
  return 1
end
return 0
"""
SEEDING_DONE = "done"


def claim_seeding(server: redis.Redis, keys: RunKeys, worker: str) -> bool:
    return bool(server.eval(CLAIM_SEEDING, 1, keys.seed, worker, keys.alive("")))


class SeedOnceMiddleware:
    """Only the worker that claims the run's seed flag yields the start requests."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured("not a distributed crawl")
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedOnceMiddleware:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        keys = run_keys(self.crawler)
        worker = self.crawler.settings["WORKER_ID"]
        server = redis_client(self.crawler)
        if not claim_seeding(server, keys, worker):
            holder = _text(server.get(keys.seed))
            log.info("%s: start requests seeded by another worker (%s)", keys.spider, holder)
            return
        log.info("%s: this worker (%s) seeds the start requests", keys.spider, worker)
        async for item_or_request in start:
            yield item_or_request
        # The engine enqueues each start request (into Redis) before asking for the next
        # one, so every seed is in the shared queue once the iteration ends.
        server.set(keys.seed, SEEDING_DONE)


# --- coordination -----------------------------------------------------------------------

# Facts the run report decides a source's status with, merged over all workers.
SHARED_SETS = ("start_answered", "report_urls")
SHARED_HASHES = ("start_errors", "blocked_hosts")


@dataclass(frozen=True)
class CrawlState:
    seeded: bool
    queued: int
    in_flight: int  # requests leased by any worker, alive or dead (not yet recovered)

    @property
    def complete(self) -> bool:
        return self.seeded and self.queued == 0 and self.in_flight == 0


def crawl_state(server: redis.Redis, keys: RunKeys) -> CrawlState:
    workers = [_text(w) for w in server.smembers(keys.workers)]
    with server.pipeline(transaction=True) as pipe:
        pipe.get(keys.seed)
        pipe.zcard(keys.requests)
        for worker in workers:
            pipe.hlen(keys.inflight(worker))
        seed, queued, *in_flight = pipe.execute()
    return CrawlState(_text(seed) == SEEDING_DONE, int(queued), sum(int(n) for n in in_flight))


class WorkerCoordinator:
    """Idle close and shared run-report facts for one worker's crawler (one source)."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured("not a distributed crawl")
        self.crawler = crawler
        # Waiting less than two heartbeat lifetimes could leave before a dead worker's
        # leases are recovered (they would then wait for the next run).
        heartbeat_ttl = crawler.settings.getfloat(
            "DISTRIBUTED_HEARTBEAT_TTL", DEFAULT_HEARTBEAT_TTL
        )
        self.max_idle = max(
            crawler.settings.getfloat("MAX_IDLE_TIME_BEFORE_CLOSE", DEFAULT_MAX_IDLE),
            2 * heartbeat_ttl,
        )
        self._published: dict[str, set[str]] = {}
        self.server: redis.Redis | None = None
        self.keys: RunKeys | None = None
        self.idle_since: float | None = None
        self._tick = LoopingCall(self.tick)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerCoordinator:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.server = redis_client(self.crawler)
        self.keys = run_keys(self.crawler)
        self._tick.start(COORDINATOR_TICK, now=False)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._tick.running:
            self._tick.stop()

    def tick(self) -> None:
        """Share the run-report facts, and wake the engine: otherwise an idle worker looks
        at the shared queue, and asks whether the crawl is complete, only every 5 s
        (Scrapy's heartbeat)."""
        try:
            self.share_facts()
        except redis.RedisError as exc:
            log.warning("Redis unavailable for coordination: %s", exc)
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()

    def spider_idle(self, spider: Spider) -> None:
        """Called by the engine when this worker has nothing to do (every second while idle).
        Return to let the spider close; raise DontCloseSpider to keep waiting."""
        assert self.server is not None and self.keys is not None
        try:
            state = crawl_state(self.server, self.keys)
        except redis.RedisError as exc:
            log.warning("Redis unavailable while idle: %s", exc)
            raise DontCloseSpider from exc
        now = time.monotonic()
        if state.complete:
            self.share_facts(final=True)
            log.info(
                "%s: crawl complete (queue empty, nothing in flight); closing", self.keys.spider
            )
            return
        if not state.seeded and claim_seeding(
            self.server, self.keys, self.crawler.settings["WORKER_ID"]
        ):
            self.reseed()
        if state.queued or not state.seeded:
            self.idle_since = None  # work is there or coming: not idle in the run's sense
            raise DontCloseSpider
        # Only other workers' in-flight requests are left: they may still yield more work.
        self.idle_since = self.idle_since or now
        if now - self.idle_since < self.max_idle:
            raise DontCloseSpider
        self.share_facts(final=True)
        log.info(
            "%s: idle for %ss while %d requests are in flight elsewhere; leaving them to "
            "their workers",
            self.keys.spider,
            self.max_idle,
            state.in_flight,
        )

    def reseed(self) -> None:
        """The seeding worker died before all start requests were queued: seed from here.
        (Start requests are not filtered, so a seed queued twice is fetched twice; no loss.)"""
        assert self.server is not None and self.keys is not None
        spider, engine, server, keys = (
            self.crawler.spider,
            self.crawler.engine,
            self.server,
            self.keys,
        )
        assert spider is not None and engine is not None
        log.warning("%s: the seeding worker died; seeding the start requests again", keys.spider)

        async def seed() -> None:
            async for item_or_request in spider.start():
                if isinstance(item_or_request, Request):
                    engine.crawl(item_or_request)
            server.set(keys.seed, SEEDING_DONE)

        deferred_from_coro(seed())

    def share_facts(self, *, final: bool = False) -> None:
        """Publish what this worker learnt since last time and take in the other workers'
        facts, in place on the spider (the anti-bot middleware then also skips hosts another
        worker found blocked). The report URLs, the one fact that grows with the crawl, are
        read back only when the worker leaves."""
        spider = self.crawler.spider
        if spider is None or self.server is None or self.keys is None:
            return
        facts = [*SHARED_SETS, *SHARED_HASHES]
        pulled = [f for f in facts if final or f != "report_urls"]
        with self.server.pipeline(transaction=False) as pipe:
            for fact in facts:
                local = getattr(spider, fact, None) or ()
                published = self._published.setdefault(fact, set())
                new = [k for k in local if k not in published]
                if new and fact in SHARED_SETS:
                    pipe.sadd(self.keys.shared(fact), *new)
                elif new:
                    pipe.hset(self.keys.shared(fact), mapping={k: local[k] for k in new})
                published.update(new)
            for fact in pulled:
                if fact in SHARED_SETS:
                    pipe.smembers(self.keys.shared(fact))
                else:
                    pipe.hgetall(self.keys.shared(fact))
            results = pipe.execute()
        for fact, values in zip(pulled, results[len(results) - len(pulled) :], strict=True):
            local = getattr(spider, fact, None)
            published = self._published[fact]
            if isinstance(local, set):
                members = {_text(v) for v in values}
                local.update(members)
                published.update(members)
            elif isinstance(local, dict):
                for key, value in values.items():
                    local.setdefault(_text(key), _text(value))
                    published.add(_text(key))


def _text(value: Any) -> str:
    return (
        value.decode("utf-8")
        if isinstance(value, bytes)
        else str(value)
        if value is not None
        else ""
    )
