"""Price coverage: counts per provider and per hardware by area, and the docs table kept in step."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_fakes import offer, provenance  # noqa: E402

from advisor.catalog.gathering import Gathered, ProviderSource  # noqa: E402
from advisor.catalog.coverage import as_json, coverage, markdown, refresh_docs, snapshot_coverage  # noqa: E402
from advisor.reference.geo import area_of  # noqa: E402
from advisor.model.offers import Venue  # noqa: E402
from advisor.plugin.manager import Plugins  # noqa: E402

DOCS = Path(__file__).resolve().parent.parent / "docs" / "prices.md"


def _venue(provider: str, region: str, country: str) -> Venue:
    return Venue(id=f"{provider}:{region}", provider=provider, kind="cloud", region=region, country=country, metro="m",
                 latitude=None, longitude=None, host_trust="hyperscaler_dc")


def _gathered() -> Gathered:
    venues = [_venue("c", "us1", "US"), _venue("c", "us2", "US"), _venue("c", "eu1", "DE"), _venue("c", "ap1", "JP"), _venue("c", "br1", "BR")]
    old, new = datetime(2025, 3, 6, tzinfo=UTC), datetime(2026, 8, 26, tzinfo=UTC)
    offers = [
        offer("c", "h1", "4.00", region="us1", as_of=old),
        offer("c", "h1", "4.10", region="us2", as_of=new),
        offer("c", "h1", None, region="eu1"),
        offer("c", "h1", "5.00", region="ap1", billing="spot", as_of=new),
        offer("c", "h1", None, region="br1"),
        offer("c", "t4", None, region="us1", gpu="T4"),
    ]
    source = ProviderSource(provider="c", plugin="fake", kind="cloud", source="snapshot", as_of=provenance().as_of, reference=None, offers=len(offers))
    return Gathered(venues={v.id: v for v in venues}, offers=tuple(offers), sources=(source,))


def test_provider_counts_priced_offers_regions_and_the_span_of_price_dates():
    (c,) = coverage(_gathered()).providers
    assert (c.offers, c.priced, c.regions, c.priced_regions) == (6, 3, 5, 3)
    assert (f"{c.oldest_price:%Y-%m-%d}", f"{c.newest_price:%Y-%m-%d}") == ("2025-03-06", "2026-08-26")


def test_hardware_counts_regions_priced_of_offered_in_each_area():
    h100, t4 = coverage(_gathered()).hardware
    assert (h100.hardware, h100.offered, h100.priced) == (
        "H100-SXM",
        {"United States": 2, "Europe": 1, "Asia-Pacific": 1, "other": 1},
        {"United States": 2, "Europe": 0, "Asia-Pacific": 1, "other": 0},
    )
    assert t4.priced == {"United States": 0, "Europe": 0, "Asia-Pacific": 0, "other": 0}


def test_markdown_shows_dashes_where_nothing_is_offered_and_date_ranges():
    text = markdown(coverage(_gathered()))
    assert "| c | snapshot | 3 of 6 | 3 of 5 | 2025-03-06 to 2026-08-26 |" in text
    assert "| c | H100-SXM | 2/2 | 0/1 | 1/1 | 0/1 |" in text
    assert "| c | T4 | 0/1 | - | - | - |" in text


def test_json_dates_are_days_and_areas_are_listed():
    data = as_json(coverage(_gathered()))
    assert data["areas"] == ["United States", "Europe", "Asia-Pacific", "other"]
    assert data["providers"][0]["oldest_price"] == "2025-03-06"


def test_a_provider_filter_keeps_only_that_provider():
    assert coverage(_gathered(), ["other"]).providers == ()


def test_areas_group_countries_as_the_providers_do():
    assert [area_of(c) for c in ("US", "GB", "CH", "SE", "JP", "IN", "AU", "BR", "ZZ")] == [
        "United States", "Europe", "Europe", "Europe", "Asia-Pacific", "Asia-Pacific", "Asia-Pacific", "other", "other",
    ]


def test_docs_coverage_table_matches_the_embedded_snapshots():
    docs = DOCS.read_text(encoding="utf-8")
    assert "<!-- coverage:start -->" in docs
    assert refresh_docs(docs, snapshot_coverage(Plugins())) == docs, "run: python -m advisor.catalog.coverage docs/prices.md"


def test_billing_model_coverage_counts_region_size_pairs_with_each_priced_term():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from catalog_fakes import offer

    from advisor.catalog.coverage import _terms

    offers = [offer("p", "a"), offer("p", "a", "0.5", billing="spot"), offer("p", "a", "0.9", billing="reserved"),
              offer("p", "b"), offer("p", "b", None, billing="spot"), offer("p", "c", None)]
    assert _terms(offers) == {"sizes": 3, "with_on_demand": 2, "with_spot": 1, "with_commitment": 1}
