"""Decisions an expert would sign (issue 20) on the built-in catalogs: no government region for a
hospital's PHI, no commitment beyond the horizon, no interactive SLO on spot."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from advisor.pipeline import Options, recommend
from advisor.plugin import Plugins

WORKLOADS = Path(__file__).parent / "workloads"
AS_OF = date(2026, 11, 22)  # on or after the certifications' retrieval date, so they count


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return Plugins()


def _run(plugins: Plugins, name: str, edit=None, tmp: Path | None = None):
    path = WORKLOADS / name
    if edit is not None:
        assert tmp is not None
        text = edit(path.read_text(encoding="utf-8"))
        path = tmp / name
        path.write_text(text, encoding="utf-8")
    return recommend([path], plugins, Options(as_of=AS_OF))


def test_a_hospitals_phi_chat_never_goes_to_a_government_region(plugins):
    rec = _run(plugins, "hospital-phi-chat.toml")
    [comp] = rec.components
    chosen = [comp.chosen, *comp.alternatives]
    assert comp.chosen is not None
    assert not any("gov" in p.venue_id for p in chosen)
    gov = [e for e in comp.excluded if "gov" in e.venue_id and e.reason == "veto"]
    assert gov and all("REG-GOV-001" in e.rule_ids for e in gov)
    assert comp.chosen.privacy_level == 2  # a HIPAA-eligible commercial region, scored as one


def test_a_declared_eligibility_admits_a_government_region_without_lifting_its_privacy(plugins, tmp_path):
    rec = _run(plugins, "hospital-phi-chat.toml",
               lambda t: t.replace('regimes = ["hipaa"]', 'regimes = ["hipaa"]\ngovernment_eligible = true'), tmp_path)
    [comp] = rec.components
    assert not [e for e in comp.excluded if "gov" in e.venue_id and "REG-GOV-001" in e.rule_ids]
    assert comp.chosen is not None and "gov" not in comp.chosen.venue_id


def test_no_commitment_outlasts_a_six_month_horizon(plugins):
    rec = _run(plugins, "short-horizon-chat.toml")
    for comp in rec.components:
        assert comp.chosen is not None
        from advisor.plugin import Plugins as _P  # noqa: F401  (the catalog's offers carry commitment_months)
        for p in [comp.chosen, *comp.alternatives]:
            assert not any(f"{n}yr" in p.offer_id for n in (1, 3)), p.offer_id
        long = [e for e in comp.excluded if "outlasts the 6-month horizon" in e.detail]
        assert long and all(e.reason == "constraint" for e in long)


def test_kept_commitments_beyond_the_horizon_cost_their_full_obligation(plugins, tmp_path):
    rec = _run(plugins, "short-horizon-chat.toml",
               lambda t: t.replace("horizon_months = 6", "horizon_months = 6\nallow_commitment_beyond_horizon = true"),
               tmp_path)
    comp = next(c for c in rec.components if c.component == "chat")
    assert not [e for e in comp.excluded if "outlasts" in e.detail]
    committed = [p for p in [comp.chosen, *comp.alternatives] if p.billing in ("reserved", "committed_use", "savings_plan")]
    for p in committed:
        assert "owed in full" in p.cost.basis


def test_an_interactive_chat_never_rests_its_slo_on_spot_but_a_nightly_batch_may(plugins):
    rec = _run(plugins, "short-horizon-chat.toml")
    chat = next(c for c in rec.components if c.component == "chat")
    nightly = next(c for c in rec.components if c.component == "nightly")
    assert all(p.billing != "spot" for p in [chat.chosen, *chat.alternatives])
    spot = [e for e in chat.excluded if e.reason == "constraint" and "reclaimed" in e.detail]
    assert spot and "allow_preemptible" in spot[0].detail
    assert not [e for e in nightly.excluded if "reclaimed" in e.detail]


def test_a_reasoning_agent_shows_its_cost_per_visible_token_and_its_time_to_the_final_answer(plugins):
    rec = _run(plugins, "reasoning-agent.toml")
    [comp] = rec.components
    p = comp.chosen
    assert p is not None
    # 20 M visible tokens a month, 160 M generated: the visible price is 8 times the generated one
    assert p.usd_per_million_visible_tokens == pytest.approx(p.usd_per_month / 20, abs=0.01)
    assert p.usd_per_million_output_tokens == pytest.approx(p.usd_per_month / 160, abs=0.01)
    lat = p.latency
    assert lat.answer_ms == pytest.approx(lat.total_ms + 3200 * lat.tpot_ms)
    assert lat.answer_ms <= 60_000
    line = next(w for w in comp.why if w.startswith("reasoning:"))
    assert f"${p.usd_per_million_visible_tokens:,.2f} per million visible" in line and "(SLO 60.0 s)" in line


def test_an_answer_slo_excludes_offers_too_slow_to_finish_the_reasoning(plugins, tmp_path):
    rec = _run(plugins, "reasoning-agent.toml", lambda t: t.replace("answer_ms_p95 = 60000", "answer_ms_p95 = 20000"),
               tmp_path)
    [comp] = rec.components
    slow = [e for e in comp.excluded if e.reason == "slo" and "time to the final answer" in e.detail]
    assert slow and "3,200 generated tokens, reasoning included" in slow[0].detail
    if comp.chosen is not None:
        assert comp.chosen.latency.answer_ms <= 20_000


def test_an_interactive_chat_allowed_onto_spot_shows_the_risk_and_the_on_demand_floor(plugins, tmp_path):
    rec = _run(plugins, "short-horizon-chat.toml",
               lambda t: t.replace('users = [ { metro = "Ashburn", share = 1.0 } ]',
                                   'users = [ { metro = "Ashburn", share = 1.0 } ]\nallow_preemptible = true'), tmp_path)
    chat = next(c for c in rec.components if c.component == "chat")
    assert not [e for e in chat.excluded if "reclaimed" in e.detail]
    if chat.chosen.billing == "spot":
        line = next(w for w in chat.why if w.startswith("spot risk:"))
        assert "the floor without that risk is" in line and "allow_preemptible" in line
    else:  # a held offer won on its own merits: no risk line
        assert not [w for w in chat.why if w.startswith("spot risk:")]
