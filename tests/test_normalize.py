"""Property tests of label normalisation and cell reading (transform.normalize)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from transform.normalize import label_key, parse_cell

FULL_WIDTH = str.maketrans("0123456789+-.,", "０１２３４５６７８９＋－．，")
SPACES = st.sampled_from(["", " ", "  ", "\u3000", "\u00a0", "\t", "\n"])
counts = st.integers(min_value=0, max_value=10**9)


def _grouped(n: int) -> str:
    return f"{n:,}"


@given(counts, SPACES, SPACES)
def test_counts_read_with_any_padding(n: int, left: str, right: str) -> None:
    cell = parse_cell(f"{left}{n}{right}")
    assert (cell.state, cell.value) == ("number", n)
    assert isinstance(cell.value, int)


@given(counts)
def test_full_width_digits_read_as_ascii(n: int) -> None:
    cell = parse_cell(str(n).translate(FULL_WIDTH))
    assert (cell.state, cell.value) == ("number", n)


@given(st.integers(min_value=1000, max_value=10**12))
def test_thousands_separators(n: int) -> None:
    assert parse_cell(_grouped(n)).value == n
    assert parse_cell(_grouped(n).translate(FULL_WIDTH)).value == n  # "１，２３４"


@given(st.integers(min_value=1, max_value=10**7))
def test_signed_changes(n: int) -> None:
    assert parse_cell(f"+{n}").value == n
    assert parse_cell(f"-{n}").value == -n
    assert parse_cell(f"－{n}").value == -n


@given(st.integers(min_value=0, max_value=10**9))
def test_yuan_becomes_wan_yuan(yuan: int) -> None:
    cell = parse_cell(f"{yuan}元", money=True)
    assert cell.state == "number" and cell.unit == "万元"
    assert isinstance(cell.value, float)
    assert abs(cell.value - yuan / 10000) < 1e-9
    # the same number under a 万元 header, or with no unit, stays as printed
    assert parse_cell(str(yuan), money=True, header_unit="万元").value == yuan
    assert parse_cell(f"{yuan}万元", money=True).value == yuan


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_money_decimals_stay_as_printed_in_wan_yuan(amount: object) -> None:
    cell = parse_cell(str(amount), money=True)
    assert cell.state == "number" and cell.value == float(amount)  # type: ignore[arg-type]


@given(SPACES, SPACES)
def test_blank_and_dash_cells(left: str, right: str) -> None:
    assert parse_cell(f"{left}{right}").state == "blank"
    assert parse_cell("&nbsp;".replace("&nbsp;", "\u00a0")).state == "blank"
    for dash in ("/", "-", "—", "－", "无", "／", "——", "--"):
        cell = parse_cell(f"{left}{dash}{right}")
        assert (cell.state, cell.value) == ("dash", None)


def test_text_is_never_a_number() -> None:
    for raw in ("见附件", "约300", "12%", "007", "1.2.3", "3件以上"):
        assert parse_cell(raw).state == "text", raw
    assert parse_cell("251000元", money=True).value == 25.1
    assert parse_cell("18.15", money=True, header_unit="万元").value == 18.15


labels = st.sampled_from(
    ["属于国家秘密", "行政规范性文件", "本年新制作数量", "危及三安全一稳定", "第二十条第(一)项"]
)
markers = st.sampled_from(["", "1.", "1、", "1. ", "(一)", "（一）", "一、", "三、（一）"])
quotes = st.sampled_from([("", ""), ("“", "”"), ('"', '"'), ("‘", "’")])


@given(labels, markers, quotes, st.lists(SPACES, min_size=1, max_size=4))
def test_label_key_ignores_markers_quotes_width_and_spaces(
    label: str, marker: str, quote: tuple[str, str], spaces: list[str]
) -> None:
    spaced = "".join(ch + spaces[i % len(spaces)] for i, ch in enumerate(label))
    wide = unicodedata.normalize("NFKC", label).replace("(", "（").replace(")", "）")
    printed = f"{marker}{quote[0]}{spaced}{quote[1]}"
    assert label_key(printed) == label_key(label) == label_key(wide)
