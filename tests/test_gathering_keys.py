"""Gathering's per-provenance work is keyed by the provenance's value, never by which object holds it."""

from __future__ import annotations

from datetime import date, datetime, timezone

from advisor.catalog.gathering import _redacted_references
from advisor.model.offers import Provenance
from tests.conftest import offer, venue

SIGNED = "https://prices.example.test/v2?X-Amz-Signature=0123456789abcdef0123456789abcdef"


def _offers(references):
    fra = venue("memcloud:fra", "DE", "Frankfurt", 50.11, 8.68)
    out = []
    for k, ref in enumerate(references):
        prov = Provenance(source="live", as_of=datetime(2026, 10, 1, tzinfo=timezone.utc), reference=ref)
        o = offer(fra, f"sku{k}", "L4", 1, 24, "1.00")
        out.append(o.model_copy(update={"provenance": prov, "id": f"{o.id}{k}"}))
    return out


def test_equal_provenances_held_by_different_objects_share_one_masked_copy():
    offers = _offers([SIGNED, SIGNED, "https://prices.example.test/plain", SIGNED])
    assert offers[0].provenance is not offers[1].provenance and offers[0].provenance == offers[1].provenance
    out = _redacted_references(offers)
    masked = [o.provenance for o in out]
    assert "0123456789abcdef" not in masked[0].reference and masked[0].reference != SIGNED
    assert masked[0] is masked[1] is masked[3]  # one copy per distinct value
    assert out[2] is offers[2]  # nothing to mask: the offer itself


def test_each_providers_price_dates_span_its_priced_offers_runs():
    from advisor.catalog.gathering import _Loaded, _merge_offers

    fra = venue("memcloud:fra", "DE", "Frankfurt", 50.11, 8.68)
    days = [datetime(2026, 9, d, tzinfo=timezone.utc) for d in (3, 1, 3, 20)]
    offers = []
    for k, day in enumerate(days):
        o = offer(fra, f"sku{k}", "L4", 1, 24, "1.00")
        prov = Provenance(source="snapshot", as_of=day, reference="fixture")
        offers.append(o.model_copy(update={"provenance": prov, "id": f"{o.id}{k}"}))
    item = _Loaded(provider=None, offers=offers)
    merged, dates = _merge_offers([item], {fra.id: fra})
    assert len(merged) == 4
    assert dates == {"memcloud": (date(2026, 9, 1), date(2026, 9, 20))}
