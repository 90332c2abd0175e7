"""Turning the bytes of a web page or text file into str.

Order: a byte-order mark, then the charset the document declares (HTTP-equiv / <meta
charset> / XML declaration), then strict UTF-8, then GB18030 (a superset of GBK and GB2312,
which most Chinese government sites without UTF-8 use). A GB declaration on bytes that are
valid UTF-8 is overruled: copied page templates keep stale declarations.
"""

from __future__ import annotations

import codecs
import re

# Searched in the lowered head of the document: a case-insensitive pattern would be tried at
# every one of its 4096 positions, the plain one jumps to the first "charset"/"encoding".
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([a-z0-9_.:-]+)""")
_DECLARATION_SCAN_BYTES = 4096
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Declared names that mean a narrower code page than the bytes usually use.
_WIDEN = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb_2312-80": "gb18030",
    "iso-8859-1": "utf-8",
}


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode `data`; `declared` is the charset from the HTTP header when known."""
    return _decode(data, declared)[0]


def detect(data: bytes, declared: str | None = None) -> str:
    """The encoding `decode` reads `data` with (the crawler labels its responses with it)."""
    return _decode(data, declared)[1]


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    charset = _declared_charset(data)
    if charset:
        candidates.append(charset)
    for name in [*candidates, "utf-8"]:
        encoding = _WIDEN.get(name.lower(), name.lower())
        if encoding == "gb18030" and _is_utf8_text(data):
            encoding = "utf-8"  # a GBK declaration on UTF-8 bytes (a template left unchanged)
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("gb18030", errors="replace"), "gb18030"


def _declared_charset(data: bytes) -> str | None:
    """The charset the head of `data` declares, lowered (decode lowers every name anyway)."""
    head = data[:_DECLARATION_SCAN_BYTES]
    if b"=" not in head:
        return None  # every declaration has one; most text reports have none at all
    head = head.lower()
    found = [at for at in (head.find(b"charset"), head.find(b"encoding")) if at >= 0]
    if not found:
        return None
    m = _DECLARED.search(head, min(found))
    return m.group(1).decode("ascii") if m else None


def _is_utf8_text(data: bytes) -> bool:
    """Valid UTF-8 with non-ASCII bytes: GBK text practically never is."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
