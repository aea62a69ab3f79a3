"""Predictions against the published measurements of advisor/data/calibration.toml: every point
within its bound, and the acceptance of issue 22 on both sets (median |error| <= 15 %, >= 80 % of
points within ±35 %), with the engine of each measurement given."""

from __future__ import annotations

from collections import defaultdict

import pytest

from advisor.reference.hardware import hardware_catalog
from advisor.reference.models import model_catalog
from advisor.sizing.calibration import error, points, predict, summary
from advisor.sizing.efficiency import efficiency_table
from advisor.sizing.estimate import estimate

POINTS = points()


@pytest.mark.parametrize("point", POINTS, ids=[p.id for p in POINTS])
def test_prediction_within_bound_of_measurement(point):
    predicted = predict(point)
    err = predicted / point.measured - 1
    assert abs(err) <= point.bound, f"{point.id}: predicted {predicted:.2f}, measured {point.measured}: {err:+.1%}"


@pytest.mark.parametrize("which", ["calibration", "held-out"])
def test_set_meets_acceptance_median_within_15_percent_and_80_percent_within_35(which):
    s = summary(which)
    assert s["median_abs_error"] <= 0.15 and s["share_within_35"] >= 0.80, s


def test_at_least_40_points_across_engines_devices_and_regimes_each_with_source_and_date():
    assert len(POINTS) >= 40
    assert sum(p.set == "held-out" for p in POINTS) >= 15
    hw = {p.hardware for p in POINTS}
    assert {"T4", "A10G", "A100-40GB", "H100-SXM", "H200", "L40S", "MI300X", "RTX-4090", "Inferentia2", "EPYC-9554"} <= hw
    assert {"trt-llm", "vllm", "tgi-1.0", "llama.cpp", "neuron", "fastertransformer", "transformers"} <= {p.engine for p in POINTS}
    assert any(p.concurrency == 1 for p in POINTS) and any(p.concurrency is None or p.concurrency >= 20 for p in POINTS)
    assert all(p.source and p.date and p.conditions for p in POINTS)


def test_each_rows_band_covers_the_residuals_of_its_calibration_points():
    table, hw = efficiency_table(), hardware_catalog()
    worst: dict[str, float] = defaultdict(float)
    for p in POINTS:
        if p.set == "calibration":
            row = table.lookup(hw.get(p.hardware), p.tp or 1, p.engine)
            worst[row.row_id] = max(worst[row.row_id], abs(error(p)))
    for row in table.rows.values():
        assert row.band + 1e-9 >= worst.get(row.row_id, 0.0), (row.row_id, row.band, worst.get(row.row_id))


def test_uncalibrated_rows_are_wider_than_calibrated_ones():
    rows = efficiency_table().rows.values()
    assert min(r.band for r in rows if r.calibration == "uncalibrated estimate") > max(r.band for r in rows if r.calibration == "calibrated")


@pytest.mark.parametrize("isl,osl", [(1000, 250)])
def test_seed_box_four_t4_llama3_8b_fp16_tp4_with_vllm_lands_in_realistic_band(isl, osl):
    r = estimate(model_catalog().get("llama-3-8b"), hardware_catalog().get("T4"), count=4, tp=4,
                 precision="fp16", concurrency=None, input_tokens=isl, output_tokens=osl, engine="vllm")
    assert 350 <= r["output_tokens_per_second_total"] <= 600, r["output_tokens_per_second_total"]


def test_seed_box_single_stream_is_near_the_seed_claim_not_its_capacity():
    r = estimate(model_catalog().get("llama-3-8b"), hardware_catalog().get("T4"), count=4, tp=4,
                 precision="fp16", concurrency=1, input_tokens=1000, output_tokens=250, engine="vllm")
    assert 20 <= r["output_tokens_per_second_total"] <= 60
