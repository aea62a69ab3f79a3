"""Gather keeps one set of offer records: the plugin's raw records are let go as their validated
copies are made, so a million offers never need both sets in memory at once."""

from __future__ import annotations

import sys
import weakref
from pathlib import Path

from advisor.catalog.gathering import gather
from advisor.model.offers import Offer, OfferQuery
from advisor.plugin.provider import Provider

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_fakes import catalog, offer, plugins_with  # noqa: E402


class Many(Provider):
    """``n`` offers built fresh on each call; remembers weak references to the records it handed out."""

    name, kind = "many", "cloud"

    def __init__(self, n: int) -> None:
        self.n, self.handed = n, []

    def catalog(self, query: OfferQuery):
        offers = [offer(self.name, f"gpu{i}", f"{1 + i / 1000:.3f}") for i in range(self.n)]
        self.handed = [weakref.ref(o) for o in offers]
        return catalog(self.name, offers)


def test_validation_empties_the_list_it_reads_and_returns_equal_copies():
    from advisor.catalog.revalidate import validated

    raw = [offer("p", f"s{i}") for i in range(3)]
    expected = [o.model_dump() for o in raw]
    problems: list[str] = []
    copies = validated(Offer, raw, "offers", problems)
    assert raw == [None, None, None]
    assert [c.model_dump() for c in copies] == expected and problems == []


def test_no_raw_record_of_the_plugin_outlives_gather():
    provider = Many(500)
    gathered = gather(plugins_with(provider), OfferQuery(), offline=True)
    assert len(gathered.offers) == 500
    assert provider.handed and all(ref() is None for ref in provider.handed)
    assert all(type(o) is Offer for o in gathered.offers)
