"""What a report says about itself: agency, statistical year, scope, title, date, sections.

Rules (../shared/spec/report-format.md):
- agency: as printed in the title ("临夏州公安局2023年度政府信息公开工作年度报告" →
  临夏州公安局), else the page's 发布机构 / ContentSource, else the crawler's organ;
- year: the title's year, else 统计期限 "自YYYY年1月1日", else a January–April publication
  date minus one, else the crawler's guess;
- scope: a report in the name of a people's government, or of the region alone, is
  `aggregate`; an office, department or street office is `organ`;
- sections 一 … 六 from their headings (variants included), each with its heading line.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from transform.document import ExtractedDocument, TextBlock
from transform.normalize import fold

_REPORT_TITLE = re.compile(r"(政府信息公开|政务公开|信息公开).{0,6}(年度报告|年报|工作报告)")
_YEAR_THEN_AGENCY = re.compile(r"^((?:19|20)\d{2})\s*年度?\s*(.*?)\s*(?:政府信息公开|政务公开)")
_AGENCY_THEN_YEAR = re.compile(r"^(.*?)\s*(?:关于)?\s*((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"(?:自|从|为|期限)\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_PUBLISHED = re.compile(
    r"(?:发布日期|发布时间|发文日期|成文日期|日期)\s*[:：]?\s*((?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2})"
)
_PUBLISHER = re.compile(r"(?:发布机构|来源)\s*[:：]\s*([^\s|:：]{2,40})")
_TITLE_NOISE = re.compile(r"^(?:标题|题名)\s*[:：]\s*")
# Compiled here, not in the functions: re's own cache lookup costs more than these searches.
_A_YEAR = re.compile(r"(?:19|20)\d{2}")
_YEAR_OF = re.compile(r"((?:19|20)\d{2})\s*年")
_LABEL = re.compile(r"^[^:：]{1,6}[:：]")
_COMPILE_VERB = re.compile(r"(?:特编制|编制)$")

# Scope by the name's ending: organs first (人民政府办公室 is an organ, not the government).
_ORGAN_ENDINGS = (
    "办公厅", "办公室", "局", "委员会", "委", "厅", "办", "办事处", "街道", "中心", "院",
    "所", "队", "站", "处", "馆", "社", "会", "公司", "部", "署", "司", "室",
)  # fmt: skip
_GOVERNMENT_ENDINGS = ("人民政府", "政府")
_REGION_ENDINGS = ("省", "市", "区", "县", "州", "盟", "旗", "镇", "乡", "自治区", "新区")

# Section headings: number word + one of the key phrases seen in real reports.
_SECTION_PHRASES: dict[str, tuple[str, ...]] = {
    "1": ("总体情况", "基本情况", "概述"),
    "2": ("主动公开",),
    "3": ("收到和处理", "依申请公开"),
    "4": ("行政复议", "行政诉讼"),
    "5": ("存在的主要问题", "主要问题", "存在问题", "改进情况", "改进措施"),
    "6": ("其他需要报告", "其它需要报告", "其他事项", "其他需报告"),
}
_SECTION_NUMBERS = {"1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六"}
_HEADING_MAX_CHARS = 40


@dataclass
class Metadata:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    scope: str = "unknown"
    published_date: str | None = None
    sections: dict[str, str] = field(default_factory=dict)


def read_metadata(doc: ExtractedDocument, hints: dict[str, Any] | None = None) -> Metadata:
    hints = hints or {}
    text = printed_text(doc)
    meta = Metadata()
    meta.title = _title(doc, text) or hints.get("title")
    meta.published_date = _published_date(doc, text) or hints.get("published_date")
    meta.agency = (
        _agency_from_title(meta.title)
        or _meta_value(doc, "ContentSource", "发布机构", "Author", "author")
        or _publisher_in_text(text)
        or _agency_in_text(text)
        or hints.get("organ")
    )
    meta.agency = _qualified_by_compiler(meta.agency, text)
    meta.year = (
        _year(meta.title, text, meta.published_date)
        or _year_in_text(text)
        or _int(hints.get("year"))
    )
    meta.scope = scope_of(meta.agency)
    meta.sections = sections(text)
    return meta


def printed_text(doc: ExtractedDocument) -> str:
    """The document's text in reading order, each table row as its printed cells joined by
    " | " (span copies and trailing empty cells left out, unlike ExtractedDocument.text)."""
    parts: list[str] = []
    append = parts.append
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            append(block.text)
            continue
        for row in block.rows:
            cells = [c.text for c in row if c.origin is None]
            while cells and not cells[-1].strip():
                cells.pop()
            if cells:
                append(" | ".join(cells))
    return "\n".join(parts)


def _meta_value(doc: ExtractedDocument, *names: str) -> str | None:
    lowered = {k.lower(): v for k, v in doc.meta.items()}
    for name in names:
        value = doc.meta.get(name) or lowered.get(name.lower())
        if value and value.strip():
            return value.strip()
    return None


def _title(doc: ExtractedDocument, text: str) -> str | None:
    given = [
        _without_site_name(_meta_value(doc, "ArticleTitle", "title", "og:title")),
        _without_site_name(doc.title),
    ]
    for c in given:
        if c and _looks_like_title(c):
            return _TITLE_NOISE.sub("", c.strip())
    # Then the first 80 non-empty lines, then each two of them joined: a title wrapped over
    # two lines ("…2023年度政府" / "信息公开工作年度报告"). The first line, most often the
    # title, is tried before the 80 are split out.
    end = text.find("\n")
    first = (text if end < 0 else text[:end]).strip()
    if first and _looks_like_title(first):
        return _TITLE_NOISE.sub("", first)
    lines = [ln for ln in map(str.strip, text.split("\n", 80)[:80]) if ln]
    for c in itertools.chain(lines, map(operator.add, lines, lines[1:])):
        if _looks_like_title(c):
            return _TITLE_NOISE.sub("", c)
    return next((c.strip() for c in given if c and _looks_like_title(c, strict=False)), None)


_SITE_SEPARATOR = re.compile(r"\s*(?:\||_|－|—|--|\s-\s)\s*")


def _without_site_name(title: str | None) -> str | None:
    """ "XX局2023年…年度报告_XX市人民政府门户网站" → the part that is the report's title."""
    if not title:
        return title
    parts = [p for p in _SITE_SEPARATOR.split(title) if p.strip()]
    return next((p for p in parts if _looks_like_title(p)), parts[0] if parts else title)


def _looks_like_title(line: str, *, strict: bool = True) -> bool:
    s = fold(line)
    if not s or len(s) > 80 or "。" in s or s.startswith("根据") or "|" in s:
        return False
    if not strict:
        return True
    # every _REPORT_TITLE match holds one of these: most lines are ruled out without it
    if "信息公开" not in s and "政务公开" not in s:
        return False
    return bool(_REPORT_TITLE.search(s) and _A_YEAR.search(s))


def _agency_from_title(title: str | None) -> str | None:
    if not title:
        return None
    t = _LABEL.sub("", fold(title))  # "图解：…", "标题：…"
    if t.startswith("关于"):
        return None  # a notice about reports names no issuing organ in its title
    m = _YEAR_THEN_AGENCY.match(t)
    if m and m.group(2):
        return m.group(2)
    m = _AGENCY_THEN_YEAR.match(t)
    if m and m.group(1) and len(m.group(1)) >= 2:
        return m.group(1).removesuffix("关于")
    return None


_NAMED_IN_TEXT = re.compile(
    r"([\u4e00-\u9fff()（）]{0,40}?)((?:19|20)\d{2})年度?政府信息公开(?:工作)?年度?报告"
)
# The year and words every _NAMED_IN_TEXT match ends with. Searched for first, so that the
# lazy name before them is tried only up to 40 characters back from one: tried at every
# position of the text it would take up to 40 steps each.
_REPORT_NAMED = re.compile(r"(?:19|20)\d{2}年度?政府信息公开(?:工作)?年度?报告")
_LEADING_VERBS = re.compile(r"^.*?(?:特编制|编制|现公布|现将|公布|发布|印发)")
_SELF_REFERENCES = ("我单位", "我局", "本单位", "本机关", "我办", "我委", "本局", "我镇", "我街道")


def _agency_in_text(text: str) -> str | None:
    """ "…特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告…" → the organ."""
    for m in _named_reports(text):
        if m.start() > 0 and m.string[m.start() - 1] == "《":
            continue  # the title of another document (a notice about reports)
        name = m.group(1)
        after_verb = _LEADING_VERBS.sub("", name)
        name = after_verb if len(after_verb) >= 2 else _COMPILE_VERB.sub("", name)
        name = name.removesuffix("关于")
        if len(name) >= 2 and name not in _SELF_REFERENCES:
            return name
    return None


def _named_reports(text: str) -> Iterator[re.Match[str]]:
    """_NAMED_IN_TEXT.finditer(fold(text[:5000])), the same matches, each searched for from
    40 characters before the next _REPORT_NAMED (no match can start earlier)."""
    folded = fold(text[:5000])
    end = 0
    while (named := _REPORT_NAMED.search(folded, end)) is not None:
        m = _NAMED_IN_TEXT.search(folded, max(end, named.start() - 40))
        if m is None:  # unreachable: it matches at `named` with an empty name at least
            return
        yield m
        end = m.end()


_COMPILED_BY = re.compile(
    r"本报告由([\u4e00-\u9fff]{2,40}?)(?:办公室|办公厅)?(?:根据|依据|按照|依照)"
)


def _qualified_by_compiler(agency: str | None, text: str) -> str | None:
    """The title's "洪泽区人民政府" widened to "淮安市洪泽区人民政府" when the report's own
    opening ("本报告由淮安市洪泽区人民政府办公室根据…") names the same organ in full."""
    if not agency:
        return agency
    m = _COMPILED_BY.search(fold(text[:3000]))
    if m and m.group(1) != agency and m.group(1).endswith(agency):
        return m.group(1)
    return agency


def _year_in_text(text: str) -> int | None:
    """The year of "…2023年政府信息公开工作年度报告" when the text names the report."""
    for m in _named_reports(text):
        if m.start() == 0 or m.string[m.start() - 1] != "《":
            return int(m.group(2))
    return None


def _publisher_in_text(text: str) -> str | None:
    m = _PUBLISHER.search(text[:3000])
    return m.group(1) if m else None


def _published_date(doc: ExtractedDocument, text: str) -> str | None:
    raw = _meta_value(doc, "PubDate", "pubdate", "publishdate", "发布日期", "firstpublishedtime")
    if not raw:
        head = text[:5000]
        # every _PUBLISHED match holds one of these: the regex runs only where one is
        m = _PUBLISHED.search(head) if "日期" in head or "发布时间" in head else None
        raw = m.group(1) if m else None
    if not raw:
        return None
    m = _DATE.search(raw)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _year(title: str | None, text: str, published: str | None) -> int | None:
    if title:
        m = _YEAR_OF.search(title)
        if m:
            return int(m.group(1))
    m = _PERIOD.search(text[:20000])
    if m:
        return int(m.group(1))
    if published:
        y, mo = int(published[:4]), int(published[5:7])
        if mo <= 4:
            return y - 1
    return None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def scope_of(agency: str | None) -> str:
    """organ or aggregate by the issuing name (report-format.md); unknown without a name."""
    if not agency:
        return "unknown"
    name = fold(agency)
    if name.endswith(_GOVERNMENT_ENDINGS):
        return "aggregate"
    if name.endswith(_ORGAN_ENDINGS) and not name.endswith(("社区",)):
        return "organ"
    if name.endswith(_REGION_ENDINGS):
        return "aggregate"
    return "unknown"


def sections(text: str) -> dict[str, str]:
    """Section number → its text, heading line included, up to the next section heading."""
    lines = text.split("\n")
    starts: list[tuple[str, int]] = []  # (number, line index) of each section's heading
    for i, key in enumerate(map(fold, lines)):
        if key[:1] not in _HEADING_FIRST:  # most lines: one set lookup
            continue
        number = _section_number(key)
        # a section starts at its first heading, numbered after the one before
        if number is not None and (not starts or number > starts[-1][0]):
            starts.append((number, i))
    bounds = [*(i for _, i in starts), len(lines)]  # each section ends where the next starts
    return {
        number: "\n".join(lines[start:end]).strip()
        for (number, start), end in zip(starts, bounds[1:], strict=True)
    }


def _heading_number(line: str) -> str | None:
    return _section_number(fold(line))


def _section_number(key: str) -> str | None:
    """The section a heading line (folded) opens, if it is one."""
    if not key or len(key) > _HEADING_MAX_CHARS or "|" in key:
        return None
    # No prefix is another's beginning, so a key starts with one at most: its first 2 or 4
    # characters ("一、" or "第一部分").
    prefix = key[:2] if key[:2] in _HEADING_PREFIXES else key[:4]
    number = _HEADING_PREFIXES.get(prefix)
    if number is None:
        return None
    rest = key[len(prefix) :].lstrip("、.:")
    if any(p in rest for p in _SECTION_PHRASES[number]):
        return number
    return None


# Heading prefix → section number: "一、" "一." "一," "第一部分" → "1".
_HEADING_PREFIXES = {
    prefix: number
    for number, word in _SECTION_NUMBERS.items()
    for prefix in (f"{word}、", f"{word}.", f"{word},", f"第{word}部分")
}
_HEADING_FIRST = frozenset(prefix[0] for prefix in _HEADING_PREFIXES)
