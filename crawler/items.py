"""What the spider hands to the storage pipeline: one fetched (or confirmed) document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class FetchedDocument:
    role: str  # crawler.manifest.ROLES
    url: str
    final_url: str
    parent_url: str | None
    title: str | None
    published_date: str | None
    year: int | None
    variant: str | None
    index_no: str | None
    publisher: str | None
    http_status: int
    content_type: str | None
    etag: str | None
    last_modified: str | None
    # The body as received; None when the server answered 304 Not Modified, in which case
    # `previous` (the URL's latest manifest observation) supplies the hash.
    body: bytes | None
    previous: dict[str, Any] | None = None
