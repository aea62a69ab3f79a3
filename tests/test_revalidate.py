"""Re-validation shares one checked copy per nested record VALUE (class and field values), so the
copies never depend on which plugin objects are still alive (issue 21: no identity-keyed memo)."""

from __future__ import annotations

import gc
import sys
from decimal import Decimal
from pathlib import Path

from advisor.catalog.revalidate import Copies, validated
from advisor.model.offers import Hardware, Offer, OwnedTerms

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_fakes import offer, provenance  # noqa: E402


def _constructed(sku: str, hardware: Hardware) -> Offer:
    return Offer.model_construct(id=f"p:r1:{sku}:on_demand", provider="p", venue_id="p:r1", sku=sku, hardware=hardware,
                                 billing="on_demand", usd_per_hour=Decimal("1.50"), provenance=provenance())


def test_equal_nested_records_built_apart_share_one_validated_copy():
    first = Hardware.model_construct(accelerator="T4", accelerator_count=1.0)
    second = Hardware.model_construct(accelerator="T4", accelerator_count=1.0)
    other = Hardware.model_construct(accelerator="L4", accelerator_count=1.0)
    problems: list[str] = []
    a, b, c = validated(Offer, [_constructed("a", first), _constructed("b", second), _constructed("c", other)], "offers",
                        problems)
    assert problems == []
    assert a.hardware is b.hardware and a.hardware is not first
    assert (a.hardware.accelerator, c.hardware.accelerator) == ("T4", "L4")
    assert a.provenance is b.provenance is c.provenance


def test_a_copy_belongs_to_its_values_even_when_the_records_before_it_are_gone():
    copies = Copies()
    seen = []
    for count in range(1, 200):  # each record freed before the next is built: addresses are reused
        copy = copies.of(Hardware.model_construct(accelerator="T4", accelerator_count=float(count)))
        seen.append(copy.accelerator_count)
        gc.collect()
    assert seen == [float(c) for c in range(1, 200)]
    assert len(copies) == 199


def test_a_malformed_nested_record_is_named_although_a_valid_one_of_its_class_came_first():
    good = Hardware(accelerator="T4", accelerator_count=1)
    bad = Hardware.model_construct(accelerator="T4", accelerator_count=-1.0)
    problems: list[str] = []
    kept = validated(Offer, [_constructed("a", good), _constructed("b", bad)], "offers", problems)
    assert [o.sku for o in kept] == ["a"]
    assert problems == ["1 malformed offer dropped: 'p:r1:b:on_demand': hardware.accelerator_count: "
                        "Input should be greater than or equal to 0"]


def test_a_record_with_a_dict_field_is_validated_on_its_own_each_time():
    terms = dict(life_months=36, residual_fraction=0.1, maintenance_fraction_per_year=0.1, it_watts_max=1000,
                 it_watts_idle=100, pue=1.5, electricity_usd_per_kwh=Decimal("0.12"), staff_fte_per_unit=0.1,
                 staff_usd_per_fte_year=Decimal("150000"))
    copies = Copies()
    one = copies.of(OwnedTerms.model_construct(**terms, assumptions={"pue": "a guess"}))
    two = copies.of(OwnedTerms.model_construct(**terms, assumptions={"pue": "measured"}))
    assert (one.assumptions, two.assumptions) == ({"pue": "a guess"}, {"pue": "measured"})
    assert len(copies) == 0


def test_a_validated_offer_keeps_every_figure_of_the_plugins_record():
    raw = offer("p", "s1", price="2.25", gpu="H100-SXM")
    [copy] = validated(Offer, [raw.model_copy()], "offers", [])
    assert copy == raw and copy.usd_per_hour == Decimal("2.25")
