"""The text and HTML real documents parse exactly to their hand-verified gold files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gold import assert_matches_gold
from transform.parse import parse_file


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
