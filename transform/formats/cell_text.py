"""Joining the lines of one table cell or paragraph the way a reader reads them.

Chinese wraps anywhere, even mid-word ("商业企" / "业"), and a rotated label comes out one
character per line, so CJK lines join with nothing between them; Latin words and numbers
that wrapped keep one space.
"""

from __future__ import annotations


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, punctuation, kana, unified ideographs
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms: （ ） ， ：
        or 0x3000 <= code <= 0x303F
        or code in (0x201C, 0x201D, 0x2018, 0x2019)  # curly quotes around 三安全一稳定
    )


def join_lines(lines: list[str]) -> str:
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(line[0])):
            out += " "
        out += line
    return out
