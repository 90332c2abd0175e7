"""The distributed crawl (crawler/distributed.py): two worker processes against a real
redis-server and the generic fixture portal built from real reports.

- the union of what the workers store equals a single-process crawl of the same site,
- no detail page or attachment is fetched twice (the server's request log),
- the host's politeness (concurrency, delay) holds across both workers,
- both workers leave on their own once the crawl is complete,
- a worker killed with SIGKILL mid-crawl loses no report once the crawl is re-run,
- `make crawl-distributed`'s launcher, the worker arguments and the host-lease script.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from crawler.cli import main as cli_main
from crawler.distributed import RunKeys
from crawler.leased_queue import LeasedPriorityQueue
from crawler.manifest import load_documents
from crawler.middlewares.host_lease import ACQUIRE, lease_keys
from crawler.redis_server import PrivateRedis, free_port, redis_server_binary
from crawler.registry import dump_registry
from crawler.testsite import Expected, FixtureWeb, RealDocuments, Site, generic

pytestmark = pytest.mark.skipif(
    redis_server_binary() is None,
    reason="redis-server is not installed (Debian package redis-server; make install)",
)

REPO = Path(__file__).resolve().parent.parent
SOURCE_ID = "fixture-portal"
SPIDER = f"reports-{SOURCE_ID}"
DELAY = 0.4  # the politeness test's per-host delay (seconds between request starts)
# A lease is taken in Redis and the request reaches the server a moment later: scheduling
# jitter of a loaded machine, allowed between the lease's pace and the server's clock.
JITTER = 0.15
WORKER_TIMEOUT = 240  # a worker that has not exited by then never will


@dataclass
class ServerProbe:
    """Times every request the fixture host answers, across all workers."""

    pause: float
    intervals: list[tuple[float, float, str]] = field(default_factory=list)
    active: int = 0
    max_active: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wrap(self, site: Site) -> None:
        answer = site.answer_get

        def timed(path: str, query: dict[str, str], raw_target: str):  # type: ignore[no-untyped-def]
            started = time.monotonic()
            with self._lock:
                self.active += 1
                self.max_active = max(self.max_active, self.active)
            try:
                time.sleep(self.pause)  # a slow government server: requests overlap if allowed
                return answer(path, query, raw_target)
            finally:
                with self._lock:
                    self.active -= 1
                    self.intervals.append((started, time.monotonic(), raw_target))

        site.answer_get = timed  # type: ignore[method-assign]

    def min_start_gap(self) -> float:
        starts = sorted(start for start, _, _ in self.intervals)
        return min(b - a for a, b in itertools.pairwise(starts))

    def last_answer(self) -> float:
        return max(end for _, end, _ in self.intervals)


@pytest.fixture
def redis_url() -> Iterator[str]:
    with PrivateRedis() as url:
        yield url


@pytest.fixture
def portal() -> Iterator[tuple[FixtureWeb, Expected]]:
    with FixtureWeb("main") as web:
        yield web, generic.build(web, RealDocuments.default())


def write_registry(path: Path, expected: Expected, concurrency: int, delay: float = 0.1) -> Path:
    entry = {
        "id": SOURCE_ID,
        "name": "临夏州公安局",
        "start_urls": [expected.start_url],
        "allowed_domains": expected.allowed_domains,
        "delay": delay,
        "concurrency": concurrency,
    }
    dump_registry([entry], path)
    return path


def crawl_command(sources: Path, data_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "crawler", "crawl", "--sources", str(sources),
            "--data-dir", str(data_dir), "--log-level", "INFO", *extra]  # fmt: skip


def start_worker(
    sources: Path, data_dir: Path, redis_url: str, run_id: str, worker: str, logs: Path
) -> subprocess.Popen[bytes]:
    command = crawl_command(
        sources, data_dir, "--redis-url", redis_url, "--run-id", run_id, "--worker", worker
    )
    log = (logs / f"{worker}.log").open("ab")
    return subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)


def wait_all(processes: dict[str, subprocess.Popen[bytes]]) -> dict[str, tuple[int, float]]:
    """Each worker's exit status and the monotonic time it was seen to exit."""
    done: dict[str, tuple[int, float]] = {}
    deadline = time.monotonic() + WORKER_TIMEOUT
    while len(done) < len(processes):
        for name, process in processes.items():
            if name not in done and process.poll() is not None:
                done[name] = (process.returncode, time.monotonic())
        if time.monotonic() > deadline:
            for process in processes.values():
                process.kill()
            pytest.fail(
                f"workers did not exit within {WORKER_TIMEOUT}s: {sorted(set(processes) - set(done))}"
            )
        time.sleep(0.1)
    return done


def merged(target: Path, *data_dirs: Path) -> Path:
    """Bring the machines' data directories together, as docs/distributed.md says."""
    for data_dir in data_dirs:
        for part in ("raw", "manifest"):
            if (data_dir / part).exists():
                shutil.copytree(data_dir / part, target / part, dirs_exist_ok=True)
    return target


def stored(data_dir: Path) -> set[tuple[str, str]]:
    documents = load_documents(data_dir)
    return set(zip(documents["url"], documents["sha256"], strict=True))


def served(web: FixtureWeb, expected: Expected) -> set[tuple[str, str]]:
    """(url, sha256) of the reports and attachments as the fixture host serves them."""
    main = web["main"]
    out = set()
    for url in expected.report_pages | expected.attachments:
        body = main.site.pages[url.removeprefix(main.base)].body
        out.add((url, hashlib.sha256(body).hexdigest()))
    return out


@pytest.mark.slow
def test_two_workers_crawl_like_one_process(
    tmp_path: Path, redis_url: str, portal: tuple[FixtureWeb, Expected]
) -> None:
    web, expected = portal
    main = web["main"]
    sources = write_registry(tmp_path / "sources.yaml", expected, concurrency=1, delay=DELAY)

    single = subprocess.run(
        crawl_command(sources, tmp_path / "single"),
        cwd=REPO,
        capture_output=True,
        timeout=WORKER_TIMEOUT,
    )
    assert single.returncode == 0, single.stdout.decode() + single.stderr.decode()[-3000:]
    single_process = stored(tmp_path / "single")
    assert single_process == served(web, expected)

    web.clear_logs()
    probe = ServerProbe(pause=0.1)
    probe.wrap(main.site)
    workers = {
        name: start_worker(sources, tmp_path / name, redis_url, "r1", name, tmp_path)
        for name in ("a", "b")
    }
    exits = wait_all(workers)

    logs = {name: (tmp_path / f"{name}.log").read_text(errors="replace") for name in workers}
    for name, (status, _) in exits.items():
        assert status == 0, logs[name][-3000:]
    # Two machines' data directories, brought together: the same documents, same bytes.
    assert stored(merged(tmp_path / "merged", tmp_path / "a", tmp_path / "b")) == single_process

    # Seeded once, and nothing fetched twice across the workers.
    gets = Counter(main.log.paths("GET"))
    documents = {
        url.removeprefix(main.base) for url in expected.report_pages | expected.attachments
    }
    assert {path: gets[path] for path in documents} == dict.fromkeys(documents, 1)
    assert gets["/"] == 1
    assert not {main.base + p for p in gets} & expected.never_requested

    # Politeness across both workers: concurrency 1 and DELAY between request starts.
    assert probe.max_active == 1
    assert probe.min_start_gap() >= DELAY - JITTER

    # Both left on their own once the crawl was complete (not by a timeout of ours).
    for name, (_, exited) in exits.items():
        assert exited - probe.last_answer() < 30, logs[name][-2000:]
    assert any("crawl complete" in text for text in logs.values())


@pytest.mark.slow
def test_killed_worker_loses_no_report_once_rerun(
    tmp_path: Path, redis_url: str, portal: tuple[FixtureWeb, Expected]
) -> None:
    web, expected = portal
    main = web["main"]
    sources = write_registry(tmp_path / "sources.yaml", expected, concurrency=2)
    probe = ServerProbe(pause=0.4)  # slow enough that the kill lands mid-crawl
    probe.wrap(main.site)
    server = redis.Redis.from_url(redis_url)
    keys = RunKeys("r2", SPIDER)
    workers = {
        name: start_worker(sources, tmp_path / name, redis_url, "r2", name, tmp_path)
        for name in ("a", "b")
    }

    # Kill a worker while it holds leased requests, once the crawl is under way: freeze it
    # (SIGSTOP) so that what it holds cannot change between looking and killing.
    victim = None
    deadline = time.monotonic() + WORKER_TIMEOUT
    while victim is None:
        assert time.monotonic() < deadline, "the crawl never got under way"
        time.sleep(0.05)
        if len(main.log.paths("GET")) < 4:
            continue
        for name, process in workers.items():
            process.send_signal(signal.SIGSTOP)
            if server.hlen(keys.inflight(name)):
                victim = name
                break
            process.send_signal(signal.SIGCONT)
    workers[victim].send_signal(signal.SIGKILL)
    workers[victim].wait()
    assert server.hlen(keys.inflight(victim)) > 0  # it died with requests in flight

    survivor = "b" if victim == "a" else "a"
    exits = wait_all({survivor: workers[survivor]})
    survivor_log = (tmp_path / f"{survivor}.log").read_text(errors="replace")
    assert exits[survivor][0] == 0, survivor_log[-3000:]

    # The re-run: the killed worker is started again with the same run id.
    exits = wait_all(
        {victim: start_worker(sources, tmp_path / victim, redis_url, "r2", victim, tmp_path)}
    )
    assert exits[victim][0] == 0, (tmp_path / f"{victim}.log").read_text(errors="replace")[-3000:]

    together = merged(tmp_path / "merged", tmp_path / "a", tmp_path / "b")
    assert stored(together) == served(web, expected)
    assert server.zcard(keys.requests) == 0
    assert server.hlen(keys.inflight(victim)) == 0


@pytest.mark.slow
def test_local_cluster_runs_n_workers_on_a_private_redis(
    tmp_path: Path, portal: tuple[FixtureWeb, Expected]
) -> None:
    """What `make crawl-distributed WORKERS=2` runs: its own redis-server, stopped after."""
    web, expected = portal
    sources = write_registry(tmp_path / "sources.yaml", expected, concurrency=2, delay=0)
    data_dir = tmp_path / "data"
    command = [sys.executable, "-m", "crawler.local_cluster", "--workers", "2",
               "--sources", str(sources), "--data-dir", str(data_dir), "--run-id", "r3"]  # fmt: skip
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=WORKER_TIMEOUT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    parts = sorted(p.name for p in (data_dir / "manifest").iterdir())
    assert parts == ["r3.w1.jsonl", "r3.w2.jsonl"]
    assert sorted(p.name for p in (data_dir / "crawl" / "runs").iterdir()) == [
        "r3.w1.json",
        "r3.w2.json",
    ]
    assert stored(data_dir) == served(web, expected)
    private_url = next(
        line.split(" at ", 1)[1]
        for line in done.stdout.splitlines()
        if "private redis-server" in line
    )
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(private_url, socket_connect_timeout=1).ping()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--run-id", "r"], "needs --run-id"),
        (["--run-id", "r r", "--worker", "a"], "run id must match"),
        (["--run-id", "r", "--worker", "a/b"], "worker id must match"),
    ],
)
def test_worker_arguments_are_checked_before_crawling(
    tmp_path: Path,
    redis_url: str,
    arguments: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sources = tmp_path / "sources.yaml"
    dump_registry([{"id": "x", "name": "x", "start_urls": ["http://127.0.0.1:9/"]}], sources)
    argv = [
        "crawl",
        "--sources",
        str(sources),
        "--data-dir",
        str(tmp_path),
        "--redis-url",
        redis_url,
    ]
    assert cli_main([*argv, *arguments]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "manifest").exists()


def test_unreachable_redis_is_named_without_its_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = tmp_path / "sources.yaml"
    dump_registry([{"id": "x", "name": "x", "start_urls": ["http://127.0.0.1:9/"]}], sources)
    url = f"redis://crawler:s3cret@127.0.0.1:{free_port()}/0"
    argv = ["crawl", "--sources", str(sources), "--data-dir", str(tmp_path), "--redis-url", url]
    assert cli_main([*argv, "--run-id", "r", "--worker", "a"]) == 2
    error = capsys.readouterr().err
    assert "cannot use the Redis at redis://crawler:***@127.0.0.1" in error
    assert "s3cret" not in error


def test_host_lease_limits_concurrency_and_spaces_starts(redis_url: str) -> None:
    server = redis.Redis.from_url(redis_url)
    acquire = server.register_script(ACQUIRE)
    keys = list(lease_keys("gov.example:80"))

    def ask(token: str, concurrency: int, delay_ms: int) -> int:
        return int(acquire(keys=keys, args=[token, concurrency, delay_ms, 60_000]))

    assert ask("a", 2, 0) == 0
    assert ask("b", 2, 0) == 0
    assert ask("c", 2, 0) == -1  # both leases taken: wait
    server.zrem(keys[0], "a")  # a's response came back
    assert ask("c", 2, 0) == 0
    server.delete(*keys)
    assert ask("d", 5, 400) == 0
    wait = ask("e", 5, 400)  # a free lease, but too soon after d
    assert 0 < wait <= 400
    time.sleep(wait / 1000 + 0.01)
    assert ask("e", 5, 400) == 0


@pytest.mark.slow
def test_seeding_taken_over_from_a_worker_that_died_before_seeding(
    tmp_path: Path, redis_url: str, portal: tuple[FixtureWeb, Expected]
) -> None:
    web, expected = portal
    sources = write_registry(tmp_path / "sources.yaml", expected, concurrency=2)
    server = redis.Redis.from_url(redis_url)
    keys = RunKeys("r4", SPIDER)
    # Another worker claimed the seeding and is alive while "a" starts; then it dies.
    server.set(keys.seed, "ghost")
    worker = start_worker(sources, tmp_path / "a", redis_url, "r4", "a", tmp_path)
    deadline = time.monotonic() + WORKER_TIMEOUT
    while "seeded by another worker (ghost)" not in (tmp_path / "a.log").read_text(
        errors="replace"
    ):
        assert time.monotonic() < deadline and worker.poll() is None, "worker a never started"
        server.set(keys.alive("ghost"), "x", px=2000)  # the ghost's heartbeat
        time.sleep(0.2)
    status, _ = wait_all({"a": worker})["a"]
    log = (tmp_path / "a.log").read_text(errors="replace")
    assert status == 0, log[-3000:]
    assert "seeding the start requests again" in log
    assert stored(tmp_path / "a") == served(web, expected)
    assert Counter(web["main"].log.paths("GET"))["/"] == 1


class QueueProbeSpider(Spider):
    name = "reports-probe"

    def parse_detail(self, response: object) -> None:
        pass


def test_leased_queue_keeps_popped_requests_until_released(redis_url: str) -> None:
    server = redis.Redis.from_url(redis_url)
    crawler = get_crawler(QueueProbeSpider, {"RUN_ID": "r5", "WORKER_ID": "w1"})
    spider = QueueProbeSpider.from_crawler(crawler)
    keys = RunKeys("r5", spider.name)
    queue = LeasedPriorityQueue(server, spider, keys.requests)
    detail = Request("http://gov.example/nb/1.html", callback=spider.parse_detail, priority=3)

    assert queue.push_unless_seen(detail, "fp-1", keys.dupefilter)
    assert not queue.push_unless_seen(detail, "fp-1", keys.dupefilter)  # seen: not queued again
    assert len(queue) == 1

    popped = queue.pop()
    assert popped is not None and popped.url == detail.url
    assert popped.callback == spider.parse_detail
    assert (len(queue), server.hlen(keys.inflight("w1"))) == (0, 1)

    # w1 dies: another worker puts its lease back, with its priority.
    assert queue.return_leases_of("w1") == 1
    assert server.zrange(keys.requests, 0, -1, withscores=True)[0][1] == -3
    again = queue.pop()
    assert again is not None and again.url == detail.url
    queue.release(list(queue.leased))
    assert server.hlen(keys.inflight("w1")) == 0
    assert queue.pop() is None
