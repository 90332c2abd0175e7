"""Parse time of the real HTML and text reports, as a ratio to lxml parsing the same bytes.

The baseline, `lxml.html.fromstring(bytes)`, is measured in the same run on the same bytes;
the target is a ratio of at most 3× for the whole parse (sniff, extract, map, check, metadata).
For plain text the baseline is nearly free (lxml wraps the whole text in one <p>), so the
text rows' ratios mostly show the fixed cost of mapping and checking a report.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

from transform.formats import extractor_for
from transform.parse import parse_bytes

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures" / "real"
TARGET_RATIO = 3.0


def _documents() -> list[Path]:
    return [
        REAL / "shanghai_szfbgt_2019.html",
        REAL / "linxia_gongan_2023.txt",
        *sorted((REAL / "partial").glob("*.txt"))[:3],
    ]


def _best_of(fn: Callable[[], object], *, repeat: int = 5, number: int = 20) -> float:
    """CPU seconds per call, the best of `repeat` rounds of `number` calls (process time,
    so that other processes on a loaded machine do not skew the ratio)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(number):
            fn()
        best = min(best, (time.process_time() - start) / number)
    return best


def run() -> None:
    print(
        f"{'document':44} {'bytes':>7} {'lxml ms':>8} {'extract ms':>10} {'parse ms':>9} {'ratio':>6}"
    )
    ratios: dict[str, list[float]] = {"html": [], "txt": []}
    for path in _documents():
        if not path.exists():
            print(f"{path.name:44} missing")
            continue
        data = path.read_bytes()
        fmt = "html" if path.suffix == ".html" else "txt"
        baseline = _best_of(lambda data=data: lxml.html.fromstring(data))
        extract = _best_of(lambda data=data, fmt=fmt: extractor_for(fmt)(data))
        parse = _best_of(lambda data=data, name=path.name: parse_bytes(data, filename=name))
        ratio = parse / baseline
        ratios[fmt].append(ratio)
        print(
            f"{path.name[:44]:44} {len(data):>7} {baseline * 1e3:>8.2f} {extract * 1e3:>10.2f}"
            f" {parse * 1e3:>9.2f} {ratio:>5.1f}x"
        )
    for fmt, found in ratios.items():
        if found:
            worst = max(found)
            verdict = "within" if worst <= TARGET_RATIO else "ABOVE"
            print(f"{fmt}: worst ratio {worst:.1f}x, {verdict} the {TARGET_RATIO:.0f}x target")
