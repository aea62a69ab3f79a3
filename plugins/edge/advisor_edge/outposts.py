"""AWS Outposts at the customer's sites: rack and 1U/2U server configurations on 1/3/5-year terms.

The snapshot has no list prices (none found). ``refresh`` reads the account's existing Outposts
quotes (``list_quotes`` + ``get_quote``; read-only, it never creates one) and prices the snapshot
configurations whose EC2 capacity matches a quote option: ``SubscriptionPricingDetails`` give
UpfrontPrice and MonthlyRecurringPrice per PaymentOption × PaymentTerm. boto3 is imported there.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from advisor.plugin import LiveUnavailable, OfferQuery, Progress, Provenance, Provider, ProviderCatalog

from advisor_edge import aws
from advisor_edge.premises import load, premises_catalog

TERMS = {"ONE_YEAR": 12, "THREE_YEARS": 36, "FIVE_YEARS": 60}
OPTIONS = {"ALL_UPFRONT": "all_upfront", "PARTIAL_UPFRONT": "partial_upfront", "NO_UPFRONT": "no_upfront"}


def _ec2_families(option: dict[str, Any]) -> dict[str, float]:
    """EC2 capacity of a quote option as {family.size: quantity}, from its specifications."""
    out: dict[str, float] = {}
    for spec in option.get("Specifications") or []:
        details = spec.get("FinalRackSpecificationDetails") or spec.get("ServerSpecificationDetails") or {}
        for cap in details.get("EC2Capacities") or []:
            key = f"{cap.get('Family')}.{cap.get('MaxSize')}"
            out[key] = out.get(key, 0) + float(cap.get("Quantity") or 0)
    return out


def apply_quotes(catalog: dict[str, Any], quotes: list[dict[str, Any]], reference: str) -> dict[str, Any]:
    """A copy of the snapshot catalog with prices from quote options whose capacity matches a configuration."""
    priced = copy.deepcopy(catalog)
    for config in priced["configurations"]:
        want = config.get("ec2_capacity")
        if not want:
            continue
        for quote in quotes:
            for option in quote.get("QuoteOptions") or []:
                if _ec2_families(option) != {k: float(v) for k, v in want.items()}:
                    continue
                for pricing in option.get("PricingOptions") or []:
                    details = pricing.get("SubscriptionPricingDetails") or {}
                    if details.get("Currency", "USD") != "USD" or details.get("MonthlyRecurringPrice") is None:
                        continue
                    months, payment = TERMS.get(details.get("PaymentTerm")), OPTIONS.get(details.get("PaymentOption"))
                    upfront, monthly = details.get("UpfrontPrice") or 0, details["MonthlyRecurringPrice"]
                    if months is None or payment is None or upfront + monthly * months <= 0:
                        continue
                    config.setdefault("prices", {})[f"{months}/{payment}"] = {
                        "upfront_usd": upfront,
                        "monthly_usd": monthly,
                        "source": f"{reference} quote {quote.get('QuoteId')}",
                    }
    return priced


class OutpostsProvider(Provider):
    name = "aws-outposts"
    kind = "edge"
    description = "AWS Outposts racks and servers at the customer's sites (1/3/5-year subscription)"

    def __init__(self, client: Any = None, region: str | None = None) -> None:
        self._client = client
        self.region = region

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return premises_catalog(self.name, [load("aws-outposts.json")], query)

    def _outposts_client(self) -> Any:
        return self._client if self._client is not None else aws.client("outposts", self.region, self.name)

    def quotes(self) -> list[dict[str, Any]]:
        """Every quote of the account with its options (read-only calls)."""
        try:
            client = self._outposts_client()
            listed, token = [], None
            while True:
                page = client.list_quotes(**({"NextToken": token} if token else {}))
                listed.extend(page.get("Quotes") or [])
                token = page.get("NextToken")
                if not token:
                    break
            return [client.get_quote(QuoteIdentifier=q["QuoteId"])["Quote"] for q in listed]
        except Exception as exc:  # botocore raises many types: credentials, endpoint, access denied
            raise LiveUnavailable(f"aws-outposts: quotes unavailable ({type(exc).__name__}: {exc})") from exc

    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        if progress:
            progress("aws-outposts: reading quotes", 0, None)
        quotes = self.quotes()
        if not quotes:
            raise LiveUnavailable("aws-outposts: the account has no Outposts quotes to price from")
        reference = "outposts:GetQuote"
        catalog = apply_quotes(load("aws-outposts.json"), quotes, reference)
        now = datetime.now(UTC)
        return premises_catalog(
            self.name, [catalog], query, provenance_of=lambda c: Provenance(source="live", as_of=now, reference=reference)
        )
