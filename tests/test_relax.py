"""Nothing feasible: exit 3, and hints that name one concrete change and what it would open up."""

from __future__ import annotations

import sys

import pytest

from advisor.cli import main


def test_an_export_controlled_workload_on_commercial_venues_gets_a_rule_override_hint(run_memory):
    rec = run_memory(cls="export-controlled", subjects="US")
    assert not rec.plan.feasible
    rule_hints = [h for h in rec.plan.hints if "overriding" in h]
    assert rule_hints, rec.plan.hints
    assert "eligible" in rule_hints[0] and "the cheapest would be memcloud:" in rule_hints[0]


def test_an_impossible_slo_exits_3_with_the_slo_relaxation_hint(tmp_path, monkeypatch, capsys):
    path = tmp_path / "tight.toml"
    path.write_text(
        '[workload]\nname = "tight"\n[[components]]\nname = "chat"\nkind = "inference"\nmodel = "llama-3-70b"\n'
        'output_tokens_per_month = 1e8\nslo = { ttft_ms_p95 = 5 }\nusers = [ { metro = "Paris", share = 1.0 } ]\n'
    )
    monkeypatch.setattr(sys, "argv", ["advisor", "recommend", str(path), "--format", "json"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 3
    assert "no feasible placement" in err and "without the SLO" in err and "$" in err
