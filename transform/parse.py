"""One document's bytes in, one ParsedReport out: sniff → extract → map → check → metadata.

`parse_bytes` never raises for bad input. A document that cannot be read gets
parse_status `failed` and a one-line `error` ("<ExceptionType>: message" when an extractor
raised); a readable one without the statistical tables gets `no_tables` with the reason.

report_id: transform.identity.report_id (a hash of agency key, year, scope and variant) with
the agency key `name:<normalised printed agency>`, which is what the pipeline uses too when
an organ has no 索引号 code. Without an agency the document's own hash stands in, so two
unidentifiable documents never share an id.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from transform import PARSER_VERSION, identity
from transform.checks import evaluate
from transform.document import ExtractedDocument
from transform.formats import UnsupportedFormat, extractor_for
from transform.formats.sniff import sniff
from transform.mapper import Mapping, map_document
from transform.metadata import Metadata, read_metadata
from transform.normalize import fold, fold_text
from transform.record import ParsedReport, Report

UNCERTAIN_CONFIDENCE = 0.9  # OCR readings below this make the report at most partial


def parse_file(path: str | Path, **kwargs: Any) -> ParsedReport:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        return _failed(b"", _one_line(exc))
    return parse_bytes(data, filename=p.name, **kwargs)


def parse_bytes(
    data: bytes,
    *,
    filename: str | None = None,
    source_url: str | None = None,
    hints: dict[str, Any] | None = None,
) -> ParsedReport:
    hints = dict(hints or {})
    try:
        fmt = sniff(data, filename)
    except Exception as exc:  # a sniffing bug must not stop a batch either
        return _failed(data, _one_line(exc), source_url=source_url)
    if fmt is None:
        why = "empty document" if not data.strip() else "unknown format (not a report document)"
        return _failed(data, why, source_url=source_url)
    try:
        doc = extractor_for(fmt)(data)
    except UnsupportedFormat as exc:
        return _failed(data, str(exc), fmt=fmt, source_url=source_url)
    except Exception as exc:
        return _failed(data, _one_line(exc), fmt=fmt, source_url=source_url)
    try:
        return _assemble(data, doc, fmt, source_url, hints)
    except Exception as exc:  # a mapper bug on one document is reported, not raised
        return _failed(data, f"internal {_one_line(exc)}", fmt=fmt, source_url=source_url)


def _assemble(
    data: bytes, doc: ExtractedDocument, fmt: str, source_url: str | None, hints: dict[str, Any]
) -> ParsedReport:
    mapping = map_document(doc)
    meta = read_metadata(doc, hints)
    if mapping.template == "unknown" and not mapping.cells and meta.year and meta.year < 2019:
        mapping.template = "legacy"  # the uniform formats only exist from the 2019 reports on
    status, error = _status(mapping, doc, meta)
    sha = hashlib.sha256(data).hexdigest()
    report = Report(
        report_id=report_id(meta.agency, meta.year, meta.scope, hints.get("variant"), sha),
        document_sha256=sha,
        agency=meta.agency,
        region_code=hints.get("region_code"),
        year=meta.year,
        template=mapping.template,
        scope=meta.scope,
        title=meta.title,
        source_url=source_url,
        published_date=meta.published_date,
        format=fmt,
        parse_status=status,
        parser_version=PARSER_VERSION,
        extraction=doc.extraction,
        error=error,
    )
    return ParsedReport(
        report=report, cells=mapping.cells, checks=evaluate(mapping.cells), sections=meta.sections
    )


def _status(mapping: Mapping, doc: ExtractedDocument, meta: Metadata) -> tuple[str, str | None]:
    if not mapping.cells:
        return "no_tables", _why_no_tables(mapping, doc, meta)
    problems: list[str] = []
    tables = mapping.tables  # a pass over every cell: read once
    missing_tables = [t for t in ("t2", "t3", "t4") if t not in tables]
    if missing_tables:
        problems.append(f"tables not found: {', '.join(missing_tables)}")
    missing_rows = [r for r in mapping.missing_rows() if r.split(".")[0] not in missing_tables]
    if missing_rows:
        problems.append(f"rows not printed: {', '.join(missing_rows)}")
    if mapping.beyond_columns:
        rows = ", ".join(mapping.beyond_columns[:10])
        problems.append(f"values printed beyond the template's columns, not mapped: {rows}")
    if mapping.unreadable:
        problems.append(f"cells not readable as numbers: {', '.join(mapping.unreadable[:10])}")
    uncertain = [c.key for c in mapping.cells if c.confidence < UNCERTAIN_CONFIDENCE]
    if uncertain:
        problems.append(f"uncertain OCR readings: {', '.join(uncertain[:10])}")
    if problems:
        return "partial", "; ".join(problems)
    return "ok", None


def _why_no_tables(mapping: Mapping, doc: ExtractedDocument, meta: Metadata) -> str:
    text = fold_text(doc.text())
    title = fold(meta.title or doc.title or "")
    if mapping.template == "legacy":
        return "legacy (pre-2019) report: its 统计表 is not one of the standard tables"
    if "解读" in title or "图解" in title:
        return "policy interpretation (解读) page, not the report itself"
    if title.endswith(("通知", "公告", "通告", "的函")) or title.startswith("关于"):
        return "notice (通知/公告) about reports, not a report"
    if not text or (len(text) < 200 and "script" in text.lower()):
        return "empty page (no text: a script-rendered shell or an empty body)"
    if len(text) < 200:
        return f"no statistical tables: only {len(text)} characters of text"
    if doc.extraction == "ocr" or doc.format == "image":
        return "tables could not be read from the images"
    images = next((w for w in doc.warnings if w.endswith("images in the report body")), None)
    if images and not doc.grids:
        return f"tables only as images ({images}): not read"
    if doc.grids:
        return "tables present but none is table 2, 3 or 4 of the report format"
    if "年度报告" in text[:500] or "年报" in text[:500]:
        return "report text without statistical tables (tables missing or only as images)"
    return "no statistical tables: the document does not look like an annual report"


def report_id(
    agency: str | None, year: int | None, scope: str, variant: str | None, sha256: str
) -> str:
    """transform.identity's report_id with the organ known only by its printed name."""
    name = identity.normalise_name(agency)
    organ_key = f"name:{name}" if name else f"sha256:{sha256}"
    return identity.report_id(organ_key, year, scope, variant)


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}"[:500]


def _failed(
    data: bytes,
    error: str,
    *,
    fmt: str | None = None,
    source_url: str | None = None,
) -> ParsedReport:
    sha = hashlib.sha256(data).hexdigest()
    report = Report(
        report_id=report_id(None, None, "unknown", None, sha),
        document_sha256=sha,
        source_url=source_url,
        format=fmt,
        parse_status="failed",
        parser_version=PARSER_VERSION,
        error=error.splitlines()[0] if error else "failed",
    )
    return ParsedReport(report=report)
