"""An in-memory managed API next to the in-memory cloud: per-token and provisioned offers with data terms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from advisor import hookimpl
from advisor.model.offers import Certification, Hardware, Offer, OfferQuery, ProviderCatalog, TokenTerms, Venue
from advisor.plugin import Plugins
from advisor.plugin import Provider
from tests.conftest import PROV, MemoryPlugin

BAA = Certification(name="hipaa_baa", source="https://example.invalid/baa", retrieved=date(2026, 10, 1))
TERMS = {"trains_on_prompts": False, "prompt_retention_days": 0, "abuse_monitoring_retention_days": 0,
         "processing_scope": "regional"}


def api_venue(region: str, country: str, metro: str, lat: float, lon: float, baa: bool = True, **attributes) -> Venue:
    return Venue(id=f"memapi:{region}", provider="memapi", kind="api", region=region, country=country, metro=metro,
                 latitude=lat, longitude=lon, host_trust="hyperscaler_dc", operator_jurisdiction="US",
                 certifications=(BAA,) if baa else (), attributes={**TERMS, **attributes})


def per_token(v: Venue, model: str, serves: str, p_in: str, p_out: str, **terms) -> Offer:
    tokens = TokenTerms(model=model, serves=serves, usd_per_million_input=Decimal(p_in),
                        usd_per_million_output=Decimal(p_out), ttft_ms=300, output_tokens_per_second=80, **terms)
    return Offer(id=f"{v.id}:{model}:per_token", provider=v.provider, venue_id=v.id, sku=model, hardware=Hardware(),
                 billing="per_token", tokens=tokens, provenance=PROV)


def provisioned(v: Venue, model: str, serves: str, usd_per_hour: str, tokens_per_minute: int, **terms) -> Offer:
    tokens = TokenTerms(model=model, serves=serves, capacity_unit="model unit", tokens_per_minute=tokens_per_minute,
                        ttft_ms=250, output_tokens_per_second=100, **terms)
    return Offer(id=f"{v.id}:{model}:provisioned", provider=v.provider, venue_id=v.id, sku=f"{model} model unit",
                 hardware=Hardware(), billing="provisioned", tokens=tokens, usd_per_hour=Decimal(usd_per_hour),
                 commitment_months=1, provenance=PROV)


class MemoryApi(Provider):
    name = "memapi"
    kind = "api"

    def __init__(self, offers: list[Offer], venues: list[Venue]) -> None:
        self.offers, self.venues = offers, venues

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return ProviderCatalog(provider=self.name, venues=tuple(self.venues), offers=tuple(self.offers), provenance=PROV)


class ApiPlugin:
    def __init__(self, provider: MemoryApi) -> None:
        self.provider = provider

    @hookimpl
    def register_providers(self, register):
        register(self.provider)


@pytest.fixture
def recommend_with_api(tmp_path: Path):
    """Recommend ``workload`` (TOML text) against the in-memory cloud and an API selling ``offers`` at ``venues``."""

    def run(workload: str, offers: list[Offer], venues: list[Venue], cloud: bool = True):
        from advisor.pipeline import Options, recommend

        manager = Plugins(load_entry_points=False)
        if cloud:
            manager.register(MemoryPlugin(), name="memory-plugin")
        manager.register(ApiPlugin(MemoryApi(offers, venues)), name="memory-api")
        path = tmp_path / "w.toml"
        path.write_text(workload)
        return recommend([path], manager, Options(as_of=date(2026, 11, 1)))

    return run
