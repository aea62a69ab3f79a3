"""The embedded snapshot: parsed by the live parsers, every offer valid, priced offers dated, never $0."""

from __future__ import annotations

from decimal import Decimal

import pytest
from advisor.model.offers import Offer, OfferQuery, Venue
from advisor.plugin.manager import Plugins

from advisor_aws import embedded
from advisor_aws.provider import AwsProvider

REGIONS = {
    "us-east-1", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-2", "eu-north-1",
    "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "us-gov-west-1",
}


def test_every_offer_and_venue_revalidates(catalog):
    for offer in catalog.offers:
        assert Offer.model_validate(offer.model_dump()) == offer
    for venue in catalog.venues:
        assert Venue.model_validate(venue.model_dump()) == venue


def test_no_offer_is_free_and_every_price_has_dated_provenance(catalog):
    for offer in catalog.offers:
        assert offer.usd_per_hour is None or offer.usd_per_hour > 0
        assert offer.provenance.source == "snapshot"
        assert offer.provenance.reference
        if offer.usd_per_hour is not None:
            assert offer.attributes["source_url"].startswith("https://")
            assert offer.provenance.as_of.year >= 2025


def test_g4dn_12xlarge_is_four_t4_at_the_published_price(offer):
    found = offer("aws:us-east-1:g4dn.12xlarge:on_demand")
    assert found.usd_per_hour == Decimal("3.912")
    assert (found.hardware.accelerator, found.hardware.accelerator_count) == ("T4", 4)
    assert (found.hardware.vcpus, found.hardware.memory_gib) == (48, 192)


def test_g4dn_16xlarge_is_one_t4_at_the_published_price(offer):
    found = offer("aws:us-east-1:g4dn.16xlarge:on_demand")
    assert found.usd_per_hour == Decimal("4.352")
    assert (found.hardware.accelerator, found.hardware.accelerator_count) == ("T4", 1)


@pytest.mark.parametrize(
    ("sku", "price"),
    [("g4dn.xlarge", "0.526"), ("g5.2xlarge", "1.212"), ("g6.xlarge", "0.8048"),
     ("p4d.24xlarge", "21.957642"), ("p5.48xlarge", "55.04")],
)
def test_reference_anchor_prices_in_us_east_1(offer, sku, price):
    assert offer(f"aws:us-east-1:{sku}:on_demand").usd_per_hour == Decimal(price)


def test_reservation_only_p5e_is_unpriced_not_dropped(offer):
    found = offer("aws:us-west-2:p5e.48xlarge:on_demand")
    assert found.usd_per_hour is None
    assert found.attributes["unpriced"] is True
    assert found.hardware.accelerator == "H200"


def test_reserved_offer_is_separate_with_commitment(offer):
    found = offer("aws:us-east-1:g4dn.12xlarge:reserved:1yr-no-upfront")
    assert (found.billing, found.commitment_months, found.upfront_usd) == ("reserved", 12, Decimal(0))
    assert found.usd_per_hour == Decimal("2.465")


def test_snapshot_rows_the_parser_must_drop_are_dropped():
    inputs = embedded.inputs_from_responses(embedded.raw_snapshot())
    assert "us-east-1: 1 x marketoption is 'CapacityBlock'" in inputs.skipped
    assert "us-east-1: 1 x operatingSystem is 'Windows'" in inputs.skipped
    windows = inputs.products[("us-east-1", "g4dn.xlarge")]
    assert windows.on_demand_usd == Decimal("0.526")


def test_families_and_regions_are_covered(catalog):
    skus = {o.sku.split(".")[0] for o in catalog.offers}
    assert {"g4dn", "g5", "g6", "g6e", "p4d", "p4de", "p5", "p5e", "inf2", "trn1", "m7i", "c7i"} <= skus
    assert {v.region for v in catalog.venues} == REGIONS
    gov_skus = {o.sku for o in catalog.offers if o.venue_id == "aws:us-gov-west-1"}
    assert {"g4dn.12xlarge", "p4d.24xlarge", "p5.48xlarge"} <= gov_skus


def test_cpu_offers_carry_cpu_and_sockets(offer):
    found = offer("aws:us-east-1:m7i.48xlarge:on_demand")
    assert (found.hardware.cpu, found.hardware.cpu_sockets) == ("Xeon-8480+", 2)
    assert found.usd_per_hour == Decimal("9.6768")
    assert offer("aws:eu-central-1:c7i.48xlarge:on_demand").usd_per_hour == Decimal("9.7776")


def test_govcloud_venue_is_a_us_persons_government_region(catalog):
    gov = next(v for v in catalog.venues if v.region == "us-gov-west-1")
    assert gov.government and gov.us_persons_only
    for name in ("fedramp_high", "dod_il4", "dod_il5", "itar", "hipaa_baa"):
        assert gov.has_certification(name)
    assert not gov.has_certification("fedramp_moderate")


def test_commercial_venues_carry_regional_attestations(catalog):
    venues = {v.region: v for v in catalog.venues}
    assert venues["eu-central-1"].has_certification("c5")
    assert not venues["eu-west-1"].has_certification("c5")
    assert venues["ap-southeast-2"].has_certification("irap")
    assert venues["ap-northeast-1"].has_certification("ismap")
    assert venues["us-east-1"].has_certification("fedramp_moderate")
    frankfurt = venues["eu-central-1"]
    assert (frankfurt.country, frankfurt.metro, frankfurt.pue, frankfurt.grid_kgco2e_per_kwh) == ("DE", "Frankfurt", 1.135, 0.311)
    assert frankfurt.operator_jurisdiction == "US"
    assert frankfurt.attributes["dpf_certified"] is True and frankfurt.attributes["key_custody"] == "cmk"
    assert frankfurt.confidential_computing == ("nitro-enclaves",)
    for cert in frankfurt.certifications:
        assert cert.source.startswith("https://aws.amazon.com/compliance/")


def test_query_for_t4_in_the_us_keeps_only_those_offers():
    catalog = AwsProvider().catalog(OfferQuery(accelerators=frozenset({"t4"}), countries=frozenset({"US"})))
    assert catalog.offers
    assert {o.hardware.accelerator for o in catalog.offers} == {"T4"}
    assert {v.country for v in catalog.venues} == {"US"}


def test_catalog_never_touches_the_network(no_network):
    embedded.snapshot_catalog.cache_clear()
    catalog = AwsProvider().catalog(OfferQuery())
    assert len(catalog.offers) > 200


def test_entry_point_registers_the_aws_provider():
    plugins = Plugins()
    providers = {p.name: p for p in plugins.providers()}
    assert "aws" in providers
    assert providers["aws"].kind == "cloud" and providers["aws"].refreshable
    assert not [p for p in plugins.problems if p.plugin == "aws"]
