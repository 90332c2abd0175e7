"""The run report: per source, what a crawl found and what went wrong.

Printed as a table at the end of `python -m crawler crawl` and stored with its history as
DATA_DIR/crawl/runs/<run_id>.json. A source fails the run when it is unreachable, blocked,
or yields no report (unless the registry says `may_be_empty`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.registry import Source


@dataclass
class SourceRun:
    source_id: str
    status: str  # ok | empty | unreachable | blocked | failed
    list_pages: int = 0
    reports_found: int = 0
    attachments: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    attachment_failures: int = 0
    blocked_hosts: dict[str, str] = field(default_factory=dict)
    unreachable: dict[str, str] = field(default_factory=dict)  # start URL → error
    dropped_offsite: int = 0
    dropped_private: int = 0
    finish_reason: str | None = None
    responses: int = 0  # every HTTP answer (lists, documents, robots.txt, 304s)
    elapsed_seconds: float = 0.0
    failures: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def summarise(
    source: Source, stats: dict[str, Any], spider: Any, finish_reason: str | None
) -> SourceRun:
    """Turn a finished crawler's stats and the spider's records into a SourceRun."""

    def count(key: str) -> int:
        return int(stats.get(f"gknb/{key}", 0) or 0)

    answered = set(getattr(spider, "start_answered", set()))
    start_errors = dict(getattr(spider, "start_errors", {}))
    blocked = dict(getattr(spider, "blocked_hosts", {}))
    run = SourceRun(
        source_id=source.id,
        status="ok",
        list_pages=count("list_pages"),
        reports_found=len(getattr(spider, "report_urls", ())),
        attachments=count("attachments"),
        new=count("new"),
        changed=count("changed"),
        unchanged=count("unchanged"),
        attachment_failures=count("failed/attachment"),
        blocked_hosts=blocked,
        unreachable={u: e for u, e in start_errors.items() if u not in answered},
        dropped_offsite=len(getattr(spider, "dropped_offsite", ())),
        dropped_private=len(getattr(spider, "dropped_private", ())),
        finish_reason=finish_reason,
        responses=int(stats.get("downloader/response_count", 0) or 0),
        elapsed_seconds=_elapsed(stats),
        failures=list(getattr(spider, "failures", []))[:200],
    )
    start_hosts = {u.split("/")[2].lower() for u in source.start_urls}
    if finish_reason not in (None, "finished"):
        run.status = "failed"
    elif not answered and start_hosts & set(blocked):
        run.status = "blocked"
    elif not answered:
        run.status = "unreachable"
    elif run.reports_found == 0 and run.attachments == 0:
        run.status = "ok" if source.may_be_empty else "empty"
    return run


def _elapsed(stats: dict[str, Any]) -> float:
    # Our spider_closed handler may run before Scrapy's CoreStats writes elapsed_time_seconds.
    if stats.get("elapsed_time_seconds"):
        return float(stats["elapsed_time_seconds"])
    started = stats.get("start_time")
    if isinstance(started, datetime):
        return round((datetime.now(UTC) - started).total_seconds(), 3)
    return 0.0


@dataclass
class RunReport:
    run_id: str
    started_at: str
    finished_at: str
    sources: list[SourceRun]

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.sources)

    def save(self, data_dir: Path | str, worker: str | None = None) -> Path:
        # Workers of a distributed run may share DATA_DIR: one report file each.
        name = f"{self.run_id}.{worker}.json" if worker else f"{self.run_id}.json"
        path = Path(data_dir) / "crawl" / "runs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {**asdict(self), "ok": self.ok}
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    def table(self) -> str:
        header = (
            "source",
            "status",
            "lists",
            "reports",
            "attach",
            "new",
            "changed",
            "unchg",
            "att.fail",
            "blocked / unreachable",
        )
        rows = [header]
        for s in self.sources:
            problems = [f"blocked {h} ({k})" for h, k in s.blocked_hosts.items()]
            problems += [f"unreachable {u}: {e}" for u, e in s.unreachable.items()]
            rows.append(
                (
                    s.source_id,
                    s.status,
                    str(s.list_pages),
                    str(s.reports_found),
                    str(s.attachments),
                    str(s.new),
                    str(s.changed),
                    str(s.unchanged),
                    str(s.attachment_failures),
                    "; ".join(problems)[:160],
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1]
            for r in rows
        ]
        verdict = "all sources succeeded" if self.ok else "SOME SOURCES FAILED"
        return "\n".join([*lines, f"run {self.run_id}: {verdict}"])


def load_runs(data_dir: Path | str) -> list[dict[str, Any]]:
    """The run history, oldest first."""
    runs_dir = Path(data_dir) / "crawl" / "runs"
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(runs_dir.glob("*.json"))]
