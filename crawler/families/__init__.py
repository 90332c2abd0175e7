"""Site-family adapters, tried in REGISTRY order by detect(); `generic` comes last."""

from __future__ import annotations

import importlib

from crawler.families.base import Family, ListEntry, ListPage

# module name → class name; one module per family.
_FAMILIES: list[tuple[str, str]] = [
    ("crawler.families.trs", "TRS"),
    ("crawler.families.hanweb", "Hanweb"),
    ("crawler.families.jpaas", "JPaaS"),
    ("crawler.families.gkmlpt", "Gkmlpt"),
    ("crawler.families.annual_report_jsp", "AnnualReportJSP"),
    ("crawler.families.generic", "Generic"),
]


def load_families() -> dict[str, type[Family]]:
    """Families whose module exists, in detection order (a family not yet written is skipped)."""
    out: dict[str, type[Family]] = {}
    for module_name, class_name in _FAMILIES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        cls = getattr(module, class_name)
        out[cls.name] = cls
    return out


__all__ = ["Family", "ListEntry", "ListPage", "load_families"]
