"""Turn crawled documents and their parse results into the rows of the six datasets.

1. Documents are grouped by detail page (transform.choose), and one URL per group is chosen
   to carry the tables.
2. Each group gets its organ_key and report_id (transform.identity). Mirrors, re-listings and
   other formats of one logical report land on the same report_id.
3. Within a report_id, the carrying documents are compared by content (their cells, else their
   section text): equal content is one version, read from the best document; different
   content is a later edit. Versions are numbered by when their content was first seen, and
   the last one is current (a stale mirror still serving old content does not revive it).

Column lists are never restated here: rows are projected onto transform.schema's columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from transform.choose import PageGroup, ParseOutcome, chosen_url, group_by_page, rank
from transform.crawled import CrawledDocument
from transform.identity import OrganDirectory, report_id
from transform.schema import (
    CELLS,
    CHECKS,
    DATASETS,
    DOCUMENTS,
    ORGANS,
    REPORTS,
    SECTIONS,
    Dataset,
)

# result = ParsedReport.to_json() plus "refers_to_attachment"; loaded only for the documents
# whose cells land in the datasets (bounded memory)
LoadResult = Callable[[str], dict[str, Any]]
_NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)
# The datasets a transform run builds (schema.py also declares datasets other stages write).
BUILT: tuple[Dataset, ...] = (DOCUMENTS, REPORTS, CELLS, CHECKS, SECTIONS, ORGANS)


@dataclass(frozen=True)
class ReportContext:
    """What a page group contributes to every report row read from its documents."""

    report_id: str
    organ_key: str
    year: int | None
    source_id: str | None
    region_code: str | None
    level: str | None
    source_url: str
    title: str | None
    published_date: dt.date | None


@dataclass(frozen=True)
class Carrier:
    """One document that carries a version of a report, with the context of its page."""

    document: CrawledDocument
    context: ReportContext


def assemble(
    documents: list[CrawledDocument],
    summaries: dict[str, dict[str, Any]],
    load: LoadResult,
    parser_version: str,
) -> dict[str, list[dict[str, Any]]]:
    """Rows per dataset name. `summaries[sha]` is `summarise(result)` of every document's
    parse result; `load(sha)` returns the full result."""
    outcomes = {sha: _outcome(s) for sha, s in summaries.items()}
    groups = group_by_page(documents)
    directory = OrganDirectory()
    for group in groups:
        for page in group.pages:
            # Only the page's own names: the registry entry's organ is often the portal that
            # re-lists other organs' reports.
            agency = summaries.get(page.sha256, {}).get("agency")
            directory.observe(page.index_no, (page.publisher, agency))

    context_of: dict[tuple[str, str], ReportContext] = {}
    chosen_carriers: dict[str, list[Carrier]] = defaultdict(list)
    for group in groups:
        url = chosen_url(group, outcomes)
        carriers = [d for d in group.documents if d.url == url]
        context = _context(group, carriers, summaries, directory)
        for d in group.documents:
            context_of[(d.url, d.sha256)] = context
        chosen_carriers[context.report_id].extend(Carrier(d, context) for d in carriers)

    rows: dict[str, list[dict[str, Any]]] = {d.name: [] for d in BUILT}
    chosen: set[tuple[str, str]] = set()
    for rid in sorted(chosen_carriers):
        for version_row, carrier in _versions(chosen_carriers[rid], outcomes, summaries):
            chosen.add((carrier.document.url, carrier.document.sha256))
            rows["reports"].append(version_row | {"parser_version": parser_version})
            _add_content(rows, version_row, load(carrier.document.sha256))

    for d in documents:
        context = context_of[(d.url, d.sha256)]
        summary = summaries.get(d.sha256, {})
        rows["documents"].append(
            _project(
                DOCUMENTS,
                summary,
                {
                    "document_sha256": d.sha256,
                    "url": d.url,
                    "final_url": d.final_url,
                    "source_id": d.source_id,
                    "role": d.role,
                    "parent_url": d.parent_url,
                    "organ_key": context.organ_key,
                    "title": d.title,
                    "format": d.format or summary.get("format"),
                    "size": d.size,
                    "first_seen": d.first_seen,
                    "last_seen": d.last_seen,
                    "parser_version": parser_version,
                    "report_id": context.report_id,
                    "chosen": (d.url, d.sha256) in chosen,
                    "year": context.year,
                },
            )
        )
    rows["organs"] = _organs(rows["reports"])
    return rows


def _outcome(summary: dict[str, Any]) -> ParseOutcome:
    return ParseOutcome(
        parse_status=summary.get("parse_status") or "failed",
        extraction=summary.get("extraction") or "text",
        format=summary.get("format"),
        refers_to_attachment=bool(summary.get("refers_to_attachment")),
    )


def _latest(docs: list[CrawledDocument]) -> CrawledDocument:
    return max(docs, key=lambda d: (d.first_seen or _NEVER, d.sha256))


def _context(
    group: PageGroup,
    carriers: list[CrawledDocument],
    summaries: dict[str, dict[str, Any]],
    directory: OrganDirectory,
) -> ReportContext:
    # Manifest facts come from the detail page (the registry and the page's metadata table);
    # parsed facts from the latest version of the carrying document.
    pages = group.pages
    page = _latest(pages) if pages else None
    meta = page or _latest(carriers)
    parsed = summaries.get(_latest(carriers).sha256, {})
    index_no = next((p.index_no for p in pages if p.index_no), meta.index_no)
    organ_key = directory.organ_key(
        index_no, (meta.publisher, parsed.get("agency"), meta.organ), meta.source_id
    )
    year = parsed.get("year") or meta.year
    scope = parsed.get("scope") or "unknown"
    return ReportContext(
        report_id=report_id(organ_key, year, scope, meta.variant),
        organ_key=organ_key,
        year=year,
        source_id=meta.source_id,
        region_code=meta.region_code or parsed.get("region_code"),
        level=meta.level,
        source_url=page.url if page else (meta.parent_url or meta.url),
        title=(page.title if page else None) or parsed.get("title") or meta.title,
        published_date=meta.published_date or _iso_date(parsed.get("published_date")),
    )


def _iso_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    """What assembling needs of a parse result without loading it: its report object, whether
    the page hands over to its attachment, and its content fingerprint."""
    return dict(result.get("report", {})) | {
        "refers_to_attachment": bool(result.get("refers_to_attachment")),
        "content_fingerprint": content_fingerprint(result),
    }


def content_fingerprint(result: dict[str, Any]) -> str:
    """Equal for two renderings of the same printed report (cells, else section text)."""
    cells = sorted(
        (c["table"], c["row"], c["col"], c["state"], c.get("value")) for c in result["cells"]
    )
    if cells:
        basis: Any = cells
    else:
        sections = result.get("sections") or {}
        basis = {k: "".join(str(v).split()) for k, v in sections.items()}
    blob = json.dumps(basis, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _versions(
    carriers: list[Carrier],
    outcomes: dict[str, ParseOutcome],
    summaries: dict[str, dict[str, Any]],
) -> list[tuple[dict[str, Any], Carrier]]:
    """(reports row, the carrier it was read from) for every version of one report."""
    # A rendering that could not be read (failed, or no tables where others have them) is no
    # evidence of an edit: it stays linked in `documents` but makes no version of its own.
    readable = [c for c in carriers if outcomes[c.document.sha256].has_tables]
    by_content: dict[str, list[Carrier]] = defaultdict(list)
    for carrier in readable or carriers:
        by_content[summaries[carrier.document.sha256]["content_fingerprint"]].append(carrier)

    versions = []
    for fingerprint, same in by_content.items():
        first_seen = min((c.document.first_seen or _NEVER) for c in same)
        best = min(
            same,
            key=lambda c: (
                rank(outcomes[c.document.sha256], ""),
                c.document.first_seen or _NEVER,
                c.document.url,
                c.document.sha256,
            ),
        )
        versions.append((first_seen, fingerprint, best))
    versions.sort(key=lambda v: (v[0], v[1]))

    out = []
    for number, (first_seen, _, best) in enumerate(versions, start=1):
        d, ctx = best.document, best.context
        parsed = summaries.get(d.sha256, {})
        row = _project(
            REPORTS,
            parsed,
            {
                "report_id": ctx.report_id,
                "document_sha256": d.sha256,
                "agency": parsed.get("agency") or d.publisher or d.organ,
                "organ_key": ctx.organ_key,
                "source_id": ctx.source_id,
                "region_code": ctx.region_code,
                "level": ctx.level,
                "year": ctx.year,
                "scope": parsed.get("scope") or "unknown",
                "title": ctx.title,
                "source_url": ctx.source_url,
                "published_date": ctx.published_date,
                "format": parsed.get("format") or d.format,
                "version": number,
                "is_current": number == len(versions),
                "first_seen": None if first_seen == _NEVER else first_seen,
            },
        )
        out.append((row, best))
    return out


def _add_content(
    rows: dict[str, list[dict[str, Any]]], report: dict[str, Any], result: dict[str, Any]
) -> None:
    """Cells, checks and sections of one report version, in printed order."""
    keys = {
        "report_id": report["report_id"],
        "document_sha256": report["document_sha256"],
        "year": report["year"],
    }
    rows["cells"].extend(_project(CELLS, cell, keys) for cell in result["cells"])
    rows["checks"].extend(_project(CHECKS, check, keys) for check in result["checks"])
    sections = result.get("sections") or {}
    rows["sections"].extend(
        _project(SECTIONS, keys, {"section": k, "text": sections[k]}) for k in sorted(sections)
    )


def _organs(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_organ: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in reports:
        by_organ[r["organ_key"]].append(r)
    organs = []
    for key in sorted(by_organ):
        reports_of = by_organ[key]
        years = [r["year"] for r in reports_of if r["year"] is not None]
        latest = max(
            reports_of,
            key=lambda r: (
                r["agency"] is not None,
                r["year"] or 0,
                r["first_seen"] or _NEVER,
                r["report_id"],
            ),
        )
        organs.append(
            _project(
                ORGANS,
                latest,
                {"first_year": min(years, default=None), "last_year": max(years, default=None)},
            )
        )
    return organs


def _project(dataset: Dataset, *sources: dict[str, Any]) -> dict[str, Any]:
    """One row with exactly the dataset's columns; later sources override earlier ones."""
    merged: dict[str, Any] = {}
    for source in sources:
        merged.update(source)
    return {name: merged.get(name) for name in _COLUMN_NAMES[dataset.name]}


_COLUMN_NAMES = {name: tuple(c.name for c in d.columns) for name, d in DATASETS.items()}
