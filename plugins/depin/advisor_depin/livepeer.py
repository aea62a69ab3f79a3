"""Livepeer AI: orchestrators price pipelines per output pixel (audio-to-text per ms of audio).

An inference-API offer, not rented hardware: a $/GPU-hour figure is not meaningful (pricing-apis
§5.4). Offers keep ``price_per_unit`` (wei), ``pixels_per_unit`` and the pipeline in attributes and
are unpriced for GPU-hour sizing; there is no accelerator to size on.
"""

from __future__ import annotations

from typing import Any

from advisor.plugin import Provenance

from advisor_depin.base import Parsed, StaticProvider, row_provenance
from advisor_depin.places import depin_venue, locate

NOT_CONVERTIBLE = (
    "priced per output unit (pixels, or ms of audio) in wei by each orchestrator: an inference API, "
    "not GPU time, so no $/GPU-hour is derived and the offer is unpriced for sizing"
)


class LivepeerProvider(StaticProvider):
    name = "livepeer"
    description = "Livepeer AI inference pipelines (priced per pixel; not GPU-hours)"
    snapshot_file = "livepeer.json"

    def parse(self, payload: Any, provenance: Provenance) -> Parsed:
        parsed = Parsed()
        venue = depin_venue(
            self.name, "network", locate(None, None), host_trust="anonymous_host", name="Livepeer orchestrators"
        )
        for cap in (payload or {}).get("capabilities_prices") or []:
            attributes = {
                "pipeline": cap["pipeline"],
                "model_id": cap.get("model_id"),
                "price_per_unit_wei": cap.get("price_per_unit"),
                "pixels_per_unit": cap.get("pixels_per_unit"),
                "pricing_unit": cap.get("unit", "wei per pixels_per_unit output pixels"),
                "currency": cap.get("currency"),
                "offer_kind": "inference-api",
                "unpriced_reason": NOT_CONVERTIBLE,
            }
            sku = f"{cap['pipeline']}/{cap.get('model_id') or 'any'}"
            parsed.add(venue, self.native_offer(venue, sku, row_provenance(cap, provenance), attributes))
        return parsed
