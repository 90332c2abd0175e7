"""The canonical model matches the data contract's key lists."""

from __future__ import annotations

from tests.conftest import gold
from transform import model


def test_every_gold_key_exists_in_the_model() -> None:
    for name in ("linxia_gongan_2023", "shanghai_szfbgt_2019", "hongze_2023"):
        g = gold(name)
        known = {f"{t}.{r}.{c}" for t, r, c in model.all_cell_keys(g["template"])}
        keys = set(g["cells"]) | set(g["blank_cells"]) | set(g["dash_cells"])
        assert keys <= known, sorted(keys - known)


def test_t3_has_the_25_rows_of_the_2021_format_plus_the_single_other_row() -> None:
    keys = [r.key for r in model.T3.rows]
    assert len(keys) == 26 and len(set(keys)) == 26
    assert keys[0] == "new_received" and keys[-1] == "carried_forward"


def test_money_columns() -> None:
    money = {
        (t, row.key, col.key)
        for tmpl in ("2019", "2021")
        for t, spec in model.TABLES[tmpl].items()
        for row in spec.rows
        for col in spec.columns_of(row.key)
        if col.money
    }
    assert money == {("t2", "fees", "amount"), ("t2", "procurement", "amount")}
