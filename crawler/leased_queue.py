"""The shared request queue of a distributed run, with leases so a killed worker loses nothing.

scrapy-redis pops a request from Redis and forgets it: a worker killed (SIGKILL, power loss)
with requests in progress loses them, and the duplicate filter then keeps any later run with
the same run id from asking again. Here a pop *moves* the request into the worker's
in-flight hash (one Lua script, so nothing can fall between the two), and the request leaves
that hash only once the engine has finished with it, i.e. its callback ran and the requests
it produced are in the queue. Each worker refreshes a heartbeat key; when a worker's
heartbeat is gone, any other worker (or the same worker id restarted) puts that worker's
in-flight requests back into the queue.

Enqueueing is atomic too: "fingerprint is new" and "push" happen in one script, so a kill
between the two cannot leave a request marked seen but never queued.

Delivery is therefore at least once: after a kill, a request whose results were stored but
whose lease was not yet released is fetched again (the manifest fold deduplicates that).
"""

from __future__ import annotations

import logging
import pickle
import time
import uuid
from typing import Any

import redis
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from crawler.distributed import DEFAULT_HEARTBEAT_TTL, RUN_KEYS_TTL, RunKeys

log = logging.getLogger(__name__)

# KEYS: queue, in-flight hash, in-flight scores hash → {token, request} or nil
LEASE = """
local items = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #items == 0 then return false end
redis.call('ZREM', KEYS[1], items[1])
local token = redis.sha1hex(items[1])
redis.call('HSET', KEYS[2], token, items[1])
redis.call('HSET', KEYS[3], token, items[2])
return {token, items[1]}
"""

# KEYS: in-flight hash, in-flight scores hash, queue → number of requests put back
RETURN_ALL = """
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local score = redis.call('HGET', KEYS[2], entries[i]) or '0'
  redis.call('ZADD', KEYS[3], score, entries[i + 1])
end
redis.call('DEL', KEYS[1], KEYS[2])
return #entries / 2
"""

# KEYS: dupefilter, queue; ARGV: fingerprint ('' = do not filter), score, request → 1 queued
ENQUEUE = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""


class LeasedPriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop leases the request to this worker."""

    def __init__(
        self, server: redis.Redis, spider: Spider, key: str, serializer: Any = None
    ) -> None:
        super().__init__(server, spider, key, serializer)
        settings = spider.crawler.settings
        self.keys = RunKeys(settings["RUN_ID"], spider.name)
        self.worker: str = settings["WORKER_ID"]
        self.leased: dict[str, Request] = {}  # token → the request object the engine holds
        self._lease = server.register_script(LEASE)
        self._return_all = server.register_script(RETURN_ALL)
        self._enqueue = server.register_script(ENQUEUE)

    def push_unless_seen(
        self, request: Request, fingerprint: str | None, dupefilter_key: str
    ) -> bool:
        data = self._encode_request(request)
        keys = [dupefilter_key, self.key]
        return bool(self._enqueue(keys=keys, args=[fingerprint or "", -request.priority, data]))

    def pop(self, timeout: int = 0) -> Request | None:
        keys = self.keys
        leased = self._lease(
            keys=[self.key, keys.inflight(self.worker), keys.inflight_scores(self.worker)]
        )
        if not leased:
            return None
        token, data = leased[0].decode("ascii"), leased[1]
        try:
            request = self._decode_request(data)
        except Exception:
            # A request this code cannot rebuild (e.g. queued by another version): say so and
            # drop it rather than stop the worker.
            log.exception("dropping an undecodable request from %s", self.key)
            self.release([token])
            return None
        self.leased[token] = request
        return request

    def release(self, tokens: list[str]) -> None:
        if not tokens:
            return
        with self.server.pipeline(transaction=True) as pipe:
            pipe.hdel(self.keys.inflight(self.worker), *tokens)
            pipe.hdel(self.keys.inflight_scores(self.worker), *tokens)
            pipe.execute()
        for token in tokens:
            self.leased.pop(token, None)

    def return_leases_of(self, worker: str) -> int:
        """Put every request leased by `worker` back into the queue (it is dead, or it is
        this worker closing with requests it could not finish)."""
        keys = [self.keys.inflight(worker), self.keys.inflight_scores(worker), self.key]
        count = int(self._return_all(keys=keys))
        if worker == self.worker:
            self.leased.clear()
        return count


class LeasingScheduler(Scheduler):
    """scrapy-redis's scheduler with leases, worker heartbeats and dead-worker recovery."""

    queue: LeasedPriorityQueue
    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeasingScheduler:
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        instance.worker = crawler.settings["WORKER_ID"]
        instance.heartbeat_ttl = crawler.settings.getfloat(
            "DISTRIBUTED_HEARTBEAT_TTL", DEFAULT_HEARTBEAT_TTL
        )
        instance.nonce = uuid.uuid4().hex
        instance._heartbeat = LoopingCall(instance.heartbeat)
        return instance

    def open(self, spider: Spider) -> None:
        super().open(spider)
        if not isinstance(self.queue, LeasedPriorityQueue):
            raise TypeError("LeasingScheduler needs SCHEDULER_QUEUE_CLASS = LeasedPriorityQueue")
        self.keys = self.queue.keys
        self._wait_for_previous_life()
        returned = self.queue.return_leases_of(self.worker)
        if returned:
            log.info(
                "%s: put back %d requests this worker id left in flight", self.keys.spider, returned
            )
        self.heartbeat()
        self.server.sadd(self.keys.workers, self.worker)
        self._heartbeat.start(max(0.5, self.heartbeat_ttl / 3), now=False)

    def _wait_for_previous_life(self) -> None:
        """Two live processes must not share a worker id (they would release each other's
        leases). A previous process with this id that was killed leaves its heartbeat for
        up to DISTRIBUTED_HEARTBEAT_TTL seconds: wait that out, then refuse."""
        alive = self.keys.alive(self.worker)
        deadline = time.monotonic() + self.heartbeat_ttl + 1
        while self.server.exists(alive):
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"worker id {self.worker!r} is already running in run {self.keys.run_id!r} "
                    "(its heartbeat is alive); give each worker its own --worker"
                )
            time.sleep(0.2)

    def heartbeat(self) -> None:
        """Prove this worker alive, keep the run's keys from expiring, release the leases of
        finished requests, and recover the leases of dead workers."""
        try:
            ttl_ms = int(self.heartbeat_ttl * 1000)
            with self.server.pipeline(transaction=False) as pipe:
                pipe.set(self.keys.alive(self.worker), self.nonce, px=ttl_ms)
                for key in self.keys.run_level():
                    pipe.expire(key, RUN_KEYS_TTL)
                pipe.execute()
            self.release_finished()
            self.recover_dead_workers()
        except redis.RedisError as exc:
            log.warning("heartbeat to Redis failed: %s", exc)

    def recover_dead_workers(self) -> None:
        for member in self.server.smembers(self.keys.workers):
            worker = member.decode("utf-8")
            if worker == self.worker or self.server.exists(self.keys.alive(worker)):
                continue
            returned = self.queue.return_leases_of(worker)
            self.server.srem(self.keys.workers, worker)
            if returned:
                log.warning(
                    "%s: worker %s is gone; put its %d in-flight requests back in the queue",
                    self.keys.spider,
                    worker,
                    returned,
                )
                if self.stats:
                    self.stats.inc_value("gknb/distributed/recovered_requests", returned)

    def _in_progress(self) -> set[Request] | None:
        # The engine's set of requests it has not finished (downloading, or their callback's
        # output still being processed). Scrapy has no public signal for "done with this
        # request", so the lease is released when the request leaves this set.
        slot = getattr(self.crawler.engine, "_slot", None)
        return getattr(slot, "inprogress", None)

    def release_finished(self) -> None:
        in_progress = self._in_progress()
        if in_progress is None:
            return
        done = [t for t, r in self.queue.leased.items() if r not in in_progress]
        self.queue.release(done)

    def enqueue_request(self, request: Request) -> bool:
        fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
        try:
            queued = self.queue.push_unless_seen(request, fingerprint, self.df.key)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError) as exc:
            # Only requests whose callbacks are spider methods and whose meta pickles can
            # travel between workers; a family adapter breaking that must be visible.
            log.error("cannot queue %s in Redis (%s): %s", request.url, type(exc).__name__, exc)
            if self.stats:
                self.stats.inc_value("gknb/distributed/unqueueable")
            return False
        if not queued:
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        # Called by the engine outside its own bookkeeping, so every request popped
        # earlier is either in progress or finished.
        self.release_finished()
        request = self.queue.pop()
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def close(self, reason: str) -> None:
        if self._heartbeat.running:
            self._heartbeat.stop()
        try:
            self.release_finished()
            returned = self.queue.return_leases_of(self.worker)
            if returned:
                log.info("%s: put back %d unfinished requests", self.keys.spider, returned)
            self.server.srem(self.keys.workers, self.worker)
            self.server.delete(self.keys.alive(self.worker))
        except redis.RedisError as exc:
            log.warning("could not hand back this worker's leases: %s", exc)
        super().close(reason)
