"""Predictions against the public measurements M1-M7 of the capacity reference (§17.1).

Bounds: ±25 % for single-stream (batch 1) rows, ±35 % for high-concurrency rows (§17.3).
Prompt lengths not stated by a source are assumed and named in each case.
"""

from __future__ import annotations

import pytest

from advisor.hardware import hardware_catalog
from advisor.llm import model_catalog
from advisor.sizing.estimate import estimate

HW = hardware_catalog(plugins=False)
MODELS = model_catalog(plugins=False)


def run(model: str, hardware: str, **kw):
    result = estimate(MODELS.get(model), HW.get(hardware), **kw)
    assert result["fits"], result
    return result


def within(predicted: float, measured: float, bound: float) -> None:
    error = predicted / measured - 1
    assert abs(error) <= bound, f"predicted {predicted:.2f}, measured {measured:.2f}: {error:+.1%}"


def test_m1_rtx4090_llamacpp_llama7b_fp16_decode_and_prefill():
    r = run("llama-2-7b", "RTX-4090", precision="fp16", concurrency=1, input_tokens=512, output_tokens=128, engine="llama.cpp")
    within(1000 / r["tpot_ms"], 61.0, 0.25)
    within(512 / r["prefill_ms"] * 1000, 11048, 0.25)


@pytest.mark.parametrize("count,prefill_ms,decode_ms", [(1, 63.17, 22.0), (2, 45.45, 13.5)])
def test_m2_a100_fastertransformer_13b_prefill_and_decode(count, prefill_ms, decode_ms):
    r = run("llama-2-13b", "A100-40GB", count=count, tp=count, precision="fp16", concurrency=1,
            input_tokens=512, output_tokens=2, engine="fastertransformer")
    within(r["prefill_ms"], prefill_ms, 0.25)
    within(r["tpot_ms"], decode_ms, 0.25)


def test_m3_four_a10g_tgi_tp4_over_pcie_single_request():
    # Prompt length not in the summary: 500/250 assumed (KV is ~4 % of the bytes read at batch 1).
    r = run("llama-2-7b", "A10G", count=4, tp=4, precision="fp16", concurrency=1, input_tokens=500, output_tokens=250, engine="tgi-1.0")
    within(r["tpot_ms"], 16.8, 0.25)


@pytest.mark.parametrize(
    "isl,osl,measured", [(128, 128, 28312), (1000, 1000, 15220), (2048, 2048, 9305), (2048, 128, 3450), (5000, 500, 3459)]
)
@pytest.mark.parametrize("engine", ["tensorrt-llm", "default"])
def test_m4_h100_fp8_offline_max_throughput(isl, osl, measured, engine):
    r = run("llama-3-8b", "H100-SXM", precision="fp8", concurrency=None, input_tokens=isl, output_tokens=osl, engine=engine)
    within(r["output_tokens_per_second_per_replica"], measured, 0.35)


@pytest.mark.parametrize(
    "concurrency,itl_ms,tokens_s", [(1, 4.63, 215), (25, 5.19, 4679), (100, 7.57, 12215), (250, 16.1, 12965)]
)
def test_m5_h100_fp8_nim_concurrency_sweep_with_default_engine(concurrency, itl_ms, tokens_s):
    # NIM's ISL/OSL of 1000/1000 is the lead's acceptance shape; the GPU and FP8 are inferred (§17.1).
    bound = 0.25 if concurrency == 1 else 0.35
    r = run("llama-3-8b", "H100-SXM", precision="fp8", concurrency=concurrency, input_tokens=1000, output_tokens=1000)
    within(r["tpot_ms"], itl_ms, bound)
    within(r["output_tokens_per_second_per_replica"], tokens_s, bound)


def test_m5_time_to_first_token_alone_with_tensorrt_llm():
    r = run("llama-3-8b", "H100-SXM", precision="fp8", concurrency=1, input_tokens=1000, output_tokens=1000, engine="tensorrt-llm")
    within(r["ttft_ms"], 10.0, 0.25)


@pytest.mark.parametrize("precision,measured", [("int4", 28.7), ("int8", 19.2)])
def test_m6_epyc_9554_llamacpp_phi4_single_socket(precision, measured):
    r = run("phi-4", "EPYC-9554", precision=precision, concurrency=1, input_tokens=512, output_tokens=128, engine="llama.cpp")
    within(1000 / r["tpot_ms"], measured, 0.25)


def test_m7_old_vllm_per_step_overhead_dominates_on_h100():
    r = run("llama-3-8b", "H100-SXM", precision="bf16", concurrency=1, input_tokens=200, output_tokens=200, engine="vllm-0.5")
    within(r["tpot_ms"], 13.0, 0.25)


@pytest.mark.parametrize("isl,osl", [(1000, 250), (1000, 1000)])
def test_seed_box_four_t4_llama3_8b_fp16_tp4_lands_in_working_range(isl, osl):
    r = run("llama-3-8b", "T4", count=4, tp=4, precision="fp16", concurrency=None, input_tokens=isl, output_tokens=osl)
    assert 500 <= r["output_tokens_per_second_total"] <= 1500
