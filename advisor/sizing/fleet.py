"""What an autoscaled fleet of whole instances really bills for an interactive service.

Demand-following billing at zero lag (busy unit-hours × headroom) is what no real fleet delivers. The
model here (docs/tco.md, "Elastic billing a real fleet can deliver"): the day has a peak and a trough
whose levels are ``peak_to_average`` and its inverse times the average (so the mean is the average);
at each level the fleet runs whole units, at least ``min_warm``, enough for the load plus headroom;
each day the peak fleet must be up ``scale_up_lag_hours`` before the peak arrives. Unit-hours follow
over the service's duty hours, never below the busy unit-hours.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["FLEET", "Fleet", "fleet_unit_hours"]

HOURS_PER_MONTH = 730.0


@dataclass(frozen=True)
class Fleet:
    """The autoscaling assumptions, stated in every sizing's notes."""

    min_warm: int = 1
    """Units kept running whatever the load: a chat service never scales to zero."""
    scale_up_lag_hours: float = 0.25
    """Boot, image pull and model load before a new GPU unit serves (estimate: 15 minutes)."""

    def describe(self, peak_units: int, trough_units: int, peak_share: float) -> str:
        return (f"elastic fleet: whole units, at least {self.min_warm} warm; {trough_units} unit(s) off-peak, "
                f"{peak_units} at peak for {peak_share:.0%} of the day plus a {self.scale_up_lag_hours * 60:.0f}-minute "
                "scale-up lead (docs/tco.md)")


FLEET = Fleet()


def fleet_unit_hours(avg_rate: float, peak_to_average: float, duty: float, headroom: float, unit_rate: float,
                     busy_hours: float, fleet: Fleet = FLEET) -> tuple[float, str]:
    """(unit-hours a month, the model in words) for an interactive service served at ``unit_rate``
    tokens/s per unit against ``avg_rate`` tokens/s on average over the month."""
    p = max(1.0, peak_to_average)
    during = avg_rate / duty  # the average while the service runs
    trough = 1.0 / p
    share = 1.0 if p == 1.0 else (1.0 - trough) / (p - trough)

    def units(level: float) -> int:
        return max(fleet.min_warm, math.ceil(during * level * (1.0 + headroom) / unit_rate - 1e-9))

    n_peak, n_trough = units(p), units(trough)
    duty_hours = HOURS_PER_MONTH * duty
    lead = 0.0 if n_peak == n_trough else min(fleet.scale_up_lag_hours / 24.0, 1.0 - share)
    peak_fraction = share + lead
    hours = duty_hours * (peak_fraction * n_peak + (1.0 - peak_fraction) * n_trough)
    return max(hours, busy_hours), fleet.describe(n_peak, n_trough, share)
