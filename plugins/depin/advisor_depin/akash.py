"""Akash Network: GPU prices from the console API's aggregate of provider bids (pricing-apis §5.1).

``price.med`` is USD per GPU-hour (a third-party client says: last 31 days of on-chain bids;
unverified); min/max/avg/weightedAverage go to offer attributes; ``price: null`` is unpriced.
Venues are providers' ``location-region`` (from ``/v1/providers``) holding the model; without
provider data the offer sits at ``akash:network`` whose location is unknown. Akash has no
SOC 2/ISO/HIPAA attribute, so venues carry no certification; ``isAudited`` only means an auditor
signed the provider's attributes (kept as ``verified``).
"""

from __future__ import annotations

import time
from decimal import Decimal
from statistics import mean
from typing import Any

from advisor.plugin import Hardware, Offer, Provenance

from advisor_depin.base import Parsed, SnapshotProvider, row_provenance
from advisor_depin.hardware import canonical_gpu, gib_from_quantity
from advisor_depin.places import Location, depin_venue, locate, slug
from advisor_depin.reliability import FORMULA, interruption_overhead

GPU_PRICES_URL = "https://console-api.akash.network/v1/gpu-prices"
PROVIDERS_URL = "https://console-api.akash.network/v1/providers"
NETWORK = "network"


def _attrs(provider: dict[str, Any]) -> dict[str, str]:
    return {a.get("key", ""): str(a.get("value", "")) for a in provider.get("attributes") or []}


def _model_key(m: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(m.get(k) or "").lower() for k in ("vendor", "model", "ram", "interface"))


def _uptime(value: Any) -> float | None:
    if value is None:
        return None
    v = float(value)
    return v / 100 if v > 1 else v


class _Region:
    """Providers of one location-region that list a given GPU model."""

    def __init__(self) -> None:
        self.providers: list[dict[str, Any]] = []

    def location(self) -> Location:
        best = max(self.providers, key=lambda p: ((p.get("stats") or {}).get("gpu") or {}).get("available") or 0)
        attrs = _attrs(best)
        return locate(attrs.get("city") or best.get("city"), attrs.get("country") or best.get("country") or best.get("ipCountryCode"))

    def available(self) -> int | None:
        counts = [((p.get("stats") or {}).get("gpu") or {}).get("available") for p in self.providers]
        return None if any(c is None for c in counts) else int(sum(counts))

    def reliability(self) -> float | None:
        ups = [_uptime(p.get("uptime7d")) for p in self.providers]
        known = [u for u in ups if u is not None]
        return round(mean(known), 6) if known else None


def _regions(providers: list[dict[str, Any]], key: tuple[str, ...]) -> dict[str, _Region]:
    out: dict[str, _Region] = {}
    for p in providers:
        if p.get("isOnline") is False or key not in {_model_key(m) for m in p.get("gpuModels") or []}:
            continue
        region = _attrs(p).get("location-region") or p.get("locationRegion")
        if region:
            out.setdefault(slug(region), _Region()).providers.append(p)
    return out


class AkashProvider(SnapshotProvider):
    name = "akash"
    description = "Akash Network GPU leases (aggregate of provider bids; console API)"
    snapshot_file = "akash.json"
    live_reference = f"GET {GPU_PRICES_URL} + GET {PROVIDERS_URL}"

    def fetch(self) -> Any:
        from advisor_depin.live import fetch_json  # httpx only when fetching live
        sleep = self.sleep or time.sleep
        prices = fetch_json("GET", GPU_PRICES_URL, transport=self.transport, sleep=sleep)
        providers = fetch_json("GET", PROVIDERS_URL, transport=self.transport, sleep=sleep)
        return {"gpu_prices": prices, "providers": providers}

    def parse(self, payload: Any, provenance: Provenance) -> Parsed:
        parsed = Parsed()
        providers = payload.get("providers") or []
        for model in (payload.get("gpu_prices") or {}).get("models") or []:
            self._model(parsed, model, providers, row_provenance(model, provenance))
        return parsed

    def _model(self, parsed: Parsed, model: dict[str, Any], providers: list[dict[str, Any]], prov: Provenance) -> None:
        vendor, name, ram, interface = _model_key(model)
        sku = "/".join(p for p in (vendor, name, ram, interface) if p)
        memory = gib_from_quantity(model.get("ram"))
        accelerator = canonical_gpu(name, memory, interface)
        if accelerator is None:
            parsed.skip(f"akash: {sku} is not a known hardware id; left out")
            return
        price = model.get("price")
        usd = Decimal(str(price["med"])) if price and price.get("med") else None
        network_available = (model.get("availability") or {}).get("available")
        regions = _regions(providers, _model_key(model))
        places = [(r, g.location(), g.available(), g.reliability(), len(g.providers)) for r, g in sorted(regions.items())]
        if not places:
            places = [(NETWORK, locate(None, None), network_available, None, None)]
        for region, location, available, reliability, count in places:
            if available is not None and network_available is not None:
                available = min(available, int(network_available))
            venue = depin_venue(
                self.name,
                region,
                location,
                host_trust="anonymous_host",
                name=f"Akash providers in {region}",
                attributes={"providers": count, "location_type": "mixed (provider attribute)"},
            )
            attributes: dict[str, Any] = {
                "unit": "USD per GPU-hour",
                "price_statistic": "median of provider bids (price.med)",
                "currency": (price or {}).get("currency", "USD"),
                "network_available_gpus": network_available,
                "reliability_formula": FORMULA,
            }
            attributes.update({k: price[k] for k in ("min", "max", "avg", "weightedAverage") if price and k in price})
            if usd is None:
                attributes["unpriced_reason"] = model.get("_note") or "no bids in the window: the API returned price null"
            parsed.add(
                venue,
                Offer(
                    id=f"{venue.id}:{slug(sku)}:marketplace",
                    provider=self.name,
                    venue_id=venue.id,
                    sku=sku,
                    hardware=Hardware(accelerator=accelerator, accelerator_count=1, accelerator_memory_gib=memory),
                    billing="marketplace",
                    usd_per_hour=usd,
                    max_units=None if available is None else int(available),
                    reliability=reliability,
                    interruption_overhead=interruption_overhead(reliability),
                    provenance=prov,
                    attributes=attributes,
                ),
            )
