"""Edge venues exist only at sites that host the product, sit at the site's coordinates, and are
unpriced (never $0) where no public price exists."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from advisor.model.offers import OfferQuery
from advisor.plugin.manager import Plugins
from advisor.inputs.sites import SitesFile
from advisor.inputs.tomlfile import load_model
from advisor.model.workload import Workload
from advisor_edge.local_zones import LocalZonesProvider
from advisor_edge.outposts import OutpostsProvider
from advisor_edge.premises import effective_hourly
from advisor_edge.providers import AzureStackEdgeProvider, GdcEdgeProvider

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SITES = SitesFile.model_validate(
    {
        "sites": [
            {"name": "munich-plant", "kind": "edge", "metro": "Munich", "edge_products": ["aws-outposts", "gdc"]},
            {"name": "line-7", "kind": "edge", "metro": "Hamburg", "latitude": 53.55, "longitude": 9.99, "country": "DE"},
            {"name": "frankfurt-dc", "kind": "datacenter", "metro": "Frankfurt"},
            {"name": "vault", "kind": "edge", "metro": "Berlin", "air_gapped": True},
        ]
    }
).sites
QUERY = OfferQuery(sites=tuple(SITES))


def _venue_ids(provider) -> set[str]:
    return {v.id for v in provider.catalog(QUERY).venues}


def test_venues_only_at_sites_hosting_the_product():
    assert _venue_ids(OutpostsProvider()) == {"edge:aws-outposts:munich-plant", "edge:aws-outposts:line-7"}
    assert _venue_ids(AzureStackEdgeProvider()) == {"edge:azure-stack-edge:line-7"}
    assert _venue_ids(GdcEdgeProvider()) == {
        "edge:gdc-connected:munich-plant",
        "edge:gdc-connected:line-7",
        "edge:gdc-air-gapped:vault",
    }


def test_no_sites_means_no_premises_offers():
    for provider in (OutpostsProvider(), AzureStackEdgeProvider(), GdcEdgeProvider()):
        catalog = provider.catalog(OfferQuery())
        assert catalog.venues == () and catalog.offers == ()


def test_venue_coordinates_are_the_sites_and_trust_is_provider_on_premises():
    venues = {v.region: v for v in OutpostsProvider().catalog(QUERY).venues}
    for site in SITES:
        if site.name in venues:
            venue = venues[site.name]
            assert (venue.latitude, venue.longitude) == site.coordinates
            assert venue.country == site.country_code == "DE"
            assert venue.host_trust == "provider_on_customer_premises"
            assert venue.tenancy == "customer_premises"
            assert venue.operator_jurisdiction == "US"
            assert venue.certifications == ()
    assert (venues["line-7"].latitude, venues["line-7"].longitude) == (53.55, 9.99)


def test_gdc_air_gapped_venue_has_air_gapped_tenancy():
    venue = next(v for v in GdcEdgeProvider().catalog(QUERY).venues if v.id == "edge:gdc-air-gapped:vault")
    assert venue.tenancy == "air_gapped"


@pytest.mark.parametrize("cls", [OutpostsProvider, AzureStackEdgeProvider, GdcEdgeProvider, LocalZonesProvider])
def test_snapshot_offers_are_unpriced_with_a_reason_never_zero(cls):
    catalog = cls().catalog(QUERY)
    assert catalog.offers
    for offer in catalog.offers:
        assert offer.usd_per_hour is None
        assert offer.attributes["unpriced_reason"]
        assert offer.provenance.source == "snapshot"


def test_outposts_offers_cover_terms_and_payment_options():
    offers = [o for o in OutpostsProvider().catalog(QUERY).offers if o.venue_id == "edge:aws-outposts:munich-plant"]
    rack = [o for o in offers if o.sku.startswith("rack-g4dn-m5")]
    assert {(o.commitment_months, o.attributes["payment_option"]) for o in rack} == {
        (m, p) for m in (12, 36, 60) for p in ("all_upfront", "partial_upfront", "no_upfront")
    }
    assert all(o.billing == "subscription" for o in offers)
    assert rack[0].hardware.accelerator == "T4" and rack[0].hardware.accelerator_count == 16


def test_effective_hourly_spreads_upfront_over_the_term():
    assert effective_hourly(Decimal(36500), Decimal(1000), 36) == (Decimal(36500) + Decimal(36000)) / (36 * 730)
    assert effective_hourly(None, Decimal(730), None) == Decimal(1)
    assert effective_hourly(Decimal(1000), None, 36) is None


def test_accelerator_query_filters_configurations():
    catalog = GdcEdgeProvider().catalog(OfferQuery(sites=tuple(SITES), accelerators=frozenset({"l4"})))
    assert {o.hardware.accelerator for o in catalog.offers} == {"L4"}
    assert {v.id for v in catalog.venues} == {"edge:gdc-connected:munich-plant", "edge:gdc-connected:line-7"}


def test_local_zones_are_hyperscaler_edge_venues_at_their_metros():
    venues = {v.region: v for v in LocalZonesProvider().catalog(OfferQuery()).venues}
    lax = venues["us-west-2-lax-1a"]
    assert (lax.kind, lax.host_trust, lax.metro, lax.country) == ("edge", "hyperscaler_dc", "Los Angeles", "US")
    assert venues["us-east-1-wl1-bos-wlz-1"].attributes["zone_type"] == "wavelength"


def test_entry_point_registers_the_four_providers():
    plugins = Plugins()
    names = {p.name for p in plugins.providers() if p.plugin == "edge"}
    assert names == {"aws-outposts", "aws-local-zones", "azure-stack-edge", "gdc-edge"}


def test_example_files_validate():
    workload, _ = load_model(Workload, EXAMPLES / "edge-latency.toml")
    sites, _ = load_model(SitesFile, EXAMPLES / workload.workload.sites_file)
    plant = next(s for s in sites.sites if s.kind == "edge")
    assert plant.metro == "Munich" and "aws-outposts" in plant.edge_products
    assert workload.components[0].users[0].metro == "Munich"
    venues = OutpostsProvider().catalog(OfferQuery(sites=tuple(sites.sites))).venues
    assert [v.id for v in venues] == ["edge:aws-outposts:munich-plant"]


def test_site_users_reach_the_edge_venue_over_the_lan():
    from advisor.reference.geo import great_circle_km, rtt_ms

    venue = next(v for v in OutpostsProvider().catalog(QUERY).venues if v.region == "munich-plant")
    site = next(s for s in SITES if s.name == "munich-plant")
    distance = great_circle_km(*site.coordinates, venue.latitude, venue.longitude)
    assert distance == 0 and rtt_ms(distance, "lan") == 0.5


def test_a2_is_registered_for_azure_stack_edge_pro_2():
    specs = {s.id: s for s in Plugins().hardware_specs()}
    assert specs["A2"].memory_gb == 16 and specs["A2"].tflops["fp16"] == 18.0
    pro2 = [o for o in AzureStackEdgeProvider().catalog(QUERY).offers if o.sku.startswith("pro-2")]
    assert {o.hardware.accelerator for o in pro2} == {"A2"}
