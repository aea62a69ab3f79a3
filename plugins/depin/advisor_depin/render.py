"""Render Network: render jobs priced in RENDER credits per OctaneBench-hour (pricing-apis §5.4).

There is no per-GPU-hour API and no stated USD price of a credit here, and an OctaneBench-hour is
a unit of rendering work, not of LLM throughput. Converting it to $/GPU-hour would need a
benchmark-to-token exchange rate nobody publishes, so the offers are unpriced for GPU-hour
sizing (``usd_per_hour`` None, no accelerator) and carry their native unit in attributes.
"""

from __future__ import annotations

from typing import Any

from advisor.plugin import Provenance

from advisor_depin.base import Parsed, StaticProvider, row_provenance
from advisor_depin.places import depin_venue, locate

NOT_CONVERTIBLE = (
    "priced per OctaneBench-hour in RENDER credits: a unit of rendering work with no published "
    "equivalence to GPU-hours or tokens, so it is not converted and the offer is unpriced for sizing"
)


class RenderProvider(StaticProvider):
    name = "render"
    description = "Render Network render jobs (RENDER credits per OctaneBench-hour; not GPU-hours)"
    snapshot_file = "render.json"

    def parse(self, payload: Any, provenance: Provenance) -> Parsed:
        parsed = Parsed()
        venue = depin_venue(
            self.name, "network", locate(None, None), host_trust="anonymous_host", name="Render Network node operators"
        )
        for tier in (payload or {}).get("tiers") or []:
            attributes = {
                "pricing_unit": "RENDER credit per OctaneBench-hour",
                "ob_hours_per_credit": tier.get("ob_hours_per_credit"),
                "relative_to_tier1": tier.get("relative_to_tier1"),
                "offer_kind": "render-job",
                "unpriced_reason": NOT_CONVERTIBLE,
            }
            parsed.add(venue, self.native_offer(venue, f"render-job-{tier['tier']}", row_provenance(tier, provenance), attributes))
        return parsed
