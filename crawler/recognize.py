"""Is this link an annual report, which statistical year, which variant (sites.md rules)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

YEAR_FIRST = re.compile(
    r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年度?.{0,40}?"
    r"(?:政府信息|政务信息|政务|信息)公开(?:工作)?(?:年度)?(?:报告|年报)"
)
YEAR_AFTER = re.compile(r"信息公开(?:工作)?(?:年度)?(?:报告|年报)[（(]?(20\d{2})")
BARE = re.compile(r"信息公开(?:工作)?年度报告")
COLUMN_REPORT = re.compile(
    r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年(?:度报告|报|.{0,30}?(?:年报|年度报告))"
    r"(?:[（(].{0,8}[)）])?$"
)
DROP_WORDS: tuple[str, ...] = (
    "解读",
    "图解",
    "一图读懂",
    "问答",
    "通知",
    "格式",
    "编制",
    "指南",
    "目录",
    "制度",
    "网站工作年度报表",
    "政务新媒体",
    "企业年度报告",
    "年报公示",
    "预算",
    "决算",
    "政府工作报告",
    "统计公报",
)
# Versions of one logical report; checked in this order ("PDF版" before a bare "更正").
VARIANTS: tuple[str, ...] = ("图片版", "超链版", "PDF版", "WORD版", "文字版", "修订稿", "更正")
CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
STATISTICAL_PERIOD = re.compile(
    r"统计(?:期限|时限|期间|时间|区间)[^。]{0,30}?(20\d{2})\s*年\s*0?1\s*月\s*0?1\s*日"
)
ANNUAL_COLUMN_NAMES = re.compile(
    r"^(?:政府|政务)?(?:信息)?公开(?:工作)?(?:年度报告|年报)(?:专栏)?$|^年度报告$|^年报$"
)
ANNUAL_PATH_TOKENS = ("zfxxgknb", "xxgknb", "gknb", "ndbg", "nb_", "annualreport")
DISCLOSURE_NAMES = re.compile(r"^(?:政府)?(?:信息公开|政务公开)(?:目录|专栏|平台)?$")
DISCLOSURE_PATH_TOKENS = ("zfxxgk", "xxgk", "zwgk", "gongkai", "gkmlpt")
SUB_COLUMN = re.compile(
    r"^(?:(?:19|20)\d{2}年?度?(?:年报|报告|政府信息公开年报)?|"
    r".{0,8}(?:部门|乡镇|街道|镇街|区县|县区|县市区|直属单位|委办局|单位).{0,4}(?:年报|年度报告|报告)?)$"
)


def normalize(title: str) -> str:
    """NFKC and no whitespace: how titles are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", title or ""))


def printed_text(text: str) -> str:
    """A title as printed (full-width punctuation kept), whitespace runs collapsed: what the
    manifest records. Comparisons use normalize()."""
    return re.sub(r"\s+", " ", text or "").strip()


def _year_value(text: str) -> int:
    if text.isdigit():
        return int(text)
    return int("".join(str(CN_DIGITS[c]) for c in text))


def is_report_title(title: str) -> bool:
    """A link or page title that names a disclosure annual report (not its interpretation,
    the notice about writing it, a budget …)."""
    text = normalize(title)
    if not text or any(word in text for word in DROP_WORDS):
        return False
    return bool(YEAR_FIRST.search(text) or YEAR_AFTER.search(text) or BARE.search(text))


def is_column_report_title(title: str) -> bool:
    """Inside a 年报 column the column itself says "disclosure": a title naming a year's
    年报 / 年度报告 (市教育局2023年度报告) is a report there, though not elsewhere."""
    text = normalize(title)
    if not text or any(word in text for word in DROP_WORDS):
        return False
    return is_report_title(text) or bool(COLUMN_REPORT.search(text))


def title_year(title: str) -> int | None:
    text = normalize(title)
    match = YEAR_FIRST.search(text)
    if match:
        return _year_value(match.group(1))
    match = YEAR_AFTER.search(text)
    if match:
        return int(match.group(1))
    match = COLUMN_REPORT.search(text)
    return _year_value(match.group(1)) if match else None


def body_year(text: str) -> int | None:
    """The year of the statistical period (统计期限…自YYYY年1月1日), if the text states it."""
    match = STATISTICAL_PERIOD.search(re.sub(r"\s+", "", text or ""))
    return int(match.group(1)) if match else None


def statistical_year(
    title: str | None, body_text: str | None = None, published_date: str | None = None
) -> int | None:
    """Title year, else the body's statistical period, else a January–April publication
    date minus one. Never the URL's YYYYMM (that is the publication month)."""
    year = title_year(title or "") or body_year(body_text or "")
    if year:
        return year
    if published_date and re.match(r"^\d{4}-\d{2}", published_date):
        published_year, month = int(published_date[:4]), int(published_date[5:7])
        if 1 <= month <= 4:
            return published_year - 1
    return None


def variant(title: str) -> str | None:
    text = normalize(title).upper()
    for tag in VARIANTS:
        if tag.upper() in text:
            return "Word版" if tag == "WORD版" else tag
    return None


def is_annual_column(text: str, url: str = "") -> bool:
    """A link to the 年报 column itself: by its name, or by a path token on a column-like
    URL (a directory or its index page) whose text is not some other document's title."""
    name = normalize(text)
    if ANNUAL_COLUMN_NAMES.match(name):
        return True
    if is_report_title(name) or any(word in name for word in DROP_WORDS):
        return False
    path = urlsplit(url).path.lower()
    directory, _, leaf = path.rpartition("/")
    column_like = leaf == "" or leaf.startswith(("index", "list", "default"))
    has_token = any(token in directory for token in ANNUAL_PATH_TOKENS)
    return column_like and has_token and ("年报" in name or "年度报告" in name)


def is_disclosure_tree(text: str, url: str = "") -> bool:
    """A link to the organ's 政府信息公开 / 政务公开 tree, where the 年报 column lives."""
    name = normalize(text)
    if DISCLOSURE_NAMES.match(name):
        return True
    path = urlsplit(url).path.lower()
    return (
        bool(name)
        and len(name) <= 12
        and "公开" in name
        and any(f"/{t}" in path for t in DISCLOSURE_PATH_TOKENS)
    )


def is_sub_column(text: str) -> bool:
    """A year or kind-of-unit sub-column inside a 年报 column (2023年, 部门年报, 乡镇街道)."""
    name = normalize(text)
    return bool(name) and not is_report_title(name) and bool(SUB_COLUMN.match(name))
