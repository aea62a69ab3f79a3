"""``advisor prices``: show catalog prices with their provenance, refresh them live, show cache status.

Tests (and the other commands) swap the plugin manager and the cache through the module-level
factories ``make_plugins`` and ``make_cache``, or pass a ``Plugins`` as ``ctx.obj``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import click

from advisor.catalog.price_list import SORTS
from advisor.cli.common import finite_number

if TYPE_CHECKING:
    from advisor.catalog.cache import CatalogCache
    from advisor.catalog.refresh import Refreshed
    from advisor.plugin.manager import Plugins

def _billings() -> tuple[str, ...]:
    from typing import get_args

    from advisor.model.offers import Billing

    return get_args(Billing)


BILLINGS = _billings()
"""Every billing model an offer can have (``advisor.model.offers.Billing``), per_token and provisioned included."""


def make_plugins() -> Plugins:
    """The plugin manager the prices commands use (the CLI's shared factory); tests monkeypatch either."""
    from advisor.cli import common

    return common.make_plugins()


def make_cache() -> CatalogCache:
    """The catalog cache the prices commands use (``$ADVISOR_CACHE_DIR`` or the user cache dir)."""
    from advisor.catalog.cache import CatalogCache

    return CatalogCache()


def _plugins(ctx: click.Context) -> Plugins:
    from advisor.plugin.manager import Plugins

    return ctx.obj if isinstance(ctx.obj, Plugins) else make_plugins()


def _known_providers(plugins: Plugins, names: Iterable[str]) -> list[str]:
    """The names, each checked against the registered providers (exit 2 with a suggestion if not)."""
    from advisor.errors import InputError, did_you_mean

    known = [p.name for p in plugins.providers()]
    bad = [f"unknown provider '{n}'{did_you_mean(n, known)}; known: {', '.join(known) or 'none'}" for n in names if n not in known]
    if bad:
        raise InputError(None, bad)
    return list(names)


@click.group(name="prices")
def prices() -> None:
    """Show catalog prices and refresh them from the live APIs.

    Prices come from the local cache written by 'advisor prices refresh' or the snapshot shipped
    with the provider plugin, whichever is newer; a cached catalog past the provider's TTL is still
    used when newer, marked stale (refresh advised).
    An unknown price is shown as 'unpriced', never $0.
    """


# -- refresh -------------------------------------------------------------------------------------


@prices.command()
@click.argument("provider_names", metavar="[PROVIDER]...", nargs=-1)
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=1, max=86_400), callback=finite_number, default=300.0, show_default=True, help="Seconds each provider's live refresh may take (1 to 86,400).")
@click.option("--strict", is_flag=True, help="Exit 1 unless every provider asked for (every refreshable one by default) refreshed.")
@click.pass_context
def refresh(ctx: click.Context, provider_names: tuple[str, ...], timeout_s: float, strict: bool) -> None:
    """Fetch live prices (where credentials and network allow) and store them in the local cache.

    A provider that cannot refresh keeps its previous catalog. Exit status 1 when a provider failed
    with an unexpected error, when a provider named on the command line did not refresh (missing
    credentials included), or when nothing refreshed at all; with --strict, unless every provider
    asked for refreshed. Missing credentials of a provider not named are otherwise not an error.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from advisor.catalog.refresh import refresh as run_refresh
    from advisor.cli.price_tables import console
    from advisor.model.offers import OfferQuery

    plugins = _plugins(ctx)
    names = _known_providers(plugins, provider_names) if provider_names else None
    cache = make_cache()
    cache.check_writable()  # a read-only or broken cache: exit 2 before any provider is asked
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console(stderr=True), transient=True) as bar:

        def progress_for(name: str) -> Callable[[str, int, int | None], None]:
            task = bar.add_task(name, total=None)
            return lambda message, done, total: bar.update(task, description=f"{name}: {message}", completed=done, total=total)

        results = run_refresh(plugins, OfferQuery(), cache, providers=names, timeout_s=timeout_s, progress=progress_for)
    _report_refresh(results, cache)
    failures = refresh_failures(results, named=bool(provider_names), strict=strict)
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if failures and any(r.cache_failed for r in results):
        from advisor.catalog.cache import CacheError

        raise CacheError(f"price cache {cache.path} could not store the refreshed prices (see above); "
                         "each provider keeps its previous catalog")
    if failures:
        ctx.exit(1)


@prices.command(name="build-snapshot")
@click.argument("provider_names", metavar="[PROVIDER]...", nargs=-1)
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write each snapshot here (as <provider>.json) instead of over the plugin's shipped file.")
@click.pass_context
def build_snapshot(ctx: click.Context, provider_names: tuple[str, ...], output_dir: Path | None) -> None:
    """Rebuild each built-in plugin's dated snapshot from its live sources (maintainers; CI weekly).

    AWS reads the public bulk offer files, Azure the public Retail Prices API, GCP the Cloud Billing
    Catalog (API key or ADC). A provider whose sources fail keeps its snapshot as it was. Exit status 1
    when any provider asked for (every one that can build, by default) failed.
    """
    from advisor.plugin.provider import LiveUnavailable

    plugins = _plugins(ctx)
    names = _known_providers(plugins, provider_names) if provider_names else None
    chosen = [p for p in plugins.providers() if names is None or p.name in names]
    failed = []
    for provider in chosen:
        if not provider.builds_snapshot:
            if names is not None:
                failed.append(provider.name)
                click.echo(f"{provider.name}: no snapshot builder")
            continue
        target = output_dir / f"{provider.name}.json" if output_dir else None
        try:
            click.echo(f"{provider.name}: {provider.build_snapshot(target)}")
        except LiveUnavailable as exc:
            failed.append(provider.name)
            click.echo(f"{provider.name}: snapshot kept as it was: {exc}")
    if failed:
        click.echo(f"error: snapshot not rebuilt for {', '.join(failed)}", err=True)
        ctx.exit(1)


def refresh_failures(results: list[Refreshed], *, named: bool, strict: bool) -> list[str]:
    """Why a refresh run failed, one line per reason; empty when it succeeded.

    A scheduled refresh must be able to fail: an unexpected error always counts; a provider the user
    named, or with ``strict`` any refreshable one, must have refreshed; and a run where nothing
    refreshed is a failure even when each provider only lacked credentials.
    """
    out = [f"{r.provider}: refresh failed: {r.reason}" for r in results if r.status == "failed"]
    must_refresh = named or strict
    if must_refresh:
        out += [f"{r.provider}: not refreshed ({r.status.replace('_', ' ')}): {r.reason}"
                for r in results if r.status in ("unavailable", "not_refreshable")
                and (named or r.status == "unavailable")]
    tried = [r for r in results if r.status != "not_refreshable"]
    if not out and tried and not any(r.status == "refreshed" for r in tried):
        out.append("no provider refreshed")
    return out


def _report_refresh(results: list[Refreshed], cache: CatalogCache) -> None:
    from advisor.catalog.cache import CacheError

    try:
        cached = {s.provider: s for s in cache.status()}
    except CacheError:
        cached = {}
    width = max((len(r.provider) for r in results), default=0)
    if not results:
        click.echo("no providers registered")
    for r in results:
        if r.status == "refreshed":
            line = f"refreshed {r.offers:,} offer{'s' if r.offers != 1 else ''}" + (f" ({r.unpriced} unpriced)" if r.unpriced else "")
        elif r.status == "not_refreshable":
            line = f"skipped: {r.reason}"
        else:
            kept = cached.get(r.provider)
            previous = f"cache from {kept.fetched_at:%Y-%m-%d %H:%M} UTC" if kept else "embedded snapshot"
            line = f"kept previous ({previous}): {r.reason}"
        click.echo(f"{r.provider:<{width}}  {line}")
        for problem in r.problems:
            click.echo(f"{'':<{width}}  warning: {problem}")


# -- show ----------------------------------------------------------------------------------------


@prices.command()
@click.option("--provider", "provider_names", multiple=True, help="Only this provider (repeatable).")
@click.option("--gpu", help="Only this accelerator (case-insensitive; aliases such as 'h100' where known).")
@click.option("--region", help="Only this region or venue id (case-insensitive).")
@click.option("--billing", type=click.Choice(BILLINGS), help="Only this billing model.")
@click.option("--sort", "sort", type=click.Choice(SORTS), default="provider", show_default=True,
              help="Order of the rows: price ($/h), gpu-hour ($ per accelerator-hour), gpu, region, age; unpriced last.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many rows (after sorting).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True, help="Output format.")
@click.option("--offline", is_flag=True, help="Ignore the local cache: embedded snapshots and user files only.")
@click.pass_context
def show(ctx: click.Context, provider_names: tuple[str, ...], gpu: str | None, region: str | None, billing: str | None,
         sort: str, limit: int | None, fmt: str, offline: bool) -> None:
    """List offers with their price, $/GPU-hour, where the price came from and how old it is.

    A managed model API whose offers all carry token terms gets its own table of per-token and
    provisioned prices under its header. The table ends with the cheapest priced offer of each provider
    (by $/GPU-hour where the offer has accelerators, else $/hour), over every offer that matched the
    filters, not only the rows shown; a per-token offer has no hourly price and is never the cheapest.
    """
    from advisor.catalog.price_list import price_list

    listed = price_list(_plugins(ctx), providers=provider_names, gpu=gpu, region=region, billing=billing, sort=sort,
                        limit=limit, offline=offline, cache=make_cache())
    if fmt == "json":
        click.echo(json.dumps(listed.as_json(), indent=2))
    elif fmt == "csv":
        from advisor.render.csv import write_csv

        records = [r.as_json() for r in listed.rows]
        click.echo(write_csv(records, PRICE_COLUMNS), nl=False)
    else:
        from advisor.cli.price_tables import print_price_list

        print_price_list(listed)


#: Columns of ``prices show --format csv``.
PRICE_COLUMNS = ("provider", "sku", "region", "venue_id", "country", "accelerator", "accelerator_count",
                 "accelerator_memory_gib", "cpu", "vcpus", "memory_gib", "billing", "usd_per_hour", "usd_per_gpu_hour",
                 "source", "as_of", "age_days", "reference", "id")


# -- coverage -------------------------------------------------------------------------------------


@prices.command()
@click.option("--provider", "provider_names", multiple=True, help="Only this provider (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True, help="Output format.")
@click.option("--offline", is_flag=True, help="Ignore the local cache: embedded snapshots and user files only.")
@click.pass_context
def coverage(ctx: click.Context, provider_names: tuple[str, ...], fmt: str, offline: bool) -> None:
    """How many offers and regions carry a price, per provider and per hardware by area.

    An unpriced offer is never ranked, so a region without prices narrows the choice; this shows
    where. A region counts as priced for a hardware when one of its offers has a price.
    """
    import advisor.catalog.coverage as cov
    from advisor.catalog.gathering import gather
    from advisor.model.offers import OfferQuery

    plugins = _plugins(ctx)
    names = _known_providers(plugins, provider_names) if provider_names else None
    gathered = gather(plugins, OfferQuery(), offline=offline, providers=names, cache=make_cache())
    result = cov.coverage(gathered, names)
    if fmt == "json":
        click.echo(json.dumps(cov.as_json(result), indent=2))
    elif fmt == "markdown":
        click.echo(cov.markdown(result), nl=False)
    else:
        from advisor.cli.price_tables import print_coverage

        print_coverage(result)


# -- status --------------------------------------------------------------------------------------


class StatusRow(TypedDict):
    """One provider's line of ``prices status --format json``."""

    provider: str
    source: str
    stale: bool
    as_of: str | None
    age_days: float | None
    ttl_hours: float
    refreshable: bool
    cache_fetched_at: str | None
    problems: list[str]


@prices.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@click.pass_context
def status(ctx: click.Context, fmt: str) -> None:
    """Per provider: where prices come from now, their age, the cache TTL and the cache file.

    A cached catalog past its TTL is still used while it is newer than the snapshot, marked stale
    (refresh advised)."""
    from advisor.catalog.cache import ttl_hours
    from advisor.catalog.gathering import gather
    from advisor.model.offers import OfferQuery

    plugins = _plugins(ctx)
    cache = make_cache()
    cached = {s.provider: s for s in cache.status()}  # an unusable cache is this command's error, said once
    gathered = gather(plugins, OfferQuery(), cache=cache)
    providers = {p.name: p for p in plugins.providers()}
    now = datetime.now(UTC)
    rows: list[StatusRow] = []
    for source in gathered.sources:
        entry = cached.get(source.provider)
        rows.append(
            StatusRow(
                provider=source.provider,
                source=source.source,
                stale=source.stale,
                as_of=source.as_of.isoformat() if source.as_of else None,
                age_days=source.age_days,
                ttl_hours=ttl_hours(providers[source.provider]),
                refreshable=providers[source.provider].refreshable,
                cache_fetched_at=entry.fetched_at.isoformat() if entry else None,
                problems=list(source.problems),
            )
        )
    if fmt == "json":
        click.echo(json.dumps({"cache_path": str(cache.path), "providers": rows}, indent=2))
        return
    from rich.table import Table

    from advisor.cli.price_tables import age, console
    from advisor.render.text import STALE_NOTE

    table = Table(box=None, pad_edge=False, header_style="bold")
    for title in ("provider", "source", "as of", "age", "TTL", "live refresh", "cached at"):
        table.add_column(title)
    for row, source in zip(rows, gathered.sources, strict=True):
        entry = cached.get(source.provider)
        table.add_row(
            row["provider"], row["source"] + (f" ({STALE_NOTE})" if source.stale else ""), f"{source.as_of:%Y-%m-%d}" if source.as_of else "-", age(source.as_of, now),
            f"{row['ttl_hours']:g} h", "yes" if row["refreshable"] else "no",
            f"{entry.fetched_at:%Y-%m-%d %H:%M} UTC" if entry else "-",
        )
    out = console()
    out.print(table)
    out.print(f"cache: {cache.path}")
