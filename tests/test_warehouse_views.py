"""The analysis views over the gold-derived datasets: exact numbers from the gold files.

The data set is tests/warehouse_scenario.py: 临夏州公安局 2023 (organ), 淮安市洪泽区 2023
(aggregate), 上海市人民政府办公厅 2019 (2019 template), a 2024 report derived from 临夏's
2023 gold for the cross-year views, and one registry organ without reports.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, gold
from tests.warehouse_scenario import write_scenario
from warehouse.build import build


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("data")
    write_scenario(data_dir)
    return build(data_dir)


@pytest.fixture()
def con(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_report_summary_one_row_per_report_with_check_counts(con) -> None:
    got = rows(
        con,
        "SELECT agency, year, template, scope, n_checks_pass, n_checks_fail, "
        "n_checks_not_assessable FROM report_summary ORDER BY year, agency",
    )
    hongze, shanghai = gold("hongze_2023"), gold("shanghai_szfbgt_2019")
    assert len(hongze["checks"]) == 40 and len(shanghai["checks"]) == 40
    assert got == [
        ("上海市人民政府办公厅", 2019, "2019", "organ", 2, 0, 38),
        ("临夏州公安局", 2023, "2021", "organ", 42, 0, 0),
        ("淮安市洪泽区人民政府", 2023, "2021", "aggregate", 38, 2, 0),
        ("临夏州公安局", 2024, "2021", "organ", 0, 0, 0),  # derived: checks left out
    ]


def test_t2_wide_maps_2019_decisions_onto_the_same_column(con) -> None:
    got = rows(
        con,
        "SELECT agency, year, licensing_decisions, punishment_decisions, fees_amount, "
        "procurement_amount, regulations_total_published "
        "FROM t2_by_report WHERE year < 2024 ORDER BY year, agency",
    )
    assert got == [
        ("上海市人民政府办公厅", 2019, 0.0, 0.0, None, 25.1, 524.0),
        ("临夏州公安局", 2023, 383652.0, 0.0, 18.15, None, None),
        ("淮安市洪泽区人民政府", 2023, 550.0, 4119.0, 7730.28, None, None),
    ]


def test_licensing_and_fees_ranked_within_scope_never_across(con) -> None:
    """临夏 (organ) and 洪泽 (aggregate) are both first: an aggregate is not ranked with organs."""
    for view, linxia, hongze in (
        ("licensing_comparison", 383652.0, 550.0),
        ("fee_comparison", 18.15, 7730.28),
    ):
        got = rows(
            con,
            f"SELECT agency, scope, value, rank_national, share_national, reports_national, "
            f"rank_in_region, rank_in_province, province_code FROM {view} "
            f"WHERE year = 2023 ORDER BY agency",
        )
        assert got == [
            ("临夏州公安局", "organ", linxia, 1, 1.0, 1, 1, 1, "620000"),
            ("淮安市洪泽区人民政府", "aggregate", hongze, 1, 1.0, 1, 1, 1, "320000"),
        ]


def test_compare_metric_macro_by_key_or_column_name_and_region_prefix(con) -> None:
    by_key = rows(
        con,
        "SELECT peer_group, rank, share, value, agency "
        "FROM compare_metric('t2.licensing.decisions', NULL, 2023)",
    )
    assert by_key == [
        ("aggregate:county", 1, 1.0, 550.0, "淮安市洪泽区人民政府"),
        ("organ", 1, 1.0, 383652.0, "临夏州公安局"),
    ]
    by_name = rows(con, "SELECT value, agency FROM compare_metric('fees_amount', '6229', 2023)")
    assert by_name == [(18.15, "临夏州公安局")]
    history = rows(
        con, "SELECT year, value, change FROM metric_history('licensing_decisions', '临夏')"
    )
    assert history == [(2023, 383652.0, None), (2024, 400000.0, 16348.0)]


def test_request_outcome_rates(con) -> None:
    got = {
        r[0]: r[1:]
        for r in rows(
            con,
            "SELECT agency, total_processed, granted, partially_granted, denied, not_held, "
            "unavailable, not_processed, uses_column_sums, granted_rate, partially_granted_rate, "
            "denied_rate, not_held_rate, not_processed_rate FROM request_outcomes WHERE year < 2024",
        )
    }
    hongze = gold("hongze_2023")["cells"]
    denied = sum(
        v for k, v in hongze.items() if k.startswith("t3.denied_") and k.endswith(".total")
    )
    assert denied == 3 and hongze["t3.unavailable_not_held.total"] == 10
    assert got["淮安市洪泽区人民政府"] == pytest.approx(
        (21, 0, 4, 3, 10, 13, 1, False, 0.0, 4 / 21, 3 / 21, 10 / 21, 1 / 21)
    )
    assert got["临夏州公安局"] == pytest.approx((1, 1, 0, 0, 0, 0, 0, False, 1.0, 0, 0, 0, 0))
    # Shanghai leaves 总计 blank on detail rows: counts are the applicant columns summed, and
    # match the report's own narrative (不予公开35件, 不予处理158件, 不掌握 265).
    assert got["上海市人民政府办公厅"] == pytest.approx(
        (805, 272, 3, 35, 265, 337, 158, True, 272 / 805, 3 / 805, 35 / 805, 265 / 805, 158 / 805)
    )
    deniers = rows(con, "SELECT scope, rank, agency, denied FROM top_deniers(NULL, 2023, 1)")
    assert deniers == [
        ("aggregate", 1, "淮安市洪泽区人民政府", 3.0),
        ("organ", 1, "临夏州公安局", 0.0),
    ]


def test_review_and_litigation_as_printed(con) -> None:
    got = rows(
        con,
        "SELECT review_upheld, review_corrected, review_total, litigation_after_review_upheld, "
        "litigation_after_review_total, review_corrected_rate FROM review_litigation "
        "WHERE agency = '淮安市洪泽区人民政府'",
    )
    assert got == [(10.0, 1.0, 0.0, 5.0, 0.0, pytest.approx(1 / 11))]
    shanghai = rows(
        con,
        "SELECT review_upheld, review_corrected, review_pending, review_total, "
        "litigation_direct_total FROM review_litigation WHERE year = 2019",
    )
    assert shanghai == [(5.0, None, 2.0, 7.0, 9.0)]  # blank 结果纠正 stays null


def test_failed_checks_of_hongze(con) -> None:
    got = rows(
        con,
        'SELECT agency, year, scope, "check", "key", lhs, rhs, delta, rule_zh '
        'FROM failed_checks ORDER BY "key" DESC',
    )
    assert got == [
        (
            "淮安市洪泽区人民政府",
            2023,
            "aggregate",
            "t4_total",
            "review",
            0.0,
            11.0,
            -11.0,
            "复议、诉讼各结果之和等于总计",
        ),
        (
            "淮安市洪泽区人民政府",
            2023,
            "aggregate",
            "t4_total",
            "litigation_after_review",
            0.0,
            5.0,
            -5.0,
            "复议、诉讼各结果之和等于总计",
        ),
    ]


def test_continuity_carry_and_stock_on_the_derived_year(con) -> None:
    carry = rows(
        con,
        "SELECT col, previous_carried_forward, carried_over, delta, status "
        "FROM continuity_carry ORDER BY status, col",
    )
    assert carry == [
        ("natural_person", 0.0, 2.0, 2.0, "fail"),
        ("total", 0.0, 2.0, 2.0, "fail"),
        ("commercial", 0.0, 0.0, 0.0, "pass"),
        ("legal_services", 0.0, 0.0, 0.0, "pass"),
        ("other_org", 0.0, 0.0, 0.0, "pass"),
        ("research", 0.0, 0.0, 0.0, "pass"),
        ("social_welfare", 0.0, 0.0, 0.0, "pass"),
    ]
    stock = rows(
        con,
        'SELECT agency, previous_year, year, "row", previous_in_force, issued, repealed, '
        'in_force, expected_in_force, delta, status FROM continuity_stock ORDER BY "row"',
    )
    assert stock == [
        ("临夏州公安局", 2023, 2024, "normative_documents", 1.0, 2.0, 1.0, 2.0, 2.0, 0.0, "pass"),
        ("临夏州公安局", 2023, 2024, "regulations", 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, "fail"),
    ]


def test_year_over_year(con) -> None:
    got = rows(
        con,
        "SELECT agency, previous_year, year, previous_value, value, change "
        "FROM year_over_year WHERE metric = 't2.licensing.decisions'",
    )
    assert got == [("临夏州公安局", 2023, 2024, 383652.0, 400000.0, 16348.0)]


def test_coverage_missing_and_late_reports(con) -> None:
    missing = rows(
        con,
        "SELECT agency, list(year ORDER BY year) FROM missing_reports GROUP BY agency ORDER BY agency",
    )
    assert missing == [
        ("上海市人民政府办公厅", [2020, 2021, 2022, 2023, 2024]),
        ("临夏州公安局", [2019, 2020, 2021, 2022]),
        ("淮安市洪泽区人民政府", [2019, 2020, 2021, 2022, 2024]),
        ("湛江市人民政府地方志办公室", [2019, 2020, 2021, 2022, 2023, 2024]),
    ]
    deadlines = rows(
        con,
        "SELECT agency, year, scope, deadline::VARCHAR FROM report_summary ORDER BY year, agency",
    )
    assert [d[3] for d in deadlines] == ["2020-01-31", "2024-01-31", "2024-03-31", "2025-01-31"]
    # Shanghai published on its deadline day (发布日期：2020-01-31): on time.
    late = rows(con, "SELECT agency, year, published_date::VARCHAR, days_late FROM late_reports")
    assert late == [("临夏州公安局", 2024, "2025-02-10", 10)]


def test_dim_cell_keys_lists_the_model(con) -> None:
    from transform.model import TABLES, all_cell_keys

    got = rows(
        con, "SELECT template, count(*) FROM dim_cell_keys GROUP BY template ORDER BY template"
    )
    assert got == sorted((t, len(all_cell_keys(t))) for t in TABLES)
    label = rows(
        con,
        "SELECT row_zh, col_zh, money FROM dim_cell_keys "
        "WHERE template = '2021' AND cell_key = 't2.fees.amount'",
    )
    assert label == [("行政事业性收费", "本年收费金额（单位：万元）", True)]


def test_views_work_from_another_cwd_in_the_cli(warehouse: Path, tmp_path: Path) -> None:
    """Parquet paths are absolute: the CLI opened elsewhere reads the same numbers."""
    out = subprocess.run(
        [
            str(REPO / ".venv/bin/duckdb"),
            "-readonly",
            "-csv",
            str(warehouse),
            "-c",
            "SELECT value FROM fee_comparison WHERE year = 2023 ORDER BY value",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert out.stdout.split() == ["value", "18.15", "7730.28"]
