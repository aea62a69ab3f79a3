"""Live refresh: Price List Query API, EC2 spot price history and instance types, through boto3.

boto3 is imported only here, when a refresh runs. Any missing credential, unreachable endpoint or
refusal becomes ``LiveUnavailable`` with the reason, so the caller keeps its previous catalog.
Throttled queries are retried (botocore standard mode, then a short backoff here) before giving up.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from advisor.plugin import LiveUnavailable, Progress, ProviderCatalog

from advisor_aws.assemble import Inputs, build_catalog
from advisor_aws.capabilities import family, parse_instance_types
from advisor_aws.pricelist import REQUIRED, REQUIRED_IF_PRESENT, Product, parse_price_list
from advisor_aws.spot import SpotPrice, lowest_spot
from advisor_aws.venues import regions as venue_regions

FAMILIES = ("g4dn", "g5", "g6", "g6e", "p4d", "p4de", "p5", "p5e", "inf2", "trn1", "m7i", "c7i")
PRICING_REGION = "us-east-1"
THROTTLING = {"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"}
EXTRA_ATTEMPTS = 2
PRICE_FILTERS = {**REQUIRED, **REQUIRED_IF_PRESENT}
PRICING_REFERENCE = "AWS Price List Query API pricing.get_products(ServiceCode=AmazonEC2)"
ClientFactory = Callable[[str, str], Any]


def _default_clients(service: str, region: str) -> Any:
    """A client from a fresh session: credentials are resolved from the environment as it is now,
    never from boto3's process-wide default session (which caches its credential chain)."""
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=5, read_timeout=20, retries={"mode": "standard", "max_attempts": 3})
    return boto3.session.Session().client(service, region_name=region, config=config)


def _filters(region: str, instance_type: str) -> list[dict[str, str]]:
    wanted = {"regionCode": region, "instanceType": instance_type, **PRICE_FILTERS}
    return [{"Type": "TERM_MATCH", "Field": k, "Value": v} for k, v in wanted.items()]


class _Caller:
    """Runs one paginated query, turning SDK failures into LiveUnavailable with a reason."""

    def __init__(self, sleep: Callable[[float], None]) -> None:
        self.sleep = sleep

    def pages(self, what: str, client: Any, operation: str, key: str, **params: Any) -> list[Any]:
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

        for attempt in range(EXTRA_ATTEMPTS + 1):
            try:
                paginator = client.get_paginator(operation)
                return [item for page in paginator.paginate(**params) for item in page.get(key, [])]
            except NoCredentialsError as exc:
                raise LiveUnavailable(
                    "no AWS credentials: the Price List API needs signed requests; configure a profile "
                    "or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (any principal with pricing:GetProducts)"
                ) from exc
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code", "")
                if code in THROTTLING and attempt < EXTRA_ATTEMPTS:
                    self.sleep(2.0 * (attempt + 1))
                    continue
                if code in THROTTLING:
                    raise LiveUnavailable(f"AWS throttled {what} ({code}) after {attempt + 1} tries") from exc
                raise LiveUnavailable(f"AWS refused {what}: {code} {exc.response.get('Error', {}).get('Message', '')}".strip()) from exc
            except BotoCoreError as exc:
                raise LiveUnavailable(f"cannot reach AWS for {what}: {exc}") from exc
        raise AssertionError("unreachable")


def _spot(caller: _Caller, client: Any, region: str, types: Sequence[str], now: datetime) -> dict[str, SpotPrice]:
    rows = caller.pages(
        f"spot prices in {region}", client, "describe_spot_price_history", "SpotPriceHistory",
        InstanceTypes=list(types), ProductDescriptions=["Linux/UNIX"], StartTime=now,
    )
    return lowest_spot(region, rows)


def live_catalog(
    progress: Progress | None = None,
    *,
    clients: ClientFactory = _default_clients,
    families: Iterable[str] = FAMILIES,
    regions: Iterable[str] | None = None,
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ProviderCatalog:
    """Query the live APIs for the given families and regions and build a catalog from them."""
    report = progress or (lambda message, done, total: None)
    now = now or datetime.now(UTC)
    families = tuple(families)
    regions = tuple(regions or venue_regions())
    caller = _Caller(sleep)
    try:
        ec2_home = clients("ec2", PRICING_REGION)
        pricing = clients("pricing", PRICING_REGION)
    except Exception as exc:  # missing SDK or broken configuration
        raise LiveUnavailable(f"cannot create AWS clients: {exc}") from exc
    report("instance types (ec2.describe_instance_types)", 0, None)
    infos = caller.pages(
        "instance types", ec2_home, "describe_instance_types", "InstanceTypes",
        Filters=[{"Name": "instance-type", "Values": [f"{f}.*" for f in families]}],
    )
    capabilities = parse_instance_types(i for i in infos if family(i["InstanceType"]) in families)
    types = sorted(capabilities)
    products: dict[tuple[str, str], Product] = {}
    spot: dict[tuple[str, str], SpotPrice] = {}
    skipped: list[str] = []
    total = len(regions) * (len(types) + 1)
    done = 0
    for region in regions:
        for itype in types:
            report(f"prices {region} {itype}", done, total)
            items = caller.pages(
                f"prices of {itype} in {region}", pricing, "get_products", "PriceList",
                ServiceCode="AmazonEC2", Filters=_filters(region, itype), MaxResults=100,
            )
            parsed = parse_price_list(items, f"{PRICING_REFERENCE} {region}")
            products.update({k: v for k, v in parsed.products.items() if k == (region, itype)})
            skipped += [f"{region} {itype}: {n} x {why}" for why, n in sorted(parsed.dropped.items())]
            done += 1
        offered = [t for t in types if (region, t) in products]
        report(f"spot prices {region}", done, total)
        if offered:
            try:
                found = _spot(caller, clients("ec2", region), region, offered, now)
                spot.update({(region, t): s for t, s in found.items()})
            except LiveUnavailable as exc:
                skipped.append(f"{region}: no spot prices ({exc})")
        done += 1
    inputs = Inputs(
        source="live",
        as_of=now,
        reference=f"{PRICING_REFERENCE}; ec2.describe_spot_price_history; ec2.describe_instance_types ({now:%Y-%m-%dT%H:%MZ})",
        products=products,
        capabilities=capabilities,
        spot=spot,
        spot_as_of=now,
        skipped=skipped,
    )
    catalog = build_catalog(inputs)
    unpriced = sum(o.usd_per_hour is None for o in catalog.offers)
    report(f"done: {len(catalog.offers)} offers ({unpriced} unpriced), {len(inputs.skipped)} rows skipped", total, total)
    return catalog
