"""The NeoCloud provider keeps advisor's provider contract (the kit every plugin runs on itself)."""

from __future__ import annotations

import pytest

from advisor.testing import ProviderContract, check_provider_contract, check_refresh_fails_safely

from advisor_neocloud.provider import NeoCloudProvider


class TestNeoCloudContract(ProviderContract):
    """One test per clause of the contract; strict: venue facts the rules read must all be known."""

    strict = True
    refresh_env = {"NEOCLOUD_API_KEY": "nc-test-key-0001"}

    @pytest.fixture
    def provider(self) -> NeoCloudProvider:
        return NeoCloudProvider(sleep=lambda seconds: None)


def test_the_whole_contract_in_one_call(no_network):
    check_provider_contract(NeoCloudProvider(), strict=True)


def test_refresh_without_a_key_keeps_the_snapshot():
    check_refresh_fails_safely(NeoCloudProvider(), env={"NEOCLOUD_API_KEY": None})
