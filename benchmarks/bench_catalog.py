"""Benchmark: gather 100,000 synthetic offers from a plugin-registered provider, then cache them.

Run: ``python benchmarks/bench_catalog.py [--offers N] [--venues V]``. Prints seconds per stage and
peak memory (RSS from getrusage; Python heap from tracemalloc in a second, slower pass).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from advisor import hookimpl
from advisor.catalog.cache import CatalogCache
from advisor.catalog.gathering import gather
from advisor.model.offers import Hardware, Offer, OfferQuery, Provenance, ProviderCatalog, Venue
from advisor.plugin.manager import Plugins
from advisor.plugin.provider import Provider

AS_OF = datetime(2026, 5, 1, tzinfo=UTC)
GPUS = ("T4", "L4", "A10G", "L40S", "A100-80GB", "H100-SXM", "H200", "B200")


class Synthetic(Provider):
    """A provider whose catalog is prebuilt, so the benchmark times gather and not record building."""

    name, kind = "synthetic", "cloud"

    def __init__(self, n_offers: int, n_venues: int) -> None:
        prov = Provenance(source="snapshot", as_of=AS_OF, reference="synthetic benchmark data")
        venues = [
            Venue(id=f"synthetic:r{v}", provider="synthetic", kind="cloud", region=f"r{v}", country="US", metro="New York",
                  latitude=40.7, longitude=-74.0, host_trust="hyperscaler_dc")
            for v in range(n_venues)
        ]
        offers = []
        for i in range(n_offers):
            venue, gpu = venues[i % n_venues], GPUS[i % len(GPUS)]
            sku = f"sku{i // n_venues}"
            offers.append(
                Offer(id=f"{venue.id}:{sku}:on_demand", provider="synthetic", venue_id=venue.id, sku=sku,
                      hardware=Hardware(accelerator=gpu, accelerator_count=1 + i % 8, accelerator_memory_gib=80, vcpus=32, memory_gib=256),
                      billing="on_demand", usd_per_hour=None if i % 50 == 0 else Decimal(f"{1 + i % 900 / 100:.2f}"), provenance=prov)
            )
        self._catalog = ProviderCatalog(provider="synthetic", venues=tuple(venues), offers=tuple(offers), provenance=prov)

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return self._catalog


class _Plugin:
    def __init__(self, provider: Provider) -> None:
        self.provider = provider

    @hookimpl
    def register_providers(self, register):
        register(self.provider)


def _plugins(provider: Provider) -> Plugins:
    plugins = Plugins(load_entry_points=False)
    plugins.register(_Plugin(provider), name="synthetic-plugin")
    return plugins


def _timed(label: str, call):
    start = time.perf_counter()
    result = call()
    print(f"{label:<38} {time.perf_counter() - start:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--venues", type=int, default=100)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {args.offers:,} offers at {args.venues} venues")

    provider = _timed("build synthetic catalog (not gather)", lambda: Synthetic(args.offers, args.venues))
    plugins = _plugins(provider)
    gathered = _timed("gather (validate, dedupe, sort)", lambda: gather(plugins, OfferQuery(), use_cache=False, timeout_s=600))
    assert len(gathered.offers) == args.offers, gathered.problems
    with tempfile.TemporaryDirectory() as tmp:
        cache = CatalogCache(Path(tmp) / "catalog.sqlite3")
        _timed("cache write (one transaction)", lambda: cache.write(provider.catalog(OfferQuery())))
        print(f"{'cache file size':<38} {cache.path.stat().st_size / 2**20:8.1f} MiB")
        _timed("cache read (integrity check + load)", lambda: CatalogCache(cache.path).read("synthetic"))
        cached = _timed("gather from a fresh cache entry", lambda: gather(plugins, OfferQuery(), cache=cache, timeout_s=600))
        assert cached.sources[0].source == "cache"
    print(f"{'peak RSS (getrusage)':<38} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.0f} MiB")

    tracemalloc.start()
    gather(plugins, OfferQuery(), use_cache=False, timeout_s=600)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{'gather peak Python heap (tracemalloc)':<38} {peak / 2**20:8.0f} MiB")


if __name__ == "__main__":
    main()
