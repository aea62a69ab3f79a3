"""Fixtures for the GCP plugin tests: list_skus pages in the REST JSON shape of ListSkusResponse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def sku_page_texts() -> tuple[str, str]:
    return tuple((FIXTURES / n).read_text(encoding="utf-8") for n in ("skus_page1.json", "skus_page2.json"))


@pytest.fixture
def sku_dicts(sku_page_texts):
    return [s for text in sku_page_texts for s in json.loads(text)["skus"]]
