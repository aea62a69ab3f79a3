"""The two API examples, with the figures docs/decision-method.md checks by hand (embedded snapshots)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from advisor.pipeline import Options, recommend
from advisor.plugin import Plugins

ROOT = Path(__file__).resolve().parents[2]


def first_component(name: str) -> dict:
    rec = recommend([ROOT / "examples" / f"{name}.toml"], Plugins(), Options(as_of=date(2026, 11, 22)))
    return json.loads(rec.canonical_json())["components"][0]


def test_the_support_bot_goes_to_a_managed_api():
    comp = first_component("api-wins-support-bot")
    assert comp["chosen"]["kind"] == "api"
    # DeepInfra Llama 3 8B, the cheapest: 100,000 requests × 1,500 = 150 M input at $0.03/M + 30 M at $0.06/M. With cost
    # scored relative to the cheapest feasible candidate (issue 20) it wins under cost-first weights; Groq's faster
    # llama-3.1-8b-instant (accepted substitute) at 150 × $0.05 + 30 × $0.08 = $9.90, 1.57 × the cost, is the runner-up
    assert comp["chosen"]["offer_id"] == "deepinfra:us:meta-llama/Meta-Llama-3-8B-Instruct:per_token"
    assert comp["chosen"]["usd_per_month"] == round(150 * 0.03 + 30 * 0.06, 2) == 6.30
    groq = next(a for a in comp["alternatives"] if a["offer_id"] == "groq:us:llama-3.1-8b-instant:per_token")
    assert groq["usd_per_month"] == round(150 * 0.05 + 30 * 0.08, 2) == 9.90
    assert any("in place of llama-3-8b" in n for n in groq["notes"])
    line = comp["api_vs_self_host"]
    # the cheapest API: DeepInfra Llama 3 8B, 150 M × $0.03 + 30 M × $0.06 = $6.30
    assert line["api_usd_per_month"] == 6.30 and line["cheaper_now"] == "api"
    assert line["break_even_output_tokens_per_month"] is None and "never breaks even" in line["status"]


def test_the_high_volume_summariser_is_self_hosted_past_the_break_even():
    comp = first_component("self-host-wins-high-volume")
    assert comp["chosen"]["kind"] != "api"
    line = comp["api_vs_self_host"]
    # Vertex Llama 3.3 70B at $0.72/M both ways: 30 M requests x 2,000 = 60 B input + 12 B output = 72 B x $0.72
    assert line["api_usd_per_month"] == pytest.approx(72_000 * 0.72) == 51_840.0
    assert line["cheaper_now"] == "self-host"
    assert line["self_host_usd_per_month"] == comp["chosen"]["usd_per_month"]
    # spot and DePIN leases are out for an interactive SLO without allow_preemptible (issue 20: the io.net node's
    # host publishes no uptime), so the plan is Azure 2 x H100 NVL on demand following demand: 3,388.4 unit-hours
    # x $13.96/h = $47,302.30; one unit kept warm all month is the floor, 730 x 13.96 = $10,190.80, and
    # self-hosting wins above 10,190.80 / $4.32 per M = 2,359.0 M output tokens a month
    assert line["self_host_offer"] == "azure:eastus:Standard_NC80adis_H100_v5:on_demand"
    assert line["self_host_usd_per_month"] == pytest.approx(3388.417 * 13.96, abs=0.02)
    assert line["self_host_floor_usd_per_month"] == pytest.approx(730 * 13.96, abs=0.01)
    fixed = line["self_host_fixed_usd_per_unit_month"] * line["self_host_units"] + line["self_host_floor_usd_per_month"]
    assert line["break_even_output_tokens_per_month"] == pytest.approx(fixed / (51_840.0 / 12e9), rel=1e-4)
    assert line["break_even_output_tokens_per_month"] == pytest.approx(10_190.80 / 4.32e-6, rel=1e-4)


def test_steady_gpt_4_1_volume_goes_to_a_one_year_ptu_reservation_and_self_hosting_is_not_possible():
    comp = first_component("provisioned-wins-steady-volume")
    chosen = comp["chosen"]
    # 1,030,000 requests × (2,000 + 4 × 500) counted tokens / 43,200 min × 1.1 = 104,907 a minute: 35 PTU of 3,000
    assert chosen["offer_id"] == "azure_foundry:us-datazone:gpt-4.1:provisioned-1-year" and chosen["units"] == 35
    assert chosen["usd_per_month"] == round(35 * 730 * 0.332877, 2) == 8505.01  # $2,916 a year per PTU
    # the provider picks the serving precision of closed weights; Azure's platform ISO 27001 and SOC 2 give level 2
    assert comp["precision"] == "closed weights" and chosen["privacy_level"] == 2
    line = comp["api_vs_self_host"]
    # per token: 2,060 M input × $2.20 + 515 M output × $8.80
    assert line["api_usd_per_month"] == 2060 * 2.20 + 515 * 8.80 == 9064.0
    assert line["self_host_offer"] is None and line["self_host_usd_per_month"] is None
    assert line["status"] == "self-hosting is not possible: gpt-4.1 has closed weights (OpenAI publishes none)"
    apis = {"azure_foundry", "bedrock", "vertex_ai", "together", "fireworks", "deepinfra", "groq"}
    # the terms and rules screen first (issue 20: government regions need declared eligibility, REG-GOV-001;
    # commitments beyond the 24-month horizon and spot under an SLO are out); every machine that reaches
    # sizing is excluded for the closed weights
    machines = [e for e in comp["excluded"] if e["provider"] not in apis]
    sized = [e for e in machines if e["reason"] == "does-not-fit"]
    assert sized and all(e["detail"] == "gpt-4.1 has closed weights (OpenAI publishes none): only managed APIs "
                         "serve it, so it cannot be self-hosted" for e in sized)
    assert all(e["rule_ids"] == ["REG-GOV-001"] for e in machines if e["reason"] == "veto")
    assert {e["reason"] for e in machines} == {"does-not-fit", "veto", "constraint"}
