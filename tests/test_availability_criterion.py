"""Availability as a scored criterion and a constraint (issue 20 point 1): held capacity is there all
month, a spot unit loses each interruption's restart, a DePIN host its published downtime; an
interactive SLO never rests on a DePIN lease whose host publishes less than 99.5 % uptime."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from advisor.costing.availability import availability, depin_bar, expected_share
from advisor.model.candidates import Candidate
from advisor.model.offers import Hardware, Offer, Provenance
from advisor.model.workload import Weights
from advisor.pipeline import Options, recommend
from advisor.plugin import Plugins
from advisor.scoring.scores import score, score_all

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 22)


def offer(billing: str, provider: str = "aws", reliability: float | None = None, **attributes) -> Offer:
    return Offer(id=f"{provider}:r:x:{billing}", provider=provider, venue_id=f"{provider}:r", sku="x",
                 hardware=Hardware(accelerator="H100-SXM", accelerator_count=1, accelerator_memory_gib=80),
                 billing=billing, usd_per_hour=Decimal("2.00"), reliability=reliability, attributes=attributes,
                 provenance=Provenance(source="snapshot", as_of="2026-09-01T00:00:00Z", reference="test"))


def test_held_capacity_is_there_all_month_and_spot_loses_its_restarts():
    assert expected_share(offer("on_demand"), "cloud") == 1.0
    assert expected_share(offer("reserved"), "cloud") == 1.0
    # "5-10%" read as 0.10 interruptions per unit-month, 15 min to replace each: 0.025 h of 730
    spot = offer("spot", spot_interruption_band="5-10%", spot_savings_pct=64)
    assert expected_share(spot, "cloud") == pytest.approx(1 - 0.10 * 0.25 / 730)
    assert "5-10% (read as 10% a month), 64% below on-demand" in availability(spot).source


def test_a_depin_host_counts_its_published_downtime_and_an_unpublished_one_is_unknown():
    assert expected_share(offer("on_demand", "ionet", reliability=0.98), "depin") == pytest.approx(0.98)
    # a marketplace lease (one interruption a unit-month assumed, no band) on a 97 % host
    assert expected_share(offer("marketplace", "vastai", reliability=0.97), "depin") == pytest.approx(
        (1 - 1.0 * 0.25 / 730) * 0.97)
    assert expected_share(offer("marketplace", "vastai"), "depin") is None


def cand(usd: float, availability: float | None, **kw) -> Candidate:
    base = dict(component="chat", workload="w", offer_id=f"p:r:{usd:g}:{availability}", venue_id="p:r", provider="p",
                kind="cloud", billing="on_demand", units=1, usd_per_month=usd, latency_ms=100.0, privacy_level=2,
                carbon_kg_per_month=50.0, availability=availability)
    return Candidate(**{**base, **kw})


def test_availability_is_scored_on_a_linear_scale_from_three_nines_to_95_percent():
    w = {"availability": 1.0}
    assert score(cand(100, 1.0), w).total == 1.0
    assert score(cand(100, 0.97), w).total == pytest.approx(1 - (0.97 - 0.999) / (0.95 - 0.999))  # 0.408
    unknown = score(cand(100, None), w)
    assert unknown.total == 0.0 and "availability" in unknown.unknown


def test_presets_give_availability_a_tenth_and_keep_the_other_weights_in_proportion():
    balanced = Weights(preset="balanced").normalised()
    assert balanced == pytest.approx({"cost": 0.27, "latency": 0.225, "privacy": 0.18, "regulation": 0.135,
                                      "carbon": 0.09, "availability": 0.1})
    assert Weights(preset="cost-first").normalised()["cost"] == pytest.approx(0.54)
    assert Weights(cost=1.0).normalised()["availability"] == 0.0


@pytest.mark.parametrize("seed", range(20))
def test_among_held_candidates_the_new_presets_rank_as_the_old_five_criterion_ones(seed):
    rng = random.Random(seed)
    cs = [cand(rng.uniform(50, 5000), 1.0, latency_ms=rng.uniform(10, 900), privacy_level=rng.randint(0, 6),
               carbon_kg_per_month=rng.uniform(5, 5000), offer_id=f"p:r:{k}") for k in range(8)]
    new = Weights(preset="balanced").normalised()
    old = {k: v for k, v in new.items() if k != "availability"}
    order = lambda w: sorted(range(len(cs)), key=lambda i: -score_all(cs, w)[i])  # noqa: E731
    assert order(new) == order(old)


def test_a_depin_host_below_the_instance_sla_cannot_carry_an_interactive_slo():
    assert depin_bar(offer("on_demand", "ionet", reliability=0.999)) is None
    why = depin_bar(offer("marketplace", "vastai", reliability=0.98))
    assert "host reliability 98.0%, below the 99.5%" in why and "allow_preemptible" in why
    assert "unknown (the host publishes none)" in depin_bar(offer("marketplace", "vastai"))


CHAT = """
[workload]
name = "lease-chat"
[constraints]
allowed_providers = ["vastai", "aws"]
[[components]]
name = "chat"
kind = "inference"
model = "llama-3-8b"
precision = "fp16"
output_tokens_per_month = 30_000_000
slo = { ttft_ms_p95 = 2000, tokens_per_second_per_user = 10 }
users = [ { metro = "Ashburn", share = 1.0 } ]
"""


def run(tmp_path, text, monkeypatch):
    """The component's result and its evaluation (which keeps the first exclusion at every venue)."""
    import advisor.pipeline as pipeline

    seen = []
    real = pipeline._evaluate
    # assembly takes the evaluations out of the list it is given: keep them in our own
    monkeypatch.setattr(pipeline, "_evaluate", lambda *a, **k: seen.extend(found := real(*a, **k)) or found)
    path = tmp_path / "w.toml"
    path.write_text(text, encoding="utf-8")
    [comp] = recommend([path], Plugins(), Options(as_of=AS_OF)).components
    return comp, seen[0]


def test_an_interactive_chat_does_not_rest_its_slo_on_a_lease_whose_host_publishes_no_uptime(tmp_path, monkeypatch):
    comp, ev = run(tmp_path, CHAT, monkeypatch)
    assert comp.chosen.provider == "aws"
    barred = ev.first_per_venue[("constraint", "vastai:zz-unknown")]
    assert "host reliability unknown" in barred.detail and "99.5%" in barred.detail
    assert "allow_preemptible" in barred.detail


def test_allow_preemptible_lets_the_lease_back_in_scored_unknown_on_availability_with_its_reliability_shown(
        tmp_path, monkeypatch):
    comp, ev = run(tmp_path, CHAT.replace('precision = "fp16"', 'precision = "fp16"\nallow_preemptible = true'),
                   monkeypatch)
    assert ("constraint", "vastai:zz-unknown") not in ev.first_per_venue
    lease = next(p for p in [comp.chosen, *comp.alternatives] if p.provider == "vastai")
    assert lease.criteria["availability"] == 0.0
    assert any("host reliability unknown" in n for n in lease.notes)
