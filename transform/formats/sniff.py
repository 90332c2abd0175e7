"""Tell a document's format from its bytes; the extension is only a tie-breaker."""

from __future__ import annotations

import zipfile
from io import BytesIO

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes, filename: str | None = None) -> str | None:
    """Return one of transform.model.FORMATS, or None when the bytes are no known format."""
    head = data[:2048]
    ext = (filename or "").lower().rsplit(".", 1)[-1] if filename and "." in filename else ""
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data, ext)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data, ext)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")):
        return "image"
    if not data.strip():
        return None
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(
        (b"<!doctype html", b"<html", b"<meta", b"<head", b"<body", b"<div", b"<table", b"<p")
    ):
        return "html"
    if b"<html" in lowered or b"<table" in lowered or b"<div" in lowered:
        return "html"
    if b"\x00" in head:
        return None
    return "txt"


def _ole_kind(data: bytes, ext: str) -> str:
    # OLE compound files hold Word, WPS and Excel alike; the stream names tell them apart.
    if (
        b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data[:65536]
        or b"B\x00o\x00o\x00k\x00" in data[:4096]
    ):
        return "xls"
    if ext == "wps" or (
        b"WPS" in data[:4096] and b"W\x00o\x00r\x00d\x00D\x00o\x00c" not in data[:65536]
    ):
        return "wps" if ext == "wps" else "doc"
    return "doc"


def _zip_kind(data: bytes, ext: str) -> str | None:
    try:
        names = zipfile.ZipFile(BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        # A truncated zip still names its first member in the local header.
        if b"word/" in data[:4096]:
            return "docx"
        if b"xl/" in data[:4096]:
            return "xlsx"
        return {"docx": "docx", "xlsx": "xlsx"}.get(ext)
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None
