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


@pytest.fixture(scope="module")
def box(seed):
    """The owned 4 x T4 box's option: the runner-up since managed APIs joined the seed's choices."""
    [option] = [o for o in (seed["chosen"], *seed["alternatives"]) if o["offer_id"] == "onprem:seed-dc:4xT4:capex"]
    return option


def test_the_seed_goes_to_the_bedrock_api_at_a_quarter_of_the_boxs_cost_with_the_box_next(seed, box):
    # 628 M input x $0.30/M + 157 M output x $0.60/M (Bedrock Llama 3 8B, us-east-1) against the box's $1,106.67
    assert seed["chosen"]["offer_id"] == "bedrock:us-east-1:meta.llama3-8b-instruct-v1:0:per_token"
    assert seed["chosen"]["usd_per_month"] == round(628 * 0.30 + 157 * 0.60, 2) == 282.60
    assert seed["alternatives"][0]["offer_id"] == box["offer_id"] and box["usd_per_month"] == 1106.67
    assert seed["chosen"]["score"] > box["score"]


def test_instance_price_reproduces_the_seed_bill_at_720_hours(seed, prices):
    owned = seed["owned_vs_cloud"]
    assert owned["cloud_offer"] == "aws:us-east-1:g4dn.12xlarge:on_demand"
    hourly = float(prices["aws:us-east-1:g4dn.12xlarge:on_demand"])
    # the seed's month is 720 h and its volume 60.6 tok/s over 30 days (157.08 M tokens)
    assert round(hourly * 720, 2) == 2816.64 and round(hourly * 720 / (60.6 * 2.592), 2) == 17.93
    assert owned["cloud_usd_per_month"] == pytest.approx(hourly * 730, abs=0.01)


def test_owned_box_full_cost_and_per_token_cost_at_the_same_demand(seed, box):
    owned = seed["owned_vs_cloud"]
    assert owned["owned_usd_per_month"] == pytest.approx(1106.67, abs=0.01)
    assert owned["owned_usd_per_million_tokens"] == pytest.approx(7.05, abs=0.01)
    assert owned["cloud_usd_per_million_tokens"] == pytest.approx(18.19, abs=0.01)
    breakdown = box["cost"]["breakdown"]
    assert breakdown["capital"] == pytest.approx(133.33, abs=0.01) and breakdown["staff"] == pytest.approx(833.33, abs=0.01)


def test_break_even_and_payback_are_reported(seed):
    owned = seed["owned_vs_cloud"]
    assert owned["break_even_utilisation"] == pytest.approx(0.39, abs=0.01)
    assert owned["payback_months"] == pytest.approx(2.5, abs=0.1)


def test_the_mislabelled_single_t4_instance_does_not_fit(seed):
    [g16] = [e for e in seed["excluded"] if e["offer_id"] == "aws:us-east-1:g4dn.16xlarge:on_demand"]
    assert g16["reason"] == "does-not-fit" and "1× T4" in g16["detail"]


def test_the_owned_box_is_about_a_fifth_busy_at_the_seed_volume_planned_at_the_pessimistic_end(box):
    sizing = box["sizing"]
    planned = sizing["output_tokens_per_second_per_replica"]
    # 60.57 tok/s average on the box's pessimistic capacity; its central figure is in the realistic 350-600 tok/s
    assert sizing["utilisation"] == pytest.approx(60.57 / planned, rel=1e-3) and 0.15 < sizing["utilisation"] < 0.25
    assert 350 <= sizing["uncertainty"]["output_tokens_per_second_central"] <= 600
    assert planned == pytest.approx(sizing["uncertainty"]["output_tokens_per_second_central"] / 1.35, rel=1e-3)


def test_the_api_line_prices_bedrock_by_hand_and_finds_the_break_even_volume(seed):
    line = seed["api_vs_self_host"]
    # Bedrock Llama 3 8B Instruct, us-east-1: $0.30/M input, $0.60/M output (aws.amazon.com/bedrock/pricing, 2026-07-24)
    # 157 M output / 250 per request = 628,000 requests × 1,000 input = 628 M input tokens
    assert line["api_offer"] == "bedrock:us-east-1:meta.llama3-8b-instruct-v1:0:per_token"
    assert line["api_usd_per_month"] == round(628 * 0.30 + 157 * 0.60, 2) == 282.60
    assert line["api_usd_per_million_output_tokens"] == 1.8
    # against the owned 4 × T4 box, all fixed cost (flat $100 power): 1,106.67 / $1.80 per M = 614.8 M tokens/month
    assert line["self_host_offer"] == "onprem:seed-dc:4xT4:capex" and line["self_host_usd_per_month"] == 1106.67
    assert line["break_even_output_tokens_per_month"] == pytest.approx(1106.67 / 1.8e-6, rel=1e-4)
    assert line["cheaper_now"] == "api"
    assert line["self_host_unit_capacity_output_tokens_per_month"] > line["break_even_output_tokens_per_month"]
