"""The canonical model of an annual report: the one definition of every key and label.

Everything else is generated from here: the mapper's row and column vocabulary, the Arrow
schemas' documentation, the DuckDB column comments and the data dictionary. Keys are the
binding contract of ../shared/spec/data-contract.md; changing one is a breaking change.

`match` holds key phrases, already normalised (see transform.normalize.label_key): a label
matches a row or column when it contains one of them. Phrases are tried in the order rows are
listed, so more specific phrases come first where two could both appear in one label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

TableKey = Literal["t2", "t3", "t4"]
TemplateKey = Literal["2021", "2019", "legacy", "unknown"]

TEMPLATES: tuple[str, ...] = ("2021", "2019", "legacy", "unknown")
SCOPES: tuple[str, ...] = ("organ", "aggregate", "unknown")
FORMATS: tuple[str, ...] = (
    "html",
    "pdf",
    "docx",
    "doc",
    "wps",
    "xls",
    "xlsx",
    "txt",
    "rtf",
    "image",
)
PARSE_STATUSES: tuple[str, ...] = ("ok", "partial", "no_tables", "failed")
EXTRACTIONS: tuple[str, ...] = ("text", "ocr", "mixed")
CELL_STATES: tuple[str, ...] = ("number", "blank", "dash", "text")
CHECK_STATUSES: tuple[str, ...] = ("pass", "fail", "not_assessable")

# Money is always normalised to this unit in `value`; the printed unit stays in `raw`.
MONEY_UNIT = "万元"


@dataclass(frozen=True)
class Column:
    key: str
    label_zh: str
    label_en: str
    match: tuple[str, ...] = ()
    money: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    label_zh: str
    label_en: str
    match: tuple[str, ...]
    columns: tuple[Column, ...] = ()  # table 2 only: each row has its own columns


@dataclass(frozen=True)
class TableSpec:
    key: TableKey
    label_zh: str
    label_en: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...] = ()  # tables 3 and 4: columns shared by every row
    markers: tuple[str, ...] = field(default=())  # normalised phrases that identify the table

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"{self.key} has no row {key!r}")

    def columns_of(self, row_key: str) -> tuple[Column, ...]:
        row = self.row(row_key)
        return row.columns or self.columns

    def cell_keys(self) -> list[tuple[str, str]]:
        return [(row.key, col.key) for row in self.rows for col in (row.columns or self.columns)]


# --- Table 2: 主动公开政府信息情况 -------------------------------------------------------------

_ISSUED = Column("issued", "本年制发件数", "issued this year", ("制发",))
_REPEALED = Column("repealed", "本年废止件数", "repealed this year", ("废止",))
_IN_FORCE = Column("in_force", "现行有效件数", "in force", ("现行有效",))
_DECISIONS_2021 = Column("decisions", "本年处理决定数量", "decisions this year", ("处理决定",))
_FEE_AMOUNT = Column(
    "amount",
    "本年收费金额（单位：万元）",
    "fees collected this year (10k yuan)",
    ("收费金额",),
    money=True,
)

T2_2021 = TableSpec(
    key="t2",
    label_zh="主动公开政府信息情况",
    label_en="proactive disclosure",
    markers=("第二十条", "信息内容", "主动公开政府信息情况"),
    rows=(
        Row("regulations", "规章", "regulations", ("规章",), (_ISSUED, _REPEALED, _IN_FORCE)),
        Row(
            "normative_documents",
            "行政规范性文件",
            "normative documents",
            ("规范性文件",),
            (_ISSUED, _REPEALED, _IN_FORCE),
        ),
        Row("licensing", "行政许可", "administrative licensing", ("行政许可",), (_DECISIONS_2021,)),
        Row(
            "punishment", "行政处罚", "administrative punishment", ("行政处罚",), (_DECISIONS_2021,)
        ),
        Row("coercion", "行政强制", "administrative coercion", ("行政强制",), (_DECISIONS_2021,)),
        Row(
            "fees",
            "行政事业性收费",
            "administrative fees",
            ("行政事业性收费", "事业性收费"),
            (_FEE_AMOUNT,),
        ),
    ),
)

_MADE = Column("made", "本年新制作数量", "newly made this year", ("新制作",))
_PUBLISHED = Column("published", "本年新公开数量", "newly published this year", ("新公开",))
_TOTAL_PUBLISHED = Column("total_published", "对外公开总数量", "total published", ("公开总数",))
_PREV_ITEMS = Column("prev_items", "上一年项目数量", "items in the previous year", ("上一年项目",))
_CHANGE = Column("change", "本年增/减", "change this year (signed)", ("增/减", "增减"))
_DECISIONS_2019 = Column("decisions", "处理决定数量", "decisions", ("处理决定",))
_ITEMS = Column("items", "采购项目数量", "procurement items", ("采购项目",))
_PROCUREMENT_AMOUNT = Column(
    "amount", "采购总金额", "procurement total (10k yuan)", ("采购总金额", "总金额"), money=True
)
_MANAGED = (_PREV_ITEMS, _CHANGE, _DECISIONS_2019)

T2_2019 = TableSpec(
    key="t2",
    label_zh="主动公开政府信息情况",
    label_en="proactive disclosure",
    markers=("第二十条", "信息内容", "主动公开政府信息情况"),
    rows=(
        Row("regulations", "规章", "regulations", ("规章",), (_MADE, _PUBLISHED, _TOTAL_PUBLISHED)),
        Row(
            "normative_documents",
            "规范性文件",
            "normative documents",
            ("规范性文件",),
            (_MADE, _PUBLISHED, _TOTAL_PUBLISHED),
        ),
        Row("licensing", "行政许可", "administrative licensing", ("行政许可",), _MANAGED),
        Row(
            "other_services",
            "其他对外管理服务事项",
            "other external management services",
            ("其他对外管理服务", "对外管理服务"),
            _MANAGED,
        ),
        Row("punishment", "行政处罚", "administrative punishment", ("行政处罚",), _MANAGED),
        Row("coercion", "行政强制", "administrative coercion", ("行政强制",), _MANAGED),
        Row(
            "fees",
            "行政事业性收费",
            "administrative fees",
            ("行政事业性收费", "事业性收费"),
            (_PREV_ITEMS, _CHANGE),
        ),
        Row(
            "procurement",
            "政府集中采购",
            "government centralised procurement",
            ("政府集中采购", "集中采购"),
            (_ITEMS, _PROCUREMENT_AMOUNT),
        ),
    ),
)

# --- Table 3: 收到和处理政府信息公开申请情况 -----------------------------------------------------

T3_COLUMNS = (
    Column("natural_person", "自然人", "natural persons", ("自然人",)),
    Column("commercial", "商业企业", "commercial enterprises", ("商业企业",)),
    Column("research", "科研机构", "research institutions", ("科研机构",)),
    Column(
        "social_welfare",
        "社会公益组织",
        "social welfare organisations",
        ("社会公益组织", "公益组织"),
    ),
    Column("legal_services", "法律服务机构", "legal service institutions", ("法律服务机构",)),
    Column("other_org", "其他", "other organisations", ("其他",)),
    Column("total", "总计", "total", ("总计",)),
)


def _t3(key: str, zh: str, en: str, *match: str) -> Row:
    return Row(key, zh, en, tuple(match))


T3_ROWS = (
    _t3("new_received", "一、本年新收政府信息公开申请数量", "new requests received", "本年新收"),
    _t3(
        "carried_over",
        "二、上年结转政府信息公开申请数量",
        "carried over from last year",
        "上年结转",
    ),
    _t3("granted", "三、（一）予以公开", "granted", "予以公开"),
    _t3(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "partially granted",
        "部分公开",
    ),
    _t3("denied_state_secret", "（三）不予公开 1.属于国家秘密", "denied: state secret", "国家秘密"),
    _t3(
        "denied_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        "denied: prohibited by other laws",
        "法律行政法规禁止",
        "其他法律",
    ),
    _t3(
        "denied_three_safety_one_stability",
        "3.危及“三安全一稳定”",
        "denied: endangers the three securities and one stability",
        "三安全一稳定",
    ),
    _t3(
        "denied_third_party_rights",
        "4.保护第三方合法权益",
        "denied: third-party rights",
        "第三方合法权益",
        "第三方",
    ),
    _t3(
        "denied_internal_affairs", "5.属于三类内部事务信息", "denied: internal affairs", "内部事务"
    ),
    _t3(
        "denied_process_information",
        "6.属于四类过程性信息",
        "denied: process information",
        "过程性信息",
    ),
    _t3(
        "denied_enforcement_files",
        "7.属于行政执法案卷",
        "denied: enforcement files",
        "行政执法案卷",
        "执法案卷",
    ),
    _t3(
        "denied_administrative_query",
        "8.属于行政查询事项",
        "denied: administrative query",
        "行政查询",
    ),
    _t3(
        "unavailable_not_held",
        "（四）无法提供 1.本机关不掌握相关政府信息",
        "unavailable: not held",
        "不掌握",
    ),
    _t3(
        "unavailable_needs_creation",
        "2.没有现成信息需要另行制作",
        "unavailable: would need creating",
        "另行制作",
        "没有现成信息",
    ),
    _t3(
        "unavailable_unclear",
        "3.补正后申请内容仍不明确",
        "unavailable: unclear after correction",
        "仍不明确",
        "补正后",
    ),
    _t3(
        "not_processed_petition",
        "（五）不予处理 1.信访举报投诉类申请",
        "not processed: petitions and complaints",
        "信访举报投诉",
        "信访",
    ),
    _t3("not_processed_duplicate", "2.重复申请", "not processed: duplicate", "重复申请"),
    _t3(
        "not_processed_publication",
        "3.要求提供公开出版物",
        "not processed: publications",
        "公开出版物",
    ),
    _t3(
        "not_processed_excessive",
        "4.无正当理由大量反复申请",
        "not processed: excessive",
        "大量反复",
    ),
    _t3(
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        "not processed: confirmation of obtained information",
        "重新出具",
        "确认或",
    ),
    _t3(
        "other_no_correction",
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "other: no correction in time",
        "逾期不补正",
    ),
    _t3(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "other: fee not paid",
        "收费通知",
        "缴纳费用",
    ),
    # "3.其他" only means other_other under （六）; the mapper resolves that context.
    _t3("other_other", "3.其他", "other: other", "其他"),
    # （六）其他处理 printed as one row (2019 format, and unsplit 2021-format reports).
    _t3("other", "（六）其他处理", "other handling (one row)", "其他处理"),
    _t3("total_processed", "（七）总计", "total processed", "总计"),
    _t3(
        "carried_forward",
        "四、结转下年度继续办理",
        "carried forward to next year",
        "结转下年度",
        "继续办理",
    ),
)

T3 = TableSpec(
    key="t3",
    label_zh="收到和处理政府信息公开申请情况",
    label_en="requests received and handled",
    rows=T3_ROWS,
    columns=T3_COLUMNS,
    markers=("本年新收", "申请人情况", "勾稽关系", "收到和处理政府信息公开申请情况"),
)

# Rows whose sum is total_processed (t3_outcomes); `other` and the other_* rows are
# alternatives: a report prints one form or the other.
T3_OUTCOME_ROWS: tuple[str, ...] = tuple(
    r.key
    for r in T3_ROWS
    if r.key.startswith(
        ("granted", "partially_granted", "denied_", "unavailable_", "not_processed_")
    )
)
T3_OTHER_SPLIT: tuple[str, ...] = ("other_no_correction", "other_unpaid_fee", "other_other")
T3_OTHER_SINGLE = "other"
T3_APPLICANT_COLUMNS: tuple[str, ...] = tuple(c.key for c in T3_COLUMNS if c.key != "total")

# --- Table 4: 政府信息公开行政复议、行政诉讼情况 ---------------------------------------------------

T4_COLUMNS = (
    Column("upheld", "结果维持", "upheld", ("维持",)),
    Column("corrected", "结果纠正", "corrected", ("纠正",)),
    Column("other", "其他结果", "other result", ("其他",)),
    Column("pending", "尚未审结", "pending", ("尚未",)),
    Column("total", "总计", "total", ("总计",)),
)

T4 = TableSpec(
    key="t4",
    label_zh="政府信息公开行政复议、行政诉讼情况",
    label_en="administrative review and litigation",
    rows=(
        Row("review", "行政复议", "administrative review", ("行政复议",)),
        Row(
            "litigation_direct",
            "行政诉讼·未经复议直接起诉",
            "litigation without prior review",
            ("未经复议直接起诉", "直接起诉"),
        ),
        Row(
            "litigation_after_review",
            "行政诉讼·复议后起诉",
            "litigation after review",
            ("复议后起诉",),
        ),
    ),
    columns=T4_COLUMNS,
    markers=("行政复议", "行政诉讼", "直接起诉", "复议后起诉"),
)
T4_PARTS: tuple[str, ...] = ("upheld", "corrected", "other", "pending")

# The tables of each template. Legacy and unknown reports carry no standard tables.
TABLES: dict[str, dict[str, TableSpec]] = {
    "2021": {"t2": T2_2021, "t3": T3, "t4": T4},
    "2019": {"t2": T2_2019, "t3": T3, "t4": T4},
}


def table_spec(template: str, table: str) -> TableSpec:
    return TABLES[template][table]


def all_cell_keys(template: str) -> list[tuple[str, str, str]]:
    """Every (table, row, col) the template defines, both forms of t3 （六） included."""
    return [(t, r, c) for t, spec in TABLES[template].items() for r, c in spec.cell_keys()]


# --- Sections 一 … 六 ------------------------------------------------------------------------

SECTIONS: dict[str, tuple[str, str]] = {
    "1": ("总体情况", "overview"),
    "2": ("主动公开政府信息情况", "proactive disclosure"),
    "3": ("收到和处理政府信息公开申请情况", "requests received and handled"),
    "4": ("政府信息公开行政复议、行政诉讼情况", "administrative review and litigation"),
    "5": ("存在的主要问题及改进情况", "main problems and improvements"),
    "6": ("其他需要报告的事项", "other matters"),
}

# --- Checks (勾稽关系) -----------------------------------------------------------------------

CHECKS: dict[str, tuple[str, str]] = {
    "t3_balance": (
        "第一项加第二项之和等于第三项加第四项之和",
        "new_received + carried_over = total_processed + carried_forward",
    ),
    "t3_outcomes": (
        "办理结果各项之和等于总计",
        "total_processed = sum of all outcome rows",
    ),
    "t3_row_total": (
        "各类申请人之和等于总计",
        "total = sum of the six applicant columns",
    ),
    "t4_total": (
        "复议、诉讼各结果之和等于总计",
        "total = upheld + corrected + other + pending",
    ),
}
