"""A private, throw-away redis-server: 127.0.0.1 only, a free port, a temporary directory.

Used by `make crawl-distributed` when no REDIS_URL is given and by the distributed crawl
tests. Nothing is persisted (`--save ''`, no AOF) and the server is stopped on exit, so it
leaves nothing behind.

    with PrivateRedis() as redis_url:
        ... run workers against redis_url ...
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import redis

START_TIMEOUT = 10.0


class RedisServerMissing(RuntimeError):
    """redis-server is not installed (Debian package `redis-server`, see the Makefile)."""


def redis_server_binary() -> str | None:
    return shutil.which("redis-server")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateRedis:
    """Start redis-server on 127.0.0.1:<free port> in a temporary directory; stop it on exit."""

    def __init__(self, port: int | None = None) -> None:
        binary = redis_server_binary()
        if binary is None:
            raise RedisServerMissing(
                "redis-server not found: install the Debian package redis-server (make install)"
            )
        self.binary = binary
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        self._dir = tempfile.TemporaryDirectory(prefix="gknb-redis-")
        directory = Path(self._dir.name)
        self._process = subprocess.Popen(
            [
                self.binary,
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--dir", str(directory),
                "--save", "",
                "--appendonly", "no",
                "--protected-mode", "yes",
                "--logfile", str(directory / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        if not self._wait_until_ready():
            log_text = _read(directory / "redis.log")
            self.stop()
            raise RuntimeError(f"redis-server did not start on {self.url}:\n{log_text}")
        return self.url

    def _wait_until_ready(self) -> bool:
        assert self._process is not None
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + START_TIMEOUT
        try:
            while self._process.poll() is None and time.monotonic() < deadline:
                try:
                    return bool(client.ping())
                except redis.ConnectionError:
                    time.sleep(0.05)
            return False
        finally:
            client.close()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-2000:]
    except OSError:
        return "(no log)"
