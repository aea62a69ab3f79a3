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
    # Vertex Llama 3.3 70B at $0.72/M both ways: 15 M requests × 2,000 = 30 B input + 6 B output = 36 B × $0.72
    assert line["api_usd_per_month"] == pytest.approx(36_000 * 0.72) == 25_920.0
    assert line["cheaper_now"] == "self-host"
    assert line["self_host_usd_per_month"] == comp["chosen"]["usd_per_month"]
    # spot is excluded for an interactive SLO without allow_preemptible (issue 20) and the one-unit vast.ai H100 pool
    # cannot hold 8 units, so the plan is one io.net 8 × H100 on demand: $27.875/h × 730 h = $20,348.75, all of it
    # fixed (no warm-unit floor): self-hosting wins above 20,348.75 / $4.32 per M = 4,710.4 M output tokens a month
    assert line["self_host_offer"] == "ionet:fi-tdx:8h100-80s-176v__fi:on_demand"
    assert line["self_host_usd_per_month"] == pytest.approx(27.875 * 730, abs=0.01)
    fixed = line["self_host_fixed_usd_per_unit_month"] * line["self_host_units"] + line["self_host_floor_usd_per_month"]
    assert line["break_even_output_tokens_per_month"] == pytest.approx(fixed / (25_920.0 / 6e9), rel=1e-4)
    assert line["break_even_output_tokens_per_month"] == pytest.approx(20_348.75 / 4.32e-6, rel=1e-4)
    assert line["break_even_output_tokens_per_month"] < 6e9


def test_steady_gpt_4_1_volume_goes_to_a_one_year_ptu_reservation_and_self_hosting_is_not_possible():
    comp = first_component("provisioned-wins-steady-volume")
    chosen = comp["chosen"]
    # 1,030,000 requests × (2,000 + 4 × 500) counted tokens / 43,200 min × 1.1 = 104,907 a minute: 35 PTU of 3,000
    assert chosen["offer_id"] == "azure_foundry:us-datazone:gpt-4.1:provisioned-1-year" and chosen["units"] == 35
    assert chosen["usd_per_month"] == round(35 * 730 * 0.332877, 2) == 8505.01  # $2,916 a year per PTU
    line = comp["api_vs_self_host"]
    # per token: 2,060 M input × $2.20 + 515 M output × $8.80
    assert line["api_usd_per_month"] == 2060 * 2.20 + 515 * 8.80 == 9064.0
    assert line["self_host_offer"] is None and line["self_host_usd_per_month"] is None
    assert line["status"] == "self-hosting is not possible: gpt-4.1 has closed weights (OpenAI publishes none)"
    apis = {"azure_foundry", "bedrock", "vertex_ai", "together", "fireworks", "deepinfra", "groq"}
    machines = [e for e in comp["excluded"] if e["provider"] not in apis]
    # rules and terms are decided before sizing (a government region's veto, a 36-month commitment past the
    # 24-month horizon, spot for an interactive SLO); every machine that reaches sizing fails on the weights
    assert {e["reason"] for e in machines} == {"veto", "constraint", "does-not-fit"}
    assert all(e["detail"].startswith("REG-GOV-001 ") for e in machines if e["reason"] == "veto")
    sized = [e for e in machines if e["reason"] == "does-not-fit"]
    assert sized and all(e["detail"] == "gpt-4.1 has closed weights (OpenAI publishes none): only managed APIs "
                         "serve it, so it cannot be self-hosted" for e in sized)
