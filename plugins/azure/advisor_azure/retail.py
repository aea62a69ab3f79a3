"""Azure Retail Prices rows → priced terms, shared by the snapshot loader and the live refresh.

Rules (pricing-apis reference §3.1): Linux only (Windows products excluded), DevTestConsumption and
Low Priority excluded, ``" Spot"`` meters are spot, a Reservation ``retailPrice`` is the whole-term
total, ``savingsPlan[]`` entries are hourly, a zero price or empty ``armSkuName`` is never a price.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from advisor.plugin import Provenance

HOURS_PER_YEAR = 8760
_EXCLUDED_PRODUCT_WORDS = ("Windows", " Win", "Dedicated", "Cloud Services")


@dataclass(frozen=True)
class PriceTerm:
    """One hourly price of one VM size in one region under one billing model."""

    region: str
    sku: str
    billing: str
    usd_per_hour: Decimal
    commitment_months: int | None
    primary: bool
    effective: str | None
    provenance: Provenance
    detail: tuple[tuple[str, Any], ...] = ()

    @property
    def key(self) -> tuple[str, str, str, int | None]:
        return (self.region, self.sku, self.billing, self.commitment_months)


def _years(term: str | None) -> int | None:
    """'1 Year' → 1, '3 Years' → 3; anything else is not a term we understand."""
    if not term:
        return None
    head = term.split()[0]
    return int(head) if head.isdigit() and term.split()[1].lower().startswith("year") else None


def _excluded(item: Mapping[str, Any]) -> bool:
    product = item.get("productName") or ""
    meter = f"{item.get('meterName') or ''} {item.get('skuName') or ''}"
    return (
        not item.get("armSkuName")
        or item.get("serviceName", "Virtual Machines") != "Virtual Machines"
        or item.get("currencyCode", "USD") != "USD"
        or item.get("unitOfMeasure", "1 Hour") != "1 Hour"
        or any(word in product for word in _EXCLUDED_PRODUCT_WORDS)
        or "Low Priority" in meter
    )


def _positive(value: Any) -> Decimal | None:
    if value is None:
        return None
    price = Decimal(str(value))
    return price if price > 0 else None


def terms_from_item(item: Mapping[str, Any], provenance: Provenance) -> list[PriceTerm]:
    """Every usable price in one Retail Prices item (its own rate plus any savings-plan rates)."""
    if _excluded(item):
        return []
    kind = item.get("type")
    price = _positive(item.get("retailPrice"))
    if price is None or kind not in ("Consumption", "Reservation"):
        return []
    base = {
        "region": item.get("armRegionName", ""),
        "sku": item["armSkuName"],
        "primary": bool(item.get("isPrimaryMeterRegion", True)),
        "effective": item.get("effectiveStartDate"),
        "provenance": provenance,
    }
    meter = (item.get("meterName") or item.get("skuName") or "").strip()
    if kind == "Reservation":
        years = _years(item.get("reservationTerm"))
        if years is None:
            return []
        hourly = price / (HOURS_PER_YEAR * years)
        return [
            PriceTerm(
                billing="reserved",
                usd_per_hour=hourly,
                commitment_months=12 * years,
                detail=(("term_total_usd", str(price)), ("reservation_term", item.get("reservationTerm"))),
                **base,
            )
        ]
    if meter.endswith(" Spot"):
        return [PriceTerm(billing="spot", usd_per_hour=price, commitment_months=None, **base)]
    out = [PriceTerm(billing="on_demand", usd_per_hour=price, commitment_months=None, **base)]
    for plan in item.get("savingsPlan") or ():
        years, rate = _years(plan.get("term")), _positive(plan.get("retailPrice"))
        if years and rate:
            out.append(PriceTerm(billing="savings_plan", usd_per_hour=rate, commitment_months=12 * years, **base))
    return out


def parse_items(items: Iterable[Mapping[str, Any]], provenance: Provenance) -> list[PriceTerm]:
    """All price terms of a set of items, one per (region, sku, billing, term), primary meter first."""
    best: dict[tuple[str, str, str, int | None], PriceTerm] = {}
    for item in items:
        for term in terms_from_item(item, provenance):
            held = best.get(term.key)
            if held is None or (term.primary, term.effective or "") > (held.primary, held.effective or ""):
                best[term.key] = term
    return list(best.values())
