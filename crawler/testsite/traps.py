"""Links a crawl must never follow, as every fixture site sets them.

A copy of a report on another host (the web's "mirror", when present), a report on a
private address, a page whose title is not a report: each is a URL for the builder to list
and for `Expected.never_requested`, and a request for it shows in the servers' logs.
"""

from __future__ import annotations

from crawler.testsite.content import DetailMeta, detail_page
from crawler.testsite.web import Expected, FixtureWeb

# An intranet address some portals leak into their lists; nothing listens there.
PRIVATE_HOST = "http://10.1.2.3"


def decoy_page(title: str, published_date: str) -> str:
    """A detail page that only exists to be not requested: a placeholder body."""
    return detail_page(DetailMeta(title, "x", published_date), "<p>x</p>")


def offsite_mirror(
    web: FixtureWeb, expected: Expected, path: str, published_date: str
) -> str | None:
    """Put a report copy at `path` on the mirror host; its URL, to be listed, is expected
    never to be requested (it is off the registry's domains). None when the web has no
    mirror host."""
    mirror = web.servers.get("mirror")
    if mirror is None:
        return None
    mirror.site.html(path, decoy_page("镜像", published_date))
    url = mirror.url(path)
    expected.never_requested.add(url)
    return url
