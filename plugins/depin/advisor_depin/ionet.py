"""io.net IO Cloud: VM configurations with a $/h price for the whole configuration (pricing-apis §5.2).

Sold-out, CPU-only and zero-price rows are left out. H100/H200/B200 offer Intel TDX confidential
compute with remote attestation (``ionet-official/cc-attestation-agent-api``), so those rows sit
at a ``-tdx`` venue of their location with ``confidential_computing=("tdx",)`` and a customer-
verifiable attestation; no SOC 2/HIPAA claim was found, so no certification.
"""

from __future__ import annotations

import os
import time
from decimal import Decimal
from typing import Any

from advisor.plugin import Hardware, Offer, Provenance

from advisor_depin.base import Parsed, SnapshotProvider, row_provenance
from advisor_depin.hardware import canonical_gpu
from advisor_depin.places import depin_venue, locate, slug

HARDWARE_URL = "https://api.io.solutions/v1/io-cloud/vmaas/hardware"
TDX_HARDWARE = frozenset({"H100-SXM", "H100-PCIe", "H100-NVL", "H200", "B200"})
TDX_SOURCE = "https://github.com/ionet-official/cc-attestation-agent-api"


class IoNetProvider(SnapshotProvider):
    name = "ionet"
    description = "io.net IO Cloud VMs (price per whole configuration)"
    snapshot_file = "ionet.json"
    live_reference = f"GET {HARDWARE_URL}"

    def fetch(self) -> Any:
        from advisor_depin.live import fetch_json  # httpx only when fetching live
        key = self.api_key or os.environ.get("IONET_API_KEY")
        headers = {"X-API-KEY": key} if key else None
        return fetch_json("GET", HARDWARE_URL, headers=headers, transport=self.transport, sleep=self.sleep or time.sleep)

    def parse(self, payload: Any, provenance: Provenance) -> Parsed:
        parsed = Parsed()
        for row in ((payload or {}).get("data") or {}).get("hardware") or []:
            self._row(parsed, row, row_provenance(row, provenance))
        return parsed

    def _row(self, parsed: Parsed, row: dict[str, Any], prov: Provenance) -> None:
        rid = str(row.get("id"))
        cards = int(row.get("num_cards") or 0)
        price = row.get("price")
        if row.get("sold_out"):
            return parsed.skip(f"ionet: {rid} is sold out; left out")
        if cards <= 0:
            return parsed.skip(f"ionet: {rid} has no GPU (CPU-only); left out")
        if price is not None and float(price) <= 0:
            return parsed.skip(f"ionet: {rid} has price {price}; a zero price is not a price, left out")
        memory = row.get("vram_per_card")
        accelerator = canonical_gpu(str(row.get("name") or ""), memory, row.get("interconnect"))
        if accelerator is None:
            return parsed.skip(f"ionet: {rid} GPU '{row.get('name')}' is not a known hardware id; left out")
        tdx = accelerator in TDX_HARDWARE
        code = str(row.get("location") or "")
        region = slug(code) + ("-tdx" if tdx else "")
        venue = depin_venue(
            self.name,
            region,
            locate(None, code),
            host_trust="anonymous_host",
            name=f"io.net {code}" + (" (Intel TDX)" if tdx else ""),
            confidential_computing=("tdx",) if tdx else (),
            attributes={"attestation": "customer_verifiable", "attestation_source": TDX_SOURCE} if tdx else {"attestation": "none"},
        )
        usd = Decimal(str(price)) if price is not None else None
        parsed.add(
            venue,
            Offer(
                id=f"{venue.id}:{slug(rid)}:on_demand",
                provider=self.name,
                venue_id=venue.id,
                sku=rid,
                hardware=Hardware(
                    accelerator=accelerator,
                    accelerator_count=cards,
                    accelerator_memory_gib=float(memory) if memory else None,
                    vcpus=float(row["vcpu"]) if row.get("vcpu") else None,
                    memory_gib=float(row["memory"]) if row.get("memory") else None,
                ),
                billing="on_demand",
                usd_per_hour=usd,
                max_units=None,
                provenance=prov,
                attributes={
                    "unit": "USD per hour for the whole configuration",
                    "usd_per_gpu_hour": float(usd / cards) if usd else None,
                    "interconnect": row.get("interconnect"),
                    "availability": "not sold out; the count is not reported",
                    "memory_unit": "as reported by the API (GB, unverified)",
                    **({} if usd else {"unpriced_reason": "the API returned no price"}),
                },
            ),
        )
        return None
