"""Internet egress tiers from the shipped data file."""

from __future__ import annotations

import pytest

from advisor.costing.egress import _table, egress_rate


def test_every_provider_rate_has_a_source_and_a_date():
    table = _table()
    for section in ("providers", "kinds"):
        for name, entry in table[section].items():
            assert entry["source"], name
            assert entry["as_of"][:2] == "20", name


def test_aws_tiers_walk_cumulatively(build):
    rate = egress_rate(build.offer(), build.venue())
    assert rate.usd_for(10_240) == pytest.approx(10_240 * 0.09)
    assert rate.usd_for(20_240) == pytest.approx(10_240 * 0.09 + 10_000 * 0.085)
    assert rate.usd_for(0) == 0.0


def test_gcp_first_tier_is_12_cents(build):
    rate = egress_rate(build.offer(provider="gcp"), build.venue("gcp"))
    assert rate.usd_for(100) == pytest.approx(12.0)


def test_offer_attribute_overrides_the_data_file(build):
    offer = build.offer(attributes={"egress_usd_per_gb": 0.02})
    assert egress_rate(offer, build.venue()).usd_for(100) == pytest.approx(2.0)


def test_unknown_provider_has_no_rate(build):
    rate = egress_rate(build.offer(provider="mystery"), build.venue("mystery"))
    assert not rate.known and rate.usd_for(10) is None
