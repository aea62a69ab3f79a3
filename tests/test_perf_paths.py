"""The shortcuts that keep 10^5 offers fast still say what the slow path said."""

from __future__ import annotations

from datetime import date

from advisor.catalog import gather
from advisor.evaluate import EXCLUSIONS_KEPT, Evaluated
from advisor.offers import Certification, OfferQuery, ProviderCatalog
from advisor.sizing import Sizings
from tests.catalog_fakes import Good, catalog, offer, plugins_with, venue


def test_exclusions_are_all_counted_and_the_smallest_ids_kept_per_reason_plus_one_per_venue():
    ev = Evaluated(loaded=None, component=None, model=None, key="c")
    place = venue("p")
    ids = [f"p:r1:sku{i:04d}:on_demand" for i in range(3 * EXCLUSIONS_KEPT)]
    for i in reversed(range(len(ids))):  # largest first: every early one must make way later
        ev.exclude(offer("p", sku=f"sku{i:04d}"), place, "slo" if i % 3 else "veto", lambda i=i: f"detail {i}")
    assert ev.excluded_counts == {"slo": 2 * EXCLUSIONS_KEPT, "veto": EXCLUSIONS_KEPT}
    slo = [e.offer_id for e in ev.exclusions if e.reason == "slo"]
    slo_ids = sorted(i for n, i in enumerate(ids) if n % 3)
    first_at_venue = slo_ids[-1]  # inserted first: kept so every venue keeps one example
    assert slo == sorted(slo_ids[:EXCLUSIONS_KEPT] + [first_at_venue])
    assert len([e for e in ev.exclusions if e.reason == "veto"]) == EXCLUSIONS_KEPT  # all 200 fit: none extra


def test_sizings_build_each_offers_record_from_its_units_figures():
    per_unit = [{"feasible": True, "units": 2}, {"feasible": False, "units": 0}]
    table = Sizings([{**base, **u} for u in per_unit], [1, 0, 0], ["a", "b", "c"])
    assert [s.offer_id for s in table] == ["a", "b", "c"]
    assert table.feasible == [False, True, True]
    assert table[1].units == 2 and table[1:] == [table[1], table[2]]
    assert table.template(0).offer_id == ""


base = {"component": "chat", "precision": "fp16", "reason": None, "tensor_parallel": 1, "replicas": 0,
        "unit_hours_per_month": 0.0, "utilisation": 0.0, "batch": None, "max_batch": None, "ttft_ms": None,
        "tpot_ms": None, "output_tokens_per_second_per_replica": None, "memory_gb": {}, "energy_kwh_per_month": None,
        "efficiency": {}, "notes": ()}


class _BadCertificate(Good):
    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        broken = Certification.model_construct(name="", source="nowhere", retrieved=date(2026, 1, 1))
        bad = venue(self.name, "r2").model_copy(update={"certifications": (broken,)})
        return catalog(self.name, [offer(self.name)], venues=[venue(self.name), bad])


def test_a_venue_holding_a_constructed_malformed_certification_is_dropped_and_named():
    gathered = gather(plugins_with(_BadCertificate("badcert")), OfferQuery(), offline=True)
    assert list(gathered.venues) == ["badcert:r1"]
    [problem] = gathered.sources[0].problems
    assert "1 malformed venue dropped: 'badcert:r2': certifications.0" in problem
