"""The source registry: which government sites to crawl, from a YAML file.

    sources:
      - id: shanghai-szfbgt          # required, [a-z0-9_-], unique
        name: 上海市人民政府办公厅      # required: the organ (manifest `organ`)
        start_urls: [https://…/]     # required: portal home or the 年报 column
        region_code: "310000"        # optional, GB/T 2260 code
        level: province              # optional
        allowed_domains: [a.gov.cn]  # optional, default: the start URLs' hosts
        family: trs                  # optional, default: detected per column
        may_be_empty: false          # optional: a run that finds no report still succeeds
        delay: 1.0                   # optional politeness overrides (seconds between
        concurrency: 2               #   requests per host; parallel requests per host)

`allowed_domains` entries are host names (sub-domains included) or `host:port` (that port
only, as needed for bare IP:port hosts).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
KNOWN_KEYS = {
    "id",
    "name",
    "start_urls",
    "region_code",
    "level",
    "allowed_domains",
    "family",
    "may_be_empty",
    "delay",
    "concurrency",
}


class RegistryError(ValueError):
    """The registry file is not what the crawler can run; the message says where and why."""


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    start_urls: tuple[str, ...]
    region_code: str | None = None
    level: str | None = None
    allowed_domains: tuple[str, ...] = ()
    family: str | None = None
    may_be_empty: bool = False
    delay: float | None = None
    concurrency: int | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def host_is_private(self) -> bool:
        """True when the entry itself lives on a private or loopback address (a local
        fixture site, an intranet mirror): then, and only then, may it be crawled."""
        return any(is_private_host(urlsplit(u).hostname or "") for u in self.start_urls)


def is_private_host(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
        or address.is_multicast
    )


def default_allowed_domain(url: str) -> str:
    """A start URL's host without "www." (so xxgk.<organ>.gov.cn disclosure sub-sites and
    the bare domain a portal redirects to stay in), or host:port for a bare IP address."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host.removeprefix("www.") if host.count(".") >= 2 else host
    return f"{host}:{parts.port}" if parts.port else host


def _where(index: int, entry: dict[str, Any] | None) -> str:
    ident = entry.get("id") if isinstance(entry, dict) else None
    return f"source #{index + 1}" + (f" ({ident!r})" if ident else "")


def _check_url(url: object, where: str) -> str:
    if not isinstance(url, str):
        raise RegistryError(f"{where}: start URL must be a string, got {url!r}")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RegistryError(f"{where}: start URL must be an http(s) URL with a host: {url!r}")
    return url.strip()


def parse_source(index: int, entry: object, families: set[str] | None = None) -> Source:
    where = _where(index, entry if isinstance(entry, dict) else None)
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: must be a mapping, got {type(entry).__name__}")
    unknown = set(entry) - KNOWN_KEYS
    if unknown:
        raise RegistryError(
            f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(KNOWN_KEYS)})"
        )
    for key in ("id", "name", "start_urls"):
        if not entry.get(key):
            raise RegistryError(f"{where}: missing required key {key!r}")
    ident = entry["id"]
    if not isinstance(ident, str) or not ID_RE.match(ident):
        raise RegistryError(f"{where}: id must match {ID_RE.pattern}, got {ident!r}")
    if not isinstance(entry["name"], str):
        raise RegistryError(f"{where}: name must be a string")
    raw_urls = entry["start_urls"]
    if isinstance(raw_urls, str):
        raw_urls = [raw_urls]
    if not isinstance(raw_urls, list):
        raise RegistryError(f"{where}: start_urls must be a list of URLs")
    start_urls = tuple(_check_url(u, where) for u in raw_urls)
    allowed = entry.get("allowed_domains") or [default_allowed_domain(u) for u in start_urls]
    if not isinstance(allowed, list) or not all(isinstance(d, str) and d for d in allowed):
        raise RegistryError(f"{where}: allowed_domains must be a list of host names")
    family = entry.get("family")
    if family is not None and families is not None and family not in families:
        raise RegistryError(f"{where}: unknown family {family!r} (known: {sorted(families)})")
    delay = entry.get("delay")
    if delay is not None and (not isinstance(delay, int | float) or delay < 0):
        raise RegistryError(f"{where}: delay must be a number of seconds >= 0, got {delay!r}")
    concurrency = entry.get("concurrency")
    if concurrency is not None and (not isinstance(concurrency, int) or concurrency < 1):
        raise RegistryError(f"{where}: concurrency must be an integer >= 1, got {concurrency!r}")
    may_be_empty = entry.get("may_be_empty", False)
    if not isinstance(may_be_empty, bool):
        raise RegistryError(f"{where}: may_be_empty must be true or false")
    region_code = entry.get("region_code")
    return Source(
        id=ident,
        name=entry["name"],
        start_urls=start_urls,
        region_code=str(region_code) if region_code is not None else None,
        level=entry.get("level"),
        allowed_domains=tuple(d.lower().strip() for d in allowed),
        family=family,
        may_be_empty=may_be_empty,
        delay=float(delay) if delay is not None else None,
        concurrency=concurrency,
    )


def parse_registry(data: object, families: set[str] | None = None) -> list[Source]:
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise RegistryError("registry must be a mapping with a 'sources' list")
    sources = [parse_source(i, e, families) for i, e in enumerate(data["sources"])]
    seen: set[str] = set()
    for source in sources:
        if source.id in seen:
            raise RegistryError(f"duplicate source id {source.id!r}")
        seen.add(source.id)
    return sources


def load_registry(path: Path | str, families: set[str] | None = None) -> list[Source]:
    """Read and validate a registry file; `families` (names) checks the `family` keys."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(f"registry file not found: {path}") from None
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from None
    try:
        return parse_registry(data, families)
    except RegistryError as exc:
        raise RegistryError(f"{path}: {exc}") from None


def select(sources: list[Source], ids: list[str]) -> list[Source]:
    if not ids:
        return sources
    by_id = {s.id: s for s in sources}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise RegistryError(f"no source with id {missing} (known: {sorted(by_id)})")
    return [by_id[i] for i in ids]


def dump_registry(sources: list[dict[str, Any]], path: Path | str) -> None:
    """Write a registry file (tests and the demo describe their local sites this way)."""
    Path(path).write_text(
        yaml.safe_dump({"sources": sources}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
