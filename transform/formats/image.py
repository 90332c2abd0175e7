"""Images (JPG, PNG, TIFF, GIF, BMP): a report published as pictures is read by OCR."""

from __future__ import annotations

from transform.document import ExtractedDocument
from transform.formats.ocr import ocr_image


def extract(data: bytes) -> ExtractedDocument:
    return ocr_image(data)
