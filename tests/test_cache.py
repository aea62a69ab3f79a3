"""The SQLite catalog cache: round trip, swap on success, corruption recovery, concurrent writers, TTL."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_fakes import NOW, SNAPSHOT_AS_OF, Good, catalog, offer, plugins_with, provenance, venue  # noqa: E402

from advisor.catalog.cache import CACHE_DIR_ENV, CatalogCache, cache_dir, ttl_hours  # noqa: E402
from advisor.catalog.gathering import gather  # noqa: E402
from advisor.model.offers import OfferQuery, ProviderCatalog  # noqa: E402


def live_catalog(provider: str = "good", price: str = "1.20", n: int = 1) -> ProviderCatalog:
    return catalog(provider, [offer(provider, f"gpu{i}", price, source="live", as_of=NOW) for i in range(n)], source="live", as_of=NOW)


@pytest.fixture
def cache(tmp_path: Path) -> CatalogCache:
    return CatalogCache(tmp_path / "catalog.sqlite3")


def _offer_rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM offers").fetchone()[0]


def test_cache_dir_follows_the_environment_override(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    assert CatalogCache().path == tmp_path / "c" / "catalog.sqlite3"


def test_reading_an_absent_cache_finds_nothing_and_creates_no_file(cache):
    assert cache.read("good") is None
    assert cache.status() == []
    assert not cache.path.exists()


def test_round_trip_marks_source_cache_and_keeps_the_original_date(cache):
    written = live_catalog(n=3)
    generation = cache.write(written, fetched_at=NOW)
    entry = cache.read("good")
    assert entry.generation == generation
    assert entry.fetched_at == NOW
    assert entry.original_source == "live"
    assert entry.catalog.provenance.source == "cache"
    assert entry.catalog.provenance.as_of == NOW
    assert [o.id for o in entry.catalog.offers] == [o.id for o in written.offers]
    assert {o.provenance.source for o in entry.catalog.offers} == {"cache"}
    assert entry.catalog.offers[0].usd_per_hour == Decimal("1.20")
    stripped = [o.model_copy(update={"provenance": provenance("live", NOW)}) for o in entry.catalog.offers]
    assert tuple(stripped) == written.offers
    assert entry.catalog.venues == written.venues


def test_unpriced_offer_survives_the_cache_as_none(cache):
    cache.write(catalog("good", [offer("good", price=None, source="live", as_of=NOW)], source="live", as_of=NOW))
    assert cache.read("good").catalog.offers[0].usd_per_hour is None


def test_a_new_refresh_replaces_the_previous_generation(cache):
    first = cache.write(live_catalog(price="1.20", n=2), fetched_at=NOW)
    second = cache.write(live_catalog(price="1.10", n=1), fetched_at=NOW + timedelta(hours=1))
    assert second > first
    entry = cache.read("good")
    assert (entry.generation, len(entry.catalog.offers)) == (second, 1)
    assert entry.catalog.offers[0].usd_per_hour == Decimal("1.10")
    assert _offer_rows(cache.path) == 1
    (status,) = cache.status()
    assert (status.provider, status.generation, status.offers, status.venues, status.source) == ("good", second, 1, 1, "live")


def test_providers_are_cached_independently(cache):
    cache.write(live_catalog("a"))
    cache.write(live_catalog("b", n=2))
    assert [s.provider for s in cache.status()] == ["a", "b"]
    assert cache.forget("a") is True
    assert cache.read("a") is None
    assert len(cache.read("b").catalog.offers) == 2


def test_refresh_that_raises_halfway_leaves_the_previous_catalog(cache):
    cache.write(live_catalog(price="1.20", n=2), fetched_at=NOW)
    good = offer("good", "new1", "0.90", source="live", as_of=NOW)
    broken = ProviderCatalog.model_construct(
        provider="good", venues=(venue("good"),), offers=(good, "not an offer", good), provenance=provenance("live", NOW)
    )
    with pytest.raises(AttributeError):
        cache.write(broken, fetched_at=NOW + timedelta(hours=1))
    entry = cache.read("good")
    assert [o.id for o in entry.catalog.offers] == ["good:r1:gpu0:on_demand", "good:r1:gpu1:on_demand"]
    assert entry.fetched_at == NOW
    assert _offer_rows(cache.path) == 2


class _StallAfter:
    """An offers sequence that signals after ``n`` items and then blocks, so the writer can be killed."""

    def __init__(self, offers, n, reached):
        self.offers, self.n, self.reached = offers, n, reached

    def __iter__(self):
        for i, item in enumerate(self.offers):
            if i == self.n:
                self.reached.set()
                signal.pause()
            yield item


def _write_and_stall(path: str, reached) -> None:
    offers = [offer("good", f"new{i}", "0.50", source="live", as_of=NOW) for i in range(50)]
    stalled = ProviderCatalog.model_construct(
        provider="good", venues=(venue("good"),), offers=_StallAfter(offers, 25, reached), provenance=provenance("live", NOW)
    )
    CatalogCache(path).write(stalled)


def test_refresh_killed_halfway_leaves_the_previous_catalog_and_the_file_writable(cache):
    cache.write(live_catalog(price="1.20", n=2), fetched_at=NOW)
    ctx = multiprocessing.get_context("fork")
    reached = ctx.Event()
    writer = ctx.Process(target=_write_and_stall, args=(str(cache.path), reached))
    writer.start()
    try:
        assert reached.wait(30), "the writer never reached the middle of its refresh"
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
    entry = CatalogCache(cache.path).read("good")
    assert [str(o.usd_per_hour) for o in entry.catalog.offers] == ["1.20", "1.20"]
    CatalogCache(cache.path).write(live_catalog(price="1.00"))
    assert CatalogCache(cache.path).read("good").catalog.offers[0].usd_per_hour == Decimal("1.00")


def test_garbage_file_is_moved_aside_and_rebuilt_with_a_warning(cache):
    cache.path.write_bytes(b"this is not a database" * 500)
    with pytest.warns(UserWarning, match="unreadable.*moved to .*rebuilt empty"):
        assert cache.read("good") is None
    aside = list(cache.path.parent.glob("catalog.sqlite3.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes().startswith(b"this is not a database")
    cache.write(live_catalog())
    assert cache.read("good") is not None


def test_corrupted_pages_fail_the_integrity_check(cache):
    cache.write(live_catalog(n=200))
    data = bytearray(cache.path.read_bytes())
    assert len(data) > 3 * 4096
    data[2 * 4096 : 3 * 4096] = b"\xff" * 4096
    cache.path.write_bytes(bytes(data))
    with pytest.warns(UserWarning, match="unreadable"):
        assert CatalogCache(cache.path).read("good") is None


def test_cache_from_another_schema_version_is_rebuilt(cache):
    cache.write(live_catalog())
    with sqlite3.connect(cache.path) as conn:
        conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.warns(UserWarning, match="schema version 999"):
        assert CatalogCache(cache.path).read("good") is None


def test_cache_uses_write_ahead_logging(cache):
    cache.write(live_catalog())
    with sqlite3.connect(cache.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _refresh_many(path: str, provider: str, start, rounds: int) -> None:
    start.wait(30)
    store = CatalogCache(path)
    for i in range(rounds):
        store.write(live_catalog(provider, price=f"{1 + i / 100:.2f}", n=20))


def test_two_concurrent_refresh_processes_never_corrupt_the_cache(cache):
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    workers = [ctx.Process(target=_refresh_many, args=(str(cache.path), name, start, 15)) for name in ("a", "b")]
    for w in workers:
        w.start()
    start.set()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    with sqlite3.connect(cache.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = CatalogCache(cache.path)
    for name in ("a", "b"):
        offers = store.read(name).catalog.offers
        assert len(offers) == 20
        assert {str(o.usd_per_hour) for o in offers} == {"1.14"}
    assert _offer_rows(cache.path) == 40


class _Custom(Good):
    ttl_hours = 3


def test_ttl_is_seven_days_for_clouds_one_hour_for_marketplaces_unless_the_provider_says():
    assert ttl_hours(Good()) == 168
    assert ttl_hours(Good(kind="depin")) == 1
    assert ttl_hours(_Custom()) == 3


def test_gather_uses_a_fresh_cache_entry_with_its_original_date(cache):
    cache.write(live_catalog(price="1.20"), fetched_at=NOW)
    good = Good()
    gathered = gather(plugins_with(good), OfferQuery(), now=NOW + timedelta(days=6), cache=cache)
    (source,) = gathered.sources
    assert (source.source, source.as_of, source.age_days, source.offers) == ("cache", NOW, 6.0, 1)
    assert gathered.offers[0].usd_per_hour == Decimal("1.20")
    assert gathered.offers[0].provenance.source == "cache"
    assert good.calls == 0


def test_expired_cache_entry_still_beats_an_older_snapshot_and_is_marked_stale(cache):
    # the case: a 2-hour-old Vast refresh lost to a 185-day-old snapshot
    cache.write(live_catalog("market", price="0.30"), fetched_at=NOW)
    gathered = gather(plugins_with(Good("market", kind="depin")), OfferQuery(), now=NOW + timedelta(hours=2), cache=cache)
    (source,) = gathered.sources
    assert (source.source, source.as_of, source.offers, source.stale) == ("cache", NOW, 1, True)
    assert gathered.offers[0].usd_per_hour == Decimal("0.30")


def test_fresh_cache_entry_is_not_marked_stale(cache):
    cache.write(live_catalog("market"), fetched_at=NOW)
    gathered = gather(plugins_with(Good("market", kind="depin")), OfferQuery(), now=NOW + timedelta(minutes=30), cache=cache)
    assert (gathered.sources[0].source, gathered.sources[0].stale) == ("cache", False)


def test_snapshot_newer_than_an_expired_cache_entry_wins(cache):
    old = catalog("market", [offer("market", "gpu1", "9.99", source="live", as_of=SNAPSHOT_AS_OF - timedelta(days=30))],
                  source="live", as_of=SNAPSHOT_AS_OF - timedelta(days=30))
    cache.write(old, fetched_at=SNAPSHOT_AS_OF - timedelta(days=30))
    gathered = gather(plugins_with(Good("market", kind="depin")), OfferQuery(), now=NOW, cache=cache)
    (source,) = gathered.sources
    assert (source.source, source.as_of, source.offers, source.stale) == ("snapshot", SNAPSHOT_AS_OF, 3, False)


def test_expired_cache_entry_is_used_when_the_snapshot_fails(cache):
    from catalog_fakes import Raises

    cache.write(live_catalog("raises"), fetched_at=NOW)
    gathered = gather(plugins_with(Raises()), OfferQuery(), now=NOW + timedelta(days=30), cache=cache)
    (source,) = gathered.sources
    assert (source.source, source.stale, source.offers) == ("cache", True, 1)
    assert any("snapshot file missing" in p for p in source.problems)


def test_offline_and_no_cache_ignore_a_fresh_entry(cache):
    cache.write(live_catalog(), fetched_at=NOW)
    for kwargs in ({"offline": True}, {"use_cache": False}):
        gathered = gather(plugins_with(Good()), OfferQuery(), now=NOW, cache=cache, **kwargs)
        assert gathered.sources[0].source == "snapshot"


def test_gather_falls_back_to_snapshots_when_the_cache_file_is_garbage(cache):
    cache.path.write_bytes(b"\x00garbage" * 100)
    with pytest.warns(UserWarning, match="unreadable"):
        gathered = gather(plugins_with(Good()), OfferQuery(), now=NOW, cache=cache)
    assert gathered.sources[0].source == "snapshot"
    assert len(gathered.offers) == 3


def test_an_unreadable_entry_falls_back_for_that_provider_only(cache):
    cache.write(live_catalog("good", price="1.20"), fetched_at=NOW)
    cache.write(live_catalog("other", price="1.30"), fetched_at=NOW)
    with sqlite3.connect(cache.path) as conn:
        conn.execute("UPDATE offers SET json = '{\"id\": 1}' WHERE provider = 'other'")
    with pytest.warns(UserWarning, match="cached catalog of 'other' unusable"):
        gathered = gather(plugins_with(Good("good"), Good("other")), OfferQuery(), now=NOW, cache=cache)
    assert {s.provider: s.source for s in gathered.sources} == {"good": "cache", "other": "snapshot"}
