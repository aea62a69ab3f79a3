"""The Provider contract every plugin implements, built-in or third-party."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path

from advisor.model.offers import OfferQuery, ProviderCatalog, StreamedCatalog, VenueKind

Progress = Callable[[str, int, int | None], None]
"""Progress callback: (message, done, total or None)."""


class LiveUnavailable(Exception):
    """A live refresh cannot run here (no credentials, no SDK, no network); the snapshot stays in use."""


class Provider(ABC):
    """A source of venues and priced offers.

    ``catalog`` answers from data shipped with the plugin (or the user's sites file) and must never
    touch the network; ``refresh`` calls live APIs and is only run by ``advisor prices refresh``.
    """

    name: str
    kind: VenueKind
    description: str = ""

    @abstractmethod
    def catalog(self, query: OfferQuery) -> ProviderCatalog | StreamedCatalog:
        """Venues and offers from the embedded snapshot or local files. No network. A large catalog may
        come as a ``StreamedCatalog``: its offers are read (and validated) as they are made."""

    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        """Live prices; raise LiveUnavailable when credentials, SDK or network are missing."""
        raise LiveUnavailable(f"provider '{self.name}' has no live price source")

    @property
    def refreshable(self) -> bool:
        return type(self).refresh is not Provider.refresh

    def build_snapshot(self, output: Path | None = None, progress: Progress | None = None) -> str:
        """Rebuild the plugin's dated embedded snapshot from its live sources (``output``: another file
        than the shipped one) and say in one line what was written; raise LiveUnavailable when the
        sources cannot be read, leaving the snapshot as it was. Run by ``advisor prices build-snapshot``."""
        raise LiveUnavailable(f"provider '{self.name}' has no snapshot builder")

    @property
    def builds_snapshot(self) -> bool:
        return type(self).build_snapshot is not Provider.build_snapshot
