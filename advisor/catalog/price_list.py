"""The offers of ``advisor prices show`` as typed rows: filtered, sorted, limited, with $/GPU-hour and the
cheapest offer per provider. An unpriced offer stays unpriced (None), sorts last and is never the cheapest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from advisor.clock import age_days
from advisor.errors import InputError, did_you_mean

if TYPE_CHECKING:
    from advisor.catalog.cache import CatalogCache
    from advisor.catalog.gathering import Gathered
    from advisor.model.offers import Offer, TokenTerms, Venue
    from advisor.plugin.manager import Plugins

#: --sort keys → what they order by (unknown values last whatever the key).
SORTS = ("provider", "price", "gpu-hour", "gpu", "region", "age")


@dataclass(frozen=True)
class PriceRow:
    """One offer as listed: hardware, billing, unit price, price per accelerator-hour, provenance; a managed model
    API's offer also carries its token terms (per-token prices, provisioned throughput)."""

    id: str
    sku: str
    provider: str
    venue_id: str
    region: str
    country: str
    accelerator: str | None
    accelerator_count: float
    accelerator_memory_gib: float | None
    cpu: str | None
    vcpus: float | None
    memory_gib: float | None
    billing: str
    usd_per_hour: Decimal | None
    usd_per_gpu_hour: Decimal | None
    source: str
    as_of: datetime
    age_days: float | None
    reference: str | None
    tokens: TokenTerms | None = None
    term: str | None = None
    """A provisioned-throughput reservation's term (e.g. '1-year'), from the offer's attributes."""

    @property
    def priced(self) -> bool:
        """Whether the offer can be costed: per token, both token prices; otherwise its hourly price."""
        if self.billing == "per_token" and self.tokens is not None:
            return self.tokens.usd_per_million_input is not None and self.tokens.usd_per_million_output is not None
        return self.usd_per_hour is not None

    def as_json(self) -> dict[str, Any]:
        tokens = self.tokens
        out = asdict(self)
        del out["tokens"]
        for key in ("usd_per_hour", "usd_per_gpu_hour"):
            out[key] = None if out[key] is None else str(out[key])
        out["as_of"] = self.as_of.isoformat()
        out["priced"] = self.priced
        if tokens is not None:
            out["tokens"] = tokens.model_dump(mode="json")
        return out


@dataclass(frozen=True)
class PriceList:
    """The rows shown, how many matched before --limit, the cheapest per provider and the catalogs' sources."""

    rows: tuple[PriceRow, ...]
    matched: int
    cheapest: tuple[PriceRow, ...]
    gathered: Gathered
    generated_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "generated_at": self.generated_at.isoformat(),
            "sources": [s.model_dump(mode="json") for s in self.gathered.sources],
            "plugin_problems": list(self.gathered.plugin_problems),
            "matched": self.matched,
            "offers": [r.as_json() for r in self.rows],
            "cheapest_per_provider": [r.as_json() for r in self.cheapest],
        }


def price_row(offer: Offer, venue: Venue, now: datetime) -> PriceRow:
    hw = offer.hardware
    per_gpu = None
    if offer.usd_per_hour is not None and hw.accelerator and hw.accelerator_count:
        per_gpu = (offer.usd_per_hour / Decimal(str(hw.accelerator_count))).quantize(Decimal("0.0001"))
    return PriceRow(
        id=offer.id, sku=offer.sku, provider=offer.provider, venue_id=offer.venue_id, region=venue.region,
        country=venue.country, accelerator=hw.accelerator, accelerator_count=hw.accelerator_count,
        accelerator_memory_gib=hw.accelerator_memory_gib, cpu=hw.cpu, vcpus=hw.vcpus, memory_gib=hw.memory_gib,
        billing=offer.billing, usd_per_hour=offer.usd_per_hour, usd_per_gpu_hour=per_gpu, source=offer.provenance.source,
        as_of=offer.provenance.as_of, age_days=age_days(offer.provenance.as_of, now), reference=offer.provenance.reference,
        tokens=offer.tokens,
        term=offer.attributes.get("term"),
    )


def _sort_key(sort: str) -> Callable[[PriceRow], tuple[Any, ...]]:
    """Known values first in ascending order, unknown (None) last; ties broken by provider, sku, id."""
    def tie(r: PriceRow) -> tuple[str, str, str]:
        return (r.provider, r.sku, r.id)

    if sort == "provider":
        return tie
    value: Callable[[PriceRow], Any] = {
        "price": lambda r: r.usd_per_hour,
        "gpu-hour": lambda r: r.usd_per_gpu_hour,
        "gpu": lambda r: (r.accelerator or "").lower() or None,
        "region": lambda r: r.region.lower(),
        "age": lambda r: r.age_days,
    }[sort]
    return lambda r: (value(r) is None, value(r) if value(r) is not None else 0, *tie(r))


def select(rows: list[PriceRow], sort: str = "provider", limit: int | None = None) -> tuple[list[PriceRow], list[PriceRow]]:
    """(rows sorted and limited, the cheapest priced row of each provider by $/GPU-hour, else $/hour).

    A per-token offer has no hourly price, so it sorts with the unknowns by price and is never the cheapest."""
    if sort not in SORTS:
        raise InputError(None, [f"--sort: unknown key '{sort}'{did_you_mean(sort, SORTS)}; choose one of {', '.join(SORTS)}"])
    if limit is not None and limit < 1:
        raise InputError(None, [f"--limit: must be at least 1 (got {limit})"])
    ordered = sorted(rows, key=_sort_key(sort))
    best: dict[str, PriceRow] = {}
    for r in rows:
        if r.usd_per_hour is None:
            continue
        key = (r.usd_per_gpu_hour is None, r.usd_per_gpu_hour or r.usd_per_hour, r.sku, r.id)
        held = best.get(r.provider)
        if held is None or key < (held.usd_per_gpu_hour is None, held.usd_per_gpu_hour or held.usd_per_hour, held.sku, held.id):
            best[r.provider] = r
    return ordered[:limit] if limit else ordered, [best[p] for p in sorted(best)]


def gpu_matcher(name: str | None, plugins: Plugins) -> Callable[[str | None], bool]:
    """Case-insensitive match, through the hardware catalog's aliases (e.g. 'h100'), plugins' devices included."""
    if name is None:
        return lambda accelerator: True
    from advisor.reference.hardware import hardware_catalog

    wanted = {name.lower()}
    spec = hardware_catalog(plugins.hardware_specs()).get(name)
    if spec is not None:
        wanted.add(spec.id.lower())
    return lambda accelerator: accelerator is not None and accelerator.lower() in wanted


def price_list(
    plugins: Plugins, *, providers: tuple[str, ...] = (), gpu: str | None = None, region: str | None = None,
    billing: str | None = None, sort: str = "provider", limit: int | None = None, offline: bool = False,
    now: datetime | None = None, cache: CatalogCache | None = None,
) -> PriceList:
    """Gather every provider's offers (cache or snapshot) and list those matching the filters."""
    from advisor.catalog.gathering import gather
    from advisor.model.offers import OfferQuery

    known = [p.name for p in plugins.providers()]
    bad = [f"unknown provider '{n}'{did_you_mean(n, known)}; known: {', '.join(known) or 'none'}" for n in providers if n not in known]
    if bad:
        raise InputError(None, bad)
    select([], sort, limit)  # refuse a bad --sort or --limit before gathering
    gathered = gather(plugins, OfferQuery(), offline=offline, providers=list(providers) or None, cache=cache)
    now = now or datetime.now(UTC)
    matches_gpu = gpu_matcher(gpu, plugins)
    rows = [
        price_row(o, gathered.venues[o.venue_id], now)
        for o in gathered.offers
        if (billing is None or o.billing == billing)
        and (gpu is None or matches_gpu(o.hardware.accelerator))
        and (region is None or region.lower() in (gathered.venues[o.venue_id].region.lower(), o.venue_id.lower()))
    ]
    shown, cheapest = select(rows, sort, limit)
    return PriceList(rows=tuple(shown), matched=len(rows), cheapest=tuple(cheapest), gathered=gathered, generated_at=now)
