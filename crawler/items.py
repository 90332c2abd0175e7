"""What the spider hands to the storage pipeline: one fetched (or confirmed) document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crawler.manifest import PageMetadata


@dataclass
class FetchedDocument(PageMetadata):
    role: str  # crawler.manifest.ROLES
    # The body as received; None when the server answered 304 Not Modified, in which case
    # `previous` (the URL's latest manifest observation) supplies the hash.
    body: bytes | None
    previous: dict[str, Any] | None = None
