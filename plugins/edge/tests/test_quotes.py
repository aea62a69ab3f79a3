"""Customer quotes in the sites file price edge offers that have no public price."""

from __future__ import annotations

from decimal import Decimal

from advisor.model.offers import OfferQuery
from advisor.inputs.sites import Site
from advisor_edge.providers import AzureStackEdgeProvider

SITE = Site.model_validate({
    "name": "plant", "kind": "edge", "metro": "Munich", "edge_products": ["azure-stack-edge"],
    "edge_quotes": [{"product": "ase", "configuration": "pro-gpu-EdgeP_High", "monthly_usd": 1500,
                     "upfront_usd": 3000, "commitment_months": 36, "quoted_on": "2026-11-01",
                     "reference": "Quote Q-1"}],
})


def test_a_quote_prices_its_configuration_with_user_provenance():
    catalog = AzureStackEdgeProvider().catalog(OfferQuery(sites=(SITE,)))
    quoted = [o for o in catalog.offers if o.sku.endswith("-quote")]
    assert [o.sku for o in quoted] == ["pro-gpu-EdgeP_High-36m-quote"]
    [offer] = quoted
    assert offer.usd_per_hour == (Decimal(3000) + Decimal(1500) * 36) / (36 * 730)
    assert offer.provenance.source == "user" and "Q-1" in offer.provenance.reference
    assert all(o.usd_per_hour is None for o in catalog.offers if o not in quoted)  # no quote, no price


def test_a_site_without_its_own_grid_figure_takes_its_countrys_grid_and_says_so():
    """Munich states no grid factor: the venue takes Germany's from the grid table (0.311 kg/kWh), not the
    dirtiest default, and names where the figure comes from; a site's own figure wins."""
    venue = AzureStackEdgeProvider().catalog(OfferQuery(sites=(SITE,))).venues[0]
    assert venue.grid_kgco2e_per_kwh == 0.311
    assert venue.attributes["grid_note"].startswith("the sites file gives none: the grid factor of DE:")
    own = SITE.model_copy(update={"grid_kgco2e_per_kwh": 0.05})
    venue = AzureStackEdgeProvider().catalog(OfferQuery(sites=(own,))).venues[0]
    assert venue.grid_kgco2e_per_kwh == 0.05 and "grid_note" not in venue.attributes


def test_the_site_pays_the_devices_electricity_at_its_own_price_else_its_countrys():
    """A provider-managed device is powered by the customer's site: the venue carries the price the
    site pays. Munich states none, so Germany's (the EU non-household average, $0.22/kWh) is named."""
    venue = AzureStackEdgeProvider().catalog(OfferQuery(sites=(SITE,))).venues[0]
    assert venue.electricity_usd_per_kwh == 0.22
    assert venue.attributes["electricity_note"].startswith("the sites file gives none: EU non-household average")
    own = SITE.model_copy(update={"electricity_usd_per_kwh": 0.28})
    venue = AzureStackEdgeProvider().catalog(OfferQuery(sites=(own,))).venues[0]
    assert venue.electricity_usd_per_kwh == 0.28 and venue.attributes["electricity_note"] == "the sites file's price"


def test_a_quote_marked_shared_makes_its_box_shared_by_gpu_and_only_that_offer():
    """``shared = true`` on a quote, as on a server: the quoted device's GPUs are shared by components."""
    shared = SITE.model_copy(update={"edge_quotes": (SITE.edge_quotes[0].model_copy(update={"shared": True}),)})
    offers = AzureStackEdgeProvider().catalog(OfferQuery(sites=(shared,))).offers
    assert [o.sku for o in offers if o.attributes.get("shared")] == ["pro-gpu-EdgeP_High-36m-quote"]
    unshared = AzureStackEdgeProvider().catalog(OfferQuery(sites=(SITE,))).offers
    assert not any(o.attributes.get("shared") for o in unshared)


def test_an_outposts_rack_says_how_many_gpus_each_of_its_servers_holds():
    """The g4dn rack is 4 x g4dn.12xlarge: 16 T4 in one unit, 4 per server."""
    from advisor_edge.outposts import OutpostsProvider

    site = Site.model_validate({"name": "plant", "kind": "edge", "metro": "Munich", "edge_products": ["outposts"]})
    rack = [o for o in OutpostsProvider().catalog(OfferQuery(sites=(site,))).offers if o.sku.startswith("rack-g4dn")]
    assert rack and all(o.hardware.accelerator_count == 16 and o.attributes["gpus_per_server"] == 4 for o in rack)
