"""Local fixture web sites for crawler tests and the demo.

A site is described declaratively (`Site`: pages by path, redirects, status codes, headers,
robots.txt, encodings, ETag/Last-Modified, POST and query handlers), served on 127.0.0.1 by
`SiteServer` with a request log, and built by one builder module per site family
(`crawler/testsite/<family>.py` exposing `build(web, docs) -> Expected`) from the real
report documents (`RealDocuments`).

    with FixtureWeb("main", "mirror", "antibot") as web:
        expected = generic.build(web, RealDocuments.default())
        ... crawl expected.start_url ...
        assert not expected.never_requested & web.requested()
"""

from crawler.testsite.content import DetailMeta, RealDocuments, detail_page, list_page
from crawler.testsite.server import LoggedRequest, SiteServer
from crawler.testsite.site import Page, Site, file_page, html_page, redirect_page
from crawler.testsite.web import Expected, FixtureWeb

__all__ = [
    "DetailMeta",
    "Expected",
    "FixtureWeb",
    "LoggedRequest",
    "Page",
    "RealDocuments",
    "Site",
    "SiteServer",
    "detail_page",
    "file_page",
    "html_page",
    "list_page",
    "redirect_page",
]
