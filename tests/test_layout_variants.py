"""One small case per layout variant of report-format.md "What real documents do to these
tables", each made from a real report (the seed text, the Shanghai page) changed the way
real pages differ, and checked against that report's gold values."""

from __future__ import annotations

import html
import re

import pytest

from tests.conftest import REAL
from tests.gold import assert_matches_gold
from transform.parse import parse_bytes
from transform.record import ParsedReport

SEED = (REAL / "linxia_gongan_2023.txt").read_text(encoding="utf-8")
SHANGHAI = (REAL / "shanghai_szfbgt_2019.html").read_text(encoding="utf-8")


def _text(text: str) -> ParsedReport:
    return parse_bytes(text.encode("utf-8"), filename="report.txt")


def _html(page: str) -> ParsedReport:
    return parse_bytes(page.encode("utf-8"), filename="report.html")


def _seed_as_html(text: str = SEED, row_hook=None) -> str:  # type: ignore[no-untyped-def]
    """The seed's pipe rows as HTML tables (one <table> per run of rows), prose as <p>."""
    out, rows = ["<html><body><div id='zoom'>"], []

    def flush() -> None:
        if rows:
            out.append("<table border='1'>" + "".join(rows) + "</table>")
            rows.clear()

    for line in text.split("\n"):
        if "|" not in line:
            flush()
            out.append(f"<p>{html.escape(line)}</p>")
            continue
        cells = [c.strip() for c in line.split("|")][:-1]
        while cells and not cells[-1]:
            cells.pop()
        if row_hook is not None:
            cells = row_hook(cells)
        rows.append(
            "<tr>" + "".join(f"<td>{html.escape(c) or '&nbsp;'}</td>" for c in cells) + "</tr>"
        )
    flush()
    out.append("</div></body></html>")
    return "".join(out)


def _cells(parsed: ParsedReport) -> dict[str, tuple[str, object]]:
    return {c.key: (c.state, c.value) for c in parsed.cells}


# --- brackets, punctuation, list markers ---------------------------------------------------


def test_full_width_brackets_spaced_article_and_quote_variants() -> None:
    text = (
        SEED.replace("(", "（")
        .replace(")", "）")
        .replace("第二十条第", "第二十条  第")
        .replace("3.危及“三安全一稳定”", '3. 危及"三安全一稳定"')
        .replace("1.属于国家秘密", "1、属于国家秘密")
        .replace("2.重复申请", "2. 重复申请")
    )
    assert_matches_gold(_text(text), "linxia_gongan_2023")


def test_unquoted_three_safeties_and_typo_label() -> None:
    text = SEED.replace("“三安全一稳定”", "三安全一稳定").replace(
        "2.其他法律行政法规禁止公开", "2.其他法律行政止公开"
    )
    assert_matches_gold(_text(text), "linxia_gongan_2023")


# --- labels broken, truncated, with the year or long remarks --------------------------------


def test_headers_broken_by_br_and_newlines() -> None:
    page = (
        SHANGHAI.replace("商业企业", "商业<br/>企业")
        .replace("社会公益组织", "社会<br>公益<br>组织")
        .replace("对外公开总数量", "对外公开<br/>总数量")
    )
    assert_matches_gold(_html(page), "shanghai_szfbgt_2019")


def test_truncated_header_still_2019() -> None:
    page = SHANGHAI.replace("本年新<br />公开数量", "本年新").replace(
        "本年新<br />制作数量", "本年新"
    )
    assert_matches_gold(_html(page), "shanghai_szfbgt_2019")


def test_year_inserted_in_headers_and_hubei_remarks_in_labels() -> None:
    text = (
        SEED.replace("本年制发件数", "本年(2023)制发件数")
        .replace("本年废止件数", "本年(2023)废止件数")
        .replace("规章 |", "规章(设区的市、自治州人民政府应提供相关数据) |")
        .replace(
            "行政规范性文件 |",
            "行政规范性文件(行政机关制定发布的决定、公告、通告、意见、通知,以及标题采用“规定”“办法”等字样的公文) |",
        )
    )
    assert_matches_gold(_text(text), "linxia_gongan_2023")


def test_hubei_extra_row_becomes_extra_never_a_standard_row() -> None:
    text = SEED.replace(
        "行政规范性文件 | 1 | 0 | 1 |",
        "行政规范性文件 | 1 | 0 | 1 |\n其他主动公开文件(除规范性文件以外的主动公开文件) | 7 | 0 | 7 |",
    )
    parsed = _text(text)
    assert_matches_gold(parsed, "linxia_gongan_2023")
    extra = [c for c in parsed.cells if c.row == "extra_1"]
    assert [(c.col, c.value) for c in extra] == [("issued", 7), ("repealed", 0), ("in_force", 7)]
    assert extra[0].raw_label and extra[0].raw_label.startswith("其他主动公开文件")


# --- table structure -------------------------------------------------------------------------


def test_rotated_result_label_one_character_per_row() -> None:
    chars = iter("三、本年度办理结果")

    def hook(cells: list[str]) -> list[str]:
        if cells and cells[0] == "三、本年度办理结果":
            cells = cells[1:]
        if cells and re.match(r"^(\(|[1-8]\.)", cells[0]) and len(cells) >= 8:
            return [next(chars, ""), *cells]
        return cells

    assert_matches_gold(_html(_seed_as_html(row_hook=hook)), "linxia_gongan_2023")


def test_label_broken_over_a_page_break_with_footer_inside_the_table() -> None:
    text = SEED.replace(
        "5.要求行政机关确认或重新出具已获取信息 | 0 |",
        "5.要求行政机关确认或重新出 |\n- 3 -\n具已获取信息 | 0 |",
    )
    assert_matches_gold(_text(text), "linxia_gongan_2023")
    page = _seed_as_html(text)
    assert_matches_gold(_html(page), "linxia_gongan_2023")


def test_one_table_split_over_several_html_tables() -> None:
    page = _seed_as_html().replace(
        "<tr><td>(四)无法提供</td>",
        "</table><p>- 4 -</p><table border='1'><tr><td>(四)无法提供</td>",
    )
    assert page.count("<table") == 4
    assert_matches_gold(_html(page), "linxia_gongan_2023")


def test_all_three_tables_in_one_grid() -> None:
    lines = [ln for ln in SEED.split("\n")]
    start = next(i for i, ln in enumerate(lines) if ln.startswith("第二十条"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("五、"))
    block = [ln if "|" in ln else f"{ln} |" for ln in lines[start:end]]
    text = "\n".join([*lines[:start], *block, *lines[end:]])
    assert_matches_gold(_text(text), "linxia_gongan_2023")


def test_single_other_row_and_subtotal_rows() -> None:
    text = re.sub(
        r"\(六\)其他处理 \| 1\.[^\n]*\n2\.申请人逾期[^\n]*\n3\.其他 [^\n]*\n",
        "(六)其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
        SEED,
    ).replace(
        "(四)无法提供 | 1.本机关",
        "(三)不予公开 | 小计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n(四)无法提供 | 1.本机关",
    )
    parsed = _text(text)
    cells = _cells(parsed)
    assert cells["t3.other.total"] == ("number", 0)
    assert not any(k.startswith("t3.other_") for k in cells)
    assert "t3.extra_1.total" in cells  # the subtotal: kept, not mapped, not dropped
    outcomes = [c for c in parsed.checks if c.check == "t3_outcomes"]
    assert len(outcomes) == 7 and all(c.status == "pass" for c in outcomes)
    assert parsed.report.parse_status == "ok"


def test_table_four_as_three_labelled_rows_and_as_three_small_tables() -> None:
    rows = (
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        "行政复议 | 10 | 1 | 0 | 0 | 11 |\n"
        "行政诉讼 | 未经复议直接起诉 | 0 | 0 | 0 | 0 | 0 |\n"
        "复议后起诉 | 5 | 0 | 0 | 0 | 0 |\n"
    )
    small = (
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "行政复议 | ||||\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n10 | 1 | 0 | 0 | 11 |\n"
        "行政诉讼(未经复议直接起诉) |\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n0 | 0 | 0 | 0 | 0 |\n"
        "行政诉讼(复议后起诉) |\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n5 | 0 | 0 | 0 | 0 |\n"
    )
    head, tail = SEED.split("四、政府信息公开行政复议、行政诉讼情况\n")
    tail = tail[tail.index("五、") :]
    for table in (rows, small):
        parsed = _text(head + table + tail)
        cells = _cells(parsed)
        assert cells["t4.review.upheld"] == ("number", 10)
        assert cells["t4.review.total"] == ("number", 11)
        assert cells["t4.litigation_direct.total"] == ("number", 0)
        assert cells["t4.litigation_after_review.upheld"] == ("number", 5)
        status = {c.key: c.status for c in parsed.checks if c.check == "t4_total"}
        assert status == {
            "review": "pass",
            "litigation_direct": "pass",
            "litigation_after_review": "fail",
        }


# --- cell contents ---------------------------------------------------------------------------


def test_dashes_blanks_padding_separators_and_full_width_digits() -> None:
    text = (
        SEED.replace("规章 | 0 | 0 | 0 |", "规章 | / | — | 无 |")
        .replace("行政许可 | 383652 |", "行政许可 |  ３８３,６５２  |")
        .replace("行政处罚 | 0 |", "行政处罚 | - |")
        .replace("行政强制 | 0 |", "行政强制 | －  |")
        .replace(
            "二、上年结转政府信息公开申请数量 | 0 | 0 |",
            "二、上年结转政府信息公开申请数量 |  | 0 |",
        )
    )
    cells = _cells(_text(text))
    assert cells["t2.regulations.issued"] == ("dash", None)
    assert cells["t2.regulations.repealed"] == ("dash", None)
    assert cells["t2.regulations.in_force"] == ("dash", None)
    assert cells["t2.licensing.decisions"] == ("number", 383652)
    assert cells["t2.punishment.decisions"] == ("dash", None)
    assert cells["t2.coercion.decisions"] == ("dash", None)
    assert cells["t3.carried_over.natural_person"] == ("blank", None)


def test_yuan_in_the_cell_and_in_the_header() -> None:
    text = SEED.replace("18.15 |", "181500元 |")
    assert _cells(_text(text))["t2.fees.amount"] == ("number", 18.15)
    text = SEED.replace("本年收费金额(单位:万元)", "本年收费金额(单位:元)").replace(
        "18.15 |", "181500 |"
    )
    assert _cells(_text(text))["t2.fees.amount"] == ("number", 18.15)


# --- text-only renderings --------------------------------------------------------------------


def _one_cell_per_line(text: str, *, pipes: bool) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        if "|" not in line:
            out.append(line)
            continue
        cells = [c.strip() for c in line.split("|")][:-1]
        while cells and not cells[-1]:
            cells.pop()
        out.extend(f"{c} |" if pipes else c for c in cells)
    return "\n".join(out)


@pytest.mark.parametrize("pipes", [True, False], ids=["with-pipes", "no-pipes"])
def test_one_cell_per_line(pipes: bool) -> None:
    assert_matches_gold(_text(_one_cell_per_line(SEED, pipes=pipes)), "linxia_gongan_2023")


def test_tab_separated_cells() -> None:
    lines = []
    for line in SEED.split("\n"):
        if "|" in line:
            cells = [c.strip() for c in line.split("|")][:-1]
            line = "\t".join(c for c in cells if c)
        lines.append(line)
    assert_matches_gold(_text("\n".join(lines)), "linxia_gongan_2023")


def _run_together(text: str) -> str:
    """Every table row printed with its cells run together: "规章000"."""
    out = []
    for line in text.split("\n"):
        out.append("".join(c.strip() for c in line.split("|")) if "|" in line else line)
    return "\n".join(out)


def test_digits_run_together_split_only_when_unique() -> None:
    # every split here is forced: parts never start with 0, and table 3's and 4's totals hold
    assert_matches_gold(_text(_run_together(SEED)), "linxia_gongan_2023")
    ambiguous = _run_together(
        SEED.replace("行政规范性文件 | 1 | 0 | 1 |", "行政规范性文件 | 62 | 33 | 440 |")
    )
    parsed = _text(ambiguous)
    cells = [c for c in parsed.cells if c.row == "normative_documents"]
    assert [c.state for c in cells] == ["text", "text", "text"]
    assert all(c.value is None and c.raw == "6233440" for c in cells)
    assert parsed.report.parse_status == "partial"
    assert _cells(parsed)["t2.regulations.issued"] == ("number", 0)


# --- no tables --------------------------------------------------------------------------------


def test_tables_as_images_only() -> None:
    page = re.sub(r"<table.*?</table>", "<p><img src='table.png'></p>", SHANGHAI, flags=re.S)
    parsed = _html(page)
    assert parsed.report.parse_status == "no_tables"
    assert parsed.report.error == "tables only as images (3 images in the report body): not read"
    assert parsed.report.agency == "上海市人民政府办公厅"


def test_table_three_without_its_header_rows() -> None:
    """The header was an image or fell on a lost page: the first row label names the table."""
    start = SEED.index("三、收到和处理")
    text = SEED[:start] + SEED[SEED.index("一、本年新收") :]
    assert_matches_gold(_text(text), "linxia_gongan_2023")


def test_other_group_row_with_numbers_above_its_three_sub_rows_is_a_subtotal() -> None:
    text = SEED.replace(
        "(六)其他处理 | 1.申请人无正当理由",
        "(六)其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n(六)其他处理 | 1.申请人无正当理由",
    )
    parsed = _text(text)
    assert_matches_gold(parsed, "linxia_gongan_2023")
    subtotal = [c for c in parsed.cells if c.row == "extra_1"]
    assert len(subtotal) == 7 and subtotal[0].raw_label == "(六)其他处理"


def test_cell_text_broken_over_lines_in_pipe_rows() -> None:
    text = (
        SEED.replace("2.其他法律行政法规禁止公开 |", "2.其他法律行政法规禁止\n公开 |")
        .replace("| 社会 公益 组织 |", "| 社会\n公益\n组织 |")
        .replace("行政许可 | 383652 |", "行政许可 | 383\n652 |")
    )
    assert_matches_gold(_text(text), "linxia_gongan_2023")


def test_prose_mentioning_review_before_headerless_table_two() -> None:
    """A short prose line naming 行政复议 must not pull table 2's rows into table 4."""
    text = (
        SEED.replace("二、主动公开政府信息情况\n", "二、主动公开政府信息情况\n未发生行政复议。\n")
        .replace("第二十条第(一)项 | |||\n", "")
        .replace("信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n", "")
    )
    assert "规章 | 0 | 0 | 0 |" in text and "制发件数" not in text
    assert_matches_gold(_text(text), "linxia_gongan_2023")


def test_one_cell_per_line_with_a_lost_empty_cell_is_not_guessed() -> None:
    text = _one_cell_per_line(SEED.replace("规章 | 0 | 0 | 0 |", "规章 | 0 |  | 0 |"), pipes=False)
    parsed = _text(text)
    cells = [c for c in parsed.cells if c.row == "regulations"]
    assert [(c.state, c.value, c.raw) for c in cells] == [("text", None, "0 0")] * 3
    assert parsed.report.parse_status == "partial"
    assert _cells(parsed)["t2.normative_documents.in_force"] == ("number", 1)


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda s: s.encode("gb18030"), "undeclared GBK"),
        (lambda s: ("<meta charset='gb2312'>" + s).encode("utf-8"), "stale GB declaration"),
        (lambda s: s.encode("utf-8-sig"), "UTF-8 with BOM"),
    ],
)
def test_page_encodings(encode, name: str) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_bytes(encode(SHANGHAI), filename="report.html")
    assert_matches_gold(parsed, "shanghai_szfbgt_2019")


def test_text_in_gbk() -> None:
    data = SEED.encode("gb18030")
    assert_matches_gold(parse_bytes(data, filename="report.txt"), "linxia_gongan_2023")


def test_group_and_item_labels_printed_in_one_cell() -> None:
    text = (
        SEED.replace("(三)不予公开 | 1.属于国家秘密 |", "(三)不予公开1.属于国家秘密 |")
        .replace("(六)其他处理 | 1.申请人", "(六)其他处理1.申请人")
        .replace("3.其他 |", "(六)其他处理3.其他 |")
    )
    assert_matches_gold(_text(text), "linxia_gongan_2023")
