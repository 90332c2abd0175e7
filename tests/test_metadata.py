"""Agency, year, scope, date and sections as report-format.md defines them."""

from __future__ import annotations

import pytest

from transform.document import ExtractedDocument, TextBlock
from transform.metadata import read_metadata, scope_of, sections


def _doc(text: str, **meta: str) -> ExtractedDocument:
    return ExtractedDocument(format="html", blocks=[TextBlock(text)], meta=dict(meta))


@pytest.mark.parametrize(
    ("agency", "scope"),
    [
        ("临夏州公安局", "organ"),
        ("上海市人民政府办公厅", "organ"),
        ("某县人民政府办公室", "organ"),
        ("西咸新区底张街道办事处", "organ"),
        ("某市交通运输委员会", "organ"),
        ("淮安市洪泽区人民政府", "aggregate"),
        ("上海市", "aggregate"),  # the region's name alone
        ("中埠镇人民政府", "aggregate"),
        (None, "unknown"),
    ],
)
def test_scope_by_the_issuing_name(agency: str | None, scope: str) -> None:
    assert scope_of(agency) == scope


def test_year_from_the_title_not_the_publication_date() -> None:
    meta = read_metadata(_doc("临夏州公安局2023年度政府信息公开工作年度报告\n发布日期:2024-01-20"))
    assert (meta.agency, meta.year, meta.published_date) == ("临夏州公安局", 2023, "2024-01-20")
    assert meta.scope == "organ"


def test_year_from_the_statistical_period_then_the_publication_date() -> None:
    period = read_metadata(
        _doc("一、总体情况\n本报告所列数据统计期限自2021年1月1日起至2021年12月31日止。")
    )
    assert period.year == 2021
    early = read_metadata(_doc("一、总体情况\n工作情况如下。", PubDate="2022-03-15 10:00"))
    assert (early.year, early.published_date) == (2021, "2022-03-15")
    late = read_metadata(_doc("一、总体情况\n工作情况如下。", PubDate="2022-07-01"))
    assert late.year is None  # a mid-year date says nothing about the statistical year


def test_region_report_and_site_name_in_the_title() -> None:
    doc = _doc("正文")
    doc.title = "2022年上海市政府信息公开工作年度报告_上海市人民政府门户网站"
    meta = read_metadata(doc)
    assert (meta.title, meta.agency, meta.year) == (
        "2022年上海市政府信息公开工作年度报告",
        "上海市",
        2022,
    )
    assert meta.scope == "aggregate"


def test_agency_from_meta_when_the_title_names_none() -> None:
    meta = read_metadata(_doc("一、总体情况\n……", ContentSource="某市交通运输局"))
    assert meta.agency == "某市交通运输局" and meta.scope == "organ"


def test_section_heading_variants() -> None:
    text = "\n".join(
        [
            "一、总体情况",
            "概况。",
            "二、行政机关主动公开政府信息情况",
            "表二",
            "三、收到和处理政府信息公开申请情况",
            "一、本年新收政府信息公开申请数量 | 1 |",
            "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "表四",
            "五、政府信息公开工作存在的主要问题及改进情况",
            "问题。",
            "六、其他需要报告事项",
            "无。",
        ]
    )
    found = sections(text)
    assert sorted(found) == ["1", "2", "3", "4", "5", "6"]
    assert found["3"].endswith("| 1 |")  # a table row label is no section heading
    assert found["6"] == "六、其他需要报告事项\n无。"


def test_section_headings_numbered_as_parts() -> None:
    text = "第一部分 总体情况\n概况。\n第二部分 主动公开政府信息情况\n表二"
    assert sections(text) == {
        "1": "第一部分 总体情况\n概况。",
        "2": "第二部分 主动公开政府信息情况\n表二",
    }
