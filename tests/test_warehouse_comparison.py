"""Invariants of the cross-organ comparison on many reports (the benchmark's synthetic data
at a tiny scale): shares add up to 1 within each group, counts and ranks agree, and
aggregates are never compared with organs."""

from __future__ import annotations

import duckdb
import pytest

from bench.warehouse import generate
from warehouse.build import build


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    data_dir = tmp_path_factory.mktemp("synthetic")
    generate(data_dir / "datasets", 600)
    connection = duckdb.connect(str(build(data_dir)), read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize(
    ("level", "group_by"),
    [
        ("region", "region_code"),
        ("province", "province_code"),
        ("national", None),
    ],
)
def test_shares_counts_and_ranks_agree_within_each_group(
    con: duckdb.DuckDBPyConnection, level: str, group_by: str | None
) -> None:
    rank, share, reports = (
        (f"rank_{level}", f"share_{level}", f"reports_{level}")
        if level == "national"
        else (f"rank_in_{level}", f"share_in_{level}", f"reports_in_{level}")
    )
    keys = "metric, year, peer_group" + (f", {group_by}" if group_by else "")
    groups = con.execute(
        f"SELECT count(*), min({reports}), max({reports}), sum({share}), sum(value), "
        f"min({rank}), max({rank}), count(DISTINCT scope) "
        f"FROM metric_comparison GROUP BY {keys}"
    ).fetchall()
    assert len(groups) > 100
    multi = 0
    for n, min_reports, max_reports, share_sum, value_sum, min_rank, max_rank, scopes in groups:
        assert min_reports == max_reports == n
        assert min_rank == 1 and max_rank <= n
        assert scopes == 1  # never organs and aggregates together
        if value_sum:
            assert share_sum == pytest.approx(1.0)
        multi += n > 1
    assert multi > 50  # the invariants were exercised on real groups, not singletons


def test_compare_metric_macro_ranks_like_the_view(con: duckdb.DuckDBPyConnection) -> None:
    view = con.execute(
        "SELECT report_id, rank_national, share_national FROM licensing_comparison "
        "WHERE year = 2023 ORDER BY report_id"
    ).fetchall()
    macro = con.execute(
        "SELECT report_id, rank, share FROM compare_metric('licensing_decisions', NULL, 2023) "
        "ORDER BY report_id"
    ).fetchall()
    assert len(view) > 50
    assert macro == view
