"""The 15 real pages cut after ~2,000 bytes parse without error and say they are partial."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REAL
from transform import model
from transform.parse import parse_file

PARTIAL = sorted((REAL / "partial").glob("*.partial.txt"))
TABLES_STRIPPED = "guangdong_guangzhou_liwan_gafj_2023.partial.txt"


def test_all_fifteen_pages_are_there() -> None:
    assert len(PARTIAL) == 15


@pytest.mark.parametrize("path", PARTIAL, ids=lambda p: p.name.split(".partial")[0])
def test_partial_page_parses_as_partial(path: Path) -> None:
    parsed = parse_file(path)
    report = parsed.report
    if path.name == TABLES_STRIPPED:
        assert report.parse_status == "no_tables", report.error
        assert report.error
        assert parsed.cells == []
        return
    assert report.parse_status == "partial", report.error
    assert report.error  # says which tables or rows are missing
    assert report.template in ("2019", "2021")
    assert any(c.table == "t2" for c in parsed.cells)
    # every standard cell is one the template defines
    known = {f"{t}.{r}.{c}" for t, r, c in model.all_cell_keys(report.template)}
    assert all(c.key in known or ".extra_" in c.key for c in parsed.cells)
    assert len({c.key for c in parsed.cells}) == len(parsed.cells)  # no cell twice


def _cells(name: str) -> dict[str, tuple[str, object]]:
    parsed = parse_file(REAL / "partial" / f"{name}.partial.txt")
    return {c.key: (c.state, c.value) for c in parsed.cells}


def test_a_2023_report_printing_the_2019_table_is_read_as_2019() -> None:
    parsed = parse_file(REAL / "partial" / "shaanxi_xixian_dizhangjd_2023.partial.txt")
    assert parsed.report.year == 2023
    assert parsed.report.template == "2019"
    cells = {c.key: (c.state, c.value) for c in parsed.cells}
    assert cells["t2.normative_documents.total_published"] == ("number", 0)
    assert cells["t2.licensing.decisions"] == ("number", 0)


def test_hubei_extra_row_is_kept_with_its_label_not_mapped() -> None:
    parsed = parse_file(REAL / "partial" / "hubei_tianmen_tuoshizhen_2020.partial.txt")
    cells = {c.key: c for c in parsed.cells}
    assert cells["t2.normative_documents.made"].value == 34
    assert cells["t2.normative_documents.published"].value == 4
    assert cells["t2.normative_documents.total_published"].value == 47
    extra = [c for c in parsed.cells if c.row == "extra_1"]
    assert [c.col for c in extra] == ["made", "published", "total_published"]
    assert all(c.raw_label and c.raw_label.startswith("其他主动公开文件") for c in extra)


def test_dash_and_blank_cells_in_a_cell_per_line_page() -> None:
    cells = _cells("unknown_61.150.65.235_qtjj_2023")
    assert cells["t2.regulations.issued"] == ("dash", None)
    assert cells["t2.normative_documents.in_force"] == ("number", 0)
    assert cells["t3.new_received.natural_person"] == ("blank", None)
    assert cells["t3.new_received.total"] == ("number", 0)
    assert cells["t3.granted.total"] == ("blank", None)


def test_cell_per_line_without_pipes_and_padded_numbers() -> None:
    cells = _cells("hebei_qianan_dawulizhen_2020")
    assert cells["t2.procurement.items"] == ("number", 0)
    assert cells["t3.denied_state_secret.total"] == ("number", 0)
    cells = _cells("guangdong_guangzhou_haizhu_guanzhoujd_2023")
    assert cells["t2.punishment.decisions"] == ("number", 1472)
    assert cells["t3.new_received.natural_person"] == ("number", 1)


def test_markdown_pipes_and_truncated_headers() -> None:
    cells = _cells("jilin_changchun_tyjrswj_2023")
    assert cells["t3.new_received.total"] == ("number", 3)
    cells = _cells("shandong_weishan_liangchengzhen_2020")  # "本年新 | 本年新"
    assert cells["t2.regulations.total_published"] == ("number", 0)
    assert cells["t2.procurement.amount"] == ("number", 0)
