"""What has been parsed already: `datasets/_state.json` plus one cached result per document.

A document is parsed again only when its bytes (sha256), the parser version or the crawler
hints it was parsed with change. Each finished parse is cached at once, atomically, in
`datasets/_parsed/<sha256[:2]>/<sha256>.json.gz`, so a run that is killed keeps every parse it
finished; `_state.json` is the index of those results and is checkpointed during the run.
Datasets are always rebuilt from the cached results, which is what makes a restarted run
produce exactly the bytes of an uninterrupted one.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATE_FILE = "_state.json"
PARSED_DIR = "_parsed"


def write_atomically(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write to a temp file beside `path`, then rename over it: a killed process leaves the
    old file or the new one, never half of one. `durable` also survives a power cut (fsync);
    a cached parse result does not need that, it is only parsed again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        if durable:
            f.flush()
            os.fsync(f.fileno())
    os.replace(tmp, path)


def hints_fingerprint(hints: dict[str, Any]) -> str:
    """Short hash of the crawler hints a document is parsed with (they can change its result)."""
    blob = json.dumps(hints, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


@dataclass
class ParseState:
    """The index of cached parse results, keyed by document sha256."""

    datasets_dir: Path
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, datasets_dir: Path) -> ParseState:
        path = datasets_dir / STATE_FILE
        if not path.exists():
            return cls(datasets_dir)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            entries = dict(raw.get("documents", {}))
        except (OSError, ValueError, AttributeError):
            # A damaged index only costs re-parsing; the cached results are still checked.
            entries = {}
        return cls(datasets_dir, entries)

    def result_path(self, sha256: str) -> Path:
        return self.datasets_dir / PARSED_DIR / sha256[:2] / f"{sha256}.json.gz"

    def is_current(self, sha256: str, parser_version: str, hints_key: str) -> bool:
        entry = self.entries.get(sha256)
        return (
            entry is not None
            and entry.get("parser_version") == parser_version
            and entry.get("hints") == hints_key
            and isinstance(entry.get("summary"), dict)
            and self.result_path(sha256).exists()
        )

    def record(
        self,
        sha256: str,
        result: dict[str, Any],
        parser_version: str,
        hints_key: str,
        summary: dict[str, Any],
    ) -> None:
        """Cache a parse result; `summary` (what assembling needs without loading the whole
        result) is kept in the index."""
        # gzip with mtime=0 so equal results are equal bytes.
        blob = json.dumps(result, ensure_ascii=False, sort_keys=True).encode("utf-8")
        write_atomically(self.result_path(sha256), gzip.compress(blob, 6, mtime=0), durable=False)
        self.entries[sha256] = {
            "parser_version": parser_version,
            "hints": hints_key,
            "summary": summary,
        }

    def summary(self, sha256: str) -> dict[str, Any]:
        return dict(self.entries[sha256]["summary"])

    def result(self, sha256: str) -> dict[str, Any]:
        return json.loads(gzip.decompress(self.result_path(sha256).read_bytes()))

    def to_bytes(self) -> bytes:
        # One document per line: readable, and diffable between runs.
        lines = [
            json.dumps(sha, ensure_ascii=False)
            + ":"
            + json.dumps(self.entries[sha], ensure_ascii=False, sort_keys=True)
            for sha in sorted(self.entries)
        ]
        return ('{"documents": {\n' + ",\n".join(lines) + "\n}}\n").encode("utf-8")

    def save(self) -> bool:
        """Write the index if it changed; True when it was written."""
        path = self.datasets_dir / STATE_FILE
        data = self.to_bytes()
        if path.exists() and path.read_bytes() == data:
            return False
        write_atomically(path, data)
        return True
