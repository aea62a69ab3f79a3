"""The seed case (docs/seed-case.md): the figures the walk-through quotes come from the tool."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from advisor.pipeline import Options, recommend
from advisor.plugin.manager import Plugins

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def recommendation():
    rec = recommend([ROOT / "examples" / "seed-llama3-8b.toml"], Plugins(), Options(as_of=date(2026, 11, 22)))
    return json.loads(rec.canonical_json())


@pytest.fixture(scope="module")
def seed(recommendation):
    return recommendation["components"][0]


@pytest.fixture(scope="module")
def prices(recommendation):
    return recommendation["prices"]


def test_instance_price_reproduces_the_seed_bill_at_720_hours(seed, prices):
    owned = seed["owned_vs_cloud"]
    assert owned["cloud_offer"] == "aws:us-east-1:g4dn.12xlarge:on_demand"
    hourly = float(prices["aws:us-east-1:g4dn.12xlarge:on_demand"])
    # the seed's month is 720 h and its volume 60.6 tok/s over 30 days (157.08 M tokens)
    assert round(hourly * 720, 2) == 2816.64 and round(hourly * 720 / (60.6 * 2.592), 2) == 17.93
    assert owned["cloud_usd_per_month"] == pytest.approx(hourly * 730, abs=0.01)


def test_owned_box_full_cost_and_per_token_cost_at_the_same_demand(seed):
    owned = seed["owned_vs_cloud"]
    assert owned["owned_usd_per_month"] == pytest.approx(1106.67, abs=0.01)
    assert owned["owned_usd_per_million_tokens"] == pytest.approx(7.05, abs=0.01)
    assert owned["cloud_usd_per_million_tokens"] == pytest.approx(18.19, abs=0.01)
    breakdown = seed["chosen"]["cost"]["breakdown"]
    assert breakdown["capital"] == pytest.approx(133.33, abs=0.01) and breakdown["staff"] == pytest.approx(833.33, abs=0.01)


def test_break_even_and_payback_are_reported(seed):
    owned = seed["owned_vs_cloud"]
    assert owned["break_even_utilisation"] == pytest.approx(0.39, abs=0.01)
    assert owned["payback_months"] == pytest.approx(2.5, abs=0.1)


def test_the_mislabelled_single_t4_instance_does_not_fit(seed):
    [g16] = [e for e in seed["excluded"] if e["offer_id"] == "aws:us-east-1:g4dn.16xlarge:on_demand"]
    assert g16["reason"] == "does-not-fit" and "1× T4" in g16["detail"]


def test_the_owned_box_is_about_seven_percent_busy_at_the_seed_volume(seed):
    assert seed["chosen"]["offer_id"] == "onprem:seed-dc:4xT4:capex"
    assert seed["chosen"]["sizing"]["utilisation"] == pytest.approx(0.07, abs=0.01)
    assert 500 <= seed["chosen"]["sizing"]["output_tokens_per_second_per_replica"] <= 1500
