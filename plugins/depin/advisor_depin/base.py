"""What every DePIN provider shares: a dated snapshot in the API's own shape, parsed by the same
code as a live response, and a query filter. ``catalog`` never touches the network.

Snapshot files are ``{"captured_at", "source_url", "notes", "response"}``; ``response`` is what the
API returns. Rows may carry ``_as_of`` / ``_reference`` when a figure has its own date and source
(tracker figures transcribed from the reference), which then becomes that offer's provenance.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # httpx is imported only when a live refresh runs
    import httpx

from advisor.plugin import (
    Hardware,
    Offer,
    OfferQuery,
    Progress,
    Provenance,
    Provider,
    ProviderCatalog,
    Venue,
    read_json,
    snapshot_provenance,
)

from advisor_depin.places import slug

log = logging.getLogger("advisor.depin")


@dataclass
class Parsed:
    """Venues, offers and the notes about rows left out, from one API payload."""

    venues: dict[str, Venue] = field(default_factory=dict)
    offers: list[Offer] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, venue: Venue, offer: Offer) -> None:
        self.venues.setdefault(venue.id, venue)
        self.offers.append(offer)

    def skip(self, note: str) -> None:
        self.notes.append(note)
        log.info(note)


def row_provenance(row: dict[str, Any], default: Provenance) -> Provenance:
    """A row's own date and source when the snapshot gives one, else the catalog's."""
    if "_as_of" not in row:
        return default
    return Provenance(
        source=default.source,
        as_of=datetime.fromisoformat(row["_as_of"]),
        reference=row.get("_reference", default.reference),
    )


def wanted(offer: Offer, venue: Venue, query: OfferQuery) -> bool:
    """The query's hints: accelerator ids (case-insensitive) and countries."""
    if query.accelerators is not None:
        names = {a.upper() for a in query.accelerators}
        if (offer.hardware.accelerator or "").upper() not in names:
            return False
    return query.countries is None or venue.country in query.countries


class SnapshotProvider(Provider):
    """A provider whose live source is one or more HTTP calls and whose default is a snapshot."""

    kind = "depin"
    snapshot_file: str
    live_reference: str = ""

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
        api_key: str | None = None,
    ) -> None:
        self.transport = transport
        self.sleep = sleep
        self.api_key = api_key
        self.notes: list[str] = []

    def parse(self, payload: Any, provenance: Provenance) -> Parsed:
        raise NotImplementedError

    def fetch(self) -> Any:
        """The live payload (same shape as the snapshot's ``response``); LiveUnavailable otherwise."""
        raise NotImplementedError

    def snapshot(self) -> tuple[Any, Provenance]:
        data = read_json("advisor_depin", f"data/{self.snapshot_file}")
        return data["response"], snapshot_provenance(data["captured_at"], data["source_url"])

    def _catalog(self, payload: Any, provenance: Provenance, query: OfferQuery) -> ProviderCatalog:
        parsed = self.parse(payload, provenance)
        self.notes = parsed.notes
        offers = tuple(o for o in parsed.offers if wanted(o, parsed.venues[o.venue_id], query))
        used = {o.venue_id for o in offers}
        venues = tuple(v for k, v in sorted(parsed.venues.items()) if k in used)
        return ProviderCatalog(provider=self.name, venues=venues, offers=offers, provenance=provenance)

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        payload, provenance = self.snapshot()
        return self._catalog(payload, provenance, query)

    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        if progress:
            progress(f"{self.name}: fetching live prices", 0, 1)
        payload = self.fetch()
        provenance = Provenance(source="live", as_of=datetime.now(UTC), reference=self.live_reference)
        if progress:
            progress(f"{self.name}: parsed", 1, 1)
        return self._catalog(payload, provenance, query)


class StaticProvider(SnapshotProvider):
    """A snapshot-only network: no live API gives a comparable price, so there is no refresh."""

    refresh = Provider.refresh

    def native_offer(self, venue: Venue, sku: str, provenance: Provenance, attributes: dict[str, Any]) -> Offer:
        """An offer priced in the network's own unit: no accelerator to size and no $/GPU-hour."""
        return Offer(
            id=f"{venue.id}:{slug(sku)}:marketplace",
            provider=self.name,
            venue_id=venue.id,
            sku=sku,
            hardware=Hardware(),
            billing="marketplace",
            usd_per_hour=None,
            provenance=provenance,
            attributes=attributes,
        )
