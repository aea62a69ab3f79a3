"""Spot rates at or above on-demand are kept but said: a warning per provider, never a failure."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_fakes import NOW, Good, catalog, offer, plugins_with  # noqa: E402

from advisor.catalog.gathering import gather  # noqa: E402
from advisor.model.offers import OfferQuery, ProviderCatalog  # noqa: E402
from advisor.catalog.price_checks import spot_not_discounted  # noqa: E402


def test_spot_equal_to_on_demand_is_named_with_both_prices():
    offers = [offer("p", "gpu1", "10.00"), offer("p", "gpu1", "10.00", billing="spot"), offer("p", "gpu2", "5"),
              offer("p", "gpu2", "1.50", billing="spot")]
    assert spot_not_discounted(offers) == [
        "1 spot offer is not cheaper than on-demand (p:r1:gpu1:spot $10.00/h equals on-demand $10.00/h): no spot discount is published there"
    ]


def test_spot_above_on_demand_says_exceeds_and_cheaper_spot_or_unpriced_is_quiet():
    offers = [offer("p", "gpu1", "2"), offer("p", "gpu1", "2.5", billing="spot"), offer("p", "gpu3", None), offer("p", "gpu3", "1", billing="spot")]
    (warning,) = spot_not_discounted(offers)
    assert "p:r1:gpu1:spot $2.5/h exceeds on-demand $2/h" in warning
    assert spot_not_discounted([offer("p", "gpu1", "2"), offer("p", "gpu1", "1", billing="spot")]) == []


class SpotAtOnDemand(Good):
    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return catalog(self.name, [offer(self.name, "gpu1", "7"), offer(self.name, "gpu1", "7", billing="spot")])


def test_gather_warns_per_provider_without_making_it_a_problem():
    gathered = gather(plugins_with(SpotAtOnDemand("spotty"), Good()), OfferQuery(), now=NOW, use_cache=False, strict=True)
    by_name = {s.provider: s for s in gathered.sources}
    assert by_name["spotty"].warnings == (
        "1 spot offer is not cheaper than on-demand (spotty:r1:gpu1:spot $7/h equals on-demand $7/h): no spot discount is published there",)
    assert by_name["spotty"].problems == () and by_name["good"].warnings == ()
