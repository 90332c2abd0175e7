"""The real report pages in fixtures/real/partial, as bodies for fixture detail pages.

They are real published pages cut after about 2,000 bytes, so the cut can fall inside a
multi-byte character: the broken tail is dropped, nothing else is touched.
"""

from __future__ import annotations

from crawler.testsite.content import RealDocuments


def partial_report_text(docs: RealDocuments, name: str) -> str:
    """The text of `partial/<name>.partial.txt` (e.g. "guangdong_zhanjiang_dfzb_2023")."""
    data = (docs.root / "partial" / f"{name}.partial.txt").read_bytes()
    text = data.decode("utf-8", errors="ignore")
    # `ignore` would also hide a bad byte in the middle: only the cut tail may be broken.
    if text.encode("utf-8") != data[: len(text.encode("utf-8"))]:
        raise ValueError(f"{name}: not UTF-8 before its cut tail")
    return text
