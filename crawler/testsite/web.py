"""Several fixture hosts at once, and what a crawl of them is expected to find.

Builders get a started `FixtureWeb` (so they know every host's URL before writing links
between hosts: a mirror, an anti-bot host) and fill its sites; they return an `Expected`
that tests compare with the crawl's manifest and the servers' request logs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import TracebackType

from crawler.testsite.server import SiteServer
from crawler.testsite.site import Site


@dataclass
class Expected:
    """What a complete crawl of a fixture web must produce (full URLs)."""

    start_url: str
    report_pages: set[str] = field(default_factory=set)  # detail pages recognised as reports
    attachments: set[str] = field(default_factory=set)  # attachment URLs as linked
    never_requested: set[str] = field(default_factory=set)  # robots-disallowed, dropped titles…
    allowed_domains: list[str] = field(default_factory=list)  # registry allowed_domains
    blocked_hosts: set[str] = field(default_factory=set)  # anti-bot hosts the run must report


class FixtureWeb:
    """Named fixture servers: `with FixtureWeb("main", "mirror") as web: web["main"].url("/")`."""

    def __init__(self, *names: str) -> None:
        self.servers: dict[str, SiteServer] = {name: SiteServer(Site()) for name in names}

    def __getitem__(self, name: str) -> SiteServer:
        return self.servers[name]

    def requested(self) -> set[str]:
        """Every URL any server was asked for (GET, HEAD or POST)."""
        return {
            server.url(target) for server in self.servers.values() for target in server.log.paths()
        }

    def clear_logs(self) -> None:
        for server in self.servers.values():
            server.log.clear()

    def __enter__(self) -> FixtureWeb:
        for server in self.servers.values():
            server.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for server in self.servers.values():
            server.stop()
