"""The issues' "done when" checks, end to end with the installed providers and their snapshots."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from advisor.reference.geo import EEA, GDPR_ADEQUATE
from advisor.pipeline import Options, recommend
from advisor.plugin.manager import Plugins

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2026, 11, 22)

BASE = """
[workload]
name = "{name}"
{sites}
[data]
classes = {classes}
subjects = {subjects}
{residency}
[regulation]
regimes = {regimes}
[weights]
preset = "{preset}"
[[components]]
name = "chat"
kind = "inference"
model = "llama-3-8b"
precision = "fp8"
output_tokens_per_month = 200_000_000
slo = {{ ttft_ms_p95 = 2000 }}
users = [ {{ metro = "{metro}", share = 1.0 }} ]
"""


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return Plugins()


def run(tmp_path: Path, plugins: Plugins, *, classes='["internal"]', subjects='["US"]', residency="", regimes="[]",
        metro="New York", preset="cost-first", sites=False, name="acceptance") -> dict:
    site_line = ""
    if sites:
        (tmp_path / "sites.toml").write_text((ROOT / "examples" / "sites.toml").read_text())
        site_line = 'sites_file = "sites.toml"'
    path = tmp_path / "w.toml"
    path.write_text(BASE.format(name=name, sites=site_line, classes=classes, subjects=subjects, residency=residency,
                                regimes=regimes, metro=metro, preset=preset))
    return json.loads(recommend([path], plugins, Options(as_of=DAY)).canonical_json())


def chosen_and_alternatives(rec: dict) -> list[dict]:
    comp = rec["components"][0]
    return [p for p in [comp["chosen"], comp.get("failover"), *comp["alternatives"]] if p]


def venue_certifications(plugins: Plugins, venue_id: str) -> set[str]:
    for provider in plugins.providers():
        for venue in provider.catalog(__import__("advisor.model.offers", fromlist=["OfferQuery"]).OfferQuery()).venues:
            if venue.id == venue_id:
                return {c.name for c in venue.certifications}
    return set()


def test_phi_is_never_placed_without_a_baa_and_every_veto_names_its_rule(tmp_path, plugins):
    rec = run(tmp_path, plugins, classes='["phi"]', regimes='["hipaa"]', sites=True)
    assert rec["plan"]["feasible"]
    for p in chosen_and_alternatives(rec):
        assert p["kind"] == "onprem" or "hipaa_baa" in venue_certifications(plugins, p["venue_id"]), p["venue_id"]
    vetoes = [e for e in rec["components"][0]["excluded"] if e["reason"] == "veto"]
    assert vetoes and all(e["rule_ids"] and e["detail"].startswith(e["rule_ids"][0]) for e in vetoes)
    assert any(e["provider"] in ("akash", "vastai") and "REG-HIPAA-001" in e["rule_ids"] for e in vetoes)


@pytest.mark.parametrize("classes", ['["phi"]', '["pci"]'])
def test_phi_or_card_data_never_lands_on_an_anonymous_depin_host(tmp_path, plugins, classes):
    rec = run(tmp_path, plugins, classes=classes, preset="cost-first")
    for p in chosen_and_alternatives(rec):
        assert p["kind"] != "depin" or p["privacy_level"] > 0, p["offer_id"]
    anonymous = [e for e in rec["components"][0]["excluded"] if e["provider"] == "vastai" and e["reason"] == "veto"]
    assert anonymous and all(e["rule_ids"] for e in anonymous)


def test_gdpr_with_eu_residency_places_only_in_the_eea_or_adequate_countries_and_says_so(tmp_path, plugins):
    rec = run(tmp_path, plugins, classes='["pii"]', subjects='["EU"]', residency='residency = ["EU"]',
              regimes='["gdpr"]', metro="Frankfurt")
    assert rec["plan"]["feasible"]
    for p in chosen_and_alternatives(rec):
        assert p["country"] in EEA | GDPR_ADEQUATE, p["venue_id"]
    comp = rec["components"][0]
    us = [e for e in comp["excluded"] if e["venue_id"] == "aws:us-east-1" and e["reason"] == "veto"]
    assert us and "RES-001" in us[0]["rule_ids"]
    assert any(line.startswith("rules excluded") and "RES-001" in line for line in comp["why"])


def test_fedramp_high_places_only_in_government_regions_or_owned_sites(tmp_path, plugins):
    rec = run(tmp_path, plugins, regimes='["fedramp_high"]', sites=True, preset="balanced")
    assert rec["plan"]["feasible"]
    for p in chosen_and_alternatives(rec):
        assert p["kind"] == "onprem" or p["venue_id"] in ("aws:us-gov-west-1", "azure:usgovvirginia"), p["venue_id"]


def test_the_clinic_gets_a_split_plan_across_venue_kinds_with_reasons(plugins):
    rec = json.loads(recommend([ROOT / "examples" / "hybrid-clinic.toml"], plugins, Options(as_of=DAY)).canonical_json())
    # the lora went from a DePIN host (unknown grid) to Azure North Europe spot (issue 20 grid factors): two kinds
    assert rec["plan"]["feasible"] and rec["plan"]["kinds"] == ["cloud", "onprem"]
    by_name = {c["component"]: c for c in rec["components"]}
    # the 2 x T4 edge box holds 30 tok/s per user only at the optimistic end of the capacity model; planned
    # at the pessimistic end (issue 22) it misses the SLO, so the alerts go to the owned L40S box on the LAN
    alerts = by_name["device-alerts"]["chosen"]
    assert alerts["kind"] == "onprem" and alerts["latency"]["total_ms"] <= 150
    assert by_name["device-alerts"]["excluded_counts"]["slo"] > 0
    # PHI stays in the US on HIPAA-eligible capacity (the owned box is taken whole by the alerts: issue 20, point 5)
    assert by_name["triage-chat"]["chosen"]["country"] == "US"
    # public data, cheapest GPU hours: preemptible capacity on a known-clean grid (Azure North Europe spot, $117.47)
    assert by_name["medical-lora"]["chosen"]["billing"] in ("spot", "marketplace")
    assert by_name["medical-lora"]["chosen"]["usd_per_month"] < 130
    assert by_name["medical-lora"]["data_classes"] == ["public"]
    for comp in rec["components"]:
        assert comp["why"] and comp["chosen"]["contributions"]


def test_a_public_cost_first_batch_lands_on_depin_and_shows_its_reliability(plugins):
    rec = json.loads(recommend([ROOT / "examples" / "depin-batch.toml"], plugins, Options(as_of=DAY)).canonical_json())
    chosen = rec["components"][0]["chosen"]
    assert chosen["kind"] == "depin"
    assert any("reliability" in note for note in chosen["notes"])


def test_the_depin_example_says_truly_that_spot_would_undercut_the_depin_hosts(tmp_path, plugins):
    text = (ROOT / "examples" / "depin-batch.toml").read_text()
    assert 'allowed_billing = ["on_demand", "marketplace"]' in text
    path = tmp_path / "spot.toml"
    path.write_text(text.replace('allowed_billing = ["on_demand", "marketplace"]', 'allowed_billing = ["on_demand", "spot", "marketplace"]'))
    with_spot = json.loads(recommend([path], plugins, Options(as_of=DAY)).canonical_json())["components"][0]
    assert (with_spot["chosen"]["billing"], with_spot["chosen"]["provider"], with_spot["chosen"]["region"]) == ("spot", "azure", "northeurope")
    assert "A100" in with_spot["chosen"]["hardware"]
    depin = [a for a in with_spot["alternatives"] if a["kind"] == "depin"]
    assert depin and with_spot["chosen"]["usd_per_month"] < min(a["usd_per_month"] for a in depin)


def test_latency_critical_users_at_a_site_are_served_from_the_edge_near_zero_rtt(plugins):
    rec = json.loads(recommend([ROOT / "examples" / "edge-latency.toml"], plugins, Options(as_of=DAY)).canonical_json())
    chosen = rec["components"][0]["chosen"]
    assert chosen["kind"] == "edge" and chosen["latency"]["network_rtt_ms"] < 1.0
