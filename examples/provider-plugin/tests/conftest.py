"""Fixtures for the NeoCloud plugin tests: price API pages in the API's own JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def api_pages() -> tuple[dict, dict]:
    """Two pages of ``GET /v1/instance-types``: the first points to the second with ``next_page_token``."""
    return tuple(json.loads((FIXTURES / f"page{n}.json").read_text(encoding="utf-8")) for n in (1, 2))
