"""Fixtures for the aws plugin tests: API-shaped answers written by hand; no test touches the network."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "aws"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def price_queries() -> dict[str, list[list[dict]]]:
    return load("get_products.json")["queries"]


@pytest.fixture
def spot_pages() -> list[list[dict]]:
    return load("spot_price_history.json")["pages"]


@pytest.fixture
def instance_types() -> list[dict]:
    return load("instance_types.json")["InstanceTypes"]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
