"""Venue groupings are remembered by the venue ids in order and kept only while the venues are the same
records or equal ones (issue 21: no identity-keyed memo): other records under the same ids are read afresh."""

from __future__ import annotations

from advisor.model.offers import Venue
from advisor.rules.columns import grouped_venues


def _venue(region: str, country: str) -> Venue:
    return Venue(id=f"p:{region}", provider="p", kind="cloud", region=region, country=country, metro="Frankfurt",
                 latitude=50.1, longitude=8.7, host_trust="hyperscaler_dc")


def test_venues_are_grouped_by_the_values_the_rules_read():
    cache: dict[object, object] = {}
    groups = grouped_venues(cache, ("venue.country",), [_venue("a", "DE"), _venue("b", "FR"), _venue("c", "DE")])
    assert groups == {("DE",): ["p:a", "p:c"], ("FR",): ["p:b"]}


def test_equal_venues_built_again_reuse_the_grouping():
    cache: dict[object, object] = {}
    first = grouped_venues(cache, ("venue.country",), [_venue("a", "DE"), _venue("b", "FR")])
    again = grouped_venues(cache, ("venue.country",), [_venue("a", "DE"), _venue("b", "FR")])
    assert again is first


def test_other_venue_records_under_the_same_ids_are_read_afresh():
    cache: dict[object, object] = {}
    grouped_venues(cache, ("venue.country",), [_venue("a", "DE"), _venue("b", "FR")])
    moved = grouped_venues(cache, ("venue.country",), [_venue("a", "US"), _venue("b", "FR")])
    assert moved == {("US",): ["p:a"], ("FR",): ["p:b"]}
