"""Format extractors: bytes in, ExtractedDocument (text blocks + grids) out.

Each module named here exposes `extract(data: bytes) -> ExtractedDocument` and knows nothing
of the report template. Modules are imported on first use so that a missing optional engine
(LibreOffice, OCR) only affects its own format.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from transform.document import ExtractedDocument


class Extractor(Protocol):
    def __call__(self, data: bytes) -> ExtractedDocument: ...


EXTRACTORS: dict[str, str] = {
    "html": "transform.formats.html",
    "txt": "transform.formats.text",
    "pdf": "transform.formats.pdf",
    "docx": "transform.formats.docx",
    "doc": "transform.formats.doc",
    "wps": "transform.formats.doc",
    "rtf": "transform.formats.rtf",
    "xls": "transform.formats.spreadsheet",
    "xlsx": "transform.formats.spreadsheet",
    "image": "transform.formats.image",
}


class UnsupportedFormat(ValueError):
    pass


def extractor_for(fmt: str) -> Extractor:
    try:
        module = importlib.import_module(EXTRACTORS[fmt])
    except KeyError:
        raise UnsupportedFormat(f"no extractor for format {fmt!r}") from None
    return module.extract
