"""Incremental crawls: an unchanged site costs only list pages; an edited report becomes
a second version (a new sha256 row) next to the first."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.manifest import load_documents
from crawler.testsite import FixtureWeb, RealDocuments, generic
from tests.crawl_support import fixture_source, last_run, run_crawl

pytestmark = pytest.mark.slow


def test_recrawl_downloads_nothing_unchanged_and_keeps_edited_versions(
    tmp_path: Path, real_dir: Path
) -> None:
    data = tmp_path / "data"
    with FixtureWeb("main") as web:
        expected = generic.build(web, RealDocuments(real_dir))
        source = fixture_source(expected)
        documents = expected.report_pages | expected.attachments

        first = run_crawl([source], data)
        assert first.returncode == 0, first.stderr[-3000:]
        before = load_documents(data)

        # Second run, nothing changed: every document request is conditional and gets 304.
        web.clear_logs()
        second = run_crawl([source], data)
        assert second.returncode == 0, second.stderr[-3000:]
        log = web["main"].log.entries
        document_requests = [e for e in log if web["main"].url(e.target) in documents]
        assert {web["main"].url(e.target) for e in document_requests} == documents
        assert all(e.status == 304 for e in document_requests)
        assert all("if-none-match" in e.headers for e in document_requests)
        # The list pages were read again (that is how new reports are found).
        assert "/zfxxgk/zfxxgknb/list_3.html" in {e.target for e in log}
        run = last_run(data)["sources"][0]
        assert (run["new"], run["changed"], run["unchanged"]) == (0, 0, len(documents))
        after = load_documents(data)
        assert len(after) == len(before)
        assert (after["observations"] == 2).all()
        assert set(zip(after.url, after.sha256, strict=True)) == set(
            zip(before.url, before.sha256, strict=True)
        )

        # The Shanghai report is corrected on the site: a third run stores a new version.
        path = "/zfxxgk/zfxxgknb/202001/t20200131_1003.html"
        url = web["main"].url(path)
        old_body = web["main"].site.pages[path].body
        web["main"].site.replace_body(
            path, old_body.replace("无。".encode(), "无（更正）。".encode())
        )
        web.clear_logs()
        third = run_crawl([source], data)
        assert third.returncode == 0, third.stderr[-3000:]
        assert web["main"].log.statuses(path) == [200]
        run = last_run(data)["sources"][0]
        assert (run["new"], run["changed"]) == (0, 1)
        documents = load_documents(data)
        versions = documents[documents.url == url].sort_values("first_seen")
        assert len(versions) == 2
        assert Path(versions.iloc[0].raw_path).read_bytes() == old_body
        assert "无（更正）。" in Path(versions.iloc[1].raw_path).read_text("utf-8")
        assert versions.iloc[0].year == versions.iloc[1].year == 2019
