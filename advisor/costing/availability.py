"""How available an offer's capacity is, and what preemption costs a job that checkpoints.

On-demand, reserved, committed, subscription and owned capacity is held until released; spot and
marketplace capacity can be reclaimed. The eviction rate comes from the offer
(``attributes["spot_interruption_band"]``, the AWS Spot Instance Advisor band), else from the
provider's published range in ``advisor/data/availability.toml``; a DePIN host's reliability adds its
downtime. The overhead is the Young/Daly share of extra work, not a flat guess.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from advisor.paths import data_file

__all__ = ["Availability", "PREEMPTIBLE", "RECLAIMABLE", "availability", "interactive_slo", "preemptible_excluded"]

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


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    with data_file("availability.toml").open("rb") as fh:
        return tomllib.load(fh)


def checkpoint_overhead(interruptions_per_month: float) -> float:
    """``sqrt(2 d / M) + r / M`` with M the mean hours between interruptions (Young/Daly)."""
    if interruptions_per_month <= 0:
        return 0.0
    cp = _data()["checkpoint"]
    mtbi = HOURS_PER_MONTH / interruptions_per_month
    return math.sqrt(2.0 * float(cp["write_hours"]) / mtbi) + float(cp["restart_hours"]) / mtbi


@lru_cache(maxsize=4096)
def _preemptible(provider: str, band: str | None, reliability: float | None) -> Availability:
    data = _data()
    if band is not None and band in data["bands"]:
        rate = float(data["bands"][band])
        source = f"published interruption band {band} (read as {rate:.0%} a month)"
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
    found = _preemptible(offer.provider, band if isinstance(band, str) else None, offer.reliability)
    if offer.interruption_overhead is not None:
        return Availability(found.model, found.interruptions_per_month, offer.interruption_overhead,
                            "the offer's own figure")
    return found


def interactive_slo(component: Any) -> bool:
    """An interactive service with a latency or speed promise to its users."""
    slo = getattr(component, "slo", None)
    return getattr(component, "kind", None) == "inference" and slo is not None and (
        slo.ttft_ms_p95 is not None or slo.tokens_per_second_per_user is not None)


def preemptible_excluded(component: Any) -> bool:
    """Interactive components never rest their SLO on reclaimable capacity unless they say so."""
    return interactive_slo(component) and not getattr(component, "allow_preemptible", False)
