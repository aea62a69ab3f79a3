"""Live refresh: the public Price List Bulk API offer files by default (no credentials), or the
signed Price List Query API; EC2 spot price history and instance types through boto3.

boto3 is imported only here, when a refresh runs. Any missing credential, unreachable endpoint or
refusal becomes ``LiveUnavailable`` with the reason, so the caller keeps its previous catalog.
Throttled queries are retried (botocore standard mode, then advisor.live's jittered backoff) before giving up.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from advisor.plugin import LiveUnavailable, Progress, ProviderCatalog

from advisor_aws.assemble import Inputs, build_catalog
from advisor_aws.capabilities import family, parse_instance_types
from advisor_aws.bulk import BULK_HOST, SAVINGS_PLAN_INDEX, Fetch, SavingsPlanRate
from advisor_aws.pricelist import REQUIRED, REQUIRED_IF_PRESENT, ParsedPrices, Product, parse_price_list
from advisor_aws.spot import SpotPrice, lowest_spot
from advisor_aws.spot_advisor import ADVISOR_URL, Band, parse_advisor
from advisor_aws.venues import regions as venue_regions

FAMILIES = ("g4dn", "g5", "g6", "g6e", "p4d", "p4de", "p5", "p5e", "inf2", "trn1", "m7i", "c7i")
PRICING_REGION = "us-east-1"
EXTRA_ATTEMPTS = 2
BACKOFF_BASE_S = 2.0  # ceilings of 2 s then 4 s between the three tries
PRICE_FILTERS = {**REQUIRED, **REQUIRED_IF_PRESENT}
PRICING_REFERENCE = "AWS Price List Query API pricing.get_products(ServiceCode=AmazonEC2)"
ClientFactory = Callable[[str, str], Any]


def _default_clients(service: str, region: str) -> Any:
    """A client from a fresh session: credentials are resolved from the environment as it is now,
    never from boto3's process-wide default session (which caches its credential chain)."""
    from advisor.plugin import require_extra

    boto3 = require_extra("boto3", "advisor-aws")
    Config = require_extra("botocore.config", "advisor-aws").Config  # noqa: N806

    config = Config(connect_timeout=5, read_timeout=20, retries={"mode": "standard", "max_attempts": 3})
    return boto3.session.Session().client(service, region_name=region, config=config)


def _filters(region: str) -> list[dict[str, str]]:
    """One query per region: every Linux on-demand shared product there (families are kept locally)."""
    wanted = {"regionCode": region, **PRICE_FILTERS}
    return [{"Type": "TERM_MATCH", "Field": k, "Value": v} for k, v in wanted.items()]


class _Caller:
    """Runs one paginated query, turning SDK failures into LiveUnavailable with a reason."""

    def __init__(self, sleep: Callable[[float], None]) -> None:
        self.sleep = sleep

    def pages(self, what: str, client: Any, operation: str, key: str, **params: Any) -> list[Any]:
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

        from advisor.plugin import AWS_THROTTLING_CODES, Retryable, with_retries

        tries = EXTRA_ATTEMPTS + 1

        def attempt() -> list[Any]:
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
                if code in AWS_THROTTLING_CODES:
                    raise Retryable(f"AWS throttled {what} ({code}) after {tries} tries") from exc
                raise LiveUnavailable(f"AWS refused {what}: {code} {exc.response.get('Error', {}).get('Message', '')}".strip()) from exc
            except BotoCoreError as exc:
                raise LiveUnavailable(f"cannot reach AWS for {what}: {exc}") from exc

        return with_retries(attempt, attempts=tries, base_s=BACKOFF_BASE_S, sleep=self.sleep)


def _spot(caller: _Caller, client: Any, region: str, types: Sequence[str], now: datetime) -> dict[str, SpotPrice]:
    rows = caller.pages(
        f"spot prices in {region}", client, "describe_spot_price_history", "SpotPriceHistory",
        InstanceTypes=list(types), ProductDescriptions=["Linux/UNIX"], StartTime=now,
    )
    return lowest_spot(region, rows)


def _instance_types(caller: _Caller, clients: ClientFactory, regions: Sequence[str], families: tuple[str, ...],
                    report: Progress) -> list[dict[str, Any]]:
    """``describe_instance_types`` in every region (a type offered in one region only, such as p5e,
    is found there), each type once."""
    found: dict[str, dict[str, Any]] = {}
    for n, region in enumerate(regions):
        report(f"instance types {region} (ec2.describe_instance_types)", n, len(regions))
        infos = caller.pages(
            f"instance types in {region}", clients("ec2", region), "describe_instance_types", "InstanceTypes",
            Filters=[{"Name": "instance-type", "Values": [f"{f}.*" for f in families]}],
        )
        for info in infos:
            if family(info["InstanceType"]) in families:
                found.setdefault(info["InstanceType"], info)
    return list(found.values())


def _wanted_products(parsed: ParsedPrices, region: str, families: tuple[str, ...]) -> dict[tuple[str, str], Product]:
    return {k: v for k, v in parsed.products.items() if k[0] == region and family(k[1]) in families}


def _spot_all(caller: _Caller, clients: ClientFactory, products: Mapping[tuple[str, str], Product],
              regions: Sequence[str], now: datetime, skipped: list[str]) -> dict[tuple[str, str], SpotPrice]:
    spot: dict[tuple[str, str], SpotPrice] = {}
    for region in regions:
        offered = sorted(t for r, t in products if r == region)
        if not offered:
            continue
        try:
            found = _spot(caller, clients("ec2", region), region, offered, now)
        except LiveUnavailable as exc:
            skipped.append(f"{region}: no spot prices ({exc})")
            continue
        spot.update({(region, t): s for t, s in found.items()})
    return spot


def _spot_bands(fetch: Fetch, skipped: list[str]) -> dict[tuple[str, str], Band]:
    """The public Spot Instance Advisor bands (no credentials); a failure only loses the bands."""
    try:
        return parse_advisor(json.loads(b"".join(fetch(ADVISOR_URL))))
    except (LiveUnavailable, ValueError) as exc:
        skipped.append(f"no Spot Instance Advisor interruption bands ({exc})")
        return {}


def _finish(inputs: Inputs, report: Progress) -> ProviderCatalog:
    catalog = build_catalog(inputs)
    unpriced = sum(o.usd_per_hour is None for o in catalog.offers)
    report(f"done: {len(catalog.offers)} offers ({unpriced} unpriced), {len(inputs.skipped)} rows skipped", 1, 1)
    return catalog


def _clients_or_unavailable(clients: ClientFactory, service: str) -> Any:
    try:
        return clients(service, PRICING_REGION)
    except Exception as exc:  # missing SDK or broken configuration
        raise LiveUnavailable(f"cannot create AWS clients: {exc}") from exc


def live_catalog(
    progress: Progress | None = None,
    *,
    clients: ClientFactory = _default_clients,
    families: Iterable[str] = FAMILIES,
    regions: Iterable[str] | None = None,
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
    fetch: Fetch | None = None,
) -> ProviderCatalog:
    """The Price List Query API (signed): one ``get_products`` query per region, instance types from
    every region, spot from each region's price history."""
    report = progress or (lambda message, done, total: None)
    now = now or datetime.now(UTC)
    families = tuple(families)
    regions = tuple(regions or venue_regions())
    caller = _Caller(sleep)
    pricing = _clients_or_unavailable(clients, "pricing")
    capabilities = parse_instance_types(_instance_types(caller, clients, regions, families, report))
    products: dict[tuple[str, str], Product] = {}
    skipped: list[str] = []
    for n, region in enumerate(regions):
        report(f"prices {region} (pricing.get_products)", n, len(regions))
        items = caller.pages(
            f"prices in {region}", pricing, "get_products", "PriceList",
            ServiceCode="AmazonEC2", Filters=_filters(region), MaxResults=100,
        )
        parsed = parse_price_list(items, f"{PRICING_REFERENCE} {region}")
        products.update(_wanted_products(parsed, region, families))
        skipped += [f"{region}: {n_} x {why}" for why, n_ in sorted(parsed.dropped.items())]
    report("spot prices (ec2.describe_spot_price_history)", len(regions), None)
    spot = _spot_all(caller, clients, products, regions, now, skipped)
    bands = _spot_bands(fetch or http_fetch, skipped) if spot else {}
    return _finish(Inputs(
        source="live",
        as_of=now,
        reference=f"{PRICING_REFERENCE}; ec2.describe_spot_price_history; ec2.describe_instance_types ({now:%Y-%m-%dT%H:%MZ})",
        products=products, capabilities=capabilities, spot=spot, spot_as_of=now, skipped=skipped, spot_bands=bands,
    ), report)


def bulk_catalog(
    progress: Progress | None = None,
    *,
    fetch: Fetch | None = None,
    clients: ClientFactory | None | str = "default",
    families: Iterable[str] = FAMILIES,
    regions: Iterable[str] | None = None,
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ProviderCatalog:
    """The default refresh, no credentials needed: on-demand and reserved prices from the public
    bulk offer files of every region; instance types from the snapshot's EC2 shapes, or from
    ``describe_instance_types`` in every region and spot prices from the price history when AWS
    credentials work (``clients=None`` never tries; "default" is a fresh boto3 session's)."""
    from advisor_aws.bulk import REGION_INDEX, read_region, region_files
    from advisor_aws.embedded import raw_snapshot

    report = progress or (lambda message, done, total: None)
    now = now or datetime.now(UTC)
    families = tuple(families)
    fetch = fetch or http_fetch
    if clients == "default":
        clients = _default_clients
    wanted = tuple(regions or venue_regions())
    report("region index (AWS Price List Bulk API)", 0, None)
    index = json.loads(b"".join(fetch(f"{BULK_HOST}{REGION_INDEX}")))
    files = [f for f in region_files(index) if f.region in wanted]
    skipped = [f"{r}: not in the bulk region index" for r in wanted if r not in {f.region for f in files}]
    products: dict[tuple[str, str], Product] = {}
    for n, region_file in enumerate(files):
        report(f"prices {region_file.region} (bulk offer file, streamed)", n, len(files))
        parsed = read_region(fetch, region_file, families)
        products.update(_wanted_products(parsed, region_file.region, families))
        skipped += [f"{region_file.region}: {k} x {why}" for why, k in sorted(parsed.dropped.items())]
    plans = _savings_plans(fetch, wanted, families, skipped, report)
    infos: list[dict[str, Any]] = raw_snapshot()["describe_instance_types"]["InstanceTypes"]
    spot: dict[tuple[str, str], SpotPrice] = {}
    signed = "no AWS credentials: instance types from the snapshot's EC2 shapes, no spot prices"
    if clients is not None:
        caller = _Caller(sleep)
        try:
            live_infos = _instance_types(caller, clients, wanted, families, report)
            known = {i["InstanceType"] for i in live_infos}
            infos = live_infos + [i for i in infos if i["InstanceType"] not in known]
            spot = _spot_all(caller, clients, products, wanted, now, skipped)
            signed = "ec2.describe_instance_types and ec2.describe_spot_price_history in every region"
        except LiveUnavailable as exc:
            skipped.append(f"{signed} ({exc})")
    bands = _spot_bands(fetch, skipped) if spot else {}
    return _finish(Inputs(
        source="live",
        as_of=now,
        reference=f"AWS Price List Bulk API {BULK_HOST}{REGION_INDEX} and each region's current offer file; {signed} ({now:%Y-%m-%dT%H:%MZ})",
        products=products, capabilities=parse_instance_types(infos), spot=spot, spot_as_of=now, skipped=skipped,
        spot_bands=bands, savings_plans=plans,
        savings_plans_reference=f"AWS Price List Bulk API {BULK_HOST}{SAVINGS_PLAN_INDEX} (Compute and EC2 Instance Savings Plans)",
    ), report)


def _savings_plans(fetch: Fetch, regions: Sequence[str], families: tuple[str, ...], skipped: list[str],
                   report: Progress) -> list[SavingsPlanRate]:
    """Savings Plans rates of every region from the public bulk files; a failure only loses them."""
    from advisor_aws.bulk import OfferFileError, read_savings_plans, savings_plan_files

    try:
        index = json.loads(b"".join(fetch(f"{BULK_HOST}{SAVINGS_PLAN_INDEX}")))
        files = [f for f in savings_plan_files(index) if f.region in regions]
        out: list[SavingsPlanRate] = []
        for n, region_file in enumerate(files):
            report(f"savings plans {region_file.region} (bulk file)", n, len(files))
            out += read_savings_plans(fetch, region_file, families)
        return out
    except (LiveUnavailable, OfferFileError, ValueError) as exc:
        skipped.append(f"no Savings Plans rates ({exc})")
        return []


def http_fetch(url: str, chunk_size: int = 1 << 20) -> Iterator[bytes]:
    """GET ``url`` (public, unsigned) and yield its body in chunks; network failures are LiveUnavailable."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (a fixed https host)
            while chunk := response.read(chunk_size):
                yield chunk
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise LiveUnavailable(f"cannot read the AWS Price List Bulk API ({url}): {exc}") from exc
