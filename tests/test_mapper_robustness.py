"""The mapper on arbitrary grids: never raises, never emits a cell twice, never a key the
template does not define (local rows are extra_<n>), never a number the grid did not print."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transform import model
from transform.checks import evaluate
from transform.document import ExtractedDocument, Grid, GridCell, TextBlock
from transform.mapper import map_document
from transform.normalize import parse_cell

# Labels, headers and values real tables print, plus the awkward ones.
VOCABULARY = [
    "规章", "行政规范性文件", "本年制发件数", "本年新制作数量", "第二十条第(一)项", "信息内容",
    "行政许可", "(一)予以公开", "(三)不予公开", "1.属于国家秘密", "3.其他", "(六)其他处理",
    "(七)总计", "总计", "行政复议", "复议后起诉", "未经复议直接起诉", "结果维持",
    "一、本年新收政府信息公开申请数量", "申请人情况", "0", "1", "12", "", "/", "—", "无",
    "251000元", "000", "6233440", "-3", "+5", "行政规范性文件101", "三", "- 5 -", "小计",
    "其他主动公开文件",
]  # fmt: skip

cells = st.builds(
    GridCell,
    st.sampled_from(VOCABULARY),
    st.just(1.0),
    st.sampled_from([None, None, None, (0, 0)]),
)
grids = st.builds(
    Grid,
    st.lists(st.lists(cells, max_size=17), max_size=12),
    st.none(),
    st.booleans(),
)
blocks = st.lists(st.one_of(grids, st.builds(TextBlock, st.sampled_from(VOCABULARY))), max_size=4)


@settings(max_examples=300, deadline=None)
@given(blocks)
def test_any_grid_maps_safely(found: list) -> None:  # type: ignore[type-arg]
    doc = ExtractedDocument(format="html", blocks=found)
    mapping = map_document(doc)
    evaluate(mapping.cells)
    keys = [c.key for c in mapping.cells]
    assert len(keys) == len(set(keys))
    known = (
        {f"{t}.{r}.{c}" for t, r, c in model.all_cell_keys(mapping.template)}
        if mapping.template in model.TABLES
        else set()
    )
    assert all(k in known or ".extra_" in k for k in keys)
    printed = {c.text for b in found if isinstance(b, Grid) for r in b.rows for c in r}
    for cell in mapping.cells:
        if cell.state == "number":
            # a number is read from a printed cell, or from digits the grid printed run together
            assert cell.raw in printed or any(cell.raw in p for p in printed)
            assert parse_cell(cell.raw, money=cell.unit is not None).value == cell.value
