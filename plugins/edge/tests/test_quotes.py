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
