"""Hard per-document limits: parse in a child process with a timeout and a memory cap.

    from transform.sandbox import parse_bytes_limited
    report = parse_bytes_limited(data, filename="x.pdf", timeout=60, memory=2 << 30)

The child is a fresh `python -m transform.sandbox` (not a fork, so it is safe to call from
threads and from multiprocessing pool workers, which may not fork children of their own).
It caps its own address space with RLIMIT_AS before parsing, runs
`transform.parse.parse_bytes`, and sends the pickled ParsedReport back on its stdout.
Anything the parser or a converter (LibreOffice, inherited limit included) prints goes to
stderr. The child runs in its own session, so on timeout the whole process group is killed.

What the caller gets is always a ParsedReport: a zip bomb, an absurd page or a hung
converter becomes parse_status `failed` with a specific error ("timeout after 60 s",
"memory limit 2 GiB exceeded", "parser process killed by signal 9") and the batch goes on.
Cost: one interpreter start and import (≈0.3-0.5 s) per document on top of the parse.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import re
import resource
import signal
import subprocess
import sys
from typing import Any

from transform import PARSER_VERSION
from transform.formats.sniff import IMAGE_MAGIC, looks_like_pdf
from transform.record import ParsedReport, Report

DEFAULT_TIMEOUT = 60.0  # seconds of wall-clock time per document that needs no OCR
# A scanned page takes about 6 s of CPU to OCR on this kind of machine, several times that
# when both cores are busy; OCR's own per-page limit (transform.formats.ocr) is 120 s.
OCR_PAGE_ALLOWANCE = 150.0
MAX_TIMEOUT = 3600.0
DEFAULT_MEMORY = 2 << 30  # bytes of address space per document
_MEMORY_EXIT = 86  # the child's exit status when it ran out of its address space


def parse_bytes_limited(
    data: bytes,
    *,
    filename: str | None = None,
    source_url: str | None = None,
    hints: dict[str, Any] | None = None,
    timeout: float | None = None,
    memory: int = DEFAULT_MEMORY,
) -> ParsedReport:
    if timeout is None:
        timeout = time_budget(data)
    request = pickle.dumps((data, filename, source_url, hints))
    proc = subprocess.Popen(
        [sys.executable, "-m", "transform.sandbox", str(int(memory))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(request, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        return failed_report(data, f"timeout after {timeout:g} s", source_url)
    if proc.returncode == 0 and out:
        try:
            result = pickle.loads(out)
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError) as exc:
            return failed_report(data, f"parser process sent no result ({exc})", source_url)
        if isinstance(result, ParsedReport):
            return result
    if proc.returncode == _MEMORY_EXIT:
        return failed_report(data, f"memory limit {_size(memory)} exceeded", source_url)
    if proc.returncode < 0:
        why = f"parser process killed by signal {-proc.returncode}"
        if -proc.returncode in (signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
            why += f" (often memory exhaustion under the {_size(memory)} limit)"
        return failed_report(data, why, source_url)
    tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
    return failed_report(
        data, f"parser process failed (exit {proc.returncode}): {tail[0][:300]}", source_url
    )


def failed_report(data: bytes, error: str, source_url: str | None = None) -> ParsedReport:
    from transform.parse import report_id

    sha = hashlib.sha256(data).hexdigest()
    return ParsedReport(
        report=Report(
            report_id=report_id(None, None, "unknown", None, sha),
            document_sha256=sha,
            source_url=source_url,
            parse_status="failed",
            parser_version=PARSER_VERSION,
            error=error,
        )
    )


_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-z])")


def time_budget(data: bytes) -> float:
    """The wall-clock budget of one document: DEFAULT_TIMEOUT, plus an OCR allowance per page
    for what may need OCR — images, and PDFs that embed no font (no text layer).

    Read from the raw bytes with no parser (the parent must not parse what may be hostile):
    a PDF's page objects are counted by their `/Type /Page` markers, which overcounts
    nothing that matters here since the budget is only an upper bound.
    """
    head = data[:2048]
    if looks_like_pdf(head) and b"/Font" not in data:
        pages = max(1, len(_PDF_PAGE.findall(data)))
    elif head.startswith(IMAGE_MAGIC):
        pages = 1
    else:
        return DEFAULT_TIMEOUT
    return min(MAX_TIMEOUT, DEFAULT_TIMEOUT + OCR_PAGE_ALLOWANCE * pages)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        proc.kill()
    proc.wait()


def _size(memory: int) -> str:
    if memory % (1 << 30) == 0:
        return f"{memory >> 30} GiB"
    return f"{memory / (1 << 20):.0f} MiB"


def _child(memory: int) -> int:
    """The child's side: limit, read the request, parse, write the pickled result."""
    result_pipe = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints (ours, C libraries', LibreOffice's) must not corrupt the result
    data, filename, source_url, hints = pickle.loads(sys.stdin.buffer.read())
    # Import the code first, so that the limit bounds the parse itself and a breach is a
    # MemoryError in the parse rather than a crash inside an import.
    from transform.formats import EXTRACTORS
    from transform.formats.sniff import sniff
    from transform.parse import parse_bytes

    module = EXTRACTORS.get(sniff(data, filename) or "")
    if module:
        importlib.import_module(module)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        report = parse_bytes(data, filename=filename, source_url=source_url, hints=hints)
    except MemoryError:
        return _MEMORY_EXIT
    if report.report.error and "MemoryError" in report.report.error:
        return _MEMORY_EXIT  # parse_bytes turned the MemoryError into an error message
    try:
        result_pipe.write(pickle.dumps(report))
    except MemoryError:
        return _MEMORY_EXIT
    result_pipe.close()
    return 0


if __name__ == "__main__":
    sys.exit(_child(int(sys.argv[1])))
