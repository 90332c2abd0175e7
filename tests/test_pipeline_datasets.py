"""`transform run` over a crawl of real documents: the datasets read back from Parquet.

The data dir (tests/pipeline_data.py) holds three real reports published as sites publish
them (a page re-listed under a second URL and later corrected, a page that says 详见附件 with
the PDF as attachment, a page with a DOCX rendering beside it) and one broken document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests import pipeline_data as crawl
from tests.conftest import REAL, gold
from tests.gold import assert_matches_gold
from tests.pipeline_readback import as_parsed, chosen_document, read_dataset, versions
from transform.assemble import BUILT
from transform.pipeline import RunSummary, run


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunSummary]:
    data_dir = crawl.build_data_dir(tmp_path_factory.mktemp("data"), REAL, edited=True)
    return data_dir, run(data_dir, workers=2, progress=False)


def as_stored(schema: pa.Schema) -> pa.Schema:
    """Parquet has no second-resolution timestamps: pyarrow stores and reads them back as ms."""
    fields = [
        f.with_type(pa.timestamp("ms", tz=f.type.tz)) if pa.types.is_timestamp(f.type) else f
        for f in schema
    ]
    return pa.schema(fields, metadata=schema.metadata)


def gold_cells(g: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    expected = {key: ("number", pytest.approx(value)) for key, value in g["cells"].items()}
    expected.update({key: ("blank", None) for key in g["blank_cells"]})
    expected.update({key: ("dash", None) for key in g["dash_cells"]})
    return expected


def cells_of(data_dir: Path, report_id: str, sha256: str) -> dict[str, tuple[str, Any]]:
    return {
        f"{c['table']}.{c['row']}.{c['col']}": (c["state"], c["value"])
        for c in read_dataset(data_dir, "cells")
        if c["report_id"] == report_id and c["document_sha256"] == sha256
    }


@pytest.mark.parametrize("fixture", crawl.REPORTS, ids=lambda f: f.gold)
def test_the_first_version_of_each_report_reads_back_exactly_as_its_gold_file(
    built: tuple[Path, RunSummary], fixture: crawl.FixtureReport
) -> None:
    """Every cell, state, check and the report's agency, year, template and scope."""
    data_dir, _ = built
    report_id = chosen_document(data_dir, fixture.carrier_url)["report_id"]
    first = versions(data_dir, report_id)[0]
    assert_matches_gold(as_parsed(data_dir, first), fixture.gold)


def test_an_edited_report_keeps_both_versions_and_the_correction_is_current(
    built: tuple[Path, RunSummary],
) -> None:
    data_dir, _ = built
    report_id = chosen_document(data_dir, crawl.SH_PAGE)["report_id"]
    first, second = versions(data_dir, report_id)
    assert (first["version"], first["is_current"]) == (1, False)
    assert (second["version"], second["is_current"]) == (2, True)
    assert second["first_seen"] > first["first_seen"]
    expected = gold_cells(gold("shanghai_szfbgt_2019"))
    # The second crawl found 859 corrected to 860 in place; nothing else changed.
    expected["t3.new_received.total"] = ("number", 860)
    assert cells_of(data_dir, report_id, second["document_sha256"]) == expected


def test_mirrors_attachments_and_renderings_share_one_report_id(
    built: tuple[Path, RunSummary],
) -> None:
    data_dir, _ = built
    documents = read_dataset(data_dir, "documents")
    by_url: dict[str, set[str]] = {}
    for d in documents:
        by_url.setdefault(d["url"], set()).add(d["report_id"])
    # the portal re-listing of the Shanghai page, the page and its correction: one report
    assert by_url[crawl.SH_PAGE] == by_url[crawl.SH_PORTAL] and len(by_url[crawl.SH_PAGE]) == 1
    # 详见附件: the PDF carries the tables, the page is linked but not chosen
    assert by_url[crawl.HZ_PAGE] == by_url[crawl.HZ_PDF]
    assert not any(d["chosen"] for d in documents if d["url"] == crawl.HZ_PAGE)
    # a page with its own tables is chosen over its DOCX rendering
    assert by_url[crawl.LX_PAGE] == by_url[crawl.LX_DOCX]
    assert not any(d["chosen"] for d in documents if d["url"] == crawl.LX_DOCX)
    reports = read_dataset(data_dir, "reports")
    assert len({r["report_id"] for r in reports}) == len(crawl.REPORTS) + 1  # + the broken one
    assert sum(r["is_current"] for r in reports) == len(crawl.REPORTS) + 1


def test_registry_metadata_and_organ_identity(built: tuple[Path, RunSummary]) -> None:
    data_dir, _ = built
    hongze = versions(data_dir, chosen_document(data_dir, crawl.HZ_PDF)["report_id"])[0]
    assert (hongze["organ_key"], hongze["region_code"], hongze["level"]) == (
        "code:014112340",
        crawl.HONGZE["region_code"],
        crawl.HONGZE["level"],
    )
    assert hongze["source_url"] == crawl.HZ_PAGE and hongze["format"] == "pdf"
    assert hongze["scope"] == gold("hongze_2023")["scope"]
    organs = {o["organ_key"]: o for o in read_dataset(data_dir, "organs")}
    linxia = organs["name:临夏州公安局"]
    assert (linxia["agency"], linxia["first_year"], linxia["last_year"]) == (
        "临夏州公安局",
        2023,
        2023,
    )
    assert organs["code:SHSZFBGT"]["region_code"] == "310000"


def test_a_broken_document_is_one_failed_row_and_the_rest_lands(
    built: tuple[Path, RunSummary],
) -> None:
    data_dir, summary = built
    broken = [d for d in read_dataset(data_dir, "documents") if d["url"] == crawl.BROKEN_PAGE]
    assert len(broken) == 1 and broken[0]["parse_status"] == "failed" and broken[0]["error"]
    report = versions(data_dir, broken[0]["report_id"])
    assert [r["parse_status"] for r in report] == ["failed"]
    assert (
        summary.failed == 1
        and summary.failures[0]["document_sha256"] == broken[0]["document_sha256"]
    )
    assert summary.cells == len(read_dataset(data_dir, "cells")) > 0


def test_files_are_typed_by_schema_py_and_partitioned_by_year(
    built: tuple[Path, RunSummary],
) -> None:
    data_dir, _ = built
    root = data_dir / "datasets"
    for dataset in BUILT:
        name = dataset.name
        files = sorted((root / name).rglob("*.parquet"))
        assert files, name
        for path in files:
            schema = pq.read_schema(path)
            assert schema.equals(as_stored(dataset.arrow_schema), check_metadata=True), path
            if dataset.partition_by_year:
                year = path.parent.name.removeprefix("year=")
                assert {r["year"] for r in pq.read_table(path).to_pylist()} == {int(year)}
            else:
                assert path == root / name / "part-0.parquet"
    assert sorted(p.parent.name for p in (root / "cells").rglob("*.parquet")) == [
        "year=2019",
        "year=2023",
    ]
