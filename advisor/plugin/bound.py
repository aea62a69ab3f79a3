"""A provider bound to the plugin and distribution that registered it, its identity read once.

A plugin's provider object is untrusted: its ``name`` may be a property that raises or changes
between calls, its ``kind`` anything. ``bind`` reads and checks them once; everything after works
with the ``BoundProvider``, whose name, kind and origin cannot change for the rest of the run.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

from advisor.model.offers import OfferQuery, ProviderCatalog, StreamedCatalog, VenueKind
from advisor.plugin.provider import Progress, Provider

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
KINDS: tuple[str, ...] = typing.get_args(VenueKind)


class BoundProvider(Provider):
    """Delegates ``catalog``/``refresh`` to the plugin's provider; identity fixed at registration."""

    def __init__(self, inner: Any, name: str, kind: VenueKind, plugin: str, origin: str, ttl_hours: Any) -> None:
        self.inner = inner
        self.name = name
        self.kind = kind
        self.plugin = plugin
        self.origin = origin
        self.description = _text(getattr(inner, "description", ""))
        self.ttl_hours = ttl_hours

    def catalog(self, query: OfferQuery) -> ProviderCatalog | StreamedCatalog:
        result: ProviderCatalog | StreamedCatalog = self.inner.catalog(query)  # checked by the caller, whatever it is
        return result

    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        result: ProviderCatalog = self.inner.refresh(query, progress)
        return result

    @property
    def refreshable(self) -> bool:
        """Whether the plugin's class overrides ``refresh``: read from the class, so no plugin code runs
        (and a ``refresh`` added after registration, as tests do, counts)."""
        return getattr(type(self.inner), "refresh", Provider.refresh) is not Provider.refresh

    @property
    def builds_snapshot(self) -> bool:
        """Whether the plugin's class overrides ``build_snapshot`` (read from the class, no plugin code)."""
        return getattr(type(self.inner), "build_snapshot", Provider.build_snapshot) is not Provider.build_snapshot

    def build_snapshot(self, output: Path | None = None, progress: Progress | None = None) -> str:
        return str(self.inner.build_snapshot(output, progress))

    def __getattr__(self, name: str) -> Any:
        """Anything else a provider offers (e.g. ``build_snapshot``) comes from the plugin's object."""
        if name == "inner":  # not yet set (copying, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)

    def __repr__(self) -> str:
        return f"BoundProvider({self.name!r}, {self.origin!r})"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def bind(provider: Any, plugin: str, origin: str) -> BoundProvider:
    """``provider`` with its name and kind checked; TypeError/ValueError saying what is wrong."""
    if not isinstance(provider, Provider):
        raise TypeError(f"register_providers got {type(provider).__name__}, expected a Provider")
    try:
        name, kind = provider.name, provider.kind
        ttl = getattr(provider, "ttl_hours", None)
    except Exception as exc:  # a property that raises
        raise ValueError(f"reading the provider's name or kind raised {exc!r}; provider refused") from None
    if not isinstance(name, str):
        raise TypeError(f"provider name is {type(name).__name__}, expected a string; provider refused")
    if not NAME.match(name):
        raise ValueError(f"provider name {name[:80]!r} must be letters, digits, '_', '.' or '-' "
                         "(at most 64); provider refused")
    if kind not in KINDS:
        raise ValueError(f"provider '{name}' has kind {kind!r}, expected one of {', '.join(KINDS)}; provider refused")
    return BoundProvider(provider, name, kind, plugin, origin, ttl)
