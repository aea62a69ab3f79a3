"""The embedded snapshot: valid offers, provenance on every price, no $0, no network, venues right."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from advisor.model.offers import OfferQuery, ProviderCatalog
from advisor.plugin.manager import Plugins
from advisor.testing import check_provider_contract

from advisor_azure import provider as provider_module
from advisor_azure.provider import AzureProvider


@pytest.fixture(scope="module")
def catalog() -> ProviderCatalog:
    return AzureProvider().catalog(OfferQuery())


def test_the_plugin_registers_a_provider_that_keeps_the_contract(catalog):
    assert "azure" in [p.name for p in Plugins().providers()]
    check_provider_contract(AzureProvider())  # valid records, provenance, no $0, unique ids, deterministic
    assert all(o.provenance.source == "snapshot" for o in catalog.offers)


def test_nc4as_t4_v3_in_eastus_costs_the_reference_rate(catalog):
    offers = {o.id: o for o in catalog.offers}
    offer = offers["azure:eastus:Standard_NC4as_T4_v3:on_demand"]
    assert offer.usd_per_hour == Decimal("0.526")
    assert (offer.hardware.accelerator, offer.hardware.accelerator_count, offer.hardware.vcpus) == ("T4", 1, 4)


def test_all_ncast4_v3_sizes_are_listed_in_eastus_priced_or_not(catalog):
    t4 = {o.sku for o in catalog.offers if o.venue_id == "azure:eastus" and o.hardware.accelerator == "T4"}
    assert t4 == {f"Standard_NC{n}as_T4_v3" for n in (4, 8, 16, 64)}


def test_sizes_without_a_price_row_are_unpriced_with_a_reason(catalog):
    offers = {o.id: o for o in catalog.offers}
    h200 = offers["azure:eastus:Standard_ND96isr_H200_v5:on_demand"]
    assert h200.usd_per_hour is None and not h200.priced
    assert "no Azure Retail Prices row" in h200.attributes["unpriced_reason"]


def test_fractional_a10_sizes_carry_a_share_of_one_gpu(catalog):
    nv6 = next(o for o in catalog.offers if o.sku == "Standard_NV6ads_A10_v5")
    assert nv6.hardware.accelerator == "A10"
    assert nv6.hardware.accelerator_count == pytest.approx(1 / 6)


def test_amx_cpu_family_is_dcesv5_on_sapphire_rapids(catalog):
    cpu = next(o for o in catalog.offers if o.sku == "Standard_DC16es_v5")
    assert (cpu.hardware.cpu, cpu.hardware.accelerator, cpu.hardware.vcpus) == ("Xeon-8480+", None, 16)


def test_confidential_h100_offer_and_venue_say_sev_snp_and_h100_cc(catalog):
    ncc = next(o for o in catalog.offers if o.sku == "Standard_NCC40ads_H100_v5")
    assert ncc.attributes["confidential_vm"] == ["sev-snp", "h100-cc"]
    venue = next(v for v in catalog.venues if v.id == ncc.venue_id)
    assert {"sev-snp", "h100-cc"} <= set(venue.confidential_computing)


def test_azure_government_venue_is_government_us_persons_and_il5(catalog):
    gov = next(v for v in catalog.venues if v.region == "usgovvirginia")
    assert gov.government and gov.us_persons_only
    assert all(gov.has_certification(c) for c in ("fedramp_high", "dod_il4", "dod_il5", "itar"))


def test_commercial_venues_carry_their_regimes_and_eu_boundary(catalog):
    venues = {v.region: v for v in catalog.venues}
    assert venues["germanywestcentral"].has_certification("c5")
    assert venues["eastus"].has_certification("fedramp_high") and not venues["eastus"].government
    assert venues["westeurope"].attributes["eu_data_boundary"] is True
    assert venues["eastus"].attributes["eu_data_boundary"] is False
    assert venues["westeurope"].grid_kgco2e_per_kwh == 0.328
    assert all(v.pue == 1.185 and v.operator_jurisdiction == "US" for v in venues.values())
    assert all(c.source.startswith("https://") for v in venues.values() for c in v.certifications)


def test_catalog_never_touches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(httpx.Client, "send", refuse)
    monkeypatch.setattr("socket.socket.connect", refuse)
    provider_module._snapshot_catalog.cache_clear()
    assert AzureProvider().catalog(OfferQuery()).offers


def test_every_priced_row_carries_a_date_its_source_states_not_the_day_it_was_read(catalog):
    priced = [o for o in catalog.offers if o.usd_per_hour is not None]
    assert priced
    assert all(o.provenance.as_of < catalog.provenance.as_of for o in priced)
    assert not any("skypilot-catalog/blob/098741e" in o.provenance.reference for o in priced)


def test_sizes_without_a_dated_source_stay_unpriced(catalog):
    offers = {o.id: o for o in catalog.offers}
    assert offers["azure:westus3:Standard_NC48ads_A100_v4:on_demand"].usd_per_hour is None
    assert offers["azure:eastus:Standard_NC48ads_A100_v4:on_demand"].usd_per_hour == Decimal("7.348")  # Linux; 9.554 was the Windows price (issue 17)


def test_no_size_and_region_has_two_on_demand_prices(catalog):
    keys = [(o.venue_id, o.sku) for o in catalog.offers if o.billing == "on_demand"]
    assert len(keys) == len(set(keys))
