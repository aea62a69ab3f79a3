"""Prices end to end: show the published snapshot prices, refresh into the cache, recommend from it, diff."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from click.testing import CliRunner

from advisor.cli import cli, common
from advisor.model.offers import OfferQuery, Provenance, ProviderCatalog
from advisor.render.report.diff import diff

FETCHED = datetime(2026, 11, 20, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("provider", "region", "expected_sku", "expected_price"),
    [("aws", "us-east-1", "g4dn.12xlarge", "3.912"), ("azure", "eastus", "Standard_NC4as_T4_v3", "0.526"),
     ("gcp", "us-central1", "n1-standard-16+4xT4", None)],
)
def test_prices_show_lists_t4_machines_with_published_prices_and_dates(provider, region, expected_sku, expected_price):
    result = CliRunner().invoke(cli, ["prices", "show", "--provider", provider, "--gpu", "T4", "--region", region, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    rows = rows["offers"] if isinstance(rows, dict) else rows
    skus = {r["sku"]: r for r in rows if r["billing"] == "on_demand"}
    assert expected_sku in skus
    row = skus[expected_sku]
    if expected_price:
        assert Decimal(str(row["usd_per_hour"])) == Decimal(expected_price)
    assert row["as_of"]


@pytest.fixture
def refreshable_plugins(memory_plugins, monkeypatch, tmp_path):
    """The in-memory provider, refreshable: the live catalog makes Frankfurt five times dearer."""
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    [provider] = memory_plugins.providers()

    def live(query: OfferQuery, progress=None) -> ProviderCatalog:
        snap = provider.catalog(query)
        offers = tuple(
            o.model_copy(update={
                "usd_per_hour": None if o.usd_per_hour is None else o.usd_per_hour * (5 if o.venue_id.endswith(":fra") else 1),
                "provenance": Provenance(source="live", as_of=FETCHED, reference="memcloud live API (test)"),
            })
            for o in snap.offers
        )
        return snap.model_copy(update={"offers": offers,
                                       "provenance": Provenance(source="live", as_of=FETCHED, reference="memcloud live API (test)")})

    plugin_class = type(provider.inner)  # the plugin's own class, behind the BoundProvider
    plugin_class.refresh = lambda self, query, progress=None: live(query, progress)
    yield memory_plugins
    del plugin_class.refresh


def test_refresh_writes_the_cache_and_the_next_recommend_reports_cache_and_age(refreshable_plugins, monkeypatch, tmp_path, run_memory):
    before = run_memory().model_dump(mode="json")
    monkeypatch.setattr(common, "make_plugins", lambda: refreshable_plugins)
    refreshed = CliRunner().invoke(cli, ["prices", "refresh", "memcloud"])
    assert refreshed.exit_code == 0, refreshed.output
    after = run_memory().model_dump(mode="json")
    [source] = after["catalog"]
    # evaluated 2026-11-01, refreshed prices dated 2026-11-20: no negative age, said to be after that date
    assert source["source"] == "cache" and source["oldest_price"] == "2026-11-20"
    assert source["age_days"] is None and source["dated_after_evaluation"] is True
    sections = diff(before, after)
    assert any("memcloud:fra" in line for line in sections.sections["prices"])
    assert sections.sections["decisions"] and "moved from" in sections.sections["decisions"][0]
