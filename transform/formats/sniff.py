"""Tell a document's format from its bytes; the extension is only a tie-breaker."""

from __future__ import annotations

import struct
import zipfile
from io import BytesIO

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")


def looks_like_pdf(head: bytes) -> bool:
    # Some servers prepend junk (a BOM, whitespace, an HTML comment) before the header.
    return head.startswith(b"%PDF") or b"%PDF-" in head[:1024]


def sniff(data: bytes, filename: str | None = None) -> str | None:
    """Return one of transform.model.FORMATS, or None when the bytes are no known format."""
    head = data[:2048]
    ext = (filename or "").lower().rsplit(".", 1)[-1] if filename and "." in filename else ""
    if looks_like_pdf(head):
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data, ext)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data, ext)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(IMAGE_MAGIC):
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
    # OLE compound files hold Word, WPS and Excel alike; the top-level stream names tell
    # them apart (an embedded workbook inside a Word file sits one storage deeper).
    streams = ole_streams(data)
    if "WordDocument" in streams:
        return "wps" if ext == "wps" else "doc"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    if streams & _WPS_STREAMS or ext == "wps":
        return "wps"
    if not streams:  # unreadable directory (truncated file): fall back to byte patterns
        if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data:
            return "xls"
        return "wps" if ext == "wps" else "doc"
    return "doc"


# Kingsoft WPS's own (non-Word) binary formats.
_WPS_STREAMS = {"WpsContent", "WPS", "WksContent"}
_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_MAX_SECTORS = 1 << 20


def ole_streams(data: bytes) -> set[str]:
    """Names of the top-level streams and storages of an OLE compound file; empty if unreadable."""
    if not data.startswith(OLE_MAGIC) or len(data) < 512:
        return set()
    try:
        return _ole_top_level(data)
    except (struct.error, IndexError, ValueError):
        return set()


def _ole_top_level(data: bytes) -> set[str]:
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        return set()
    size = 1 << shift
    n_fat, first_dir, first_difat, n_difat = struct.unpack_from("<II16xII", data, 0x2C)
    difat = list(struct.unpack_from("<109I", data, 0x4C))
    sector = first_difat
    for _ in range(min(n_difat, _MAX_SECTORS)):
        if sector in (_FREE, _END_OF_CHAIN):
            break
        entries = struct.unpack_from(f"<{size // 4}I", data, 512 + sector * size)
        difat.extend(entries[:-1])
        sector = entries[-1]
    fat: list[int] = []
    for fat_sector in difat[: min(n_fat, _MAX_SECTORS)]:
        if fat_sector in (_FREE, _END_OF_CHAIN):
            continue
        fat.extend(struct.unpack_from(f"<{size // 4}I", data, 512 + fat_sector * size))
    directory = bytearray()
    sector, seen = first_dir, set()
    while sector < len(fat) and sector not in seen and len(seen) < _MAX_SECTORS:
        seen.add(sector)
        directory += data[512 + sector * size : 512 + (sector + 1) * size]
        sector = fat[sector]

    def entry(i: int) -> tuple[str, int, int, int]:
        raw = directory[i * 128 : (i + 1) * 128]
        length = struct.unpack_from("<H", raw, 64)[0]
        name = raw[: max(length - 2, 0)].decode("utf-16-le", "replace")
        left, right, child = struct.unpack_from("<III", raw, 68)
        return name, left, right, child

    names: set[str] = set()
    count = len(directory) // 128
    if count == 0:
        return names
    stack, visited = [entry(0)[3]], set()
    while stack:
        i = stack.pop()
        if i >= count or i in visited:
            continue
        visited.add(i)
        name, left, right, _ = entry(i)
        if name:
            names.add(name)
        stack.extend((left, right))
    return names


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
