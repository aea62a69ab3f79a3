"""The availability model of an offer: held or preemptible, its eviction rate and the work it costs."""

from __future__ import annotations

import math

import pytest

from advisor.costing.availability import availability, checkpoint_overhead, preemptible_excluded
from advisor.model.workload import InferenceComponent
from tests.costing.conftest import offer


def test_held_capacity_has_no_interruption_overhead():
    for billing in ("on_demand", "reserved"):
        found = availability(offer(billing, commitment_months=12) if billing == "reserved" else offer(billing))
        assert (found.model, found.overhead) == ("held", 0.0)


def test_a_published_band_sets_the_rate_at_its_upper_bound_and_young_daly_gives_the_overhead():
    found = availability(offer("spot", "1.20", attributes={"spot_interruption_band": "5-10%"}))
    assert found.model == "preemptible" and found.interruptions_per_month == 0.10
    m = 730 / 0.10  # 7,300 h between interruptions
    assert found.overhead == pytest.approx(math.sqrt(2 * 0.0833 / m) + 0.25 / m)
    assert found.overhead == pytest.approx(0.00481, abs=1e-5)
    assert "5-10%" in found.source


def test_a_steadier_band_costs_less_than_the_providers_worst_band():
    steady = availability(offer("spot", "1.20", attributes={"spot_interruption_band": "<5%"}))
    unknown = availability(offer("spot", "1.20"))
    assert steady.overhead < unknown.overhead
    assert unknown.interruptions_per_month == 0.30 and "worst band assumed" in unknown.source


def test_gcp_spot_assumes_one_preemption_a_month_and_says_it_is_an_estimate():
    found = availability(offer("spot", "1.00", provider="gcp"))
    assert found.interruptions_per_month == 1.0 and "estimate" in found.source
    assert found.overhead == pytest.approx(checkpoint_overhead(1.0))


def test_a_depin_hosts_downtime_adds_to_the_checkpoint_overhead():
    flaky = availability(offer("marketplace", "0.40", provider="vastai", reliability=0.95))
    assert flaky.overhead == pytest.approx(checkpoint_overhead(1.0) + 0.05 / 0.95)
    assert "reliability 95.0%" in flaky.source


def test_an_offers_own_overhead_wins():
    assert availability(offer("marketplace", "1.00", interruption_overhead=0.25)).overhead == 0.25


def _chat(**kw) -> InferenceComponent:
    return InferenceComponent(name="chat", kind=kw.pop("kind", "inference"), model="llama-3-8b",
                              output_tokens_per_month=1e8, **kw)


def test_only_interactive_components_with_an_slo_are_kept_off_preemptible_capacity():
    assert preemptible_excluded(_chat(slo={"ttft_ms_p95": 800}))
    assert not preemptible_excluded(_chat(slo={"ttft_ms_p95": 800}, allow_preemptible=True))
    assert not preemptible_excluded(_chat())
    assert not preemptible_excluded(_chat(kind="batch-inference", slo={"ttft_ms_p95": 800}))
