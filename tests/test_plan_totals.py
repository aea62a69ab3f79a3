"""The plan's total is the sum of its rows (primaries, failovers, egress) on every example and portfolio,
and a failover is billed as what it is (issue 20, point 4)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from advisor.pipeline import Options, recommend
from advisor.plugin import Plugins

ROOT = Path(__file__).resolve().parents[1]
WORKLOADS = sorted(p for p in [*(ROOT / "examples").glob("*.toml"), *(ROOT / "tests" / "workloads").glob("*.toml")]
                   if p.read_text(encoding="utf-8").lstrip().startswith(("#", "[workload]"))
                   and "[workload]" in p.read_text(encoding="utf-8"))
AS_OF = date(2026, 11, 22)  # on or after the certifications' retrieval date, so they count


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return Plugins()


def _rows_sum(rec) -> float:
    rows = 0.0
    for comp in rec.components:
        if comp.chosen is not None:
            rows += comp.chosen.usd_per_month
        if comp.failover is not None:
            rows += comp.failover.standby_usd_per_month
    return rows + (rec.plan.egress_usd_per_month or 0.0)


@pytest.mark.parametrize("path", WORKLOADS, ids=lambda p: p.name)
def test_the_total_is_the_sum_of_the_rows(plugins, path):
    rec = recommend([path], plugins, Options(as_of=AS_OF))
    assert rec.plan.feasible, f"{path.name} has no feasible plan"
    n = sum(1 for c in rec.components for p in (c.chosen, c.failover) if p is not None)
    assert rec.plan.total_usd_per_month == pytest.approx(_rows_sum(rec), abs=0.005 * (n + 1))


def test_a_portfolio_of_the_examples_totals_its_rows(plugins):
    paths = [p for p in WORKLOADS if p.parent.name == "examples"]
    rec = recommend(paths, plugins, Options(as_of=AS_OF))
    assert rec.plan.feasible
    n = sum(1 for c in rec.components for p in (c.chosen, c.failover) if p is not None)
    assert rec.plan.total_usd_per_month == pytest.approx(_rows_sum(rec), abs=0.005 * (n + 1))


def test_a_critical_chat_keeps_a_warm_standby_of_one_unit_on_another_provider(plugins):
    rec = recommend([ROOT / "tests" / "workloads" / "bank-pii-qa.toml"], plugins, Options(as_of=AS_OF))
    [comp] = rec.components
    assert comp.chosen is not None and comp.failover is not None
    fo = comp.failover
    assert fo.provider != comp.chosen.provider
    if fo.billing in ("on_demand", "spot", "marketplace"):
        assert fo.standby_basis.startswith("warm standby")
        hourly = float(fo.price["usd_per_hour"])
        assert fo.standby_usd_per_month == pytest.approx(min(fo.usd_per_month, hourly * 730), abs=0.01)
    else:
        assert fo.standby_usd_per_month == pytest.approx(fo.usd_per_month, abs=0.01)
    assert all(c.country in {"DE", "FR", "NL", "IE", "SE", "BE"} for c in (comp.chosen, fo))


def test_standby_costs_are_warm_for_interactive_cold_for_batch_and_full_for_held_terms():
    import numpy as np

    from advisor.costing.standby import standby_costs
    from advisor.model.workload import InferenceComponent

    chat = InferenceComponent(name="chat", kind="inference", model="llama-3-8b", output_tokens_per_month=1e8)
    batch = InferenceComponent(name="batch", kind="batch-inference", model="llama-3-8b", output_tokens_per_month=1e8)
    usd = np.array([2000.0, 300.0, 1800.0, 900.0])
    hourly = np.array([1.0, 1.0, 2.465, np.nan])
    elastic = np.array([True, True, False, True])
    assert standby_costs(chat, usd, hourly, elastic).tolist() == [730.0, 300.0, 1800.0, 900.0]
    assert standby_costs(batch, usd, hourly, elastic).tolist() == [0.0, 0.0, 1800.0, 900.0]


@pytest.mark.parametrize("path", [p for p in WORKLOADS if p.parent.name == "examples"], ids=lambda p: p.name)
def test_the_csv_rows_a_spreadsheet_sums_give_the_plan_total(plugins, path):
    """Chosen, failover (billed on standby) and egress rows of the CSV add up to the plan total."""
    import csv
    import io
    import json

    from advisor.render import render_csv

    rec = recommend([path], plugins, Options(as_of=AS_OF))
    data = json.loads(rec.canonical_json())
    rows = list(csv.DictReader(io.StringIO(render_csv(data))))
    billed = [float(r["usd_per_month"]) for r in rows if r["role"] in ("chosen", "failover", "egress")]
    assert len(billed) == sum(1 for c in rec.components for p in (c.chosen, c.failover) if p is not None) + bool(
        rec.plan.egress_usd_per_month)
    assert sum(billed) == pytest.approx(rec.plan.total_usd_per_month, abs=0.005 * (len(billed) + 1))
