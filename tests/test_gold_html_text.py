"""The text and HTML real documents parse exactly to their hand-verified gold files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gold import assert_matches_gold
from transform.parse import parse_bytes, parse_file


@pytest.mark.parametrize(
    ("document", "gold_name"),
    [
        ("linxia_gongan_2023.txt", "linxia_gongan_2023"),
        ("shanghai_szfbgt_2019.html", "shanghai_szfbgt_2019"),
    ],
)
def test_document_matches_its_gold(real_dir: Path, document: str, gold_name: str) -> None:
    parsed = parse_file(real_dir / document)
    assert_matches_gold(parsed, gold_name)


def test_linxia_is_ok_with_all_six_sections(real_dir: Path) -> None:
    parsed = parse_file(real_dir / "linxia_gongan_2023.txt")
    assert parsed.report.parse_status == "ok", parsed.report.error
    assert parsed.report.format == "txt"
    assert sorted(parsed.sections) == ["1", "2", "3", "4", "5", "6"]
    assert parsed.sections["6"].startswith("六、其他需要报告的事项")
    assert "年度没有产生信息公开处理费" in parsed.sections["6"]


def test_report_body_found_inside_site_chrome(real_dir: Path) -> None:
    """The Shanghai fragment inside an unranked container, between navigation and footer."""
    fragment = (real_dir / "shanghai_szfbgt_2019.html").read_text(encoding="utf-8")
    page = (
        "<html><head><meta charset='utf-8'>"
        "<title>2019年上海市人民政府办公厅政府信息公开工作年度报告_上海市人民政府</title></head>"
        "<body><div class='nav'><a>首页</a><p>一、总体情况 链接</p></div>"
        "<div class='main'><div class='left'><p>相关链接</p></div>"
        f"<div class='xl_con'>{fragment}</div></div>"
        "<div class='footer'>主办单位：上海市人民政府办公厅 版权所有</div></body></html>"
    )
    parsed = parse_bytes(page.encode("gb18030").replace(b"utf-8", b"gbk"), filename="a.html")
    assert_matches_gold(parsed, "shanghai_szfbgt_2019")
    assert parsed.sections["6"] == "六、其他需要报告的事项\n无。"  # no footer text
    assert parsed.report.title == "2019年上海市人民政府办公厅政府信息公开工作年度报告"


@pytest.mark.slow
def test_word_exported_html_of_the_official_template_matches_the_gold(real_dir: Path) -> None:
    """Many sites publish the report as Word's HTML export: the seed's numbers in the
    official 2021 template (derived/…docx), exported to HTML by LibreOffice."""
    from transform.formats.libreoffice import convert, soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice is not installed")
    docx = (real_dir / "derived" / "linxia_gongan_2023.docx").read_bytes()
    page = convert(docx, "docx", "html")
    parsed = parse_bytes(page, filename="report.html")
    assert parsed.report.format == "html"
    assert parsed.report.parse_status == "ok", parsed.report.error
    assert_matches_gold(parsed, "linxia_gongan_2023")
