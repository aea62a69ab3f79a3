"""Parser for Price List Query API items (``pricing.get_products``), shared by snapshot and live path.

Each item is a JSON string. Only Linux, shared-tenancy, on-demand-market, no-licence, used-capacity
compute products are kept; Windows duplicates, Capacity Block rows, free-tier pseudo-products and
any $0 rate never become a price (pricing-apis reference 1.1, 1.2; SkyPilot lessons in section 8).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

HOURS_PER_YEAR = 8760
COMPUTE_FAMILIES = ("Compute Instance", "Compute Instance (bare metal)")
REQUIRED = {
    "operatingSystem": "Linux",
    "tenancy": "Shared",
    "preInstalledSw": "NA",
    "capacitystatus": "Used",
}
#: Attributes older offer files omit; when present they must have these values.
REQUIRED_IF_PRESENT = {"marketoption": "OnDemand", "licenseModel": "No License required"}
PURCHASE_OPTIONS = {"No Upfront": "no_upfront", "Partial Upfront": "partial_upfront", "All Upfront": "all_upfront"}
#: Key a snapshot item may carry to name the public page its figure was transcribed from.
SNAPSHOT_SOURCE_KEY = "_advisor_source"


@dataclass(frozen=True)
class ReservedTerm:
    """One standard reserved-instance term: hourly part, upfront fee, and their effective hourly sum."""

    years: int
    purchase_option: str
    hourly_usd: Decimal
    upfront_usd: Decimal

    @property
    def effective_usd_per_hour(self) -> Decimal:
        return self.hourly_usd + self.upfront_usd / Decimal(HOURS_PER_YEAR * self.years)


@dataclass(frozen=True)
class Product:
    """An instance type's Linux on-demand product in one region, with its terms."""

    region: str
    instance_type: str
    sku: str
    bare_metal: bool
    on_demand_usd: Decimal | None
    reserved: tuple[ReservedTerm, ...]
    as_of: datetime
    reference: str
    source_url: str | None = None
    vcpu: float | None = None
    memory_gib: float | None = None


@dataclass
class ParsedPrices:
    """Products by (region, instance type) and the count of items dropped, by reason."""

    products: dict[tuple[str, str], Product] = field(default_factory=dict)
    dropped: Counter[str] = field(default_factory=Counter)


def _usd(dimension: Mapping[str, Any]) -> Decimal | None:
    raw = dimension.get("pricePerUnit", {}).get("USD")
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _hourly_on_demand(terms: Mapping[str, Any]) -> tuple[Decimal | None, datetime | None]:
    """The positive hourly rate of the on-demand terms, else None (a $0 rate is no price)."""
    for term in terms.values():
        for dim in term.get("priceDimensions", {}).values():
            if dim.get("unit") != "Hrs" or dim.get("endRange", "Inf") != "Inf":
                continue
            usd = _usd(dim)
            if usd is not None and usd > 0:
                return usd, _when(term.get("effectiveDate"))
    return None, None


def _reserved(terms: Mapping[str, Any]) -> tuple[ReservedTerm, ...]:
    out: list[ReservedTerm] = []
    for term in terms.values():
        attrs = term.get("termAttributes", {})
        years = {"1yr": 1, "3yr": 3}.get(attrs.get("LeaseContractLength", ""))
        option = PURCHASE_OPTIONS.get(attrs.get("PurchaseOption", ""))
        if years is None or option is None or attrs.get("OfferingClass") != "standard":
            continue
        hourly, upfront = Decimal(0), Decimal(0)
        for dim in term.get("priceDimensions", {}).values():
            usd = _usd(dim)
            if usd is None:
                continue
            if dim.get("unit") == "Hrs":
                hourly = usd
            elif dim.get("unit") == "Quantity":
                upfront = usd
        reserved = ReservedTerm(years, option, hourly, upfront)
        if reserved.effective_usd_per_hour > 0:
            out.append(reserved)
    return tuple(sorted(out, key=lambda r: (r.years, r.purchase_option)))


def _number(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return float(text.replace(",", "").split()[0])
    except ValueError:
        return None


def drop_reason(product: Mapping[str, Any]) -> str | None:
    """Why a product is not a Linux on-demand shared compute instance, or None to keep it."""
    attrs = product.get("attributes", {})
    if product.get("productFamily") not in COMPUTE_FAMILIES:
        return "not a compute instance"
    if not attrs.get("regionCode") or not attrs.get("instanceType"):
        return "no region (free-tier or global pseudo-product)"
    for key, wanted in REQUIRED.items():
        if attrs.get(key) != wanted:
            return f"{key} is {attrs.get(key)!r}"
    for key, wanted in REQUIRED_IF_PRESENT.items():
        if key in attrs and attrs[key] != wanted:
            return f"{key} is {attrs[key]!r}"
    return None


def parse_item(item: str | Mapping[str, Any], reference: str) -> Product | str:
    """One PriceList element to a Product, or the reason it is dropped."""
    doc = json.loads(item) if isinstance(item, str) else item
    product = doc.get("product", {})
    reason = drop_reason(product)
    if reason:
        return reason
    attrs = product["attributes"]
    terms = doc.get("terms", {})
    on_demand, effective = _hourly_on_demand(terms.get("OnDemand", {}))
    published = _when(doc.get("publicationDate"))
    source = doc.get(SNAPSHOT_SOURCE_KEY) or {}
    as_of = _when(source.get("published")) or effective or published or datetime.now(UTC)
    ref = source.get("reference") or f"{reference}; publicationDate {doc.get('publicationDate', 'unknown')}"
    return Product(
        region=attrs["regionCode"],
        instance_type=attrs["instanceType"],
        sku=product.get("sku", ""),
        bare_metal=product["productFamily"].endswith("(bare metal)"),
        on_demand_usd=on_demand,
        reserved=_reserved(terms.get("Reserved", {})),
        as_of=as_of,
        reference=ref,
        source_url=source.get("url"),
        vcpu=_number(attrs.get("vcpu")),
        memory_gib=_number(attrs.get("memory")),
    )


def parse_price_list(items: Iterable[str | Mapping[str, Any]], reference: str) -> ParsedPrices:
    """All kept products of a PriceList; a priced product wins over an unpriced duplicate."""
    out = ParsedPrices()
    for item in items:
        parsed = parse_item(item, reference)
        if isinstance(parsed, str):
            out.dropped[parsed] += 1
            continue
        key = (parsed.region, parsed.instance_type)
        kept = out.products.get(key)
        if kept is None or (kept.on_demand_usd is None and parsed.on_demand_usd is not None):
            out.products[key] = parsed
        else:
            out.dropped["duplicate product"] += 1
    return out


def snapshot_day(value: str) -> datetime:
    """A YYYY-MM-DD snapshot date as midnight UTC."""
    return datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=UTC)
