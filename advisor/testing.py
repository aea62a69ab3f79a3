"""Test kit for plugin authors (a pytest plugin, loaded automatically once advisor is installed).

Fixtures: ``advisor_plugins`` (a plugin manager that loads no installed plugin, with ``register``),
``no_network`` (any socket connection fails the test). ``check_provider_contract(provider)`` is the
contract every provider must keep; the built-in providers run it too.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from decimal import Decimal

import pytest

from advisor.offers import Offer, OfferQuery, ProviderCatalog, Venue
from advisor.plugins import Plugins
from advisor.provider import Provider

REQUIRED_VENUE_FACTS = ("country", "metro", "latitude", "longitude", "host_trust", "tenancy")


class NetworkUsed(AssertionError):
    """Raised when code under test opens a network connection."""


@pytest.fixture
def advisor_plugins() -> Plugins:
    """A plugin manager with only the core's own plugin; register yours with ``.register(module)``."""
    return Plugins(load_entry_points=False)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail on any attempt to open a network connection."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield


def contract_problems(provider: Provider, query: OfferQuery | None = None) -> list[str]:
    """Every way ``provider.catalog`` breaks the provider contract; empty when it keeps it."""
    query = query or OfferQuery()
    problems: list[str] = []
    first = provider.catalog(query)
    if not isinstance(first, ProviderCatalog):
        return [f"catalog() returned {type(first).__name__}, expected ProviderCatalog"]
    if first.provider != provider.name:
        problems.append(f"catalog names provider '{first.provider}', the provider is '{provider.name}'")
    venues: dict[str, Venue] = {}
    for venue in first.venues:
        try:
            venue = Venue.model_validate(venue.model_dump())
        except Exception as exc:
            problems.append(f"venue {getattr(venue, 'id', '?')}: invalid: {exc}")
            continue
        venues[venue.id] = venue
        missing = [f for f in REQUIRED_VENUE_FACTS if getattr(venue, f) in (None, "")]
        if missing:
            problems.append(f"venue {venue.id}: missing {', '.join(missing)}")
        for cert in venue.certifications:
            if not cert.source:
                problems.append(f"venue {venue.id}: certification {cert.name} has no source")
    seen: set[str] = set()
    for offer in first.offers:
        try:
            offer = Offer.model_validate(offer.model_dump())
        except Exception as exc:
            problems.append(f"offer {getattr(offer, 'id', '?')}: invalid: {exc}")
            continue
        if offer.id in seen:
            problems.append(f"offer {offer.id}: duplicate id")
        seen.add(offer.id)
        if offer.venue_id not in venues:
            problems.append(f"offer {offer.id}: venue '{offer.venue_id}' is not among the provider's venues")
        if offer.provider != provider.name:
            problems.append(f"offer {offer.id}: provider '{offer.provider}' is not '{provider.name}'")
        for field in ("usd_per_hour", "monthly_usd"):
            value = getattr(offer, field)
            if value is not None and Decimal(value) <= 0:
                problems.append(f"offer {offer.id}: {field} is {value}; unknown prices are None, never 0")
        if not offer.provenance.reference:
            problems.append(f"offer {offer.id}: price without provenance reference")
    second = provider.catalog(query)
    if second.model_dump_json() != first.model_dump_json():
        problems.append("catalog() is not deterministic: two calls gave different results")
    return problems


def check_provider_contract(provider: Provider, query: OfferQuery | None = None) -> None:
    """Assert the provider keeps the contract; the message lists every breach."""
    problems = contract_problems(provider, query)
    assert not problems, f"provider '{provider.name}' breaks the contract:\n  " + "\n  ".join(problems)
