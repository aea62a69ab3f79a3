"""Venues read column-wise and grouped by the values of the attributes the rules read.

Kept in a caller-owned cache (the rule set's) keyed by the venue ids in order and kept only while the
venues are the same records (or equal ones), so the components of one workload, which see the same
venue list, read each attribute of each venue once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.model.offers import Venue
from advisor.rules.vocabulary import venue_reader

_VENUE_LISTS = 32


class _Columns:
    """One venue list read column-wise: each attribute read once per venue, groupings kept per name set."""

    def __init__(self, venues: Sequence[Venue]):
        self.venues = tuple(venues)
        self.ids = tuple(v.id for v in self.venues)
        self.columns: dict[str, list[Any]] = {}
        self.groups: dict[tuple[str, ...], dict[tuple[Any, ...], list[str]]] = {}

    def column(self, name: str) -> list[Any]:
        if name not in self.columns:
            read = venue_reader(name)
            self.columns[name] = [read(v) for v in self.venues]
        return self.columns[name]

    def holds(self, venues: Sequence[Venue]) -> bool:
        """Whether ``venues`` (with this list's ids) are this list's records or equal ones."""
        return all(a is b or a == b for a, b in zip(self.venues, venues, strict=True))

    def grouped(self, names: tuple[str, ...]) -> dict[tuple[Any, ...], list[str]]:
        if names not in self.groups:
            groups: dict[tuple[Any, ...], list[str]] = {}
            rows = zip(*(self.column(n) for n in names)) if names else (() for _ in self.ids)
            for vid, profile in zip(self.ids, rows, strict=True):
                groups.setdefault(profile, []).append(vid)
            self.groups[names] = groups
        return self.groups[names]


def grouped_venues(
    cache: dict[Any, Any], names: tuple[str, ...], venues: Sequence[Venue]
) -> dict[tuple[Any, ...], list[str]]:
    """Venue ids grouped by their values of ``names``, remembered for the same venues in the same order.

    Components of one workload read the same venues, so each attribute is read once per venue and
    each grouping is computed once, whatever the number of components.
    """
    lists: dict[tuple[str, ...], _Columns] = cache.setdefault("venue_lists", {})
    key = tuple(v.id for v in venues)
    found = lists.get(key)
    if found is None or not found.holds(venues):  # other records under the same ids: read them afresh
        if found is None and len(lists) >= _VENUE_LISTS:
            lists.clear()
        found = lists[key] = _Columns(venues)
    return found.grouped(names)
