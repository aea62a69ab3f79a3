"""End to end with an in-memory provider: its offers appear, rules and sizing exclude with reasons."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from advisor import hookimpl
from advisor.offers import Certification, Hardware, Offer, OfferQuery, Provenance, ProviderCatalog, Venue
from advisor.pipeline import Options, recommend
from advisor.plugins import Plugins
from advisor.provider import Provider

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
name = "in-memory"
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
def plugins() -> Plugins:
    manager = Plugins(load_entry_points=False)
    manager.register(MemoryPlugin(), name="memory-plugin")
    return manager


def run(tmp_path: Path, plugins: Plugins, cls: str = "internal", subjects: str = "DE"):
    path = tmp_path / "w.toml"
    path.write_text(WORKLOAD.format(cls=cls, subjects=subjects))
    return recommend([path], plugins, Options(as_of=date(2026, 11, 1)))


def test_in_memory_provider_offers_appear_in_the_recommendation(tmp_path, plugins):
    rec = run(tmp_path, plugins)
    [comp] = rec.components
    assert rec.plan.feasible and comp.chosen is not None
    assert comp.chosen.provider == "memcloud"
    assert comp.chosen.price["source"] == "snapshot" and comp.chosen.price["reference"] == "test fixture"
    assert comp.chosen.usd_per_month > 0
    assert [s.provider for s in rec.catalog] == ["memcloud"] and rec.catalog[0].age_days == 31


def test_unpriced_offer_is_excluded_as_unpriced_never_costed_at_zero(tmp_path, plugins):
    rec = run(tmp_path, plugins)
    [comp] = rec.components
    h100 = [e for e in comp.excluded if e.offer_id == "memcloud:fra:8xh100:on_demand"]
    assert h100 and h100[0].reason == "unpriced"
    for placement in [comp.chosen, *comp.alternatives]:
        assert placement.usd_per_month and placement.usd_per_month > 0


def test_model_that_does_not_fit_is_excluded_with_its_reason(tmp_path, plugins):
    rec = run(tmp_path, plugins)
    [comp] = rec.components
    t4 = [e for e in comp.excluded if e.offer_id == "memcloud:fra:1xt4:on_demand"]
    assert t4 and t4[0].reason == "does-not-fit" and "GB" in t4[0].detail


def test_same_inputs_give_byte_identical_json(tmp_path, plugins):
    first = run(tmp_path, plugins).canonical_json()
    second = run(tmp_path, plugins).canonical_json()
    assert first == second
    assert json.loads(first)["schema_version"] == "1.0"


def test_json_validates_against_the_published_schema(tmp_path, plugins):
    import jsonschema

    from advisor.recommendation import Recommendation

    data = json.loads(run(tmp_path, plugins).canonical_json())
    jsonschema.validate(data, Recommendation.model_json_schema())
