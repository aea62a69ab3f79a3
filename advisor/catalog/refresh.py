"""``advisor prices refresh``: each provider's live prices fetched in parallel, held to the checks a
gathered catalog passes, and stored in the cache; apart from gathering, which never touches the network."""

from __future__ import annotations

from collections.abc import Callable, Collection
from concurrent.futures import Future, wait
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Literal

from advisor.catalog.gathering import clean_live
from advisor.gcpause import paused_gc
from advisor.guard import describe_failure, start
from advisor.model.offers import OfferQuery, ProviderCatalog
from advisor.redact import redact, redact_optional

if TYPE_CHECKING:
    from advisor.catalog.cache import CatalogCache
    from advisor.plugin.manager import Plugins
    from advisor.plugin.provider import Progress, Provider

__all__ = ["RefreshStatus", "Refreshed", "refresh"]

RefreshStatus = Literal["refreshed", "unavailable", "not_refreshable", "failed"]


@dataclass(frozen=True)
class Refreshed:
    """The outcome of one provider's live refresh; anything but 'refreshed' kept the previous catalog."""

    provider: str
    status: RefreshStatus
    offers: int = 0
    unpriced: int = 0
    reason: str | None = None
    problems: tuple[str, ...] = ()
    cache_failed: bool = False
    """The live catalog was fine but the cache could not store it (disk full, read-only)."""


def refresh(
    plugins: Plugins,
    query: OfferQuery,
    cache: CatalogCache,
    *,
    providers: Collection[str] | None = None,
    timeout_s: float = 120.0,
    progress: Callable[[str], Progress] | None = None,
    now: datetime | None = None,
) -> list[Refreshed]:
    """Run ``Provider.refresh`` for each refreshable provider (in parallel, each isolated and timed)
    and write each valid result to ``cache``; a failure keeps that provider's previous catalog.

    ``progress(provider_name)`` returns the ``Progress`` callback handed to that provider.
    """
    chosen = [p for p in plugins.providers() if providers is None or p.name in set(providers)]
    live = {p.name: p for p in chosen if p.refreshable}
    futures = {name: start(_refresh_call(provider, query, progress), name) for name, provider in live.items()}
    if futures:
        wait(list(futures.values()), timeout=timeout_s)
    out = [Refreshed(p.name, "not_refreshable", reason="no live price source") for p in chosen if not p.refreshable]
    for name, provider in live.items():
        settled = _settle_refresh(provider, futures[name], timeout_s, cache, now, query.as_of)
        out.append(replace(settled, reason=redact_optional(settled.reason), problems=tuple(map(redact, settled.problems))))
    return sorted(out, key=lambda r: r.provider)


def _refresh_call(provider: Provider, query: OfferQuery, progress: Callable[[str], Progress] | None
                  ) -> Callable[[], Any]:
    """The provider's refresh, with its progress callback made when the refresh starts (in its thread)."""
    return lambda: provider.refresh(query, progress(provider.name) if progress else None)


def _settle_refresh(provider: Provider, future: Future[Any], timeout_s: float, cache: CatalogCache,
                    now: datetime | None, evaluation: date) -> Refreshed:
    """What one provider's refresh came to: its timeout, failure or catalog, checked and cached."""
    from advisor.plugin.provider import LiveUnavailable

    name = provider.name
    if not future.done():
        return Refreshed(name, "failed", reason=f"timed out after {timeout_s:g} s")
    exc = future.exception()
    if isinstance(exc, LiveUnavailable):
        return Refreshed(name, "unavailable", reason=str(exc) or type(exc).__name__)
    if exc is not None:
        return Refreshed(name, "failed", reason=describe_failure(exc))
    result = future.result()
    if not isinstance(result, ProviderCatalog):
        return Refreshed(name, "failed", reason=f"refresh() returned {type(result).__name__}, expected ProviderCatalog")
    with paused_gc():
        clean, problems = clean_live(provider, result, evaluation, now or datetime.now(UTC))
    if clean is None or not clean.offers:
        return Refreshed(name, "failed", reason="the live catalog had no valid offers", problems=problems)
    try:
        cache.write(clean, fetched_at=now)
    except Exception as write_error:
        from advisor.catalog.cache import describe_cache_error

        return Refreshed(name, "failed", reason=f"could not write the cache ({describe_cache_error(write_error)}); "
                         "its previous catalog is kept", problems=problems, cache_failed=True)
    unpriced = sum(not o.priced for o in clean.offers)
    return Refreshed(name, "refreshed", offers=len(clean.offers), unpriced=unpriced, problems=problems)
