"""Opening DOCX / XLSX containers without falling for zip bombs.

A zip member declares its uncompressed size; a bomb declares (or really has) gigabytes
behind a few kilobytes. We refuse a container whose members declare more than the limits
below, or compress implausibly well, before reading any of them, and read members through
a bounded reader so that a lying header cannot make us inflate more than the limit either.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one XML part of a real report is a few MB at most
MAX_TOTAL_BYTES = 512 * 1024 * 1024
# Text XML compresses 10-30×; a part compressing better than this (and large) is a bomb.
MAX_RATIO = 200
RATIO_FLOOR = 10 * 1024 * 1024  # small parts may compress absurdly well (runs of spaces)


class ZipBombError(ValueError):
    pass


class CorruptContainerError(ValueError):
    pass


def open_container(data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip archive in `data`, checked against the limits; `kind` names it in errors."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise CorruptContainerError(f"corrupt {kind} (not a readable zip archive: {exc})") from None
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > MAX_MEMBER_BYTES:
            raise ZipBombError(
                f"zip bomb: {kind} member {info.filename} declares {_mib(size)} uncompressed "
                f"(limit {_mib(MAX_MEMBER_BYTES)})"
            )
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise ZipBombError(
                f"zip bomb: {kind} member {info.filename} expands {size // max(info.compress_size, 1)}× "
                f"(limit {MAX_RATIO}×)"
            )
    if total > MAX_TOTAL_BYTES:
        raise ZipBombError(
            f"zip bomb: {kind} declares {_mib(total)} uncompressed in all "
            f"(limit {_mib(MAX_TOTAL_BYTES)})"
        )
    return archive


def read_member(archive: zipfile.ZipFile, name: str, kind: str) -> bytes:
    """One member's bytes, never more than MAX_MEMBER_BYTES whatever its header says."""
    try:
        with archive.open(name) as member:
            data = member.read(MAX_MEMBER_BYTES + 1)
    except KeyError:
        raise CorruptContainerError(f"corrupt {kind}: no {name} in the archive") from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise CorruptContainerError(f"corrupt {kind}: cannot read {name} ({exc})") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise ZipBombError(f"zip bomb: {kind} member {name} inflates past {_mib(MAX_MEMBER_BYTES)}")
    return data


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MiB" if size < 1 << 30 else f"{size / (1 << 30):.1f} GiB"
