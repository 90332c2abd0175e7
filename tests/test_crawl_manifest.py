"""The manifest format and its fold: one row per (url, sha256), parts merged, dupes dropped."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from crawler.manifest import (
    DOCUMENT_COLUMNS,
    ManifestWriter,
    Observation,
    latest_by_url,
    load_documents,
    part_path,
)
from crawler.rawstore import RawStore
from transform.formats.sniff import sniff

URL = "http://www.hongze.gov.cn/hzqrmzf/zfxxgknb/2024/P020240120.pdf"


def _observation(data_dir: Path, body: bytes, fetched_at: str, **kw: object) -> Observation:
    sha = RawStore(data_dir).put(body)
    base = Observation(
        url=URL,
        final_url=URL,
        source_id="hongze",
        organ="淮安市洪泽区人民政府",
        region_code="320813",
        level="county",
        role="attachment",
        parent_url="http://www.hongze.gov.cn/hzqrmzf/zfxxgknb/2024/t20240120_1.html",
        title="洪泽区2023年政府信息公开工作年度报告.pdf",
        published_date="2024-01-20",
        year=2023,
        variant=None,
        index_no="014112340/2024-00003",
        publisher="淮安市洪泽区人民政府",
        http_status=200,
        content_type="application/pdf",
        format=sniff(body, URL),
        sha256=sha,
        size=len(body),
        fetched_at=fetched_at,
        unchanged=False,
        etag='"abc"',
        last_modified=None,
    )
    return replace(base, **kw)


def test_fold_runs_workers_versions_and_torn_lines(tmp_path: Path, real_dir: Path) -> None:
    pdf = (real_dir / "hongze_2023.pdf").read_bytes()
    edited = pdf + b"\n% re-published with a correction\n"

    first = ManifestWriter(part_path(tmp_path, "20240201T000000Z"))
    first.write(_observation(tmp_path, pdf, "2024-02-01T00:00:00+00:00"))
    first.close()
    # A second run by two workers: worker a sees the same bytes again (304), worker b an edit.
    a = ManifestWriter(part_path(tmp_path, "20240301T000000Z", "a"))
    a.write(
        _observation(tmp_path, pdf, "2024-03-01T00:00:00+00:00", unchanged=True, http_status=304)
    )
    a.close()
    b = ManifestWriter(part_path(tmp_path, "20240301T000000Z", "b"))
    b.write(_observation(tmp_path, edited, "2024-03-02T00:00:00+00:00", etag='"def"'))
    b.close()
    # The same part copied twice (a re-shipped worker log) and a line torn by a kill.
    shutil.copy(b.path, tmp_path / "manifest" / "20240301T000000Z.b-copy.jsonl")
    with (tmp_path / "manifest" / "20240301T000000Z.a.jsonl").open("a") as torn:
        torn.write('{"url": "http://x/torn", "sha2')

    docs = load_documents(tmp_path)
    assert list(docs.columns) == list(DOCUMENT_COLUMNS)
    assert len(docs) == 2  # two versions of one URL; the duplicate part and torn line dropped
    original, correction = docs.iloc[0], docs.iloc[1]
    assert original["first_seen"] == "2024-02-01T00:00:00+00:00"
    assert original["last_seen"] == "2024-03-01T00:00:00+00:00"
    assert original["observations"] == 2
    assert original["format"] == "pdf" and original["size"] == len(pdf)
    assert original["http_status"] == 200  # a 304 does not hide the status of the fetch
    assert correction["observations"] == 1 and correction["etag"] == '"def"'
    assert Path(original["raw_path"]).read_bytes() == pdf
    assert Path(correction["raw_path"]).read_bytes() == edited
    assert original["year"] == 2023

    latest = latest_by_url(tmp_path, "hongze")
    assert latest[URL]["sha256"] == correction["sha256"]
    assert latest_by_url(tmp_path, "other") == {}


def test_empty_data_dir_gives_typed_empty_frame(tmp_path: Path) -> None:
    docs = load_documents(tmp_path)
    assert docs.empty and list(docs.columns) == list(DOCUMENT_COLUMNS)


def test_raw_store_keeps_one_copy(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    sha = store.put(b"%PDF-1.4 x")
    assert store.put(b"%PDF-1.4 x") == sha
    assert [p.name for p in (tmp_path / "raw").rglob("*")] == [sha[:2], sha]
