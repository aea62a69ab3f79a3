"""Shared boxes (issue 20 point 5): which offers are boxes whose GPUs components share, what a box
costs whether or not anything runs on it, and the candidate fields the placement MILP packs.

A box is shared when the sites file says so: an owned server with ``shared = true``, or an edge
subscription quoted with ``shared = true`` (Azure Stack Edge, Outposts, GDC). Its fixed cost is, for
owned hardware, the servers at zero utilisation (capital, maintenance, staff, colocation, idle power);
for a subscription, the subscription itself (the device fee is owed whatever runs on it) and the site's
electricity for the device's idle draw. One
implementation for both: ``advisor.placement.shared_boxes`` and ``advisor.assembly.shared_box`` read
only these fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from advisor.costing.cloud import obligation_factor, subscription_monthly
from advisor.costing.owned import average_kw, fixed_per_month
from advisor.costing.defaults import HOURS_PER_MONTH
from advisor.criteria.carbon import DEFAULT_PUE
from advisor.model.offers import Offer, Venue, gpus_per_server, is_shared_box
from advisor.model.records import Sizing
from advisor.scoring.scores import load_scales

__all__ = ["NOT_SHARED", "cost_reference", "shared_box_fields", "shared_box_fixed"]

NOT_SHARED: dict[str, Any] = {"shared_gpus": None, "box_gpus": None, "instance_gpus": None, "servers_per_unit": 1,
                              "box_fixed_usd_per_month": None, "box_fixed_kg_per_month": None, "rider": False}
"""The shared-box fields of a candidate on any other offer."""


def shared_box_fixed(offer: Offer, units: int, horizon_months: int | None = None,
                     venue: Venue | None = None) -> float | None:
    """The fixed cost inside a shared box's row for ``units`` units; None off shared boxes. Owned: its
    servers at zero utilisation. Subscription: the fee (a commitment beyond the horizon at its obligation)
    and, on a site that pays the device's electricity, its idle draw all month."""
    if not is_shared_box(offer):
        return None
    if offer.owned is not None:
        return round(fixed_per_month(offer.owned) * units, 2)
    per_unit = subscription_monthly(offer)[0]
    if per_unit is None:
        return None
    return round(per_unit * units * obligation_factor(offer, horizon_months) + _idle_site_power(offer, venue) * units, 2)


def _idle_site_power(offer: Offer, venue: Venue | None) -> float:
    """The site's electricity for one unit drawing its idle watts all month (the sizing's energy counts the
    same idle draw over the same 730 hours, so a rider's row keeps only what its load adds); 0 where the
    price includes power or the device's watts are unknown."""
    if venue is None or venue.electricity_usd_per_kwh is None:
        return 0.0
    watts = _unit_watts(offer)
    if watts is None:
        return 0.0
    pue = DEFAULT_PUE if venue.pue is None else venue.pue
    return watts[0] / 1e3 * HOURS_PER_MONTH * pue * venue.electricity_usd_per_kwh


def _unit_watts(offer: Offer) -> tuple[float, float] | None:
    """(idle, busy) watts of one unit of ``offer`` from the hardware catalog, the figures sizing's energy uses."""
    from advisor.reference.hardware import hardware_catalog
    from advisor.sizing.devices import UnitConfig, unit_config, unit_watts
    from advisor.sizing.efficiency import efficiency_table

    unit = unit_config(offer, hardware_catalog())
    return unit_watts(unit, efficiency_table()) if isinstance(unit, UnitConfig) else None


def _idle_share(offer: Offer, sizing: Sizing) -> float:
    """The share of a unit's energy it draws idle: owned terms give idle and peak watts; otherwise the
    hardware catalog's (``sizing.devices.unit_watts``, the figures the sizing's energy came from)."""
    if offer.owned is not None:
        busy = average_kw(offer.owned, sizing.utilisation)
        return average_kw(offer.owned, 0.0) / busy if busy > 0 else 1.0
    watts = _unit_watts(offer)
    if watts is None:
        return 1.0
    idle, busy = watts
    average = idle + sizing.utilisation * (busy - idle)
    return idle / average if average > 0 else 1.0


def shared_box_fields(offer: Offer, sizing: Sizing, units: int, training: bool, carbon: float | None,
                      horizon_months: int | None = None, venue: Venue | None = None) -> dict[str, Any]:
    """A candidate's shared-box fields: the instances it packs onto the box's servers, GPUs per server,
    servers per unit and the fixed cost and idle emissions inside its row; ``NOT_SHARED`` off shared boxes.

    Serving holds tensor parallel x replicas around the clock, each replica (a tensor-parallel group) on
    one server; a training run, or a replica in pipeline stages over several units, holds every server of
    its units. A tensor-parallel group larger than one server cannot be packed (sizing keeps groups within a
    server, ``UnitConfig.tp_devices``; a sizing that did not is taken whole, as it assumed)."""
    fixed = shared_box_fixed(offer, units, horizon_months, venue)
    if fixed is None:
        return NOT_SHARED
    per_server = gpus_per_server(offer)
    devices = int(offer.hardware.accelerator_count)
    # a replica in pipeline stages over several units (tensor parallel over a whole unit, more units than
    # replicas; the sizing priced the network between them) holds whole servers, as a training run does
    whole = training or (sizing.tensor_parallel == devices and sizing.units > max(1, sizing.replicas))
    size = per_server if whole else sizing.tensor_parallel
    if size > per_server:
        return NOT_SHARED
    count = devices * units // size if whole else max(1, sizing.replicas)
    return {"shared_gpus": count * size, "box_gpus": per_server, "instance_gpus": size,
            "servers_per_unit": devices // per_server,
            "box_fixed_usd_per_month": fixed,
            "box_fixed_kg_per_month": None if carbon is None else round(carbon * _idle_share(offer, sizing), 2),
            "rider": False}


def cost_reference(offers: Sequence[Offer], usd: np.ndarray, units: np.ndarray, cheapest: float,
                   horizon_months: int | None = None, venues: Mapping[str, Venue] | None = None) -> float | None:
    """What the component's cost is scored against when it could ride on a shared box: the cheapest
    rider cost (``usd`` less the box's fixed cost), but no lower than the cheapest row over the scale's
    ``rider_credit_max``; None when no row is on a shared box (the cheapest row is then the reference)."""
    riders = [float(u) - fixed for o, u, n in zip(offers, usd.tolist(), units.tolist())
              if (fixed := shared_box_fixed(o, int(n), horizon_months, (venues or {}).get(o.venue_id))) is not None]
    if not riders:
        return None
    return min(cheapest, max(min(riders), cheapest / load_scales().rider_credit_max))

