"""Per-token prices out of the three public price sources, as pure functions over their responses.

Each returns ``{(API model id, region): {"input", "output", "as_of", "reference"}}`` in USD per
million tokens (strings, exact), for the snapshot's models only: a source row is matched to a model
by the name the snapshot records for that source (``price_list_name``, ``retail_meter``,
``billing_sku``). A row priced at 0 (a free preview, a placeholder) is never a price.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

Prices = dict[tuple[str, str], dict[str, str]]
_PER = {"1k tokens": Decimal(1000), "1k": Decimal(1000), "1m tokens": Decimal(1), "1m": Decimal(1),
        "tokens": Decimal(1_000_000), "1 token": Decimal(1_000_000)}


def _side(text: str) -> str | None:
    low = text.lower()
    if "cache" in low or "batch" in low:
        return None
    if "input" in low or " inp " in f" {low} " or "prompt" in low:
        return "input"
    if "output" in low or " outp " in f" {low} " or "completion" in low:
        return "output"
    return None


def _store(out: Prices, key: tuple[str, str], side: str, per_million: Decimal, as_of: str, reference: str) -> None:
    if per_million <= 0:
        return
    row = out.setdefault(key, {"as_of": as_of, "reference": reference})
    row[side] = format(per_million.normalize(), "f")


def _complete(out: Prices) -> Prices:
    """Only (model, region) pairs priced on both sides: half a price is no price."""
    return {k: v for k, v in out.items() if "input" in v and "output" in v}


def bedrock_prices(price_list: Iterable[str | Mapping[str, Any]], names: Mapping[str, str]) -> Prices:
    """AWS Price List ``get_products(ServiceCode="AmazonBedrock")`` items (JSON strings) → prices.

    On-demand token rows carry ``attributes.model``, ``inferenceType`` ('Input tokens' / 'Output
    tokens'), ``regionCode`` and an ``OnDemand`` term priced per '1K tokens'. ``names`` maps the
    Price List's model name to the Bedrock model id."""
    out: Prices = {}
    for raw in price_list:
        item = json.loads(raw) if isinstance(raw, str) else raw
        attrs = (item.get("product") or {}).get("attributes") or {}
        model = names.get(attrs.get("model", ""))
        side = _side(attrs.get("inferenceType", ""))
        if model is None or side is None or "on-demand" not in attrs.get("feature", "on-demand").lower():
            continue
        for term in ((item.get("terms") or {}).get("OnDemand") or {}).values():
            for dim in (term.get("priceDimensions") or {}).values():
                per = _PER.get(str(dim.get("unit", "")).lower())
                usd = (dim.get("pricePerUnit") or {}).get("USD")
                if per is None or usd is None:
                    continue
                as_of = (term.get("effectiveDate") or item.get("publicationDate") or "")[:10]
                _store(out, (model, attrs.get("regionCode", "")), side, Decimal(usd) * per, as_of,
                       f"AWS Price List get_products(ServiceCode=AmazonBedrock) sku {(item.get('product') or {}).get('sku')}")
    return _complete(out)


TIERS = (("data zone", "Data Zone"), ("glbl", "Global"), ("regnl", "Regional"))
"""Deployment types an Azure OpenAI meter name carries ('gpt 4.1 Inp Data Zone Tokens', 'gpt 4.1 Inp glbl
Tokens', 'gpt 4.1 Inp regnl Tokens'); a serverless model's meter ('Meta-Llama-3-8B-Instruct Inp Tokens') has none."""


def _tier(rest: str) -> str | None:
    low = rest.lower()
    return next((name for word, name in TIERS if word in low), None)


def azure_prices(items: Iterable[Mapping[str, Any]], meters: Mapping[str, str],
                 zones: Mapping[tuple[str, str], str] | None = None) -> Prices:
    """Azure Retail Prices API ``Items`` → prices. A row is a token meter when its ``meterName``
    starts with a snapshot meter prefix (the longest that fits: 'gpt 4.1 mini' before 'gpt 4.1') and
    says input or output; ``unitOfMeasure`` is '1K' or '1M'. A regional or serverless meter prices its
    ``armRegionName``; a Data Zone or Global meter prices the snapshot venue ``zones`` names for
    (armRegionName, deployment type), and no venue when none does."""
    prefixes = sorted(meters, key=len, reverse=True)
    out: Prices = {}
    for item in items:
        if item.get("type") not in (None, "Consumption") or item.get("currencyCode", "USD") != "USD":
            continue
        meter = str(item.get("meterName", ""))
        prefix = next((p for p in prefixes if meter.lower().startswith(p.lower())), None)
        per = _PER.get(str(item.get("unitOfMeasure", "")).lower())
        if prefix is None or per is None:
            continue
        rest = meter[len(prefix):]
        side, tier, arm = _side(rest), _tier(rest), str(item.get("armRegionName", ""))
        region = arm if tier in (None, "Regional") else (zones or {}).get((arm, tier))
        if side is None or region is None:
            continue
        _store(out, (meters[prefix], region), side, Decimal(str(item["retailPrice"])) * per,
               str(item.get("effectiveStartDate", ""))[:10],
               f"Azure Retail Prices API meterId {item.get('meterId')} ({item.get('productName')})")
    return _complete(out)


def vertex_prices(skus: Iterable[Mapping[str, Any]], descriptions: Mapping[str, str]) -> Prices:
    """Cloud Billing Catalog ``skus`` of Vertex AI → prices. A token SKU's description starts with the
    snapshot's name and says input or output; price = units + nanos / 1e9 per ``usageUnit``
    ('1k{token}', '1M{token}' or '{token}'), one SKU per region in ``serviceRegions``."""
    units = {"1k{token}": Decimal(1000), "1m{token}": Decimal(1), "{token}": Decimal(1_000_000),
             "count": Decimal(1_000_000)}
    out: Prices = {}
    for sku in skus:
        text = str(sku.get("description", ""))
        model = next((m for prefix, m in descriptions.items() if text.lower().startswith(prefix.lower())), None)
        side = _side(text)
        if model is None or side is None:
            continue
        for info in sku.get("pricingInfo") or ():
            expr = info.get("pricingExpression") or {}
            per = units.get(str(expr.get("usageUnit", "")).lower())
            rates = expr.get("tieredRates") or ()
            if per is None or not rates:
                continue
            money = rates[-1].get("unitPrice") or {}
            price = Decimal(str(money.get("units") or 0)) + Decimal(int(money.get("nanos") or 0)) / Decimal(10**9)
            for region in sku.get("serviceRegions") or ():
                _store(out, (model, region), side, price * per, str(info.get("effectiveTime", ""))[:10],
                       f"Cloud Billing Catalog services/{VERTEX_SERVICE}/skus {sku.get('skuId')}")
    return _complete(out)


VERTEX_SERVICE = "C7E2-9256-1C43"
"""Vertex AI's service id in the Cloud Billing Catalog."""
