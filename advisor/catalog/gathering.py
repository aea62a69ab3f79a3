"""Gather every provider's venues and offers: each provider isolated, each item re-validated.

A provider that raises, hangs or returns garbage is named in its ``ProviderSource.problems`` and the
others still answer. Nothing here touches the network: a catalog comes from the local cache (when
fresh) or from the provider's embedded snapshot / the user's files via ``Provider.catalog``.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Iterable, Iterator, Mapping
from concurrent.futures import wait
from dataclasses import dataclass, field
from functools import partial
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Literal

from advisor.catalog.claims import catalog_refusal, checked_venues
from advisor.clock import age_days
from advisor.errors import PluginError
from advisor.gcpause import paused_gc
from advisor.model.offers import Offer, OfferQuery, Provenance, ProviderCatalog, Record, StreamedCatalog, Venue
from advisor.catalog.price_checks import spot_not_discounted
from advisor.catalog.revalidate import SAMPLES, counted, revalidate, validated, why
from advisor.guard import PluginTimeout, StreamFailed, describe_failure, start, streamed
from advisor.redact import redact

if TYPE_CHECKING:
    from advisor.catalog.cache import CatalogCache
    from advisor.catalog.usable import Skipped
    from advisor.plugin.manager import Plugins
    from advisor.plugin.provider import Provider

SourceKind = Literal["live", "cache", "snapshot", "user", "failed", "skipped"]


class ProviderSource(Record):
    """Where one provider's catalog came from, how old it is, and what went wrong with it."""

    provider: str
    plugin: str | None = None
    origin: str | None = None
    """The plugin bound to the distribution that installed it, e.g. 'aws from advisor-aws 0.1.0'."""
    kind: str
    source: SourceKind
    as_of: datetime | None = None
    age_days: float | None = None
    reference: str | None = None
    offers: int = 0
    unpriced: int = 0
    venues: int = 0
    stale: bool = False
    """Cached prices past their TTL, used because nothing newer was at hand: a refresh is advised."""
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    """Prices kept but implausible (e.g. spot not cheaper than on-demand): said, never a failure."""
    skipped: str | None = None
    """Why the run never asked for this catalog (``source`` 'skipped'; ``advisor.catalog.usable``)."""


@dataclass(frozen=True)
class Gathered:
    """The validated catalog of one run: venues by id, offers sorted by id, provenance per provider."""

    venues: Mapping[str, Venue]
    offers: tuple[Offer, ...]
    sources: tuple[ProviderSource, ...]
    plugin_problems: tuple[str, ...] = ()
    price_dates: Mapping[str, tuple[date, date]] = field(default_factory=dict)
    """Per provider (as the offers name it): the dates of its oldest and newest priced offer."""

    @property
    def problems(self) -> tuple[str, ...]:
        """Every problem, each prefixed with the provider or plugin it concerns."""
        own = (f"provider '{s.provider}' ({s.origin or s.plugin}): {p}" for s in self.sources for p in s.problems)
        return (*self.plugin_problems, *own)


@dataclass
class _Loaded:
    """One provider's raw answer before cross-provider checks."""

    provider: Any
    catalog: ProviderCatalog | None = None
    source: SourceKind = "failed"
    venues: list[Venue] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unpriced: int = 0
    """Offers without a price among ``offers``, once merged."""
    stream: Iterator[Offer] | None = None
    """A ``StreamedCatalog``'s offers (``advisor.guard.streamed``), read once they are validated; ``catalog``
    then holds its venues and provenance and no offers."""
    stale_cache: ProviderCatalog | None = None
    """A cached catalog past its TTL: used instead of the snapshot when the snapshot is older."""
    stale: bool = False


def gather(
    plugins: Plugins,
    query: OfferQuery,
    *,
    offline: bool = False,
    strict: bool = False,
    timeout_s: float = 20.0,
    use_cache: bool = True,
    providers: Collection[str] | None = None,
    now: datetime | None = None,
    cache: CatalogCache | None = None,
    skipped: Iterable[Skipped] = (),
) -> Gathered:
    """Collect and validate the catalogs of the registered providers.

    Args:
        plugins: an ``advisor.plugin.manager.Plugins``.
        query: the hint passed to each ``Provider.catalog``.
        offline: ignore the local cache too: embedded snapshots and user files only, i.e. exactly
            what a fresh install sees (reproducible across machines).
        strict: raise ``PluginError`` naming every faulty provider or plugin instead of going on.
        timeout_s: how long each provider's ``catalog`` may run; a hung one is abandoned and reported.
        use_cache: take a provider's catalog from the cache when an entry within its TTL exists.
        providers: only these provider names (unknown names are reported as problems).
        now: the clock for ages and TTLs (tests inject one); default the current UTC time.
        cache: a ``CatalogCache`` to read instead of the default one.
        skipped: providers left out of ``providers`` because no workload of the run can use them
            (``advisor.catalog.usable``): listed among the sources, with the reason, and not called.
    """
    now = _utc(now or datetime.now(UTC))
    chosen = list(plugins.providers())
    unknown: tuple[str, ...] = ()
    if providers is not None:
        wanted = set(providers)
        unknown = tuple(sorted(wanted - {p.name for p in chosen}))
        chosen = [p for p in chosen if p.name in wanted]
    loaded = {p.name: _Loaded(p) for p in chosen}

    pending = dict(loaded)
    if use_cache and not offline and pending:
        for name, (entry, fresh) in _cached(pending.values(), now, cache).items():
            if fresh:
                loaded[name].catalog, loaded[name].source = entry, "cache"
                del pending[name]
            else:
                loaded[name].stale_cache = entry
    _run_catalogs(pending.values(), query, timeout_s)
    for item in pending.values():
        _prefer_newer(item)

    with paused_gc():
        for item in loaded.values():
            if item.catalog is not None:
                _check_items(item, query.as_of, now)
    venues = _merge_venues(loaded.values())
    offers, price_dates = _merge_offers(loaded.values(), venues)
    warnings = {name: spot_not_discounted(item.offers) for name, item in loaded.items()}

    plugin_problems = tuple(dict.fromkeys(str(p) for p in plugins.problems))
    plugin_problems += tuple(f"no provider named '{n}' is registered" for n in unknown)
    sources = tuple(_source(loaded[name], now, warnings[name]) for name in sorted(loaded))
    if skipped:
        left_out = [ProviderSource(provider=s.provider, plugin=s.plugin, origin=s.origin, kind=s.kind, source="skipped",
                                   skipped=s.reason) for s in skipped]
        sources = tuple(sorted((*sources, *left_out), key=lambda s: s.provider))
    gathered = Gathered(venues=venues, offers=offers, sources=sources, plugin_problems=plugin_problems,
                        price_dates=price_dates)
    if strict and gathered.problems:
        raise PluginError("misbehaving plugins or providers:\n" + "\n".join(f"  - {p}" for p in gathered.problems))
    return gathered


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _cached(items: Iterable[_Loaded], now: datetime, cache: CatalogCache | None) -> dict[str, tuple[ProviderCatalog, bool]]:
    """Cache entries by provider name, each with whether it is within its TTL; an unreadable entry
    means that provider's snapshot."""
    from advisor.catalog.cache import CacheError, CatalogCache, ttl_hours

    store = cache if cache is not None else CatalogCache()
    found = {}
    for item in items:
        name = item.provider.name
        try:
            entry = store.read(name)
        except CacheError as exc:  # the cache as a whole is unusable: say so once, use every snapshot
            warnings.warn(f"price cache unusable, using the snapshots: {exc}", stacklevel=4)
            break
        except Exception as exc:  # a broken entry degrades to that provider's snapshot, never fails the run
            warnings.warn(f"cached catalog of '{name}' unusable, using its snapshot: {exc!r}", stacklevel=4)
            continue
        if entry is not None:
            found[name] = (entry.catalog, entry.is_fresh(ttl_hours(item.provider), now))
    return found


def _prefer_newer(item: _Loaded) -> None:
    """Past its TTL a cached catalog still beats an older snapshot (or a provider that failed): the
    newest prices win, marked stale so a refresh is advised; a newer snapshot replaces it."""
    cached = item.stale_cache
    if cached is None:
        return
    current = item.catalog
    if current is not None and _newer_or_same(current.provenance.as_of, cached.provenance.as_of):
        return
    item.catalog, item.source, item.stale, item.stream = cached, "cache", True, None


def _newer_or_same(candidate: Any, cached: datetime) -> bool:
    """Whether ``candidate`` (a plugin's as_of, maybe malformed) is at least as new as ``cached``."""
    if not isinstance(candidate, datetime) or candidate.utcoffset() is None:
        return False  # a malformed or zone-less date never displaces valid cached prices
    return candidate >= cached


def _run_catalogs(items: Iterable[_Loaded], query: OfferQuery, timeout_s: float) -> None:
    """Call each ``provider.catalog`` in its own daemon thread (``advisor.guard.start``); wait at most
    ``timeout_s`` for all."""
    futures = [(item, start(partial(item.provider.catalog, query), item.provider.name)) for item in items]
    if not futures:
        return
    wait([f for _, f in futures], timeout=timeout_s)
    for item, future in futures:
        failure = future.exception() if future.done() else None
        if not future.done():
            item.problems.append(f"timed out after {timeout_s:g} s (abandoned; using nothing from it)")
        elif failure is not None:
            item.problems.append(describe_failure(failure))
        else:
            result = future.result()
            if isinstance(result, ProviderCatalog):
                item.catalog = result
            elif isinstance(result, StreamedCatalog):
                item.catalog = ProviderCatalog.model_construct(provider=result.provider, venues=result.venues, offers=(),
                                                               provenance=result.provenance)
                item.stream = streamed(result.offers, item.provider.name, timeout_s)
            else:
                item.problems.append(f"catalog() returned {type(result).__name__}, expected ProviderCatalog")


def _check_items(item: _Loaded, evaluation: date, now: datetime) -> None:
    """Re-validate the catalog's provenance, venues and offers; flag records claiming another provider;
    check the trust-bearing claims (``advisor.catalog.claims``); redact references (``advisor.redact``)."""
    catalog, stream, item.stream = item.catalog, item.stream, None
    assert catalog is not None, "checked only once a catalog arrived"
    try:
        provenance = revalidate(Provenance, catalog.provenance)
    except Exception as exc:
        item.problems.append(f"catalog provenance invalid ({why(exc)}); catalog not used")
        item.catalog, item.source = None, "failed"
        return
    refusal = catalog_refusal(provenance, now, fetched_live=item.source == "live")
    if refusal:
        item.problems.append(refusal)
        item.catalog, item.source = None, "failed"
        return
    if item.source == "cache":  # validated (and checked) from its JSON by the cache moments ago
        item.venues, item.offers = list(catalog.venues), list(catalog.offers)
    else:
        item.source = provenance.source
        # the validated copies replace the plugin's records, which need not stay in memory: the
        # catalog lets go of them first, then each is freed as soon as its copy is made
        venues, raw = catalog.venues, (list(catalog.offers) if stream is None else stream)
        del stream
        # the list now holds the only references to the plugin's offers once the catalog lets go of its
        # tuple, and validation empties it as it reads; a StreamedCatalog's offers are made as they are
        # read (advisor.guard.streamed), so they never all exist at once
        provenance = provenance.model_copy(update={"reference": redact(provenance.reference)})
        item.catalog = catalog = catalog.model_copy(update={"provenance": provenance, "venues": (), "offers": ()})
        item.venues = checked_venues(validated(Venue, venues, "venues", item.problems), item.provider.kind, evaluation,
                                     item.problems, user_supplied=provenance.source == "user")
        del venues
        try:
            item.offers = _redacted_references(validated(Offer, raw, "offers", item.problems))
        except (PluginTimeout, StreamFailed) as exc:  # a streamed catalog fails as a whole, as catalog() would
            item.problems.append(f"{exc}; catalog not used")
            item.catalog, item.source, item.venues = None, "failed", []
            return
    name = item.provider.name
    for what, records in (("venues", item.venues), ("offers", item.offers)):
        foreign = sorted({r.provider for r in records if r.provider != name})
        if foreign:
            count = sum(r.provider != name for r in records)
            item.problems.append(f"{counted(count, what)} {'claims' if count == 1 else 'claim'} provider {', '.join(map(repr, foreign))}, not '{name}'")
    item.problems[:] = [redact(p) for p in item.problems]


def _redacted_references(offers: list[Offer]) -> list[Offer]:
    """Offers whose provenance reference carries a credential (a signed URL, an API key) get a masked
    copy; offers share provenance records (runs of them in a row), so each distinct one (by value) is
    checked once, at the start of a run."""
    masked: dict[Provenance, Provenance | None] = {}
    out, last, mask = offers, None, None
    for i, offer in enumerate(offers):
        if offer.provenance is not last:
            last = offer.provenance
            if last not in masked:
                clean = redact(last.reference)
                masked[last] = None if clean == last.reference else last.model_copy(update={"reference": clean})
            mask = masked[last]
        if mask is not None:
            if out is offers:
                out = list(offers)
            out[i] = offer.model_copy(update={"provenance": mask})
    return out


def _count_dropped(problems: list[str], ids: list[str], what: str) -> None:
    if ids:
        shown = ", ".join(ids[:SAMPLES]) + (", ..." if len(ids) > SAMPLES else "")
        problems.append(f"{counted(len(ids), what)} dropped: {shown}")


def _merge_venues(items: Iterable[_Loaded]) -> dict[str, Venue]:
    venues: dict[str, Venue] = {}
    for item in items:
        dupes, kept = [], []
        for venue in item.venues:
            if venue.id in venues:
                dupes.append(venue.id)
            else:
                venues[venue.id] = venue
                kept.append(venue)
        item.venues = kept
        _count_dropped(item.problems, dupes, "venues with a duplicate id")
    return {k: venues[k] for k in sorted(venues)}


def _merge_offers(items: Iterable[_Loaded], venues: Mapping[str, Venue]) -> tuple[tuple[Offer, ...], dict[str, tuple[date, date]]]:
    """The offers sorted by id, less orphans and duplicates; and per provider the dates of the oldest
    and newest priced offer, read in the same pass (each offer counted in its item's ``unpriced``)."""
    offers: dict[str, Offer] = {}
    dates: dict[str, tuple[date, date]] = {}
    for item in items:
        dupes, orphans, kept = [], [], []
        unpriced, last = 0, None
        for offer in item.offers:
            oid = offer.id
            if offer.venue_id not in venues:
                orphans.append(f"{oid} (venue '{offer.venue_id}')")
            elif oid in offers:
                dupes.append(oid)
            else:
                offers[oid] = offer
                kept.append(offer)
                if not offer.priced:
                    unpriced += 1
                elif last is None or offer.provenance is not last[1] or offer.provider != last[0]:
                    # offers share provenance records (runs of them in a row): each run is dated once
                    last = (offer.provider, offer.provenance)
                    day = last[1].as_of.date()
                    oldest, newest = dates.get(last[0], (day, day))
                    dates[last[0]] = (min(oldest, day), max(newest, day))
        item.offers, item.unpriced = kept, unpriced
        _count_dropped(item.problems, orphans, "offers at an unknown venue")
        _count_dropped(item.problems, dupes, "offers with a duplicate id")
    return tuple(offers[k] for k in sorted(offers)), dates


def _source(item: _Loaded, now: datetime, warnings: Iterable[str] = ()) -> ProviderSource:
    provider, catalog = item.provider, item.catalog
    as_of = _utc(catalog.provenance.as_of) if catalog is not None else None
    age = age_days(as_of, now) if as_of is not None else None
    return ProviderSource(
        provider=provider.name,
        plugin=getattr(provider, "plugin", None),
        origin=getattr(provider, "origin", None),
        kind=str(getattr(provider, "kind", "unknown")),
        source=item.source if catalog is not None else "failed",
        as_of=as_of,
        age_days=age,
        reference=catalog.provenance.reference if catalog is not None else None,
        offers=len(item.offers),
        unpriced=item.unpriced,
        venues=len(item.venues),
        stale=item.stale,
        problems=tuple(item.problems),
        warnings=tuple(warnings),
    )


# -- live refresh ------------------------------------------------------------------------------

def _clean(item: _Loaded, evaluation: date, now: datetime) -> ProviderCatalog | None:
    """One provider's catalog with every malformed, orphaned or duplicate record removed."""
    _check_items(item, evaluation, now)
    if item.catalog is None:
        return None
    venues = _merge_venues([item])
    offers, _ = _merge_offers([item], venues)
    return item.catalog.model_copy(update={"provider": item.provider.name, "venues": tuple(venues.values()), "offers": offers})


def clean_live(provider: Provider, catalog: ProviderCatalog, evaluation: date,
               now: datetime) -> tuple[ProviderCatalog | None, tuple[str, ...]]:
    """A live catalog (``advisor.catalog.refresh``) held to the checks a gathered one passes: every
    malformed, orphaned or duplicate record removed; with what was wrong, one line each."""
    item = _Loaded(provider, catalog, "live")
    clean = _clean(item, evaluation, _utc(now))
    return clean, tuple(item.problems)
