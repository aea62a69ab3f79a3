"""Column pricing (production): every figure equals the per-record definition ``tests/oracles.figures``
(so ``cost_component``) gives."""

from __future__ import annotations

import math
import numpy as np

from advisor.costing.columns import _cents, price_offers
from advisor.catalog.columns import OfferColumns
from tests.costing.conftest import PRICE_SHAPES
from tests.oracles import figures


def _offers(build):
    """One offer per billing model and price shape, each at its own id."""
    shapes = [*PRICE_SHAPES, ("subscription", {"usd_per_hour": None}),
              ("on_demand", {"attributes": {"egress_usd_per_gb": 0.02}})]
    out = []
    for k, (billing, extra) in enumerate(shapes):
        extra = dict(extra)
        price = extra.pop("usd_per_hour", "3.912")
        o = build.offer(billing, price=price, **extra)
        out.append(o.model_copy(update={"id": f"{o.id}:{k}", "sku": f"sku{k}"}))
    owned = build.owned_offer(build.seed_terms()).model_copy(update={"venue_id": "onprem:here"})
    on_site = build.offer("subscription", None, monthly_usd=1500).model_copy(
        update={"id": "edge:site:device:subscription", "venue_id": "edge:here"})  # the site pays its power
    return [*out, owned, on_site]


def test_column_prices_equal_the_per_record_definition_for_every_billing_model(build):
    offers = _offers(build)
    site = build.venue("edge", "edge").model_copy(update={"pue": 1.3, "electricity_usd_per_kwh": 0.173})
    venues = {v.id: v for v in (build.venue(), build.venue("onprem", "onprem"), site)}
    cols = OfferColumns(offers, venues)
    idx = np.arange(len(offers))
    sizings = [build.sizing(units=1 + k % 3, hours=1234.5 + 97.25 * k, utilisation=0.4).model_copy(
        update={"energy_kwh_per_month": 101.3 + 7.7 * k}) for k in idx]
    units = np.array([s.units for s in sizings])
    hours = np.array([s.unit_hours_per_month for s in sizings])
    for component in (build.chat(egress_gb_per_month=5000), build.chat(), build.tuning()):
        usd, per_m = price_offers(component, cols, venues, idx, units, hours, lambda k: sizings[k])
        for k, o in enumerate(offers):
            want = figures(component, sizings[k], o, venues[o.venue_id])
            got = tuple(None if math.isnan(v) else v for v in (usd[k], per_m[k]))
            assert got == want, (o.id, component.name)
    assert math.isnan(usd[6]) and math.isnan(usd[7])  # no price stays unpriced, never $0
    assert usd[-1] > 1500 * sizings[-1].units  # the device's site power is on top of its fee


def test_cents_round_exactly_like_python_round():
    rng = np.random.default_rng(7)
    ties = np.round(rng.uniform(0, 1e5, 20_000), 2) + 0.005  # halves as the decimal literals read
    values = np.concatenate([
        rng.uniform(0, 1e7, 20_000), rng.uniform(-50, 50, 20_000), ties,
        [0.005, 1.005, 2.675, 0.125, -0.001, 0.0, -0.0, 1e300, math.inf, math.nan, 5e-324],
    ])
    got = _cents(values)
    want = [round(v + 0.0, 2) for v in values.tolist()]
    for g, w in zip(got.tolist(), want):
        assert (g == w and math.copysign(1, g) == math.copysign(1, w)) or (math.isnan(g) and math.isnan(w))
