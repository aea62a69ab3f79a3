"""Fake providers and records for the catalog, cache and prices tests (no network, no real plugin)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from advisor import hookimpl
from advisor.model.offers import Hardware, Offer, OfferQuery, Provenance, ProviderCatalog, Venue
from advisor.plugin.manager import Plugins
from advisor.plugin.provider import LiveUnavailable, Progress, Provider

SNAPSHOT_AS_OF = datetime(2026, 5, 1, tzinfo=UTC)
NOW = datetime(2026, 5, 11, tzinfo=UTC)


def provenance(source: str = "snapshot", as_of: datetime = SNAPSHOT_AS_OF) -> Provenance:
    return Provenance(source=source, as_of=as_of, reference="https://example.test/prices")


def venue(provider: str, region: str = "r1", kind: str = "cloud") -> Venue:
    return Venue(
        id=f"{provider}:{region}",
        provider=provider,
        kind=kind,
        region=region,
        country="DE",
        metro="Frankfurt",
        latitude=50.1,
        longitude=8.7,
        host_trust="anonymous_host" if kind == "depin" else "hyperscaler_dc",
    )


def offer(
    provider: str,
    sku: str = "gpu1",
    price: str | None = "1.50",
    region: str = "r1",
    gpu: str | None = "H100-SXM",
    billing: str = "on_demand",
    source: str = "snapshot",
    as_of: datetime = SNAPSHOT_AS_OF,
) -> Offer:
    venue_id = f"{provider}:{region}"
    return Offer(
        id=f"{venue_id}:{sku}:{billing}",
        provider=provider,
        venue_id=venue_id,
        sku=sku,
        hardware=Hardware(accelerator=gpu, accelerator_count=1 if gpu else 0, accelerator_memory_gib=80, vcpus=26, memory_gib=200),
        billing=billing,
        usd_per_hour=Decimal(price) if price is not None else None,
        provenance=provenance(source, as_of),
    )


def catalog(provider: str, offers: list[Offer], venues: list[Venue] | None = None, source: str = "snapshot",
            as_of: datetime = SNAPSHOT_AS_OF, kind: str = "cloud") -> ProviderCatalog:
    return ProviderCatalog(
        provider=provider,
        venues=tuple(venues if venues is not None else [venue(provider, kind=kind)]),
        offers=tuple(offers),
        provenance=provenance(source, as_of),
    )


class Good(Provider):
    """Two priced offers and one unpriced; a live refresh that returns a cheaper price."""

    kind = "cloud"

    def __init__(self, name: str = "good", kind: str = "cloud", live_price: str = "1.20") -> None:
        self.name, self.kind, self.live_price = name, kind, live_price
        self.calls = 0

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        self.calls += 1
        offers = [offer(self.name, "gpu1"), offer(self.name, "gpu2", "3.00", gpu="A100-80GB"), offer(self.name, "gpu3", None, gpu="L4")]
        return catalog(self.name, offers, kind=self.kind)

    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        if progress:
            progress("fetching", 1, 1)
        return catalog(self.name, [offer(self.name, "gpu1", self.live_price, source="live", as_of=NOW)], source="live", as_of=NOW,
                       kind=self.kind)


class Raises(Provider):
    name, kind = "raises", "cloud"

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        raise ValueError("snapshot file missing")


class Hangs(Provider):
    name, kind = "hangs", "depin"

    def __init__(self) -> None:
        self.release = threading.Event()

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        self.release.wait(30)
        return catalog(self.name, [offer(self.name)], kind=self.kind)


class Malformed(Provider):
    """One good offer, three that bypassed validation: a $0 price, a negative count, not an offer."""

    name, kind = "malformed", "cloud"

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        good = offer(self.name)
        zero = good.model_construct(**{**dict(good), "id": "malformed:r1:zero:on_demand", "usd_per_hour": Decimal(0)})
        negative = good.model_construct(**{**dict(good), "id": "malformed:r1:neg:on_demand", "hardware": Hardware.model_construct(accelerator_count=-1)})
        return ProviderCatalog.model_construct(
            provider=self.name, venues=(venue(self.name),), offers=(good, zero, negative, "not an offer"), provenance=provenance()
        )


class Orphan(Provider):
    name, kind = "orphan", "cloud"

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return catalog(self.name, [offer(self.name), offer(self.name, "lost", region="nowhere")])


class Dupes(Provider):
    name, kind = "dupes", "cloud"

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return catalog(self.name, [offer(self.name), offer(self.name, price="9.99"), offer(self.name, "gpu2")])


class Impostor(Provider):
    """Returns an offer labelled with another provider's name."""

    name, kind = "impostor", "cloud"

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        foreign = offer(self.name, "x").model_copy(update={"provider": "someone-else"})
        return catalog(self.name, [offer(self.name), foreign])


class NoCredentials(Good):
    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        raise LiveUnavailable("no credentials: set FAKE_API_KEY")


class BrokenRefresh(Good):
    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        raise RuntimeError("API returned HTTP 500")


class _Registrar:
    def __init__(self, providers: list[Provider]) -> None:
        self.providers = providers

    @hookimpl
    def register_providers(self, register: Any) -> None:
        for p in self.providers:
            register(p)


def plugins_with(*providers: Provider, name: str = "fakes") -> Plugins:
    """A plugin manager with no entry points and one in-process plugin registering ``providers``."""
    plugins = Plugins(load_entry_points=False)
    plugins.register(_Registrar(list(providers)), name=name)
    return plugins


class NaiveDates(Provider):
    """Offers dated without a time zone, smuggled past construction (``model_construct``), as a
    plugin that builds its records unchecked would."""

    name, kind = "naive", "cloud"

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        good = offer(self.name)
        naive = Provenance.model_construct(source="snapshot", as_of=datetime(2026, 5, 1), reference="https://example.test/prices")
        bad = good.model_construct(**{**dict(good), "id": "naive:r1:gpu2:on_demand", "sku": "gpu2", "provenance": naive})
        return catalog(self.name, []).model_copy(update={"offers": (good, bad)})


class NaiveCatalogDate(Provider):
    """A catalog whose own provenance has no time zone."""

    name, kind = "naivecat", "cloud"

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        naive = Provenance.model_construct(source="snapshot", as_of=datetime(2026, 5, 1), reference="https://example.test/prices")
        return catalog(self.name, [offer(self.name)]).model_copy(update={"provenance": naive})
