"""Who published a report, and which logical report a document belongs to.

Organ identity (`organ_key`) must survive years, URLs and site redesigns, so it is taken from
the most stable evidence available, in this order:

1. the 索引号 prefix: `<organ code>/<year>-<serial>` (e.g. 006939748/2025-00084) carries the
   organ's own code, the same in every year and in every column that re-lists the report
   → `code:006939748`;
2. the normalised 发布机构 of the detail page, else the normalised organ name printed in the
   report (or the registry entry's organ name) → `name:临夏州公安局`; a name that was seen
   together with exactly one organ code elsewhere is resolved to that code (`OrganDirectory`);
3. the registry's source id → `source:<source_id>`.

`report_id` is the data contract's "hash of (agency key, year, scope, variant)" with the agency
key being this organ_key. It is computed here, not taken from transform.parse, because only
the pipeline sees the crawler's 索引号 and 发布机构; parse.py only sees one document's bytes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

# `<organ code>/<year>-<serial>`; codes are digits and letters (unified social credit codes end
# in a letter), sometimes with a dash.
_INDEX_NO = re.compile(r"^\s*([0-9A-Za-z][0-9A-Za-z-]*)\s*/\s*(?:19|20)\d{2}\s*-\s*\d+")
# Punctuation and quotes that vary between renderings of one name.
_NAME_NOISE = re.compile(r"[\s\u3000\u00a0\"'“”‘’·•.,，。、:：;；()（）\[\]【】《》<>〈〉]")

# Variant tags that name a rendering (图片版, 超链版, PDF版, Word版 …: "…版") or a later edit
# (修订稿, 更正, 修正 …) of ONE logical report (crawler/sites.md): they never make a separate
# report_id; an edit becomes a new `version` instead.
_SAME_REPORT_VARIANT = re.compile(r"(版|稿)$|更正|修订|修正|勘误")


def organ_code(index_no: str | None) -> str | None:
    """The organ code of a 索引号, or None when it has no `<code>/<year>-<serial>` form."""
    if not index_no:
        return None
    m = _INDEX_NO.match(unicodedata.normalize("NFKC", index_no))
    return m.group(1).upper() if m else None


def normalise_name(name: str | None) -> str | None:
    """An organ name with width, spaces, quotes and brackets folded away (NFKC first)."""
    if not name:
        return None
    folded = _NAME_NOISE.sub("", unicodedata.normalize("NFKC", name))
    return folded or None


def variant_key(variant: str | None) -> str:
    """The part of a crawler variant tag that distinguishes logical reports ('' for most)."""
    if not variant:
        return ""
    tag = _NAME_NOISE.sub("", unicodedata.normalize("NFKC", variant))
    return "" if _SAME_REPORT_VARIANT.search(tag) else tag


def report_id(organ_key: str, year: int | None, scope: str, variant: str | None) -> str:
    """Stable id of a logical report: the same organ, year, scope and variant → the same id."""
    parts = (organ_key, "" if year is None else str(year), scope, variant_key(variant))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


class OrganDirectory:
    """Resolves organ evidence (index number, names, source id) to one organ_key.

    Fed every (code, names) pair first, so that a report page without a 索引号 still gets the
    code its organ carries on other pages, as long as that name maps to one code only.
    """

    def __init__(self) -> None:
        self._codes_by_name: dict[str, set[str]] = defaultdict(set)

    def observe(self, index_no: str | None, names: Iterable[str | None]) -> None:
        code = organ_code(index_no)
        if code is None:
            return
        for name in names:
            key = normalise_name(name)
            if key:
                self._codes_by_name[key].add(code)

    def organ_key(
        self, index_no: str | None, names: Iterable[str | None], source_id: str | None
    ) -> str:
        code = organ_code(index_no)
        if code is not None:
            return f"code:{code}"
        for name in names:
            key = normalise_name(name)
            if not key:
                continue
            codes = self._codes_by_name.get(key, set())
            if len(codes) == 1:
                return f"code:{next(iter(codes))}"
            return f"name:{key}"
        return f"source:{source_id or 'unknown'}"
