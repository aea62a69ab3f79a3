"""How available an offer's capacity is, and what preemption costs a job that checkpoints.

On-demand, reserved, committed, subscription and owned capacity is held until released; spot and
marketplace capacity can be reclaimed. The eviction rate comes from the offer
(``attributes["spot_interruption_band"]``, the AWS Spot Instance Advisor band), else from the
provider's published range in ``advisor/data/availability.toml``; a DePIN host's reliability adds its
downtime. The overhead is the Young/Daly share of extra work, not a flat guess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from advisor.paths import data_table

__all__ = ["Availability", "PREEMPTIBLE", "RECLAIMABLE", "availability", "depin_bar", "expected_share",
           "interactive_slo", "preemptible_excluded"]

PREEMPTIBLE = frozenset({"spot", "marketplace"})
"""Billing whose units may vanish: priced with a checkpoint/restart overhead."""
RECLAIMABLE = frozenset({"spot"})
"""Capacity the provider reclaims for its own reasons (spot, preemptible). A DePIN marketplace lease is
not reclaimed by the network; its risk is the host's reliability, shown on the candidate."""
HOURS_PER_MONTH = 730.0


@dataclass(frozen=True)
class Availability:
    """One offer's availability model: held or preemptible, the eviction rate and the work it costs."""

    model: str
    """'held' (on-demand, reserved, owned...) or 'preemptible' (spot, marketplace)."""
    interruptions_per_month: float
    overhead: float
    """Share of extra work from checkpoints, lost work and restarts (0 for held capacity)."""
    source: str


def _data() -> dict[str, Any]:
    return data_table("availability.toml")


def checkpoint_overhead(interruptions_per_month: float) -> float:
    """``sqrt(2 d / M) + r / M`` with M the mean hours between interruptions (Young/Daly)."""
    if interruptions_per_month <= 0:
        return 0.0
    cp = _data()["checkpoint"]
    mtbi = HOURS_PER_MONTH / interruptions_per_month
    return math.sqrt(2.0 * float(cp["write_hours"]) / mtbi) + float(cp["restart_hours"]) / mtbi


@lru_cache(maxsize=4096)
def _preemptible(provider: str, band: str | None, reliability: float | None, savings: float | None = None) -> Availability:
    data = _data()
    if band is not None and band in data["bands"]:
        rate = float(data["bands"][band])
        source = f"published interruption band {band} (read as {rate:.0%} a month)"
        if savings is not None:
            source += f", {savings:g}% below on-demand"
    else:
        default = data["providers"].get(provider, data["providers"]["default"])
        rate, source = float(default["rate_per_month"]), str(default["source"])
        if band is not None:
            source = f"unrecognised band {band!r}; {source}"
    overhead = checkpoint_overhead(rate)
    source += f"; {data['checkpoint']['source']}"
    if reliability is not None and 0 < reliability < 1:
        overhead += (1.0 - reliability) / reliability
        source += f"; host reliability {reliability:.1%} adds its downtime"
    return Availability("preemptible", rate, overhead, source)


def availability(offer: Any) -> Availability:
    """The offer's availability model; an offer's own ``interruption_overhead`` overrides the derived one."""
    if offer.billing not in PREEMPTIBLE:
        return Availability("held", 0.0, 0.0, f"{offer.billing.replace('_', ' ')} capacity is held until released")
    band = offer.attributes.get("spot_interruption_band") if offer.attributes else None
    savings = offer.attributes.get("spot_savings_pct") if offer.attributes else None
    found = _preemptible(offer.provider, band if isinstance(band, str) else None, offer.reliability,
                         float(savings) if isinstance(savings, (int, float)) else None)
    if offer.interruption_overhead is not None:
        return Availability(found.model, found.interruptions_per_month, offer.interruption_overhead,
                            "the offer's own figure")
    return found


def expected_share(offer: Any, venue_kind: str) -> float | None:
    """Share of the month the capacity is there to serve (the availability criterion's figure).

    Held capacity: 1. A spot unit: less the restart time of each interruption (``checkpoint.restart_hours``
    per interruption). A DePIN host: times its published reliability; None when it publishes none."""
    if venue_kind == "depin" and offer.reliability is None:
        return None
    share = 1.0
    if offer.billing in PREEMPTIBLE:
        rate = availability(offer).interruptions_per_month
        share -= rate * float(_data()["checkpoint"]["restart_hours"]) / HOURS_PER_MONTH
    if offer.reliability is not None:
        share *= float(offer.reliability)
    return min(1.0, max(0.0, share))


def depin_bar(offer: Any) -> str | None:
    """Why a DePIN lease cannot carry an interactive SLO, or None when its host's published reliability
    reaches ``interactive.min_host_reliability``."""
    floor = float(_data()["interactive"]["min_host_reliability"])
    r = offer.reliability
    if r is not None and r >= floor:
        return None
    seen = "unknown (the host publishes none)" if r is None else f"{r:.1%}"
    return (f"a DePIN lease: host reliability {seen}, below the {floor:.1%} an interactive SLO needs "
            f"({_data()['interactive']['source']}); set allow_preemptible = true on the component to allow it")


def interactive_slo(component: Any) -> bool:
    """An interactive service with a latency or speed promise to its users."""
    slo = getattr(component, "slo", None)
    return getattr(component, "kind", None) == "inference" and slo is not None and (
        slo.ttft_ms_p95 is not None or slo.tokens_per_second_per_user is not None)


def preemptible_excluded(component: Any) -> bool:
    """Interactive components never rest their SLO on reclaimable capacity unless they say so."""
    return interactive_slo(component) and not getattr(component, "allow_preemptible", False)
