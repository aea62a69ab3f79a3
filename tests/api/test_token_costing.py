"""Per-token bills: input and billed output (reasoning included), batch discount, cached input, unknown prices."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advisor.costing.tokens import token_bill, token_demand
from advisor.model.offers import TokenTerms
from advisor.model.workload import InferenceComponent

TERMS = TokenTerms(model="meta.llama3-8b-instruct-v1:0", serves="llama-3-8b",
                   usd_per_million_input=Decimal("0.30"), usd_per_million_output=Decimal("0.60"))


def chat(**kw) -> InferenceComponent:
    base = dict(name="chat", kind="inference", model="llama-3-8b", output_tokens_per_month=157_000_000,
                input_tokens_per_request=1000, output_tokens_per_request=250)
    return InferenceComponent(**{**base, **kw})


def test_the_seed_volume_on_bedrock_bills_input_and_output_tokens():
    bill = token_bill(TERMS, chat())
    # 157 M / 250 = 628,000 requests × 1,000 = 628 M input at $0.30/M + 157 M output at $0.60/M
    assert bill.usd_per_month == pytest.approx(628 * 0.30 + 157 * 0.60)
    assert round(bill.usd_per_month, 2) == 282.60
    assert bill.details["input_tokens_per_month"] == 628_000_000 and bill.details["requests_per_month"] == 628_000
    assert "628.0 M input at $0.3/M" in bill.basis and "157.0 M output (reasoning included) at $0.6/M" in bill.basis


def test_reasoning_tokens_are_billed_as_output():
    bill = token_bill(TERMS, chat(reasoning_multiplier=3))
    assert bill.usd_per_month == pytest.approx(628 * 0.30 + 3 * 157 * 0.60)
    assert bill.details["output_tokens_per_month"] == 471_000_000


def test_a_batch_component_gets_the_published_batch_discount():
    terms = TERMS.model_copy(update={"batch_discount": 0.5})
    assert token_bill(terms, chat(kind="batch-inference")).usd_per_month == pytest.approx(282.60 / 2)
    assert token_bill(terms, chat()).usd_per_month == pytest.approx(282.60)  # interactive traffic pays full price
    assert "no batch discount published" in token_bill(TERMS, chat(kind="batch-inference")).basis


def test_cached_input_is_billed_at_the_cached_price_only_where_one_is_published():
    cached = TERMS.model_copy(update={"usd_per_million_cached_input": Decimal("0.075")})
    bill = token_bill(cached, chat(cached_input_share=0.5))
    assert bill.usd_per_month == pytest.approx(314 * 0.30 + 314 * 0.075 + 157 * 0.60)
    unpublished = token_bill(TERMS, chat(cached_input_share=0.5))
    assert unpublished.usd_per_month == pytest.approx(282.60)
    assert "no cached-input price published" in unpublished.basis


def test_an_unpublished_token_price_is_unpriced_never_zero():
    bill = token_bill(TERMS.model_copy(update={"usd_per_million_output": None}), chat())
    assert bill.usd_per_month is None and bill.basis.startswith("unpriced: no output token price")


def test_peak_minute_follows_duty_and_peak_to_average():
    d = token_demand(chat(peak_to_average=3, duty=0.5))
    busy_minutes = 30 * 24 * 60 * 0.5  # the 30-day month demand is given in
    assert d.peak_tokens_per_minute == pytest.approx((628e6 + 157e6) / busy_minutes * 3)
    assert d.peak_requests_per_minute == pytest.approx(628_000 / busy_minutes * 3)
