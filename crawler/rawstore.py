"""Fetched bodies stored once by content hash: DATA_DIR/raw/<sha256[:2]>/<sha256>."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def raw_path(data_dir: Path | str, sha256: str) -> Path:
    return Path(data_dir) / "raw" / sha256[:2] / sha256


class RawStore:
    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)

    def put(self, body: bytes) -> str:
        """Store `body` unless already stored; return its sha256.

        Written to a temporary file and renamed, so a crawl killed mid-write never leaves a
        truncated body under a valid hash."""
        sha = hashlib.sha256(body).hexdigest()
        path = raw_path(self.data_dir, sha)
        if path.exists():
            return sha
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def has(self, sha256: str) -> bool:
        return raw_path(self.data_dir, sha256).exists()

    def get(self, sha256: str) -> bytes:
        return raw_path(self.data_dir, sha256).read_bytes()
