"""AWS Price List Bulk API: the public, unsigned offer files, read as a stream.

No credentials: ``/offers/v1.0/aws/AmazonEC2/current/region_index.json`` names each region's
current offer file, and that file (hundreds of MB to several GB) holds ``products`` (by SKU) then
``terms.OnDemand`` and ``terms.Reserved`` (by SKU). It is spooled to a temporary file and parsed
with ijson section by section, never held in memory: a product is kept only when the shared filter (``pricelist.drop_reason``) keeps it and its
instance family is one the plugin reads, and only the kept products' terms are kept. Each kept SKU
is rebuilt in the Query API's item shape so the one parser (``pricelist.parse_item``) prices both
paths. SkyPilot's catalog fetcher reads the same files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from advisor_aws.capabilities import family
from advisor_aws.pricelist import ParsedPrices, drop_reason, parse_price_list

BULK_HOST = "https://pricing.us-east-1.amazonaws.com"
REGION_INDEX = "/offers/v1.0/aws/AmazonEC2/current/region_index.json"
_TERM_PREFIXES = {"terms.OnDemand": "OnDemand", "terms.Reserved": "Reserved"}
_WANTED = ("products", *_TERM_PREFIXES)


class OfferFileError(ValueError):
    """An offer file that is not in the documented shape (the message says what was found)."""


@dataclass(frozen=True)
class RegionFile:
    """One region's current offer file, as the region index names it."""

    region: str
    url: str


def region_files(index: Mapping[str, Any], host: str = BULK_HOST) -> list[RegionFile]:
    """The regions of a region index (``regions.<code>.currentVersionUrl``), sorted by code."""
    regions = index.get("regions")
    if not isinstance(regions, Mapping):
        raise OfferFileError("region index has no 'regions' object")
    out = []
    for code, entry in sorted(regions.items()):
        path = entry.get("currentVersionUrl") if isinstance(entry, Mapping) else None
        if not path:
            raise OfferFileError(f"region index entry '{code}' has no currentVersionUrl")
        out.append(RegionFile(code, path if path.startswith("http") else f"{host}{path}"))
    return out


def _sections(stream: IO[bytes]) -> Iterator[tuple[str, str | None, Any]]:
    """(prefix, key, value) for ``publicationDate`` and each member of ``products`` and the two term
    maps, each value built alone by ijson's C backend (memory stays that of one member). One pass per
    section over a seekable file: three C passes are several times faster than one pass of Python
    event handling."""
    from advisor.plugin import require_extra

    ijson = require_extra("ijson", "advisor-aws")
    stream.seek(0)
    yield "publicationDate", None, next(ijson.items(stream, "publicationDate"), None)
    for prefix in _WANTED:
        stream.seek(0)
        for key, value in ijson.kvitems(stream, prefix, use_float=False):
            yield prefix, key, value


def parse_offer_file(stream: IO[bytes], families: Iterable[str], reference: str) -> ParsedPrices:
    """The Linux on-demand and reserved prices of ``families`` in one region's offer file (seekable)."""
    return _parsed(*kept_items(stream, families), reference)


def _parsed(items: list[dict[str, Any]], skipped: Mapping[str, int], reference: str) -> ParsedPrices:
    parsed = parse_price_list(items, reference)
    for reason, count in skipped.items():
        parsed.dropped[reason] += count
    return parsed


def kept_items(stream: IO[bytes], families: Iterable[str]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The kept products of ``families`` rebuilt as Query API items (product, terms, publicationDate),
    and the count of the families' products dropped, by reason."""
    wanted = frozenset(families)
    products: dict[str, dict[str, Any]] = {}
    terms: dict[str, dict[str, Any]] = {}
    published: str | None = None
    skipped: dict[str, int] = {}
    for prefix, key, value in _sections(stream):
        if prefix == "publicationDate":
            published = value
        elif prefix == "products":
            itype = (value.get("attributes") or {}).get("instanceType", "")
            if family(itype) not in wanted:
                continue
            reason = drop_reason(value)
            if reason is None:
                products[key] = value
            else:
                skipped[reason] = skipped.get(reason, 0) + 1
        elif key in products:
            terms.setdefault(key, {})[_TERM_PREFIXES[prefix]] = value
    if published is None:
        raise OfferFileError("not an AWS offer file: no publicationDate")
    items = [{"product": product, "terms": terms.get(sku, {}), "publicationDate": published} for sku, product in products.items()]
    return items, skipped


Fetch = Callable[[str], Iterable[bytes]]
"""Returns the body of a GET of a URL as byte chunks (tests pass recorded files)."""


def read_region(fetch: Fetch, region_file: RegionFile, families: Iterable[str]) -> ParsedPrices:
    """Download one region's offer file to a temporary file (never into memory), then parse it."""
    return _parsed(*read_region_items(fetch, region_file, families), f"AWS Price List Bulk API {region_file.url}")


def read_region_items(fetch: Fetch, region_file: RegionFile, families: Iterable[str]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One region's kept items (see ``kept_items``), the file spooled to a temporary file on the way."""
    return _spooled(fetch, region_file.url, lambda spool: kept_items(spool, families))


def _spooled(fetch: Fetch, url: str, parse: Callable[[IO[bytes]], Any]) -> Any:
    """Download ``url`` to a temporary file (never into memory) and parse it from there."""
    import tempfile

    with tempfile.TemporaryFile(prefix="advisor-aws-") as spool:
        for chunk in fetch(url):
            spool.write(chunk)
        return parse(spool)


# -- Savings Plans -------------------------------------------------------------------------------

SAVINGS_PLAN_INDEX = "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json"
SAVINGS_PLAN_FAMILIES = {"ComputeSavingsPlans": "compute", "EC2InstanceSavingsPlans": "ec2_instance"}
_LINUX_OPERATION = "RunInstances"


@dataclass(frozen=True)
class SavingsPlanRate:
    """The published effective hourly rate of one instance type under one Savings Plan."""

    region: str
    instance_type: str
    plan_type: str  # compute | ec2_instance
    years: int
    purchase_option: str  # no_upfront | partial_upfront | all_upfront
    usd_per_hour: Any
    effective: str | None


def savings_plan_files(index: Mapping[str, Any], host: str = BULK_HOST) -> list[RegionFile]:
    """The regions of a Savings Plans region index (``regions`` is a list of ``regionCode``/``versionUrl``)."""
    regions = index.get("regions")
    if not isinstance(regions, list):
        raise OfferFileError("Savings Plans region index has no 'regions' list")
    out = []
    for entry in regions:
        code, path = entry.get("regionCode"), entry.get("versionUrl")
        if not code or not path:
            raise OfferFileError(f"Savings Plans region index entry {entry!r} lacks regionCode or versionUrl")
        out.append(RegionFile(code, path if path.startswith("http") else f"{host}{path}"))
    return sorted(out, key=lambda f: f.region)


def parse_savings_plans(stream: IO[bytes], region: str, families: Iterable[str]) -> list[SavingsPlanRate]:
    """Linux shared-tenancy rates (``BoxUsage``, operation ``RunInstances``) of ``families`` in one
    region's Savings Plans file; other operating systems, tenancies and families are skipped."""
    import ijson

    from advisor_aws.pricelist import PURCHASE_OPTIONS

    wanted = frozenset(families)
    stream.seek(0)
    plans = {p["sku"]: p for p in ijson.items(stream, "products.item", use_float=False)
             if p.get("productFamily") in SAVINGS_PLAN_FAMILIES}
    stream.seek(0)
    out = []
    for term in ijson.items(stream, "terms.savingsPlan.item", use_float=False):
        plan = plans.get(term.get("sku"))
        length = term.get("leaseContractLength") or {}
        option = PURCHASE_OPTIONS.get((plan or {}).get("attributes", {}).get("purchaseOption", ""))
        if plan is None or option is None or length.get("unit") != "year":
            continue
        for rate in term.get("rates") or ():
            usage = rate.get("discountedUsageType", "")
            itype = usage.split("BoxUsage:", 1)[1] if "BoxUsage:" in usage else ""
            price = (rate.get("discountedRate") or {})
            if (not itype or family(itype) not in wanted or rate.get("discountedOperation") != _LINUX_OPERATION
                    or price.get("currency") != "USD"):
                continue
            out.append(SavingsPlanRate(region, itype, SAVINGS_PLAN_FAMILIES[plan["productFamily"]], int(length["duration"]),
                                       option, price.get("price"), term.get("effectiveDate")))
    return out


def read_savings_plans(fetch: Fetch, region_file: RegionFile, families: Iterable[str]) -> list[SavingsPlanRate]:
    """One region's Savings Plans file, spooled, parsed."""
    return _spooled(fetch, region_file.url, lambda spool: parse_savings_plans(spool, region_file.region, families))
