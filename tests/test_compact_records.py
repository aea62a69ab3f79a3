"""Compact copies of validated records (advisor.catalog.compact) are the same records: equal, dumped
and pickled alike; equal prices share one Decimal only when their text is the same."""

from __future__ import annotations

import pickle
import sys
from decimal import Decimal
from pathlib import Path

from advisor.catalog.compact import Compactor
from advisor.catalog.revalidate import validated
from advisor.model.offers import Offer, Venue

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_fakes import offer, venue  # noqa: E402


def _every_field_set(record: Offer) -> Offer:
    """As validation gives it: every field set (gather validates the plugin's records field by field)."""
    return Offer.model_validate(record.model_dump())


def test_a_compact_copy_equals_its_record_dumps_and_pickles_alike():
    compactor = Compactor(Offer)
    for record in map(_every_field_set, (offer("p", "a"), offer("p", "b", None), offer("p", "c", "2.00", gpu=None))):
        before = dict(record.__dict__)
        copy = compactor.of(record)
        assert copy is not record and type(copy) is Offer
        assert copy == record and copy.model_dump_json() == record.model_dump_json()
        assert copy.model_fields_set == record.model_fields_set
        assert pickle.loads(pickle.dumps(copy)) == record
        assert copy.model_copy(update={"sku": "z"}).sku == "z" and copy.sku == record.sku
        assert record.__dict__ == before and all(record.__dict__[k] is v for k, v in before.items())  # untouched


def test_equal_prices_share_one_decimal_only_when_written_the_same():
    compactor = Compactor(Offer)
    a, b, c = (compactor.of(_every_field_set(offer("p", sku, price)))
               for sku, price in (("a", "1.50"), ("b", "1.50"), ("c", "1.5")))
    assert a.usd_per_hour is b.usd_per_hour
    assert c.usd_per_hour is not a.usd_per_hour and str(c.usd_per_hour) == "1.5"


def test_a_record_missing_a_field_or_of_another_class_is_left_as_it_is():
    compactor = Compactor(Offer)
    partial = Offer.model_construct(id="p:r1:a:on_demand", provider="p")
    assert compactor.of(partial) is partial
    v = venue("p")
    assert compactor.of(v) is v


def test_validated_offers_and_venues_come_back_compact_and_equal():
    offers = [offer("p", f"s{i}", "1.25") for i in range(3)]
    expected = [o.model_dump() for o in offers]
    problems: list[str] = []
    kept = validated(Offer, list(offers), "offers", problems)
    assert problems == [] and [o.model_dump() for o in kept] == expected
    assert kept[0].usd_per_hour is kept[2].usd_per_hour and kept[0].attributes is kept[1].attributes
    venues = validated(Venue, [venue("p")], "venues", problems)
    assert venues == [venue("p")]
