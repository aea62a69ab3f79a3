"""Host reliability → the extra work a marketplace offer costs through restarts.

Model (estimate, documented in the plugin README): a host with uptime share ``r`` is down
``(1 − r)/r`` hours per useful hour. Outages last ``OUTAGE_HOURS`` on average, so a job sees
``(1 − r)/(r · OUTAGE_HOURS)`` restarts per useful hour; each restart redoes half a checkpoint
interval and reloads the model. Extra work per useful hour:

    overhead = (1 − r)/r · (1 + (CHECKPOINT_HOURS/2 + RESTART_HOURS) / OUTAGE_HOURS)

r = 0.99 → 0.0177; r = 0.95 → 0.092; r = 0.90 → 0.194. Capped at the contract's limit of 5.
"""

from __future__ import annotations

OUTAGE_HOURS = 1.0
CHECKPOINT_HOURS = 1.0
RESTART_HOURS = 0.25
MAX_OVERHEAD = 5.0
FORMULA = (
    "interruption_overhead = (1−r)/r × (1 + (checkpoint_h/2 + restart_h)/outage_h) with "
    f"checkpoint_h={CHECKPOINT_HOURS}, restart_h={RESTART_HOURS}, outage_h={OUTAGE_HOURS} (estimate)"
)


def interruption_overhead(reliability: float | None) -> float | None:
    """Extra work per useful hour for a host of uptime share ``reliability``; None when unknown."""
    if reliability is None:
        return None
    r = min(1.0, max(0.0, float(reliability)))
    if r <= 0.0:
        return MAX_OVERHEAD
    factor = 1.0 + (CHECKPOINT_HOURS / 2 + RESTART_HOURS) / OUTAGE_HOURS
    return round(min(MAX_OVERHEAD, (1.0 - r) / r * factor), 6)
