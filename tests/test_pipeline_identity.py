"""Organ identity and report_id: the rules of transform/identity.py on the metadata real
detail pages print (索引号 `<organ code>/<year>-<serial>`, 发布机构, variant tags)."""

from __future__ import annotations

from transform.identity import OrganDirectory, normalise_name, organ_code, report_id, variant_key


def test_the_index_number_prefix_is_the_organ_code() -> None:
    assert organ_code("006939748/2025-00084") == "006939748"  # crawler/sites.md's example
    assert organ_code(" 014112340 / 2024-00003") == "014112340"
    assert organ_code("11440100006939748X/2023-01234") == "11440100006939748X"
    assert organ_code("０１４１１２３４０/２０２４-００００３") == "014112340"  # full-width
    assert organ_code("无") is None and organ_code(None) is None


def test_names_fold_width_spaces_and_brackets() -> None:
    assert normalise_name(" 临夏州 公安局 ") == normalise_name("临夏州公安局") == "临夏州公安局"
    assert normalise_name("上海市人民政府办公厅（本级）") == "上海市人民政府办公厅本级"


def test_a_page_without_index_number_gets_the_code_its_organ_carries_elsewhere() -> None:
    directory = OrganDirectory()
    directory.observe("014112340/2024-00003", ["淮安市洪泽区人民政府"])
    assert directory.organ_key(None, [None, "淮安市洪泽区人民政府"], "hongze") == "code:014112340"
    assert directory.organ_key(None, ["临夏州公安局"], "linxia") == "name:临夏州公安局"
    assert directory.organ_key(None, [None, ""], "linxia") == "source:linxia"


def test_a_name_seen_with_two_codes_stays_a_name() -> None:
    directory = OrganDirectory()
    directory.observe("013902431/2024-00012", ["临夏州公安局"])
    directory.observe("013902999/2024-00001", ["临夏州公安局"])
    assert directory.organ_key(None, ["临夏州公安局"], "x") == "name:临夏州公安局"


def test_renderings_and_corrections_are_one_logical_report() -> None:
    for tag in ("图片版", "（超链版）", "PDF版", "Word版", "修订稿", "更正"):
        assert variant_key(tag) == ""
    same = report_id("code:014112340", 2023, "aggregate", None)
    assert report_id("code:014112340", 2023, "aggregate", "（PDF版）") == same
    assert report_id("code:014112340", 2022, "aggregate", None) != same
    assert report_id("code:014112340", 2023, "organ", None) != same
