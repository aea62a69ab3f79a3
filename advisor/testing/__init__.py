"""Test kit for plugin authors (a pytest plugin, loaded automatically once advisor is installed).

Fixtures: ``advisor_plugins`` (a plugin manager that loads no installed plugin), ``no_network`` (any
connection fails the test, even one the code catches), ``network_down`` (connections fail like a real
outage, with an OSError, for exercising a refresh's error path).

The provider contract, which every provider keeps and the built-in providers run too:
``check_provider_contract(provider)`` / ``contract_problems(provider)`` (catalog: valid records, no $0,
provenance, offline, deterministic, venue facts), ``check_refresh_fails_safely(provider, env=...)``,
and ``ProviderContract``, a pytest class with one test per clause.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from advisor.model.offers import OfferQuery
from advisor.plugin.manager import Plugins
from advisor.testing.contract import CLAUSES, Breach, ContractReport, contract_report
from advisor.testing.network import NetworkDown, NetworkGuard, NetworkUsed, block_network
from advisor.testing.refresh import check_refresh_fails_safely, patched_env, refresh_problems
from advisor.testing.suite import ProviderContract

__all__ = [
    "CLAUSES",
    "Breach",
    "ContractReport",
    "NetworkDown",
    "NetworkGuard",
    "NetworkUsed",
    "ProviderContract",
    "block_network",
    "check_provider_contract",
    "check_refresh_fails_safely",
    "contract_problems",
    "contract_report",
    "patched_env",
    "refresh_problems",
]


def contract_problems(provider: object, query: OfferQuery | None = None, strict: bool = False) -> list[str]:
    """Every way ``provider.catalog`` breaks the contract, each naming its clause; empty when kept."""
    return contract_report(provider, query).failures(strict=strict)


def check_provider_contract(provider: object, query: OfferQuery | None = None, strict: bool = False) -> None:
    """Assert the provider keeps the contract; the message lists every breach (``strict``: warnings too)."""
    problems = contract_problems(provider, query, strict)
    name = getattr(provider, "name", "?")
    assert not problems, f"provider '{name}' breaks the contract:\n  " + "\n  ".join(problems)


@pytest.fixture
def advisor_plugins() -> Plugins:
    """A plugin manager with only the core's own plugin; register yours with ``.register(module)``."""
    return Plugins(load_entry_points=False)


@pytest.fixture
def no_network() -> Iterator[NetworkGuard]:
    """Fail on any attempt to open a network connection, including one the code under test swallows."""
    with block_network(NetworkUsed) as guard:
        yield guard
    if guard.attempts:
        pytest.fail(f"network access attempted: {', '.join(guard.attempts)}", pytrace=False)


@pytest.fixture
def network_down() -> Iterator[NetworkGuard]:
    """Every connection fails with an OSError (as in an outage); the guard lists what was tried."""
    with block_network(NetworkDown) as guard:
        yield guard
