"""gather: each provider isolated and named, every record re-validated, provenance per provider."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_fakes import (  # noqa: E402
    NOW,
    Dupes,
    Good,
    Hangs,
    Impostor,
    Malformed,
    Orphan,
    Raises,
    plugins_with,
)

from advisor.catalog.gathering import Gathered, gather  # noqa: E402
from advisor.errors import PluginError  # noqa: E402
from advisor.model.offers import OfferQuery  # noqa: E402


def _gather(*providers, **kwargs) -> Gathered:
    kwargs.setdefault("use_cache", False)
    return gather(plugins_with(*providers), OfferQuery(), now=NOW, **kwargs)


def _source(gathered: Gathered, name: str):
    return next(s for s in gathered.sources if s.provider == name)


def test_good_provider_offers_are_sorted_and_dated_from_the_snapshot():
    gathered = _gather(Good())
    assert [o.id for o in gathered.offers] == ["good:r1:gpu1:on_demand", "good:r1:gpu2:on_demand", "good:r1:gpu3:on_demand"]
    assert list(gathered.venues) == ["good:r1"]
    source = _source(gathered, "good")
    assert (source.source, source.plugin, source.kind) == ("snapshot", "fakes", "cloud")
    assert (source.offers, source.unpriced, source.venues) == (3, 1, 1)
    assert source.age_days == 10.0
    assert source.problems == ()
    assert gathered.problems == ()


def test_unpriced_offer_stays_unpriced_never_zero():
    gathered = _gather(Good())
    unpriced = [o for o in gathered.offers if o.sku == "gpu3"][0]
    assert unpriced.usd_per_hour is None


def test_raising_provider_is_named_and_the_others_still_answer():
    gathered = _gather(Good(), Raises())
    failed = _source(gathered, "raises")
    assert failed.source == "failed"
    assert failed.problems == ("raised ValueError('snapshot file missing')",)
    assert len(gathered.offers) == 3
    assert gathered.problems == ("provider 'raises' (fakes): raised ValueError('snapshot file missing')",)


def test_hanging_provider_is_abandoned_after_its_timeout():
    hangs = Hangs()
    try:
        gathered = _gather(Good(), hangs, timeout_s=0.2)
    finally:
        hangs.release.set()
    hung = _source(gathered, "hangs")
    assert hung.source == "failed"
    assert hung.problems[0].startswith("timed out after 0.2 s")
    assert _source(gathered, "good").offers == 3


def test_malformed_offers_are_dropped_and_counted_with_the_reason():
    gathered = _gather(Malformed())
    source = _source(gathered, "malformed")
    assert source.offers == 1
    (problem,) = source.problems
    assert problem.startswith("3 malformed offers dropped: 'malformed:r1:zero:on_demand': usd_per_hour:")
    assert "never 0" in problem
    assert [o.id for o in gathered.offers] == ["malformed:r1:gpu1:on_demand"]


def test_offer_at_an_unknown_venue_is_dropped():
    gathered = _gather(Orphan())
    assert _source(gathered, "orphan").problems == (
        "1 offer at an unknown venue dropped: orphan:nowhere:lost:on_demand (venue 'orphan:nowhere')",
    )
    assert [o.id for o in gathered.offers] == ["orphan:r1:gpu1:on_demand"]


def test_duplicate_offer_ids_keep_the_first_and_drop_the_rest():
    gathered = _gather(Dupes())
    assert _source(gathered, "dupes").problems == ("1 offer with a duplicate id dropped: dupes:r1:gpu1:on_demand",)
    first = next(o for o in gathered.offers if o.id == "dupes:r1:gpu1:on_demand")
    assert str(first.usd_per_hour) == "1.50"


def test_offer_claiming_another_provider_is_flagged():
    gathered = _gather(Impostor())
    assert _source(gathered, "impostor").problems == ("1 offer claims provider 'someone-else', not 'impostor'",)


def test_venue_claimed_by_two_providers_goes_to_the_first():
    gathered = _gather(Good("good"), Good("good2"), Orphan())
    assert set(gathered.venues) == {"good:r1", "good2:r1", "orphan:r1"}


def test_strict_mode_raises_naming_each_faulty_provider():
    with pytest.raises(PluginError) as err:
        _gather(Good(), Raises(), Dupes(), strict=True)
    message = str(err.value)
    assert "provider 'raises' (fakes): raised ValueError" in message
    assert "provider 'dupes' (fakes): 1 offer with a duplicate id dropped" in message
    assert "'good'" not in message


def test_strict_mode_passes_when_every_provider_is_clean():
    assert len(_gather(Good(), strict=True).offers) == 3


def test_only_the_named_providers_are_asked():
    good, other = Good("good"), Good("other")
    gathered = _gather(good, other, providers=["other", "missing"])
    assert [s.provider for s in gathered.sources] == ["other"]
    assert good.calls == 0
    assert gathered.plugin_problems == ("no provider named 'missing' is registered",)


def test_plugin_load_problems_are_reported():
    plugins = plugins_with(Good())
    plugins.register(type("Old", (), {"ADVISOR_HOOK_API": 99})(), name="old-plugin")
    gathered = gather(plugins, OfferQuery(), now=NOW, use_cache=False)
    assert len(gathered.plugin_problems) == 1
    assert gathered.plugin_problems[0].startswith("plugin 'old-plugin': built for hook API 99")


def test_catalog_returning_the_wrong_type_is_a_failure():
    class Wrong(Good):
        def catalog(self, query):
            return {"offers": []}

    gathered = _gather(Wrong("wrong"))
    assert _source(gathered, "wrong").problems == ("catalog() returned dict, expected ProviderCatalog",)
    assert _source(gathered, "wrong").source == "failed"


def test_gather_never_opens_a_network_connection(monkeypatch, tmp_path):
    import socket

    from advisor.catalog.cache import CatalogCache

    def refuse(*args, **kwargs):
        raise AssertionError("gather tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    gathered = gather(plugins_with(Good()), OfferQuery(), now=NOW, cache=CatalogCache(tmp_path / "c.sqlite3"))
    assert gathered.problems == ()
    assert len(gathered.offers) == 3


# -- refresh -----------------------------------------------------------------------------------


class _LiveWithGarbage(Good):
    def refresh(self, query, progress=None):
        live = super().refresh(query, progress)
        return live.model_construct(**{**dict(live), "offers": (*live.offers, "garbage")})


class _LiveEmpty(Good):
    def refresh(self, query, progress=None):
        return super().refresh(query, progress).model_copy(update={"offers": ()})


class _LiveHangs(Good):
    def __init__(self, name):
        super().__init__(name)
        self.release = threading.Event()

    def refresh(self, query, progress=None):
        self.release.wait(30)
        return super().refresh(query, progress)


def test_refresh_stores_the_valid_part_and_names_what_was_dropped(tmp_path):
    from advisor.catalog.cache import CatalogCache
    from advisor.catalog.refresh import refresh

    cache = CatalogCache(tmp_path / "c.sqlite3")
    calls = []
    (result,) = refresh(plugins_with(_LiveWithGarbage("good")), OfferQuery(), cache, now=NOW, progress=lambda name: lambda *a: calls.append((name, *a)))
    assert (result.status, result.offers) == ("refreshed", 1)
    assert result.problems == ("1 malformed offer dropped: a str: (record): Input should be a valid dictionary or instance of Offer",)
    assert calls == [("good", "fetching", 1, 1)]
    entry = cache.read("good")
    assert (entry.original_source, entry.fetched_at, len(entry.catalog.offers)) == ("live", NOW, 1)


def test_refresh_with_no_valid_offer_keeps_the_previous_catalog(tmp_path):
    from advisor.catalog.cache import CatalogCache
    from advisor.catalog.refresh import refresh

    cache = CatalogCache(tmp_path / "c.sqlite3")
    refresh(plugins_with(Good("good")), OfferQuery(), cache, now=NOW)
    (result,) = refresh(plugins_with(_LiveEmpty("good")), OfferQuery(), cache)
    assert (result.status, result.reason) == ("failed", "the live catalog had no valid offers")
    assert cache.read("good").fetched_at == NOW


def test_hanging_refresh_times_out_and_others_still_refresh(tmp_path):
    from advisor.catalog.cache import CatalogCache
    from advisor.catalog.refresh import refresh

    hangs = _LiveHangs("slow")
    try:
        results = refresh(plugins_with(Good("fast"), hangs), OfferQuery(), CatalogCache(tmp_path / "c.sqlite3"), timeout_s=0.2)
    finally:
        hangs.release.set()
    assert [(r.provider, r.status, r.reason) for r in results] == [("fast", "refreshed", None), ("slow", "failed", "timed out after 0.2 s")]


def test_naive_datetime_from_a_plugin_is_refused_and_named():
    from catalog_fakes import NaiveCatalogDate, NaiveDates

    gathered = _gather(NaiveDates(), NaiveCatalogDate(), Good())
    naive, naive_catalog, good = _source(gathered, "naive"), _source(gathered, "naivecat"), _source(gathered, "good")
    assert naive.offers == 1
    assert naive.problems == ("1 malformed offer dropped: 'naive:r1:gpu2:on_demand': provenance.as_of: Value error, "
                              "as_of 2026-05-01T00:00:00 has no time zone: give it in UTC (or with an offset)",)
    assert naive_catalog.source == "failed"
    assert "catalog provenance invalid (as_of: Value error, as_of 2026-05-01T00:00:00 has no time zone" in naive_catalog.problems[0]
    assert good.offers == 3 and not good.problems


def test_constructing_a_provenance_without_a_time_zone_fails_with_the_reason():
    from datetime import datetime

    from pydantic import ValidationError

    from advisor.model.offers import Provenance

    with pytest.raises(ValidationError, match="as_of 2026-05-01T00:00:00 has no time zone"):
        Provenance(source="live", as_of=datetime(2026, 5, 1), reference="x")
