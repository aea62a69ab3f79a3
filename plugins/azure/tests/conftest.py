"""Fixtures for the Azure plugin tests: Retail Prices pages and ARM resource SKUs in the API shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def retail_pages():
    return load("retail_page1.json"), load("retail_page2.json")


@pytest.fixture
def resource_skus():
    return load("resource_skus.json")
