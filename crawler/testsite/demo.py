"""The demo web: real reports behind two real site structures, served until stopped.

`python -m crawler.testsite.demo --sources-out FILE` starts a TRS WCM portal column and a
Hanweb jcms portal on 127.0.0.1 (free ports), built from the bundled copies of real reports
(crawler/testsite/documents), writes a registry for them to FILE (politeness relaxed: the
servers are local), and serves until SIGTERM/SIGINT. `make demo` crawls them with `make all`.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from crawler.registry import dump_registry
from crawler.testsite import FixtureWeb, RealDocuments, hanweb, trs

BUNDLED = Path(__file__).resolve().parent / "documents"

# (builder, registry entry) for each demo source; names are the portals' owners.
DEMO_SOURCES = [
    (
        trs.build,
        {
            "id": "demo-trs",
            "name": "演示站点（TRS WCM 年报栏目）",
            "region_code": "622900",
            "level": "prefecture",
        },
    ),
    (
        hanweb.build,
        {
            "id": "demo-hanweb",
            "name": "演示站点（大汉 jcms 门户）",
            "region_code": "320813",
            "level": "county",
        },
    ),
]


def serve(sources_out: Path) -> None:
    docs = RealDocuments(BUNDLED)
    webs: list[FixtureWeb] = []
    entries = []
    for build, entry in DEMO_SOURCES:
        web = FixtureWeb("main").__enter__()
        webs.append(web)
        expected = build(web, docs)
        entries.append(
            {
                **entry,
                "start_urls": [expected.start_url],
                "allowed_domains": expected.allowed_domains,
                "delay": 0,
                "concurrency": 4,
            }
        )
    sources_out.parent.mkdir(parents=True, exist_ok=True)
    tmp = sources_out.with_suffix(".tmp")
    dump_registry(entries, tmp)
    tmp.replace(sources_out)  # the file appearing is the "ready" signal
    for e in entries:
        print(f"serving {e['id']}: {e['start_urls'][0]}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for web in webs:
            web.__exit__(None, None, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crawler.testsite.demo", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--sources-out", type=Path, required=True, help="where to write the demo registry"
    )
    serve(parser.parse_args(argv).sources_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
