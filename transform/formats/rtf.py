"""RTF: LibreOffice → DOCX → transform.formats.docx, so tables keep their merged cells.

Without LibreOffice (or when it fails) striprtf recovers the text, and the plain-text
extractor finds what tables it can in it; a warning says the layout was lost.
"""

from __future__ import annotations

from transform.document import ExtractedDocument
from transform.formats import docx
from transform.formats.libreoffice import ConversionError, convert


class RtfError(ValueError):
    pass


def extract(data: bytes) -> ExtractedDocument:
    if not data.lstrip().startswith(b"{\\rtf"):
        raise RtfError("corrupt RTF: the file does not start with {\\rtf")
    try:
        return docx.extract(convert(data, "rtf", "docx"), fmt="rtf")
    except ConversionError as exc:
        return _striprtf_fallback(data, str(exc))


def _striprtf_fallback(data: bytes, why: str) -> ExtractedDocument:
    from striprtf.striprtf import rtf_to_text

    from transform.formats import text

    try:
        plain = rtf_to_text(data.decode("latin-1"), encoding="gb18030", errors="replace")
    except Exception as exc:  # striprtf raises bare errors on malformed groups
        raise RtfError(f"{why}; striprtf could not read it either ({exc})") from None
    doc = text.extract(plain.encode("utf-8"))
    doc.format = "rtf"
    doc.warnings.append(f"{why}; text read with striprtf (table layout lost)")
    return doc
