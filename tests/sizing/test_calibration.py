"""Predictions against the public measurements of the capacity reference (§17.1), within ±25 %
(single stream) and ±35 % (high concurrency); the cases live in advisor.sizing.calibration."""

from __future__ import annotations

import pytest

from advisor.reference.hardware import hardware_catalog
from advisor.reference.models import model_catalog
from advisor.sizing.calibration import POINTS, predict
from advisor.sizing.estimate import estimate


@pytest.mark.parametrize("point", POINTS, ids=[p.id for p in POINTS])
def test_prediction_within_bound_of_measurement(point):
    predicted = predict(point)
    error = predicted / point.measured - 1
    assert abs(error) <= point.bound, f"{point.id}: predicted {predicted:.2f}, measured {point.measured}: {error:+.1%}"


def test_every_reference_measurement_m1_to_m7_is_covered():
    assert {p.id.split()[0] for p in POINTS} == {"M1", "M2", "M3", "M4", "M5", "M6", "M7"}


@pytest.mark.parametrize("isl,osl", [(1000, 250), (1000, 1000)])
def test_seed_box_four_t4_llama3_8b_fp16_tp4_lands_in_working_range(isl, osl):
    r = estimate(model_catalog().get("llama-3-8b"), hardware_catalog().get("T4"), count=4, tp=4,
                 precision="fp16", concurrency=None, input_tokens=isl, output_tokens=osl)
    assert 500 <= r["output_tokens_per_second_total"] <= 1500


def test_seed_box_single_stream_is_near_the_seed_claim_not_its_capacity():
    r = estimate(model_catalog().get("llama-3-8b"), hardware_catalog().get("T4"), count=4, tp=4,
                 precision="fp16", concurrency=1, input_tokens=1000, output_tokens=250)
    assert 26 <= r["output_tokens_per_second_total"] <= 80  # §19 b): 26-80 tok/s from eta 0.33 to ideal
