"""DOC and WPS (binary Word / Kingsoft WPS): LibreOffice → DOCX → transform.formats.docx.

When LibreOffice is missing or fails, antiword still reads a Word binary's text, tables as
pipe rows ("|行政许可 |383652 |"), which the plain-text extractor understands; the result
carries a warning saying so. Without either tool the error says which one to install.
"""

from __future__ import annotations

import shutil
import subprocess

from transform.document import ExtractedDocument
from transform.formats import docx
from transform.formats.libreoffice import CONVERSION_TIMEOUT, ConversionError, convert
from transform.formats.sniff import ole_streams

ANTIWORD_TIMEOUT = 30.0


class DocError(ValueError):
    pass


def extract(data: bytes) -> ExtractedDocument:
    if not data:
        raise DocError("empty file")
    streams = ole_streams(data)
    fmt = "wps" if "WordDocument" not in streams and streams else "doc"
    # Kingsoft WPS writes the Word binary format; only a non-Word WPS needs the WPS filter.
    source_ext = "doc" if "WordDocument" in streams or not streams else "wps"
    try:
        converted = convert(data, source_ext, "docx", timeout=CONVERSION_TIMEOUT)
    except ConversionError as exc:
        return _antiword_fallback(data, fmt, str(exc))
    return docx.extract(converted, fmt=fmt)


def _antiword_fallback(data: bytes, fmt: str, why: str) -> ExtractedDocument:
    antiword = shutil.which("antiword")
    if antiword is None:
        raise DocError(f"{why}; antiword is not installed either") from None
    try:
        result = subprocess.run(
            [antiword, "-w", "0", "-m", "UTF-8.txt", "-"],
            input=data,
            capture_output=True,
            timeout=ANTIWORD_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DocError(f"{why}; antiword timed out after {ANTIWORD_TIMEOUT:.0f} s") from None
    if result.returncode != 0 or not result.stdout.strip():
        detail = result.stderr.decode("utf-8", "replace").strip()
        raise DocError(f"{why}; antiword could not read it either ({detail or 'no text'})")
    from transform.formats import text

    doc = text.extract(result.stdout)
    doc.format = fmt
    doc.warnings.append(f"{why}; text read with antiword")
    return doc
