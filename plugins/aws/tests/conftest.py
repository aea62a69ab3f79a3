"""Fixtures for the aws plugin tests: API-shaped answers written by hand; no test touches the network."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from advisor.model.offers import Offer, OfferQuery, ProviderCatalog

from advisor_aws.provider import AwsProvider

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


@pytest.fixture(scope="session")
def catalog() -> ProviderCatalog:
    """The embedded snapshot's whole catalog."""
    return AwsProvider().catalog(OfferQuery())


@pytest.fixture(scope="session")
def offer(catalog):
    """Look an offer up by id; a missing id fails the test with the id in the message."""
    by_id = {o.id: o for o in catalog.offers}

    def find(offer_id: str) -> Offer:
        assert offer_id in by_id, f"no offer {offer_id}"
        return by_id[offer_id]

    return find
