"""How much of each provider's catalog carries a price: by provider, and by hardware across areas.

A FinOps reader needs to know where the catalog is blind before trusting a ranking: an unpriced
offer is never ranked, so a region without prices silently narrows the choice. This makes that
visible (`advisor prices coverage`) and keeps the table in docs/prices.md in step with the snapshots.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, overload

from advisor.reference.geo import area_of

if TYPE_CHECKING:
    from advisor.catalog.gathering import Gathered
    from advisor.model.offers import Offer
    from advisor.plugin.manager import Plugins

AREAS = ("United States", "Europe", "Asia-Pacific", "other")


@dataclass(frozen=True)
class ProviderCoverage:
    """One provider: offers and regions, how many carry a price, the span of the price dates."""

    provider: str
    source: str
    offers: int
    priced: int
    regions: int
    priced_regions: int
    oldest_price: datetime | None
    newest_price: datetime | None
    sizes: int = 0
    """Distinct (region, SKU) pairs offered."""
    with_on_demand: int = 0
    with_spot: int = 0
    with_commitment: int = 0
    """Pairs with a priced reserved, savings-plan or committed-use offer."""


COMMITMENTS = frozenset({"reserved", "savings_plan", "committed_use"})


def _terms(offers: list[Offer]) -> dict[str, int]:
    """How many (region, SKU) pairs carry a priced on-demand, spot and commitment offer."""
    pairs: dict[tuple[str, str], set[str]] = {}
    for o in offers:
        kinds = pairs.setdefault((o.venue_id, o.sku), set())
        if o.priced:
            kinds.add("commitment" if o.billing in COMMITMENTS else o.billing)
    return {"sizes": len(pairs), "with_on_demand": sum("on_demand" in k for k in pairs.values()),
            "with_spot": sum("spot" in k for k in pairs.values()),
            "with_commitment": sum("commitment" in k for k in pairs.values())}


@dataclass(frozen=True)
class HardwareCoverage:
    """One provider's hardware (accelerator, or CPU for CPU-only offers): regions priced of offered, per area."""

    provider: str
    hardware: str
    offered: dict[str, int]
    priced: dict[str, int]


@dataclass(frozen=True)
class Coverage:
    providers: tuple[ProviderCoverage, ...]
    hardware: tuple[HardwareCoverage, ...]


def _hardware(offer: Offer) -> str:
    hw = offer.hardware
    if offer.tokens is not None:
        return f"API: {offer.tokens.serves}"
    name = hw.accelerator or hw.cpu
    if name:
        return name
    return "CPU, model not stated" if hw.vcpus else "not stated"


def coverage(gathered: Gathered, providers: Iterable[str] | None = None) -> Coverage:
    """The coverage of a gathered catalog; a region counts as priced when one of its offers has a price."""
    wanted = None if providers is None else set(providers)
    by_provider: dict[str, list[Offer]] = {}
    for offer in gathered.offers:
        if wanted is None or offer.provider in wanted:
            by_provider.setdefault(offer.provider, []).append(offer)
    summaries = []
    hardware = []
    for source in gathered.sources:
        if wanted is not None and source.provider not in wanted:
            continue
        offers = by_provider.get(source.provider, [])
        priced = [o for o in offers if o.priced]
        dates = [o.provenance.as_of for o in priced]
        summaries.append(
            ProviderCoverage(
                provider=source.provider,
                source=source.source,
                offers=len(offers),
                priced=len(priced),
                regions=len({o.venue_id for o in offers}),
                priced_regions=len({o.venue_id for o in priced}),
                oldest_price=min(dates, default=None),
                newest_price=max(dates, default=None),
                **_terms(offers),
            )
        )
        hardware.extend(_hardware_rows(source.provider, offers, gathered))
    return Coverage(tuple(summaries), tuple(hardware))


def _hardware_rows(provider: str, offers: list[Offer], gathered: Gathered) -> list[HardwareCoverage]:
    offered: dict[str, dict[str, set[str]]] = {}
    priced: dict[str, dict[str, set[str]]] = {}
    for o in offers:
        area = area_of(gathered.venues[o.venue_id].country)
        offered.setdefault(_hardware(o), {}).setdefault(area, set()).add(o.venue_id)
        if o.priced:
            priced.setdefault(_hardware(o), {}).setdefault(area, set()).add(o.venue_id)
    return [
        HardwareCoverage(
            provider=provider,
            hardware=name,
            offered={a: len(offered[name].get(a, ())) for a in AREAS},
            priced={a: len(priced.get(name, {}).get(a, ())) for a in AREAS},
        )
        for name in sorted(offered, key=str.lower)
    ]


@overload
def _date(value: datetime) -> str: ...
@overload
def _date(value: None) -> None: ...
def _date(value: datetime | None) -> str | None:
    return None if value is None else f"{value:%Y-%m-%d}"


def as_json(cov: Coverage) -> dict[str, Any]:
    return {
        "areas": list(AREAS),
        "providers": [
            {**p.__dict__, "oldest_price": _date(p.oldest_price), "newest_price": _date(p.newest_price)} for p in cov.providers
        ],
        "hardware": [h.__dict__ for h in cov.hardware],
    }


def area_cell(h: HardwareCoverage, area: str) -> str:
    """'priced/offered' regions, '-' where the provider offers none in that area."""
    return f"{h.priced[area]}/{h.offered[area]}" if h.offered[area] else "-"


def dates_cell(p: ProviderCoverage) -> str:
    if p.oldest_price is None or p.newest_price is None:  # both or neither: min and max of the same dates
        return "-"
    oldest, newest = _date(p.oldest_price), _date(p.newest_price)
    return oldest if oldest == newest else f"{oldest} to {newest}"


def _share(part: int, whole: int) -> str:
    return f"{part:,} ({100 * part / whole:.0f} %)" if whole else "-"


def markdown(cov: Coverage) -> str:
    lines = [
        "| provider | source | offers priced | regions with a price | price dates |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {p.provider} | {p.source} | {p.priced:,} of {p.offers:,} | {p.priced_regions} of {p.regions} | {dates_cell(p)} |"
        for p in cov.providers
    ]
    lines += ["", "Billing models: of the (region, size) pairs offered, how many carry a price on demand, on spot, and"
              " under a commitment (reserved, savings plan or committed use):", ""]
    lines += ["| provider | region-size pairs | on demand | spot | reserved / committed |", "|---|---|---|---|---|"]
    lines += [f"| {p.provider} | {p.sizes:,} | {_share(p.with_on_demand, p.sizes)} | {_share(p.with_spot, p.sizes)} | "
              f"{_share(p.with_commitment, p.sizes)} |" for p in cov.providers if p.with_on_demand or p.with_spot or p.with_commitment]
    lines += ["", "Regions with a price / regions offering the hardware, by area:", ""]
    lines += ["| provider | hardware | " + " | ".join(AREAS) + " |", "|---|---|" + "---|" * len(AREAS)]
    lines += [f"| {h.provider} | {h.hardware} | " + " | ".join(area_cell(h, a) for a in AREAS) + " |" for h in cov.hardware]
    return "\n".join(lines) + "\n"


def refresh_docs(text: str, cov: Coverage) -> str:
    """``text`` with the block between ``<!-- coverage:start -->`` and ``<!-- coverage:end -->`` rebuilt."""
    pattern = re.compile(r"(<!-- coverage:start -->\n).*?(<!-- coverage:end -->)", re.S)
    return pattern.sub(lambda m: m.group(1) + markdown(cov) + m.group(2), text)


def snapshot_coverage(plugins: Plugins) -> Coverage:
    """Coverage of the embedded snapshots of the run's providers (no cache, no network)."""
    from advisor.catalog.gathering import gather
    from advisor.model.offers import OfferQuery

    return coverage(gather(plugins, OfferQuery(), offline=True))


if __name__ == "__main__":  # python -m advisor.catalog.coverage docs/prices.md
    import sys
    from pathlib import Path

    from advisor.plugin.manager import Plugins

    target = Path(sys.argv[1])
    target.write_text(refresh_docs(target.read_text(encoding="utf-8"), snapshot_coverage(Plugins())), encoding="utf-8")
