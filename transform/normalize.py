"""Normalising printed labels and reading printed cell values.

Labels are compared as `label_key`s: NFKC (folds full-width ASCII and brackets), no
whitespace of any kind, no quotes, one bracket style, no leading list markers. The phrases in
transform.model are written in that form.

Cell values follow the data contract (§2): a cell is a `number`, `blank` (printed empty),
`dash` (a placeholder meaning "not applicable") or `text`; money is read into 万元.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from transform.model import MONEY_UNIT

_WHITESPACE = re.compile(r"\s+")
_QUOTES = re.compile("[\"'“”‘’「」『』]")
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "[": "(", "]": ")"})
# Leading list markers: 1.  1、  1)  (1)  (一)  一、  一.  — possibly several in a row.
_CN_NUM = "一二三四五六七八九十"
_LIST_MARKER = re.compile(
    rf"^(?:\d{{1,2}}[.、)](?!\d)|\(\d{{1,2}}\)|\([{_CN_NUM}]{{1,3}}\)|[{_CN_NUM}]{{1,3}}[、.])"
)
_PARENTHETICAL = re.compile(r"\([^()]{4,}\)")


def fold_text(text: str) -> str:
    """NFKC and no whitespace (U+3000 and U+00A0 included): the form every comparison uses.

    Uncached, for long texts (a page, all cells of a table) that never recur; `fold` is the
    cached form for labels and cells."""
    if text.isascii():  # most cells are digits: ASCII is its own NFKC form
        return _WHITESPACE.sub("", text)
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """`fold_text` of a label or cell: they recur from report to report."""
    return fold_text(text)


@lru_cache(maxsize=1 << 14)
def label_key(text: str) -> str:
    """A printed label reduced to the form transform.model's match phrases are written in."""
    key = _QUOTES.sub("", fold(text)).translate(_BRACKETS)
    while True:
        stripped = _LIST_MARKER.sub("", key, count=1)
        if stripped == key:
            return key
        key = stripped


def without_parentheticals(key: str) -> str:
    """A label key without its long bracketed remarks (Hubei prints instructions there)."""
    return _PARENTHETICAL.sub("", key)


# --- cell values --------------------------------------------------------------------------

_DASH_CHARS = set("/／\\-－—–―─━一~～_")
_DASH_WORDS = {"无", "空", "不适用", "无此项"}
_NUMBER = re.compile(r"^([+-]?)(\d+(?:\.\d+)?|\.\d+)$")
_GROUPED = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?)$")
_COUNT_SUFFIX = re.compile(r"(件|个|项|条|次|人|家|宗|起)$")
_MONEY_SUFFIX = re.compile(r"(亿元|万元|千元|元)$")
_MONEY_FACTOR = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "亿元": Decimal(10000),
}


@dataclass(frozen=True)
class CellValue:
    state: str  # number | blank | dash | text
    value: int | float | None = None
    unit: str | None = None


def money_unit_in(label: str) -> str | None:
    """The money unit a header prints ("本年收费金额(单位:万元)" → 万元), if any."""
    key = fold(label)
    for unit in ("亿元", "万元", "千元"):
        if unit in key:
            return unit
    if re.search(r"[(:（：]元|单位元|\(元\)", key) or key.endswith("元"):
        return "元"
    return None


@lru_cache(maxsize=1 << 16)
def parse_cell(text: str, *, money: bool = False, header_unit: str | None = None) -> CellValue:
    """Read one printed cell. Money cells come back in 万元 (`header_unit` is the unit the
    column header prints; a unit inside the cell wins; no unit at all means 万元)."""
    s = fold(text)
    if not s:
        return CellValue("blank")
    if s in _DASH_WORDS or all(ch in _DASH_CHARS for ch in s):
        return CellValue("dash")
    unit: str | None = None
    if money:
        m = _MONEY_SUFFIX.search(s)
        if m:
            unit, s = m.group(1), s[: m.start()]
    else:
        s = _COUNT_SUFFIX.sub("", s)
        if s.isascii() and s.isdigit() and (s[0] != "0" or len(s) == 1):
            return CellValue("number", int(s))  # the common count, without Decimal
    number = _read_number(s)
    if number is None:
        return CellValue("text")
    if money:
        factor = _MONEY_FACTOR[unit or header_unit or MONEY_UNIT]
        return CellValue("number", float(number * factor), MONEY_UNIT)
    if number == number.to_integral_value():
        return CellValue("number", int(number))
    return CellValue("number", float(number))


def _read_number(s: str) -> Decimal | None:
    m = _NUMBER.match(s) or _GROUPED.match(s)
    if not m:
        return None
    digits = m.group(2).replace(",", "")
    # "007" is no printed count: it is several cells run together (see mapper's splitting).
    if len(digits) > 1 and digits[0] == "0" and digits[1] != ".":
        return None
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return None
    return -number if m.group(1) == "-" else number


@lru_cache(maxsize=1 << 16)
def is_value_like(text: str) -> bool:
    """True for cells that hold a value (number, blank or dash) rather than a label."""
    return parse_cell(text, money=True).state != "text" or parse_cell(text).state != "text"
