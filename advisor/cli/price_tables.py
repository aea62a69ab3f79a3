"""The rich tables ``advisor prices`` prints (show, coverage) and the helpers of their cells: layout apart from the commands."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from advisor.catalog.coverage import Coverage
    from advisor.catalog.price_list import PriceList, PriceRow


def console(stderr: bool = False) -> Console:
    """A console as wide as output_width says, printing plugin text as it is (no markup, no highlighting)."""
    from rich.console import Console

    from advisor.cli.common import output_width

    return Console(stderr=stderr, width=output_width(), highlight=False, markup=False)


def age(as_of: datetime | None, now: datetime) -> str:
    """How old a price is: hours under two days, else days ("dated after now" rather than a negative age)."""
    if as_of is None:
        return "-"
    hours = (now - as_of).total_seconds() / 3600
    if hours < 0:
        return "dated after now"
    if hours < 48:
        return f"{hours:.0f} h"
    return f"{hours / 24:.0f} d"


def num(value: float | None, unit: str = "") -> str:
    """A figure in its shortest form with its unit, or "-" when unknown."""
    if value is None:
        return "-"
    return f"{value:g}{unit}"


def token_table(offers: Iterable[PriceRow], now: datetime) -> Table:
    """A managed API's offers: model, the catalog model it serves, per-token and provisioned prices."""
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    for title in ("model", "serves", "region", "billing", "$/M in", "$/M out", "$/M cached", "batch", "$/h per unit",
                  "tokens/min", "source", "as of", "age"):
        table.add_column(title, justify="right" if title.startswith("$") or title in ("batch", "tokens/min") else "left")
    for r in offers:
        t = r.tokens
        assert t is not None
        provisioned = r.billing == "provisioned"
        add_row(
            table, t.model, t.serves, r.region,
            f"provisioned {t.capacity_unit} {r.term or ''}".rstrip() if provisioned else r.billing,
            "-" if provisioned else per_million(t.usd_per_million_input) if t.usd_per_million_input else "unpriced",
            "-" if provisioned else per_million(t.usd_per_million_output) if t.usd_per_million_output else "unpriced",
            per_million(t.usd_per_million_cached_input), f"{t.batch_discount:.0%} off" if t.batch_discount else "-",
            (per_million(r.usd_per_hour) if r.usd_per_hour is not None else "unpriced") if provisioned else "-",
            num(t.tokens_per_minute), r.source, f"{r.as_of:%Y-%m-%d}", age(r.as_of, now))
    return table


def per_million(value: Decimal | float | None) -> str:
    """A per-million-token price as the catalog gives it, or "-" when it has none."""
    return "-" if value is None else str(value)


def add_row(table: Table, *cells: str) -> None:
    """A row of plugin-given text, each cell on one line with control characters made visible before rich
    lays it out (a folded cell would split an escape sequence past the output filter)."""
    from advisor.render.escape import one_line

    table.add_row(*(one_line(c) for c in cells))


def offer_table(rows: Iterable[PriceRow], now: datetime) -> Table:
    """Hourly offers: hardware, billing, $/h and $/GPU-hour, with where each price came from and its age."""
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    right = ("GPU mem", "vCPUs", "memory", "$/h", "$/GPU-h")
    for title in ("sku", "provider", "region", "accelerator", "GPU mem", "vCPUs", "memory", "billing", "$/h", "$/GPU-h", "source", "as of", "age"):
        table.add_column(title, justify="right" if title in right else "left", overflow="fold")
    for r in rows:
        accel = f"{r.accelerator} x {r.accelerator_count:g}" if r.accelerator else (r.cpu or "-")
        add_row(
            table, r.sku, r.provider, r.region, accel, num(r.accelerator_memory_gib, " GiB"), num(r.vcpus), num(r.memory_gib, " GiB"),
            r.billing, f"{r.usd_per_hour}" if r.usd_per_hour is not None else "per token" if r.priced else "unpriced", f"{r.usd_per_gpu_hour}" if r.usd_per_gpu_hour is not None else "-",
            r.source, f"{r.as_of:%Y-%m-%d}", age(r.as_of, now),
        )
    return table


def print_price_list(listed: PriceList) -> None:
    """``prices show``: each provider's source line, its managed-API table, then the hourly offers and the cheapest."""
    from advisor.render.escape import one_line
    from advisor.render.text import STALE_NOTE

    out = console()
    now, gathered = listed.generated_at, listed.gathered
    by_provider: dict[str, list[PriceRow]] = {}
    for row in listed.rows:
        by_provider.setdefault(row.provider, []).append(row)
    token_providers: set[str] = set()  # a managed model API whose offers all carry tokens: its own table above
    for source in gathered.sources:
        when = f" as of {source.as_of:%Y-%m-%d} ({age(source.as_of, now)} old)" if source.as_of else ""
        stale = f" ({STALE_NOTE})" if source.stale else ""
        out.print(one_line(f"{source.provider}: {source.source}{stale}{when}, {source.reference or 'no reference'}"))
        offers = by_provider.get(source.provider, [])
        if offers and all(r.tokens is not None for r in offers):
            out.print(token_table(offers, now))
            token_providers.add(source.provider)
        unpriced = sum(not r.priced for r in offers)
        out.print(f"  {len(offers)} of {source.offers} offers shown" + (f", {unpriced} unpriced" if unpriced else ""))
        for problem in (*source.problems, *source.warnings):
            out.print(f"  warning: {problem}")
    for problem in gathered.plugin_problems:
        out.print(f"warning: {problem}")
    hourly = [r for r in listed.rows if r.provider not in token_providers]
    if hourly:
        out.print()
        out.print(offer_table(hourly, now))
    if listed.matched > len(listed.rows):
        out.print(f"{len(listed.rows):,} of {listed.matched:,} matching offers shown (--limit)")
    if listed.cheapest:
        out.print()
        out.print("cheapest priced offer per provider ($/GPU-hour where it has accelerators, else $/hour):")
        out.print(offer_table(listed.cheapest, now))


def print_coverage(result: Coverage) -> None:
    """``prices coverage``: offers and regions priced per provider, then per hardware by area."""
    from rich.table import Table

    from advisor.catalog.coverage import AREAS, area_cell, dates_cell

    out = console()
    table = Table(box=None, pad_edge=False, header_style="bold")
    for title in ("provider", "source", "offers", "priced", "regions", "with a price", "price dates"):
        table.add_column(title, justify="right" if title in ("offers", "priced", "regions", "with a price") else "left")
    for p in result.providers:
        table.add_row(p.provider, p.source, f"{p.offers:,}", f"{p.priced:,}", str(p.regions), str(p.priced_regions), dates_cell(p))
    out.print(table)
    out.print()
    out.print("regions with a price / regions offering the hardware, by area")
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("provider")
    table.add_column("hardware")
    for area in AREAS:
        table.add_column(area, justify="right")
    for h in result.hardware:
        table.add_row(h.provider, h.hardware, *(area_cell(h, a) for a in AREAS))
    out.print(table)
