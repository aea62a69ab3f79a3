"""The provider contract as a pytest class: one test per clause, so a failure names what broke.

Subclass it in a module named ``test_*.py`` as ``Test<Something>`` and give it a ``provider`` fixture::

    class TestMyCloudContract(ProviderContract):
        strict = True                                   # warnings (unknown venue facts) fail too
        refresh_env = {"MYCLOUD_API_KEY": "test-key-123"}

        @pytest.fixture
        def provider(self):
            return MyCloud()
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from advisor.model.offers import OfferQuery
from advisor.testing.contract import ContractReport, contract_report
from advisor.testing.refresh import refresh_problems


class ProviderContract:
    """Inherit, add a ``provider`` fixture (and ``offer_query`` for site-based providers)."""

    strict: bool = False
    refresh_env: Mapping[str, str | None] = {}

    @pytest.fixture
    def offer_query(self) -> OfferQuery:
        return OfferQuery()

    @pytest.fixture
    def contract(self, provider: object, offer_query: OfferQuery) -> ContractReport:
        return contract_report(provider, offer_query)

    def _assert(self, report: ContractReport, *clauses: str) -> None:
        failures = report.failures(strict=self.strict, clauses=clauses)
        assert not failures, f"provider '{report.provider}':\n  " + "\n  ".join(failures)

    def test_catalog_returns_a_catalog_of_this_provider(self, contract: ContractReport) -> None:
        self._assert(contract, "catalog")

    def test_venues_carry_the_facts_the_rules_need(self, contract: ContractReport) -> None:
        self._assert(contract, "venues")

    def test_offers_are_valid_unique_and_placed_at_known_venues(self, contract: ContractReport) -> None:
        self._assert(contract, "offers")

    def test_nothing_is_priced_at_zero(self, contract: ContractReport) -> None:
        self._assert(contract, "prices")

    def test_every_price_has_provenance(self, contract: ContractReport) -> None:
        self._assert(contract, "provenance")

    def test_catalog_touches_no_network(self, contract: ContractReport) -> None:
        self._assert(contract, "offline")

    def test_catalog_is_deterministic(self, contract: ContractReport) -> None:
        self._assert(contract, "deterministic")

    def test_refresh_with_the_network_down_fails_safely(self, provider: object, offer_query: OfferQuery) -> None:
        problems = refresh_problems(provider, offer_query, self.refresh_env)
        assert not problems, "\n".join(problems)
