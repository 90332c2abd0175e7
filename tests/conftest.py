"""Shared test fixtures: the real documents in ../shared/fixtures/real (read-only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
REAL = REPO.parent / "shared" / "fixtures" / "real"


def gold(name: str) -> dict:
    return json.loads((REAL / f"{name}.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def real_dir() -> Path:
    if not REAL.is_dir():
        pytest.fail(f"real fixtures missing: {REAL} (../shared must sit beside the checkout)")
    return REAL
