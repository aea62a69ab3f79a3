"""Every depin snapshot loads offline, validates, never prices at $0 and keeps its provenance."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from advisor.model.offers import OfferQuery
from advisor.plugin.manager import Plugins
from advisor_depin.akash import AkashProvider
from advisor_depin.ionet import IoNetProvider
from advisor_depin.livepeer import LivepeerProvider
from advisor_depin.render import RenderProvider
from advisor_depin.vastai import VastAiProvider

ALL = (AkashProvider, IoNetProvider, VastAiProvider, RenderProvider, LivepeerProvider)


def _no_network(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"catalog() touched the network: {request.url}")


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.name)
def test_snapshot_catalog_is_valid_dated_and_never_free(cls):
    catalog = cls(transport=httpx.MockTransport(_no_network)).catalog(OfferQuery())
    assert catalog.offers, "snapshot has offers"
    venue_ids = {v.id for v in catalog.venues}
    for offer in catalog.offers:
        assert offer.venue_id in venue_ids
        assert offer.usd_per_hour is None or offer.usd_per_hour > 0
        assert offer.provenance.source == "snapshot"
        assert offer.provenance.as_of.year == 2026
        if offer.usd_per_hour is None:
            assert offer.attributes["unpriced_reason"]
    for venue in catalog.venues:
        assert venue.kind == "depin"
        assert venue.operator_jurisdiction is None


def test_snapshot_prices_are_the_reference_figures():
    akash = {o.hardware.accelerator: o.usd_per_hour for o in AkashProvider().catalog(OfferQuery()).offers}
    assert akash == {"H100-SXM": Decimal("2.56"), "A100-80GB": None}
    ionet = IoNetProvider().catalog(OfferQuery()).offers
    assert [(o.sku, o.usd_per_hour, o.hardware.accelerator_count) for o in ionet] == [
        ("8H100.80S.176V__FI", Decimal("27.875"), 8)
    ]
    assert ionet[0].attributes["usd_per_gpu_hour"] == pytest.approx(3.484375)
    vast = sorted(float(o.usd_per_hour) for o in VastAiProvider().catalog(OfferQuery()).offers if o.hardware.accelerator == "RTX-4090")
    assert vast == [0.682, 0.875]


def test_render_and_livepeer_are_not_converted_to_gpu_hours():
    for cls in (RenderProvider, LivepeerProvider):
        provider = cls()
        assert not provider.refreshable
        for offer in provider.catalog(OfferQuery()).offers:
            assert offer.usd_per_hour is None
            assert offer.hardware.accelerator is None
            assert "not" in offer.attributes["unpriced_reason"]
    tier2 = next(o for o in RenderProvider().catalog(OfferQuery()).offers if o.sku == "render-job-tier2")
    assert tier2.attributes["ob_hours_per_credit"] == 100


def test_unknown_location_cannot_satisfy_residency():
    venue = AkashProvider().catalog(OfferQuery()).venues[0]
    assert venue.id == "akash:network"
    assert venue.country == "ZZ"
    assert venue.attributes["location_known"] is False


def test_query_filters_accelerators_and_countries():
    only_h100 = VastAiProvider().catalog(OfferQuery(accelerators=frozenset({"h100-nvl"})))
    assert [o.hardware.accelerator for o in only_h100.offers] == ["H100-NVL"]
    assert IoNetProvider().catalog(OfferQuery(countries=frozenset({"DE"}))).offers == ()


def test_entry_point_registers_the_five_providers():
    plugins = Plugins()
    names = {p.name for p in plugins.providers() if p.plugin == "depin"}
    assert names == {"akash", "ionet", "vastai", "render", "livepeer"}
    assert not [p for p in plugins.problems if p.plugin == "depin"]
