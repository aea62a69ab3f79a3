"""Sizing an API offer: model match and accept_models, context and output caps, quotas, speed SLO,
quantisation stated, provisioned units for the peak."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from advisor.model.offers import TokenTerms
from advisor.sizing.tokens import TokenUnit, size_token_unit
from tests.api.test_token_costing import chat

TERMS = TokenTerms(model="meta.llama3-8b-instruct-v1:0", serves="llama-3-8b", usd_per_million_input=Decimal("0.30"),
                   usd_per_million_output=Decimal("0.60"), context_tokens=8192, max_output_tokens=2048,
                   tokens_per_minute=300_000, requests_per_minute=800, limits_source="quota page",
                   ttft_ms=400, output_tokens_per_second=75, latency_source="benchmark")


def size(component, terms=TERMS, provisioned=False):
    return size_token_unit(component, TokenUnit(terms, provisioned))


def test_an_api_serving_the_same_model_fits_with_its_published_latency():
    fields = size(chat())
    assert fields["feasible"] and fields["units"] == 1
    assert fields["ttft_ms"] == 400 and fields["tpot_ms"] == pytest.approx(1000 / 75)
    assert any("latency of meta.llama3-8b-instruct-v1:0: benchmark" in n for n in fields["notes"])


def test_another_model_is_excluded_unless_the_component_accepts_it():
    other = TERMS.model_copy(update={"serves": "llama-3.1-8b"})
    refused = size(chat(), other)
    assert not refused["feasible"]
    assert refused["reason"] == ("serves llama-3.1-8b (meta.llama3-8b-instruct-v1:0), not llama-3-8b "
                                 "(list it in accept_models to accept it)")
    accepted = size(chat(accept_models=["llama-3.1-8b"]), other)
    assert accepted["feasible"]
    assert "in place of llama-3-8b: accepted by the component's accept_models" in accepted["notes"][0]


def test_a_request_longer_than_the_context_window_is_excluded():
    fields = size(chat(input_tokens_per_request=8000))
    assert not fields["feasible"] and fields["reason"] == ("a request needs 8,250 tokens of context; "
                                                           "meta.llama3-8b-instruct-v1:0 accepts 8,192")


def test_reasoning_output_above_the_output_cap_is_excluded():
    fields = size(chat(output_tokens_per_request=500, reasoning_multiplier=5, input_tokens_per_request=100))
    assert not fields["feasible"] and "produces 2,500 output tokens (reasoning included)" in fields["reason"]


def test_a_peak_above_the_quota_is_excluded_and_points_to_provisioned_throughput():
    # 20 B output tokens a month at 1,000 in / 250 out: 100 B tokens over 43,200 minutes (30 days)
    fields = size(chat(output_tokens_per_month=20e9))
    assert not fields["feasible"]
    assert fields["reason"].startswith("peak 2,314,815 tokens/min exceeds the 300,000 tokens/min quota")
    assert fields["reason"].endswith("(quota page): ask for a quota increase or use provisioned throughput")


def test_an_unpublished_quota_is_stated_not_assumed():
    fields = size(chat(), TERMS.model_copy(update={"tokens_per_minute": None, "requests_per_minute": None}))
    assert fields["feasible"]
    assert any(n.startswith("no published tokens-per-minute quota") for n in fields["notes"])


def test_a_stream_slower_than_the_per_user_slo_is_an_slo_miss():
    fields = size(chat(slo={"tokens_per_second_per_user": 100}))
    assert not fields["feasible"] and "below the SLO of 100 tokens/s per user" in fields["reason"]


def test_quantised_serving_is_stated():
    fields = size(chat(), TERMS.model_copy(update={"quantisation": "fp8"}))
    assert fields["feasible"]
    assert "served as fp8 where the component asks fp16: quality may differ from the self-hosted model" in fields["notes"]


def test_provisioned_units_cover_the_peak_with_output_tokens_weighted_and_the_minimum_kept():
    unit = TERMS.model_copy(update={"tokens_per_minute": 14_900, "min_units": 15, "output_token_weight": 4,
                                    "capacity_unit": "PTU"})
    component = chat(output_tokens_per_month=2e9, peak_to_average=2)
    minutes = 30 * 24 * 60
    peak_counted = (8e9 + 4 * 2e9) / minutes * 2  # input + 4 × output, at twice the average
    fields = size(component, unit, provisioned=True)
    assert fields["feasible"] and fields["units"] == max(15, math.ceil(peak_counted / 14_900))
    assert fields["utilisation"] == pytest.approx((8e9 + 4 * 2e9) / minutes / (fields["units"] * 14_900))
    small = size(chat(), unit, provisioned=True)
    assert small["units"] == 15 and "(minimum deployment 15)" in small["notes"][-1]


def test_provisioned_throughput_without_a_published_throughput_is_not_sized():
    fields = size(chat(), TERMS.model_copy(update={"tokens_per_minute": None, "capacity_unit": "model unit"}), True)
    assert not fields["feasible"] and fields["reason"].startswith("no published throughput per model unit")


def test_training_never_goes_to_an_inference_api():
    from advisor.model.workload import TrainingComponent

    training = TrainingComponent(name="ft", kind="fine-tune", model="llama-3-8b", training_tokens=1e9)
    assert not size(training)["feasible"]


def test_a_context_window_smaller_than_the_models_own_is_stated():
    from types import SimpleNamespace

    short = TERMS.model_copy(update={"context_tokens": 4096})
    fields = size_token_unit(chat(), TokenUnit(short, False), SimpleNamespace(max_context=8192))
    assert fields["feasible"]
    assert "meta.llama3-8b-instruct-v1:0 accepts 4,096 tokens of context where llama-3-8b itself takes 8,192" in fields["notes"]


def test_provisioned_units_above_the_minimum_are_sold_in_steps():
    unit = TERMS.model_copy(update={"tokens_per_minute": 3_000, "min_units": 15, "unit_increment": 5,
                                    "capacity_unit": "PTU"})
    # 100 M output at 1,000 in / 250 out is 500 M tokens a month: 11,574 a minute, under the 15-PTU minimum
    assert size(chat(output_tokens_per_month=100e6, peak_to_average=1), unit, provisioned=True)["units"] == 15
    # 400 M output: 2,000 M tokens / 43,200 min = 46,296 a minute, 15.4 PTU, so 20 (15 and one step of 5)
    fields = size(chat(output_tokens_per_month=400e6, peak_to_average=1), unit, provisioned=True)
    assert fields["units"] == 20 and "(sold in steps of 5)" in fields["notes"][-1]
