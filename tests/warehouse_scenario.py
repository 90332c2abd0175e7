"""The data set the warehouse tests build on: three real reports and one derived year.

- 临夏州公安局 2023 (organ scope), 淮安市洪泽区人民政府 2023 (aggregate scope) and
  上海市人民政府办公厅 2019 (organ scope, 2019 template): their gold files, unchanged.
- 临夏州公安局 2024: DERIVED from the 2023 gold (no real 2024 report is in the fixtures) so
  the cross-year views have a second year to compare; see `derived_linxia_2024`.
- 湛江市人民政府地方志办公室: a real organ (fixtures/real/partial/guangdong_zhanjiang_dfzb)
  in the registry, with no report in the data set.

Registry metadata (region_code, level, organ_key) is what the crawler's registry would give;
the publication date of the Shanghai report is the one printed on its page (发布日期：
2020-01-31). The others are unknown, except the derived report's, chosen to fall after
its deadline.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from tests.conftest import REAL
from tests.gold_datasets import ReportMeta, load_gold, write_datasets
from transform.model import T3_COLUMNS

LINXIA = ReportMeta("linxia_gongan", "622900", "department", "gansu_linxia_gongan")
HONGZE = ReportMeta("hongze_gov", "320813", "county", "jiangsu_huaian_hongze")
SHANGHAI = ReportMeta(
    "shanghai_szfbgt", "310000", "department", "shanghai_szfbgt", dt.date(2020, 1, 31)
)
ZHANJIANG_DFZB = ReportMeta("zhanjiang_dfzb", "440800", "department", "guangdong_zhanjiang_dfzb")
LINXIA_2024 = ReportMeta(
    "linxia_gongan", "622900", "department", "gansu_linxia_gongan", dt.date(2025, 2, 10)
)


def derived_linxia_2024(gold_2023: dict[str, Any]) -> dict[str, Any]:
    """A 2024 report for 临夏州公安局, derived from its 2023 gold, with known continuity.

    - carried_over(2024) = carried_forward(2023) in every column except natural_person and
      total, set to 2 where 2023 carried forward 0: two carry failures (delta 2), five passes;
    - normative_documents: issued 2, repealed 1, in_force 2 = 1 + 2 - 1: stock passes;
      regulations: in_force 1 with nothing issued and 0 in force before: stock fails (delta 1);
    - licensing decisions 400000 (2023: 383652), so year over year is +16348;
    - its checks are left out: they were evaluated on the 2023 numbers.
    """
    gold = copy.deepcopy(gold_2023)
    gold["year"] = 2024
    gold["document"] = "linxia_gongan_2024_derived.txt"
    cells = gold["cells"]
    for col in (c.key for c in T3_COLUMNS):
        cells[f"t3.carried_over.{col}"] = gold_2023["cells"][f"t3.carried_forward.{col}"]
    cells["t3.carried_over.natural_person"] = 2
    cells["t3.carried_over.total"] = 2
    cells["t2.normative_documents.issued"] = 2
    cells["t2.normative_documents.repealed"] = 1
    cells["t2.normative_documents.in_force"] = 2
    cells["t2.regulations.in_force"] = 1
    cells["t2.licensing.decisions"] = 400000
    gold["checks"] = []
    return gold


def write_scenario(data_dir: Path) -> Path:
    linxia = load_gold(REAL / "linxia_gongan_2023.gold.json")
    return write_datasets(
        data_dir,
        [
            (linxia, LINXIA),
            (load_gold(REAL / "hongze_2023.gold.json"), HONGZE),
            (load_gold(REAL / "shanghai_szfbgt_2019.gold.json"), SHANGHAI),
            (derived_linxia_2024(linxia), LINXIA_2024),
        ],
        registry_only=[("湛江市人民政府地方志办公室", ZHANJIANG_DFZB)],
    )
