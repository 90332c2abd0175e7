"""Converting legacy office formats (DOC, WPS, RTF) to DOCX with headless LibreOffice.

Each conversion runs in its own temporary directory with its own LibreOffice profile, so
parallel workers never share (or lock) a profile, and in its own process group, so that a
hung conversion is killed whole when the timeout expires.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

CONVERSION_TIMEOUT = 60.0  # seconds; a real report converts in a few


class ConversionError(RuntimeError):
    pass


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(
    data: bytes, source_ext: str, target: str = "docx", *, timeout: float = CONVERSION_TIMEOUT
) -> bytes:
    """`data` (a .`source_ext` file) converted to `target` (a LibreOffice filter extension)."""
    soffice = soffice_path()
    if soffice is None:
        raise ConversionError(
            f"cannot read {source_ext.upper()}: LibreOffice (soffice) is not installed "
            "(Debian: libreoffice-writer-nogui)"
        )
    with tempfile.TemporaryDirectory(prefix="gknb-lo-") as tmp:
        work = Path(tmp)
        source = work / f"document.{source_ext}"
        source.write_bytes(data)
        out_dir = work / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, "HOME": str(work)},
        )
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ConversionError(
                f"LibreOffice conversion of {source_ext.upper()} timed out after {timeout:.0f} s"
            ) from None
        result = out_dir / f"document.{target}"
        if proc.returncode != 0 or not result.is_file():
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            raise ConversionError(
                f"LibreOffice could not convert the {source_ext.upper()} file"
                + (f": {detail[-1]}" if detail else " (corrupt or unsupported)")
            )
        return result.read_bytes()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
