"""The datasets transform writes: one declaration per dataset, every column documented.

The Arrow schemas (with field metadata), the DuckDB staging-view column comments and the
Markdown data dictionary are all generated from DATASETS; nothing else lists these columns.
Bump SCHEMA_VERSION whenever a column is added, removed or changes type.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class Col:
    name: str
    type: pa.DataType
    zh: str
    en: str
    nullable: bool = True


@dataclass(frozen=True)
class Dataset:
    name: str
    en: str
    zh: str
    columns: tuple[Col, ...]
    partition_by_year: bool = True

    @property
    def arrow_schema(self) -> pa.Schema:
        fields = [
            pa.field(
                c.name,
                c.type,
                nullable=c.nullable,
                metadata={"zh": c.zh, "en": c.en},
            )
            for c in self.columns
        ]
        return pa.schema(
            fields,
            metadata={"dataset": self.name, "schema_version": SCHEMA_VERSION, "en": self.en},
        )

    def column(self, name: str) -> Col:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")


_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_TS = pa.timestamp("s", tz="UTC")
_D = pa.date32()

# Columns shared by several datasets are declared once.
REPORT_ID = Col(
    "report_id",
    _S,
    "报告标识",
    "stable id of the logical report (agency key, year, scope, variant)",
    False,
)
YEAR = Col("year", _I, "统计年度", "statistical year the report covers (not the publication year)")
SHA256 = Col(
    "document_sha256",
    _S,
    "文件哈希",
    "sha256 of the source bytes the record was parsed from",
    False,
)

DOCUMENTS = Dataset(
    "documents",
    "every fetched document (page or attachment), with its parse outcome",
    "抓取的全部文件及解析结果",
    (
        SHA256,
        Col("url", _S, "地址", "URL the document was fetched from"),
        Col("final_url", _S, "最终地址", "URL after redirects"),
        Col("source_id", _S, "来源", "registry source id (crawler/sources)"),
        Col("role", _S, "角色", "report_page (detail page) or attachment"),
        Col("parent_url", _S, "所属页面", "for an attachment, the detail page linking it"),
        Col(
            "organ_key",
            _S,
            "机关键",
            "organ identity: 索引号 prefix, else the normalised organ name",
        ),
        Col("title", _S, "标题", "title as found on the list or detail page"),
        Col(
            "format",
            _S,
            "格式",
            "format sniffed from the bytes: html, pdf, docx, doc, wps, xls, xlsx, txt, rtf, image",
        ),
        Col("size", _I, "字节数", "size of the raw bytes"),
        Col("first_seen", _TS, "首次发现", "when this exact content was first fetched"),
        Col("last_seen", _TS, "最近发现", "when this exact content was last fetched"),
        Col("parse_status", _S, "解析状态", "ok, partial, no_tables or failed"),
        Col("error", _S, "错误", "why parsing failed or found no tables"),
        Col(
            "parser_version", _S, "解析器版本", "version of the parsing code that produced this row"
        ),
        Col("report_id", _S, "报告标识", "the report this document was chosen for, if any"),
        Col(
            "chosen",
            _B,
            "是否采用",
            "true when this document is the one the report's tables were read from",
        ),
        YEAR,
    ),
)

REPORTS = Dataset(
    "reports",
    "one row per version of a logical report",
    "年度报告",
    (
        REPORT_ID,
        SHA256,
        Col("agency", _S, "发布机关", "issuing organ as printed"),
        Col("organ_key", _S, "机关键", "organ identity across years and URLs"),
        Col("source_id", _S, "来源", "registry source id"),
        Col(
            "region_code",
            _S,
            "行政区划代码",
            "6-digit administrative division code of the organ's government",
        ),
        Col("level", _S, "层级", "registry level: province, city, county, township, department …"),
        YEAR,
        Col(
            "template",
            _S,
            "格式版本",
            "2021 (国办公开办函〔2021〕30号), 2019 (〔2019〕60号), legacy, unknown",
        ),
        Col(
            "scope",
            _S,
            "范围",
            "organ (one organ's own report), aggregate (whole-region summary), unknown",
        ),
        Col("title", _S, "标题", "title as found"),
        Col("source_url", _S, "来源地址", "URL of the detail page"),
        Col("published_date", _D, "发布日期", "publication date as found"),
        Col("format", _S, "格式", "format of the document the tables were read from"),
        Col("parse_status", _S, "解析状态", "ok, partial, no_tables or failed"),
        Col("parser_version", _S, "解析器版本", "version of the parsing code"),
        Col("extraction", _S, "提取方式", "text (markup or text layer), ocr, mixed"),
        Col("error", _S, "说明", "why parse_status is not ok"),
        Col("version", _I, "版本", "1 for the first version seen, 2 … for later edits"),
        Col("is_current", _B, "是否最新", "true for the latest version of the report"),
        Col("first_seen", _TS, "首次发现", "when this version was first fetched"),
    ),
)

CELLS = Dataset(
    "cells",
    "one row per printed cell of tables 2, 3 and 4",
    "统计表单元格",
    (
        REPORT_ID,
        SHA256,
        YEAR,
        Col("table", _S, "表", "t2 主动公开, t3 依申请, t4 复议诉讼", False),
        Col(
            "row",
            _S,
            "行",
            "canonical row key (see the dictionary of cell keys); extra_<n> for local rows",
            False,
        ),
        Col("col", _S, "列", "canonical column key", False),
        Col("value", _F, "数值", "the number; null unless state is number; money in 万元"),
        Col("raw", _S, "原文", "cell text exactly as printed (whitespace trimmed)"),
        Col(
            "state",
            _S,
            "状态",
            "number, blank (printed empty), dash ('/', '-', '无' …), text",
            False,
        ),
        Col("unit", _S, "单位", "for money cells the unit of value (万元)"),
        Col(
            "confidence", _F, "置信度", "1.0 from markup or a text layer; OCR confidence otherwise"
        ),
        Col("raw_label", _S, "原行名", "the printed row label, for local extra rows"),
    ),
)

CHECKS = Dataset(
    "checks",
    "the identities (勾稽关系) evaluated on each report",
    "勾稽关系检查",
    (
        REPORT_ID,
        SHA256,
        YEAR,
        Col("check", _S, "检查", "t3_balance, t3_outcomes, t3_row_total, t4_total", False),
        Col(
            "key",
            _S,
            "对象",
            "the column (t3_balance, t3_outcomes) or row (t3_row_total, t4_total) checked",
            False,
        ),
        Col("status", _S, "结果", "pass, fail, not_assessable", False),
        Col("lhs", _F, "左边", "left-hand side as printed"),
        Col("rhs", _F, "右边", "right-hand side computed from the printed parts"),
        Col("delta", _F, "差额", "lhs - rhs"),
        Col("reason", _S, "原因", "why the check is not assessable"),
        Col("status_if_blank_as_0", _S, "空白按0结果", "the status had blank cells been read as 0"),
    ),
)

SECTIONS = Dataset(
    "sections",
    "the text of sections 一 to 六",
    "报告正文",
    (
        REPORT_ID,
        SHA256,
        YEAR,
        Col("section", _S, "章节", "1 to 6 (一 … 六)", False),
        Col("text", _S, "正文", "section text as printed"),
    ),
)

ORGANS = Dataset(
    "organs",
    "organs known from the registry and the reports",
    "机关",
    (
        Col("organ_key", _S, "机关键", "organ identity across years and URLs", False),
        Col("agency", _S, "机关名称", "organ name as most recently printed"),
        Col("source_id", _S, "来源", "registry source id"),
        Col("region_code", _S, "行政区划代码", "6-digit administrative division code"),
        Col("level", _S, "层级", "registry level"),
        Col("first_year", _I, "最早年度", "first statistical year with a report"),
        Col("last_year", _I, "最近年度", "latest statistical year with a report"),
    ),
    partition_by_year=False,
)

# Written by `make all` (warehouse/run_history.py), not by transform: one file per run.
PIPELINE_RUNS = Dataset(
    "pipeline_runs",
    "one row per stage of each scheduled run (make all)",
    "运行记录",
    (
        Col("run_id", _S, "运行标识", "id of the make all run (its UTC start time)", False),
        Col("started_at", _TS, "开始时间", "when the run started"),
        Col("finished_at", _TS, "结束时间", "when the run finished (null while it is going)"),
        Col(
            "run_exit_status",
            _I,
            "运行退出码",
            "0 ok, 1 completed with failures, 2 a stage failed outright, 3 degraded",
        ),
        Col("stage", _S, "阶段", "crawl, transform or warehouse", False),
        Col("outcome", _S, "阶段结果", "ok, failures, failed_outright, skipped, degraded"),
        Col(
            "exit_status", _I, "阶段退出码", "exit status of the stage's command (-1 when skipped)"
        ),
        Col("seconds", _F, "耗时（秒）", "duration of the stage"),
        Col(
            "counts", _S, "计数", "the stage's own counts as JSON (reports_found, parsed, failed …)"
        ),
        Col("note", _S, "说明", "why the stage failed or is degraded"),
    ),
    partition_by_year=False,
)

DATASETS: dict[str, Dataset] = {
    d.name: d for d in (DOCUMENTS, REPORTS, CELLS, CHECKS, SECTIONS, ORGANS, PIPELINE_RUNS)
}
