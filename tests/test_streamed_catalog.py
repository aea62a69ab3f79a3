"""A StreamedCatalog's offers are read as the plugin makes them and each raw record is let go once its
validated copy is made (issue 18: "plugin records freed as they are validated"); a stream that raises
or stalls fails its provider alone, like a catalog() that raises or hangs."""

from __future__ import annotations

import sys
import threading
import weakref
from pathlib import Path

from advisor.catalog.gathering import gather
from advisor.guard import streamed
from advisor.model.offers import Offer, OfferQuery, StreamedCatalog
from advisor.plugin.provider import Provider
from advisor.testing import contract_problems

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_fakes import Good, catalog, offer, plugins_with, provenance, venue  # noqa: E402

CHUNK = 4096  # advisor.guard.streamed's default


class Streams(Provider):
    """``n`` offers made one by one in a generator; it records, as it makes each record, how many of
    the records it made before are still alive (weak references: no timing involved)."""

    name, kind = "streams", "cloud"

    def __init__(self, n: int, fail_at: int | None = None, stall: threading.Event | None = None) -> None:
        self.n, self.fail_at, self.stall = n, fail_at, stall
        self.handed: list[weakref.ref[Offer]] = []
        self.most_alive = 0
        self.threads: set[str] = set()

    def _offers(self):
        for i in range(self.n):
            self.threads.add(threading.current_thread().name)
            if i == self.fail_at:
                raise ValueError("snapshot truncated")
            if self.stall is not None and i == 10:
                self.stall.wait(30)
            if i % 1000 == 0:
                self.most_alive = max(self.most_alive, sum(ref() is not None for ref in self.handed))
            record = offer(self.name, f"gpu{i}", f"{1 + i / 1000:.3f}")
            self.handed.append(weakref.ref(record))
            yield record

    def catalog(self, query: OfferQuery) -> StreamedCatalog:
        return StreamedCatalog(provider=self.name, venues=(venue(self.name),), provenance=provenance(),
                               offers=self._offers())


def _problems(gathered, name):
    return next(s for s in gathered.sources if s.provider == name).problems


def test_a_streamed_catalog_gathers_as_the_same_catalog_given_at_once():
    class AtOnce(Streams):
        def catalog(self, query):
            return catalog(self.name, list(self._offers()))

    streamed_offers = gather(plugins_with(Streams(300)), OfferQuery(), offline=True).offers
    at_once = gather(plugins_with(AtOnce(300)), OfferQuery(), offline=True).offers
    assert len(streamed_offers) == 300
    assert [o.model_dump() for o in streamed_offers] == [o.model_dump() for o in at_once]


def test_the_plugins_records_are_freed_as_they_are_validated():
    provider = Streams(12 * CHUNK)
    gathered = gather(plugins_with(provider), OfferQuery(), offline=True)
    assert len(gathered.offers) == 12 * CHUNK
    # a chunk being made, two queued, one being validated: never the whole catalog at once
    assert 0 < provider.most_alive <= 4 * CHUNK + 2
    assert all(ref() is None for ref in provider.handed)
    assert all(type(o) is Offer for o in gathered.offers)


def test_the_plugins_generator_runs_in_its_own_thread():
    provider = Streams(10)
    gather(plugins_with(provider), OfferQuery(), offline=True)
    assert provider.threads and threading.main_thread().name not in provider.threads


def test_a_stream_that_raises_fails_its_provider_alone():
    gathered = gather(plugins_with(Streams(CHUNK * 3, fail_at=CHUNK + 5), Good()), OfferQuery(), offline=True)
    assert _problems(gathered, "streams") == (
        "its streamed offers raised ValueError('snapshot truncated'); catalog not used",)
    assert {o.provider for o in gathered.offers} == {"good"}
    assert not any(v.startswith("streams:") for v in gathered.venues)


def test_a_stalled_stream_is_abandoned_after_the_timeout():
    release = threading.Event()
    try:
        gathered = gather(plugins_with(Streams(50, stall=release), Good()), OfferQuery(), offline=True, timeout_s=0.3)
    finally:
        release.set()
    assert _problems(gathered, "streams") == ("its streamed offers stalled for 0.3 s (abandoned); catalog not used",)
    assert {o.provider for o in gathered.offers} == {"good"}


def test_the_streamed_items_come_in_order_and_an_abandoned_stream_stops_reading():
    made: list[int] = []

    def numbers():
        for i in range(10 * 7):
            made.append(i)
            yield i

    assert list(streamed(numbers(), "t", 5.0, chunk=7)) == list(range(70))
    made.clear()
    reader = streamed(numbers(), "t", 5.0, chunk=7)
    assert next(reader) == 0
    reader.close()
    assert len(made) <= 4 * 7  # one chunk read, two queued, one made: the queue bounds the rest


def test_the_contract_suite_checks_a_streamed_catalog_as_the_catalog_it_streams():
    assert contract_problems(Streams(5)) == []
