"""Snapshot price coverage (issue 5): every required family priced in two US, two EU and two APAC regions.

A family missing from a bloc is allowed only with a reason and a source in tools/coverage_exceptions.csv,
and every exception there must still be needed, so the list cannot hide a gap or outlive one.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from advisor.reference.geo import area_of, find_metro

EXCEPTIONS_FILE = Path(__file__).parents[1] / "tools" / "coverage_exceptions.csv"
FAMILIES = ("g4dn", "g5", "g6", "g6e", "p4d", "p4de", "p5", "p5e", "inf2", "trn1", "m7i", "c7i")
BLOCS = {"United States": "US", "Europe": "EU", "Asia-Pacific": "APAC"}
SKYPILOT_COMMIT = "001367d22a0033fac286a8c71aeac7109e431bcb"


def _exceptions() -> dict[tuple[str, str], dict[str, str]]:
    with EXCEPTIONS_FILE.open(encoding="utf-8") as fh:
        return {(row["family"], row["bloc"]): row for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def priced_regions(catalog) -> dict[tuple[str, str], set[str]]:
    """Commercial regions with a priced on-demand offer, by (family, bloc); GovCloud does not count."""
    venues = {v.id: v for v in catalog.venues}
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for o in catalog.offers:
        venue = venues[o.venue_id]
        bloc = BLOCS.get(area_of(venue.country))
        if o.billing == "on_demand" and o.usd_per_hour is not None and bloc and not venue.government:
            out[(o.sku.split(".")[0], bloc)].add(venue.region)
    return out


@pytest.mark.parametrize("family", FAMILIES)
def test_family_is_priced_in_two_regions_of_each_bloc_unless_explained(priced_regions, family):
    exceptions = _exceptions()
    for bloc in BLOCS.values():
        if (family, bloc) not in exceptions:
            assert len(priced_regions[(family, bloc)]) >= 2, (family, bloc, priced_regions[(family, bloc)])


def test_every_exception_is_still_needed_and_names_its_reason_and_source(priced_regions):
    exceptions = _exceptions()
    assert set(exceptions) == {
        ("p5e", "US"), ("p5e", "EU"), ("p5e", "APAC"), ("p4de", "EU"), ("trn1", "EU"), ("trn1", "APAC"),
    }
    for key, row in exceptions.items():
        assert row["family"] in FAMILIES and row["bloc"] in BLOCS.values()
        assert len(priced_regions[key]) < 2, f"{key} is covered now: drop it from {EXCEPTIONS_FILE.name}"
        assert row["reason"].strip() and row["source"].strip()


def test_p5e_is_listed_unpriced_where_offered_and_never_priced(catalog):
    p5e = [o for o in catalog.offers if o.sku == "p5e.48xlarge"]
    assert {o.venue_id for o in p5e} == {"aws:us-west-2", "aws:eu-north-1", "aws:eu-west-2", "aws:ap-southeast-2"}
    for o in p5e:
        assert o.usd_per_hour is None and o.attributes["unpriced"] is True
        assert "Capacity Blocks" in o.provenance.reference


@pytest.mark.parametrize(
    ("offer_id", "price"),
    [
        ("aws:eu-central-1:m7i.48xlarge:on_demand", "11.592"),
        ("aws:us-west-2:m7i.xlarge:on_demand", "0.2016"),
        ("aws:ap-southeast-2:m7i.24xlarge:on_demand", "6.048"),
        ("aws:eu-west-1:c7i.48xlarge:on_demand", "9.19296"),
        ("aws:ap-northeast-1:c7i.8xlarge:on_demand", "1.7976"),
        ("aws:ap-south-1:c7i.xlarge:on_demand", "0.1785"),
        ("aws:eu-north-1:p5.48xlarge:on_demand", "58.8928"),
        ("aws:eu-west-2:p5.4xlarge:on_demand", "8.944"),
        ("aws:ap-south-1:g6e.48xlarge:on_demand", "36.18656"),
        ("aws:eu-north-1:g6e.xlarge:on_demand", "1.974"),
        ("aws:eu-west-2:g6.12xlarge:on_demand", "5.8412"),
        ("aws:ap-southeast-1:p4de.24xlarge:on_demand", "32.93646"),
        ("aws:ap-southeast-1:g4dn.xlarge:on_demand", "0.736"),
        ("aws:eu-north-1:inf2.48xlarge:on_demand", "14.27939"),
    ],
)
def test_newly_priced_offers_carry_the_transcribed_figure(offer, offer_id, price):
    assert offer(offer_id).usd_per_hour == Decimal(price)


def test_cpu_prices_outside_us_east_1_cite_the_skypilot_commit_and_its_bounding_date(offer):
    found = offer("aws:eu-central-1:m7i.48xlarge:on_demand")
    assert found.attributes["source_url"].startswith("https://github.com/skypilot-org/skypilot-catalog/blob/")
    assert SKYPILOT_COMMIT in found.provenance.reference
    assert "no later than June 2025" in found.provenance.reference
    assert found.provenance.as_of.date() == date(2025, 6, 1)
    us_east = offer("aws:us-east-1:m7i.48xlarge:on_demand")
    assert us_east.attributes["source_url"] == "https://aws.amazon.com/ec2/pricing/on-demand/"


def test_new_region_gpu_prices_carry_the_vantage_date(offer):
    found = offer("aws:eu-north-1:p5.48xlarge:on_demand")
    assert found.attributes["source_url"] == "https://instances.vantage.sh/aws/ec2/p5.48xlarge"
    assert found.provenance.as_of.date() == date(2026, 8, 26)


def test_new_venues_use_known_metros_and_cited_grid_factors(catalog):
    venues = {v.region: v for v in catalog.venues}
    expected = {"eu-north-1": ("SE", 0.0088), "eu-west-2": ("GB", 0.225), "ap-south-1": ("IN", 0.708),
                "ap-southeast-1": ("SG", 0.408)}
    for region, (country, grid) in expected.items():
        venue = venues[region]
        assert (venue.country, venue.grid_kgco2e_per_kwh) == (country, grid)
        assert venue.has_certification("hipaa_baa") and not venue.government
    assert "CCF" in venues["ap-southeast-1"].attributes["grid_note"]
    for venue in catalog.venues:
        metro = find_metro(venue.metro)
        assert metro is not None, venue.metro
        assert (metro.country, metro.latitude, metro.longitude) == (venue.country, venue.latitude, venue.longitude)
