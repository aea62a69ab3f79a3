"""``advisor diff``: inputs that caused the change, unit costs, the real reason an option left, and the CI gate."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from click.testing import CliRunner

import advisor
from advisor.cli import cli
from advisor.render.report.diff import diff, gate, parse_gate, render_diff
from tests.conftest import WORKLOAD

AS_OF = date(2026, 11, 1)


def _rec(memory_plugins, tokens: str = "200_000_000"):
    text = WORKLOAD.format(cls="internal", subjects="DE", name="in-memory").replace("200_000_000", tokens)
    import tomllib

    return advisor.recommend(tomllib.loads(text), as_of=AS_OF, plugins=memory_plugins).model_dump(mode="json")


def test_demand_rising_is_reported_as_the_cause_with_unit_costs_utilisation_and_carbon(memory_plugins):
    old, new = _rec(memory_plugins), _rec(memory_plugins, "760_000_000")
    a, b = old["components"][0]["chosen"], new["components"][0]["chosen"]
    assert a["offer_id"] == b["offer_id"]  # same choice: the diff must still say what moved
    result = diff(old, new)
    assert "chat: demand output tokens per month 200M → 760M (×3.80)" in result.sections["inputs"]
    ua, ub = a["usd_per_million_output_tokens"], b["usd_per_million_output_tokens"]
    where = f" on {a['provider']} {a['region']}"
    assert (f"chat: cost per million output tokens ${ua:,.2f}/M → ${ub:,.2f}/M (-${ua - ub:,.2f}, {(ub - ua) / ua:+.1%}){where}"
            in result.sections["costs"])
    ta, tb = a["sizing"]["utilisation"], b["sizing"]["utilisation"]
    assert f"chat: utilisation {ta:.1%} → {tb:.1%} (×{tb / ta:.2f}){where}" in result.sections["costs"]
    assert any(line.startswith("chat: carbon ") for line in result.sections["costs"])
    text = render_diff(result, markdown=False)
    assert "nothing" not in text and text.index("Inputs") < text.index("Unit costs")


def _totals(old: dict, before: float | None, after: float | None) -> tuple[dict, dict]:
    a, b = copy.deepcopy(old), copy.deepcopy(old)
    a["plan"]["total_usd_per_month"], b["plan"]["total_usd_per_month"] = before, after
    return a, b


def test_the_plan_total_is_formatted_money_with_the_change(run_memory):
    result = diff(*_totals(run_memory().model_dump(mode="json"), 1106.67, 1799.45))
    assert result.sections["totals"] == ["plan total $1,106.67/month → $1,799.45/month (+$692.78, +62.6%)"]


def test_a_venue_that_left_a_veto_for_a_constraint_is_named_with_the_constraint(run_memory):
    old = run_memory().model_dump(mode="json")
    new = copy.deepcopy(old)
    venue = old["components"][0]["excluded"][0]
    old["components"][0]["excluded"] = [{**venue, "reason": "veto", "rule_ids": ["REG-GDPR-001"], "detail": "outside the EU"}]
    new["components"][0]["excluded"] = [{**venue, "reason": "constraint", "rule_ids": [],
                                         "detail": "billing must be on_demand or reserved; this is marketplace"}]
    result = diff(old, new)
    assert result.sections["vetoes"] == [
        f"chat: {venue['venue_id']} no longer vetoed by REG-GDPR-001, but still excluded: constraint: "
        "billing must be on_demand or reserved; this is marketplace"]
    eligible = copy.deepcopy(new)
    eligible["components"][0]["excluded"] = []
    assert diff(old, eligible).sections["vetoes"] == [f"chat: {venue['venue_id']} no longer vetoed by REG-GDPR-001; now eligible"]


def _with_alternative(rec: dict) -> dict:
    """The recommendation with one alternative: the chosen option's twin in New York."""
    out = copy.deepcopy(rec)
    comp = out["components"][0]
    twin = {**copy.deepcopy(comp["chosen"]), "offer_id": "memcloud:nyc:4xl4:on_demand", "venue_id": "memcloud:nyc",
            "region": "nyc", "score": comp["chosen"]["score"] - 0.05}
    comp["alternatives"] = [twin]
    return out


def test_an_alternative_that_left_is_given_its_new_exclusion_reason(run_memory):
    old = _with_alternative(run_memory().model_dump(mode="json"))
    new = copy.deepcopy(old)
    alt = new["components"][0]["alternatives"][0]
    new["components"][0]["alternatives"] = []
    new["components"][0]["excluded"].append({"offer_id": alt["offer_id"], "venue_id": alt["venue_id"], "provider": alt["provider"],
                                             "reason": "veto", "rule_ids": ["ORG-001"], "detail": "not on the approved list"})
    result = diff(old, new)
    [line] = result.sections["options"]
    assert line.endswith("left the options shown; now excluded: veto by ORG-001: not on the approved list")
    assert result.new_vetoes == (f"chat: {alt['venue_id']} (ORG-001)",)


def test_identical_recommendations_say_nothing_changed(run_memory):
    rec = run_memory().model_dump(mode="json")
    result = diff(rec, rec)
    assert not result.changed and "nothing: same inputs" in render_diff(result, markdown=True)


@pytest.mark.parametrize(("spec", "after", "trips"), [
    ("cost:+10%", 1100.0, False), ("cost:+10%", 1100.01, True), ("cost:+50", 1050.0, False), ("cost:+50", 1050.5, True),
    ("cost:+10%", None, True), ("decision", 2000.0, False), ("veto", 2000.0, False)])
def test_gate_trips_only_above_its_threshold(run_memory, spec, after, trips):
    result = diff(*_totals(run_memory().model_dump(mode="json"), 1000.0, after))
    assert bool(gate(result, [parse_gate(spec)])) is trips


def test_gate_trips_on_a_changed_decision_and_a_new_veto(run_memory):
    old = _with_alternative(run_memory().model_dump(mode="json"))
    new = copy.deepcopy(old)
    comp = new["components"][0]
    comp["chosen"], comp["alternatives"][0] = comp["alternatives"][0], comp["chosen"]
    comp["excluded"].append({"offer_id": "x:y:z", "venue_id": "x:y", "provider": "x", "reason": "veto", "rule_ids": ["R1"],
                             "detail": "no"})
    result = diff(old, new)
    assert gate(result, [parse_gate("decision")]) == ["decision changed for chat"]
    assert gate(result, [parse_gate("veto")]) == ["new veto: chat: x:y (R1)"]
    assert result.sections["decisions"][0].startswith("chat: moved from memcloud fra 1× 4xl4 (on_demand) to memcloud nyc ")
    assert result.sections["decisions"][0].endswith("the previous choice is now an alternative (score "
                                                    f"{old['components'][0]['chosen']['score']:.3f}, "
                                                    f"${old['components'][0]['chosen']['usd_per_month']:,.2f}/month)")


def test_diff_fail_on_exits_4_with_the_reason_and_a_bad_condition_exits_2(memory_plugins, tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    a, b = _totals(_rec(memory_plugins), 1000.0, 1200.0)
    old.write_text(json.dumps(a))
    new.write_text(json.dumps(b))
    runner = CliRunner()
    passed = runner.invoke(cli, ["diff", str(old), str(new), "--fail-on", "cost:+900%"])
    assert passed.exit_code == 0, passed.output
    tripped = runner.invoke(cli, ["diff", str(old), str(new), "--fail-on", "cost:+10%", "--format", "markdown"])
    assert tripped.exit_code == 4
    assert "## Totals" in tripped.stdout
    assert "fail-on: plan total $1,000.00/month → $1,200.00/month (+$200.00, +20.0%) exceeds cost:+10%" in tripped.stderr
    import subprocess
    import sys

    console = subprocess.run([sys.executable, "-m", "advisor", "diff", str(old), str(new), "--fail-on", "cost:+10%"],
                             capture_output=True, text=True)
    assert console.returncode == 4 and "fail-on: plan total $1,000.00/month" in console.stderr
    bad = subprocess.run([sys.executable, "-m", "advisor", "diff", str(old), str(new), "--fail-on", "cost:10"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "--fail-on: cannot read 'cost:10'" in bad.stderr and "Traceback" not in bad.stderr


def test_diff_json_carries_the_sections_and_a_summary(memory_plugins, tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(_rec(memory_plugins)))
    new.write_text(json.dumps(_rec(memory_plugins, "760_000_000")))
    out = json.loads(CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "json"]).stdout)
    assert out["summary"]["changed"] is True
    assert any("×3.80" in line for line in out["inputs"])


def _example(tmp_path, monkeypatch, name: str, edit=lambda text: text) -> dict:
    """An example recommended offline on a fixed day, after ``edit`` of its text (its sites file copied)."""
    import shutil
    import tomllib
    from pathlib import Path

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    root = Path(__file__).resolve().parents[2] / "examples"
    text = edit((root / f"{name}.toml").read_text())
    sites = tomllib.loads(text)["workload"].get("sites_file")
    if sites:
        shutil.copy(root / sites, tmp_path / sites)
    path = tmp_path / f"{name}-{abs(hash(text))}.toml"
    path.write_text(text)
    return advisor.recommend(path, offline=True, as_of=date(2026, 11, 22)).model_dump(mode="json")


def test_the_seed_box_at_3_8_times_the_demand_reads_as_the_issue_says(tmp_path, monkeypatch):
    """The seed's owned 4 x T4 box alone (issue 19's case): demand 157 M -> 596.6 M output tokens a month
    (x3.80) leaves the decision and the $1,106.67/month alone and takes $/M from $7.05 to $1.85."""
    own_box = lambda t: t.replace('allowed_providers = ["aws", "onprem", "bedrock"]', 'allowed_providers = ["onprem"]')  # noqa: E731
    old = _example(tmp_path, monkeypatch, "seed-llama3-8b", own_box)
    new = _example(tmp_path, monkeypatch, "seed-llama3-8b",
                   lambda t: own_box(t).replace("output_tokens_per_month = 157_000_000", "output_tokens_per_month = 596_600_000"))
    result = diff(old, new)
    assert result.sections["inputs"] == ["chat: demand output tokens per month 157M → 597M (×3.80)"]
    assert ("chat: cost per million output tokens $7.05/M → $1.85/M (-$5.20, -73.8%) on onprem seed-dc"
            in result.sections["costs"])
    assert result.sections["decisions"] == [] and result.as_json()["summary"]["changed"]
    assert "nothing changed" not in render_diff(result, markdown=False).lower()


def test_an_option_a_billing_constraint_removed_is_said_to_be_removed_by_it_not_outscored(tmp_path, monkeypatch):
    """depin-batch without marketplace billing: the Akash H100 it chose (the Vast.ai tracker row's carbon is
    unknown as well and it costs more) and the other DePIN rows are marketplace offers; the diff names the constraint (listed once in the new recommendation's exclusions)."""
    old = _example(tmp_path, monkeypatch, "depin-batch")
    new = _example(tmp_path, monkeypatch, "depin-batch", lambda t: t.replace(
        'allowed_billing = ["on_demand", "marketplace"]', 'allowed_billing = ["on_demand"]'))
    result = diff(old, new)
    refused = "now excluded: constraint: billing 'marketplace' is not in constraints.allowed_billing"
    [decision] = result.sections["decisions"]
    assert decision.startswith("summaries: moved from akash network") and decision.endswith(f"the previous choice is {refused}")
    assert result.sections["options"] and all(line.endswith(refused) for line in result.sections["options"])
    assert "still eligible" not in render_diff(result, markdown=False)
    [total] = result.sections["totals"]
    before, after = old["plan"]["total_usd_per_month"], new["plan"]["total_usd_per_month"]
    assert total.startswith(f"plan total ${before:,.2f}/month → ${after:,.2f}/month (+${after - before:,.2f}, ")


def test_depin_hosts_a_billing_constraint_removed_are_not_reported_as_simply_no_longer_vetoed(tmp_path, monkeypatch):
    """hybrid-clinic: the DePIN networks vetoed for the PHI triage chat leave the veto list when marketplace
    billing is not allowed; the diff says the constraint excludes them now."""
    billing = ('allowed_billing = ["on_demand", "reserved", "spot", "owned", "capex", "per_token", "savings_plan", '
               '"committed_use", "subscription", "provisioned"]')
    old = _example(tmp_path, monkeypatch, "hybrid-clinic")
    new = _example(tmp_path, monkeypatch, "hybrid-clinic", lambda t: t.replace("max_providers = 3", f"max_providers = 3\n{billing}"))
    lines = [v for v in diff(old, new).sections["vetoes"] if v.startswith("triage-chat: akash:network")]
    assert lines == ["triage-chat: akash:network no longer vetoed by PRIV-DATA-001, REG-HIPAA-001, but still excluded: "
                     "constraint: billing 'marketplace' is not in constraints.allowed_billing"]
