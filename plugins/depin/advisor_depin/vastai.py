"""Vast.ai marketplace offers (``POST /api/v0/bundles/``, pricing-apis §5.3).

One row is one rentable machine slice: ``dph_total`` is its $/h (the offer's unit price), the
per-GPU figure is ``dph_total / num_gpus / gpu_frac``. Host memory share is
``cpu_ram × cpu_cores_effective / cpu_cores``; a row reporting ``cpu_ram`` with ``cpu_cores: null``
cannot be sized and is left out with a note. ``hosting_type: 1`` is read as a vetted data centre
("Secure Cloud": ISO 27001, Tier 3/4) — that meaning of the field is unverified and the venue says
so; every other host is anonymous. Reliability becomes ``Offer.reliability`` and, through
``advisor_depin.reliability``, ``interruption_overhead``.
"""

from __future__ import annotations

import os
import time
from datetime import date
from decimal import Decimal
from typing import Any

from advisor.plugin import Certification, Hardware, LiveUnavailable, Offer, Provenance

from advisor_depin.base import Parsed, SnapshotProvider, row_provenance
from advisor_depin.hardware import canonical_gpu
from advisor_depin.places import depin_venue, locate, slug
from advisor_depin.reliability import FORMULA, interruption_overhead

BUNDLES_URL = "https://console.vast.ai/api/v0/bundles/"
SECURITY_FAQ = "https://docs.vast.ai/guides/reference/faq/security.md"
#: The FAQ is undated; this is the latest date of the pricing reference that cites it.
SECURITY_FAQ_RETRIEVED = date(2026, 9, 28)
SEARCH = {
    "rentable": {"eq": True},
    "rented": {"eq": False},
    "num_gpus": {"gte": 1},
    "type": "on-demand",
    "limit": 1000,
}


def _place(geolocation: str | None) -> tuple[str | None, str | None]:
    """'Oslo, NO' → ('Oslo', 'NO'); 'NO' → (None, 'NO'); missing → (None, None)."""
    if not geolocation:
        return None, None
    head, _, tail = geolocation.rpartition(",")
    return (head.strip() or None, tail.strip().upper() or None)


class VastAiProvider(SnapshotProvider):
    name = "vastai"
    description = "Vast.ai GPU marketplace (per-offer machine slices)"
    snapshot_file = "vastai.json"
    live_reference = f"POST {BUNDLES_URL}"

    def fetch(self) -> Any:
        from advisor_depin.live import fetch_json  # httpx only when fetching live
        key = self.api_key or os.environ.get("VAST_API_KEY")
        if not key:
            raise LiveUnavailable("vastai: set VAST_API_KEY to search live offers")
        return fetch_json(
            "POST",
            BUNDLES_URL,
            json=SEARCH,
            headers={"Authorization": f"Bearer {key}"},
            transport=self.transport,
            sleep=self.sleep or time.sleep,
        )

    def parse(self, payload: Any, provenance: Provenance) -> Parsed:
        parsed = Parsed()
        for row in (payload or {}).get("offers") or []:
            self._row(parsed, row, row_provenance(row, provenance))
        return parsed

    def _row(self, parsed: Parsed, row: dict[str, Any], prov: Provenance) -> None:
        rid = str(row.get("id"))
        gpus = int(row.get("num_gpus") or 0)
        frac = float(row.get("gpu_frac") or 1.0)
        price = row.get("dph_total")
        if gpus <= 0:
            return parsed.skip(f"vastai: offer {rid} has no GPU; left out")
        if row.get("cpu_cores") is None and row.get("cpu_ram") is not None:
            return parsed.skip(f"vastai: offer {rid} reports cpu_ram but cpu_cores is null, so it cannot be sized; left out")
        if price is not None and float(price) <= 0:
            return parsed.skip(f"vastai: offer {rid} has dph_total {price}; a zero price is not a price, left out")
        gpu_gib = float(row["gpu_ram"]) / 1024 if row.get("gpu_ram") else None
        accelerator = canonical_gpu(str(row.get("gpu_name") or ""), gpu_gib)
        if accelerator is None:
            return parsed.skip(f"vastai: offer {rid} GPU '{row.get('gpu_name')}' is not a known hardware id; left out")
        venue = self._venue(row)
        usd = Decimal(str(price)) if price is not None else None
        reliability = float(row["reliability2"]) if row.get("reliability2") is not None else None
        cores, effective, ram = row.get("cpu_cores"), row.get("cpu_cores_effective"), row.get("cpu_ram")
        memory = float(ram) * float(effective) / float(cores) / 1024 if ram and effective and cores else None
        attributes: dict[str, Any] = {
            "unit": "USD per hour for the offer (dph_total)",
            "usd_per_gpu_hour": float(usd / gpus / Decimal(str(frac))) if usd else None,
            "gpu_frac": frac,
            "min_bid_usd_per_hour": row.get("min_bid"),
            "verification": row.get("verification"),
            "hosting_type": row.get("hosting_type"),
            "machine_id": row.get("machine_id"),
            "dlperf": row.get("dlperf"),
            "reliability_formula": FORMULA,
        }
        if usd is None:
            attributes["unpriced_reason"] = "the row has no dph_total"
        parsed.add(
            venue,
            Offer(
                id=f"{venue.id}:{slug(rid)}:marketplace",
                provider=self.name,
                venue_id=venue.id,
                sku=rid,
                hardware=Hardware(
                    accelerator=accelerator,
                    accelerator_count=gpus * frac,
                    accelerator_memory_gib=gpu_gib,
                    vcpus=float(effective) if effective else None,
                    memory_gib=round(memory, 3) if memory else None,
                ),
                billing="marketplace",
                usd_per_hour=usd,
                max_units=1,
                reliability=reliability,
                interruption_overhead=interruption_overhead(reliability),
                provenance=prov,
                attributes=attributes,
            ),
        )
        return None

    def _venue(self, row: dict[str, Any]):
        city, country = _place(row.get("geolocation"))
        location = locate(city, country)
        secure = row.get("hosting_type") == 1
        verified = {"verified": True, "unverified": False}.get(str(row.get("verification") or "").lower())
        region = f"{slug(location.country)}-{slug(city or location.metro)}"
        region += ("-secure" if secure else "") + ("" if verified else "-unverified" if verified is False else "")
        attributes: dict[str, Any] = {"attestation": "none", "operator_access": "standing"}
        if verified is not None:
            attributes["verified"] = verified
        certifications: tuple[Certification, ...] = ()
        if secure:
            certifications = (Certification(name="iso27001", source=SECURITY_FAQ, retrieved=SECURITY_FAQ_RETRIEVED),)
            attributes["secure_cloud_basis"] = (
                "hosting_type 1 read as a Secure Cloud data centre (ISO 27001, Tier 3/4); "
                "the field's meaning is unverified"
            )
        return depin_venue(
            self.name,
            region,
            location,
            host_trust="vetted_dc" if secure else "anonymous_host",
            name=f"Vast.ai {'Secure Cloud' if secure else 'community'} hosts in {row.get('geolocation') or 'an unknown place'}",
            certifications=certifications,
            attributes=attributes,
        )
