"""The user's price book: negotiated discounts and private prices, and the currency totals are shown in.

A TOML file (``--price-book FILE``) of ``[[entry]]`` tables, each selecting offers by provider and
optionally family, SKU, region, billing and term, and giving either a percentage off the list price
or an absolute private price, with who agreed it and when. A matching offer's price becomes the
book's, its provenance ``source: user`` naming the entry and keeping the list price it replaced, so
every figure that depends on it says so. The most specific matching entry wins; two equally specific
entries matching one offer are refused. An optional ``[currency]`` table gives the rate to show
totals in another currency (the user's own dated rate, or a shipped reference rate by code).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from advisor.errors import InputError
from advisor.model.offers import Billing, Offer, Provenance, Record, Venue

SELECTORS = ("provider", "family", "sku", "region", "billing", "commitment_months")
CENT = Decimal("0.000001")


class Entry(Record):
    """One negotiated term: which offers it covers, the price it sets, who agreed it and when."""

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.:-]+$", description="Named on every price the entry changes.")
    provider: str = Field(min_length=1)
    family: str | None = Field(default=None, description="Instance family: 'p5', 'NC_A100_v4', 'a2'.")
    sku: str | None = None
    region: str | None = None
    billing: Billing | None = None
    commitment_months: int | None = Field(default=None, gt=0)
    discount_percent: Decimal | None = Field(default=None, gt=0, lt=100)
    usd_per_hour: Decimal | None = Field(default=None, gt=0, description="A private price replacing the list price.")
    agreed_by: str = Field(min_length=1, description="Who agreed it: the contract, the counterpart, the signatory.")
    agreed_on: date
    valid_until: date | None = None
    reference: str | None = None

    @model_validator(mode="after")
    def _one_price(self) -> Entry:
        if (self.discount_percent is None) == (self.usd_per_hour is None):
            raise ValueError("give exactly one of discount_percent (e.g. 18) or usd_per_hour (a private price)")
        if self.valid_until is not None and self.valid_until < self.agreed_on:
            raise ValueError(f"valid_until {self.valid_until} is before agreed_on {self.agreed_on}")
        return self

    @property
    def specificity(self) -> int:
        return sum(getattr(self, s) is not None for s in SELECTORS)

    @property
    def selector(self) -> tuple[Any, ...]:
        return tuple(getattr(self, s) for s in SELECTORS)

    def describe(self) -> str:
        what = f"{self.discount_percent}% off the list price" if self.discount_percent is not None else f"private price ${self.usd_per_hour}/h"
        ref = f", {self.reference}" if self.reference else ""
        return f"price book entry '{self.id}': {what}, agreed by {self.agreed_by} on {self.agreed_on}{ref}"


class CurrencyRate(Record):
    """Totals shown in ``code`` at ``per_usd`` units per US dollar, on ``as_of``, from ``source``."""

    code: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217, e.g. EUR.")
    per_usd: Decimal = Field(gt=0, description="Units of the currency one US dollar buys.")
    as_of: date
    source: str = Field(min_length=1)


class PriceBookFile(Record):
    entry: tuple[Entry, ...] = ()
    currency: CurrencyRate | None = None

    @model_validator(mode="after")
    def _distinct(self) -> PriceBookFile:
        seen: dict[str, int] = {}
        selectors: dict[tuple[Any, ...], str] = {}
        for n, e in enumerate(self.entry):
            if e.id in seen:
                raise ValueError(f"entry[{n}].id '{e.id}' is used twice (first at entry[{seen[e.id]}])")
            seen[e.id] = n
            if e.selector in selectors:
                raise ValueError(f"entry[{n}] ('{e.id}') selects the same offers as '{selectors[e.selector]}'; keep one")
            selectors[e.selector] = e.id
        return self


@dataclass(frozen=True)
class PriceBook:
    """A validated price book and the file it came from (named in every provenance it writes)."""

    path: str
    entries: tuple[Entry, ...]
    currency: CurrencyRate | None = None


def load_price_book(path: Path) -> PriceBook:
    """Read and validate a price book; a bad one is an InputError naming the file and key (exit 2)."""
    from advisor.inputs.tomlfile import load_model

    book, _ = load_model(PriceBookFile, path)
    return PriceBook(path=str(path), entries=book.entry, currency=book.currency)


def _family(offer: Offer) -> str | None:
    """The offer's instance family: its ``family`` attribute, else the part of the SKU before the first dot."""
    family = offer.attributes.get("family") or offer.attributes.get("instance_family")
    if isinstance(family, str):
        return family
    return offer.sku.split(".", 1)[0] if "." in offer.sku else None


def _matches(entry: Entry, offer: Offer, venue: Venue | None, on: date) -> bool:
    if entry.provider != offer.provider or entry.agreed_on > on or (entry.valid_until and entry.valid_until < on):
        return False
    checks = (
        (entry.family, _family(offer)),
        (entry.sku, offer.sku),
        (entry.region, venue.region if venue else None),
        (entry.billing, offer.billing),
        (entry.commitment_months, offer.commitment_months),
    )
    return all(wanted is None or wanted == got for wanted, got in checks)


def _ambiguous(entries: list[Entry], offer: Offer) -> InputError:
    names = ", ".join(f"'{e.id}'" for e in entries)
    return InputError(None, [f"price book entries {names} match offer {offer.id} equally specifically; narrow one of them"])


def _applied(offer: Offer, entry: Entry, book: PriceBook) -> Offer:
    listed = offer.usd_per_hour
    if entry.usd_per_hour is not None:
        price = entry.usd_per_hour
    elif listed is not None and entry.discount_percent is not None:
        price = (listed * (Decimal(100) - entry.discount_percent) / Decimal(100)).quantize(CENT)
    else:
        return offer  # a discount on an unknown price is still unknown
    was = (f"list price ${listed}/h, {offer.provenance.source} {offer.provenance.as_of:%Y-%m-%d} ({offer.provenance.reference})"
           if listed is not None else "no list price")
    provenance = Provenance(
        source="user",
        as_of=datetime(entry.agreed_on.year, entry.agreed_on.month, entry.agreed_on.day, tzinfo=UTC),
        reference=f"{book.path}: {entry.describe()}; replaces {was}",
    )
    attributes = {**offer.attributes, "price_book_entry": entry.id,
                  "list_usd_per_hour": None if listed is None else str(listed)}
    return offer.model_copy(update={"usd_per_hour": price, "provenance": provenance, "attributes": attributes})


def apply_price_book(offers: Iterable[Offer], venues: Mapping[str, Venue], book: PriceBook, on: date) -> tuple[tuple[Offer, ...], dict[str, int]]:
    """The offers with the book's prices applied, and how many offers each entry changed.

    ``on`` is the evaluation date: an entry applies from ``agreed_on`` to ``valid_until``.
    """
    by_provider: dict[str, list[Entry]] = {}
    for entry in book.entries:
        by_provider.setdefault(entry.provider, []).append(entry)
    changed = {e.id: 0 for e in book.entries}
    out = []
    for offer in offers:
        candidates = [e for e in by_provider.get(offer.provider, ()) if _matches(e, offer, venues.get(offer.venue_id), on)]
        if not candidates:
            out.append(offer)
            continue
        best = max(e.specificity for e in candidates)
        top = [e for e in candidates if e.specificity == best]
        if len(top) > 1:
            raise _ambiguous(top, offer)
        new = _applied(offer, top[0], book)
        if new is not offer:
            changed[top[0].id] += 1
        out.append(new)
    return tuple(out), changed


def unused_entries(changed: Mapping[str, int]) -> list[str]:
    """Warnings for entries that changed no offer (a typo in a SKU or region shows here)."""
    return [f"price book entry '{name}' matched no offer" for name, n in changed.items() if n == 0]


def currency_rate(book: PriceBook | None, code: str | None) -> CurrencyRate | None:
    """The dated rate for ``code`` (``--currency``): the price book's ``[currency]`` table. No rate is
    ever guessed: a code without one is an input error saying where to give it."""
    if code is None:
        return None
    code = code.upper()
    if code == "USD":
        return None
    given = book.currency if book is not None else None
    if given is None or given.code != code:
        where = f"{book.path}: " if book is not None else "--price-book FILE with "
        raise InputError(None, [f"--currency {code}: no exchange rate given; add to {where}[currency] code = \"{code}\", "
                                "per_usd = <units per US dollar>, as_of = <date of the rate>, source = \"<e.g. ECB reference rate of that day>\""])
    return given


def in_currency(total_usd: float | None, rate: CurrencyRate | None) -> dict[str, Any] | None:
    """The plan's monthly total in the rate's currency, with the rate, its date and source."""
    if rate is None:
        return None
    converted = None if total_usd is None else float((Decimal(str(total_usd)) * rate.per_usd).quantize(Decimal("0.01")))
    return {"code": rate.code, "per_usd": str(rate.per_usd), "as_of": rate.as_of.isoformat(), "source": rate.source,
            "total_per_month": converted}
