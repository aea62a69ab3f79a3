"""The done-when checks through the CLI: the API plugins are listed with kind 'api', and `prices show` lists
per-token prices with source and date; the report draws the cost-against-volume chart."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import sys

import pytest

ROOT = Path(__file__).resolve().parents[2]


def advisor(monkeypatch, capsys, *args: str) -> str:
    """Run the console script with ``args``; its standard output (exit status 0 asserted)."""
    from advisor.cli import main

    monkeypatch.setattr(sys, "argv", ["advisor", *args])
    monkeypatch.setenv("COLUMNS", "250")
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_plugins_json_lists_both_api_distributions_with_kind_api(monkeypatch, capsys):
    plugins = {p["name"]: p for p in json.loads(advisor(monkeypatch, capsys, "plugins", "--json"))["plugins"]}
    assert plugins["api_hyperscalers"]["provider_kinds"] == ["api"]
    assert plugins["api_hyperscalers"]["providers"] == ["azure_foundry", "bedrock", "vertex_ai"]
    assert plugins["api_inference"]["provider_kinds"] == ["api"]
    assert plugins["api_inference"]["providers"] == ["deepinfra", "fireworks", "groq", "together"]


def test_prices_show_lists_per_token_prices_with_source_and_date(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    table = advisor(monkeypatch, capsys, "prices", "show", "--provider", "bedrock", "--offline")
    assert "$/M in" in table and "$/M out" in table
    row = next(line for line in table.splitlines() if "us-east-1" in line and "0.30" in line)
    assert "0.60" in row and "snapshot" in row and "2026-07-24" in row
    data = json.loads(advisor(monkeypatch, capsys, "prices", "show", "--provider", "bedrock", "--offline", "--format",
                              "json"))
    offer = next(o for o in data["offers"] if o["id"] == "bedrock:us-east-1:meta.llama3-8b-instruct-v1:0:per_token")
    assert offer["tokens"]["usd_per_million_input"] == "0.30" and offer["tokens"]["usd_per_million_output"] == "0.60"
    assert offer["source"] == "snapshot" and offer["as_of"].startswith("2026-07-24") and "bedrock/pricing" in offer["reference"]


@pytest.mark.parametrize("provider", ["azure_foundry", "bedrock", "vertex_ai", "deepinfra", "fireworks", "groq", "together"])
def test_prices_show_gives_every_api_offer_its_source_and_date(monkeypatch, capsys, tmp_path, provider):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    data = json.loads(advisor(monkeypatch, capsys, "prices", "show", "--provider", provider, "--offline", "--format", "json"))
    assert data["offers"] and all(o["source"] == "snapshot" and o["as_of"][:4] == "2026" and o["reference"]
                                  for o in data["offers"])


def test_prices_show_lists_the_ptu_reservation_at_its_effective_hourly_price_with_its_term(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    table = advisor(monkeypatch, capsys, "prices", "show", "--provider", "azure_foundry", "--offline")
    row = next(line for line in table.splitlines() if "1-year" in line)
    assert row.split()[:2] == ["gpt-4.1", "gpt-4.1"] and "0.332877" in row and "2026-09-23" in row


def test_the_report_draws_api_and_self_hosted_cost_against_volume_with_the_break_even():
    from advisor.pipeline import Options, recommend
    from advisor.plugin import Plugins
    from advisor.render.report.build import api_curve, charts

    rec = recommend([ROOT / "examples" / "seed-llama3-8b.toml"], Plugins(), Options(as_of=date(2026, 11, 22)))
    data = json.loads(rec.canonical_json())
    chart = charts(data)["breakeven-api:chat"]
    # the seed is no longer T4-only (issue 20): the cheapest self-hosted row is one inf2.xlarge reserved,
    # $0.47767/h × 730 h = $348.70 flat, so the break-even is 348.70 / $1.80 per M = 193.7 M (was the box: 615 M)
    assert "break-even 194 M" in chart and "today 157 M" in chart
    points = api_curve(data["components"][0]["api_vs_self_host"])
    volume, api, own = points[20]  # the middle of 0 .. 2 × break-even
    assert api == pytest.approx(volume * 1.8e-6) and own == 348.70 and api == pytest.approx(own, rel=1e-6)
