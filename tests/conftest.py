"""Shared test fixtures: an in-memory provider plugin and a workload writer."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from advisor import hookimpl
from advisor.model.offers import Certification, Hardware, Offer, OfferQuery, Provenance, ProviderCatalog, Venue
from advisor.plugin.manager import Plugins
from advisor.plugin.provider import Provider

AS_OF = datetime(2026, 10, 1, tzinfo=timezone.utc)
PROV = Provenance(source="snapshot", as_of=AS_OF, reference="test fixture")
CERTS = tuple(
    Certification(name=n, source="https://example.invalid/compliance", retrieved=date(2026, 10, 1))
    for n in ("hipaa_baa", "soc2", "iso27001", "pci_dss")
)


def venue(vid: str, country: str, metro: str, lat: float, lon: float, **kw) -> Venue:
    base = dict(id=vid, provider=vid.split(":")[0], kind="cloud", region=vid.split(":")[1], country=country, metro=metro,
                latitude=lat, longitude=lon, host_trust="hyperscaler_dc", operator_jurisdiction="US", certifications=CERTS,
                pue=1.2, grid_kgco2e_per_kwh=0.3, supports_log_export=True)
    base.update(kw)
    return Venue(**base)


def offer(v: Venue, sku: str, gpu: str, count: int, mem: float, price: str | None) -> Offer:
    return Offer(id=f"{v.id}:{sku}:on_demand", provider=v.provider, venue_id=v.id, sku=sku,
                 hardware=Hardware(accelerator=gpu, accelerator_count=count, accelerator_memory_gib=mem, vcpus=48, memory_gib=192),
                 billing="on_demand", usd_per_hour=None if price is None else Decimal(price), provenance=PROV)


class MemoryCloud(Provider):
    name = "memcloud"
    kind = "cloud"

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        fra = venue("memcloud:fra", "DE", "Frankfurt", 50.11, 8.68)
        nyc = venue("memcloud:nyc", "US", "New York", 40.71, -74.0)
        offers = (
            offer(fra, "4xl4", "L4", 4, 24, "3.40"),
            offer(nyc, "4xl4", "L4", 4, 24, "3.10"),
            offer(fra, "1xt4", "T4", 1, 16, "0.60"),
            offer(fra, "8xh100", "H100-SXM", 8, 80, None),
        )
        return ProviderCatalog(provider=self.name, venues=(fra, nyc), offers=offers, provenance=PROV)


class MemoryPlugin:
    @hookimpl
    def register_providers(self, register):
        register(MemoryCloud())


WORKLOAD = """
[workload]
name = "{name}"
[data]
classes = ["{cls}"]
subjects = ["{subjects}"]
[[components]]
name = "chat"
kind = "inference"
model = "llama-3-8b"
precision = "fp16"
output_tokens_per_month = 200_000_000
peak_to_average = 2
slo = {{ ttft_ms_p95 = 2000 }}
users = [ {{ metro = "Frankfurt", share = 1.0 }} ]
"""


@pytest.fixture
def memory_plugins() -> Plugins:
    manager = Plugins(load_entry_points=False)
    manager.register(MemoryPlugin(), name="memory-plugin")
    return manager


@pytest.fixture
def run_memory(tmp_path: Path, memory_plugins: Plugins):
    """Recommend WORKLOAD (formatted with cls, subjects, name) against the in-memory provider."""

    def run(cls: str = "internal", subjects: str = "DE", name: str = "in-memory"):
        from advisor.pipeline import Options, recommend

        path = tmp_path / "w.toml"
        path.write_text(WORKLOAD.format(cls=cls, subjects=subjects, name=name.replace('"', '\\"')))
        return recommend([path], memory_plugins, Options(as_of=date(2026, 11, 1)))

    return run
