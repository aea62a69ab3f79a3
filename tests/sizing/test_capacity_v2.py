"""Capacity model v2 (issue 22): the engine as an input, uncertainty that reaches the decision, p95
latency under load, parallelism by interconnect, multi-node serving, batch-dependent int4 speed-ups."""

from __future__ import annotations

import numpy as np
import pytest

from advisor.sizing.efficiency import efficiency_table
from advisor.sizing.queueing import erlang_c, stall_count_p95, wait_p95
from tests.sizing.test_size_component import HW, MODELS, chat, offer, size
from advisor.sizing.estimate import estimate


def test_an_engine_that_does_not_run_on_a_device_excludes_the_offer_with_the_reason():
    offers = [offer("inf2", accelerator="Inferentia2", accelerator_count=1), offer("l4", accelerator="L4", accelerator_count=1)]
    inf2, l4 = size(chat(engine="trt-llm"), offers)
    assert not inf2.feasible and inf2.reason.startswith("engine TensorRT-LLM does not run on Inferentia2")
    assert l4.feasible and l4.efficiency["engine"] == "trt-llm"
    gpu, = size(chat(engine="neuron"), offers[1:])
    assert not gpu.feasible and "AWS Neuron does not run on L4" in gpu.reason


def test_engine_aliases_resolve_and_an_unknown_engine_in_a_workload_file_names_the_key(tmp_path):
    from advisor.errors import InputError
    from advisor.inputs.loading import load_catalogs, load_workload
    from advisor.reference.engines import find_engine

    assert find_engine("TensorRT-LLM").id == "trt-llm" and find_engine("llama-cpp").id == "llama.cpp"
    [s] = size(chat(engine="TensorRT-LLM"), [offer("l4", accelerator="L4", accelerator_count=1)])
    assert s.feasible and s.efficiency["engine"] == "trt-llm"
    path = tmp_path / "w.toml"
    path.write_text('[workload]\nname = "w"\n\n[[components]]\nname = "chat"\nkind = "inference"\nmodel = "llama-3-8b"\n'
                    'output_tokens_per_month = 1e6\nengine = "vlm"\n')
    with pytest.raises(InputError) as err:
        load_workload(path, load_catalogs())
    text = str(err.value)
    assert "components[0].engine: unknown engine 'vlm'" in text and "did you mean 'vllm'" in text and err.value.exit_code == 2


def test_the_same_device_is_slower_with_an_older_engine():
    new = estimate(MODELS.get("llama-3-8b"), HW.get("H100-SXM"), precision="bf16", engine="vllm")
    old = estimate(MODELS.get("llama-3-8b"), HW.get("H100-SXM"), precision="bf16", engine="vllm-0.5")
    assert old["tpot_ms"] > 1.5 * new["tpot_ms"]
    assert new["efficiency"]["row"] == "nvidia-hbm/vllm/single" and old["efficiency"]["row"] == "nvidia-hbm/vllm-0.5/single"


def test_estimate_carries_its_range_from_the_row_band_and_names_the_row():
    r = estimate(MODELS.get("llama-3-8b"), HW.get("MI300X"), precision="fp8", engine="sglang")
    u = r["uncertainty"]
    assert r["efficiency"]["calibration"] == "uncalibrated estimate" and u["band"] == 0.5
    low, high = u["output_tokens_per_second_range"]
    assert low == pytest.approx(u["output_tokens_per_second_central"] / 1.5, rel=1e-3)
    assert high == pytest.approx(u["output_tokens_per_second_central"] * 1.5, rel=1e-3)


def test_slo_feasibility_and_replicas_use_the_pessimistic_end_so_an_uncalibrated_row_is_not_preferred():
    # same device figures, one class calibrated (band 0.3), one not (band 0.5): the uncalibrated one plans less capacity
    comp = chat(output_tokens_per_month=3e9, slo={"tokens_per_second_per_user": 20, "ttft_ms_p95": 2000})
    h100, mi300 = size(comp, [offer("h", accelerator="H100-SXM", accelerator_count=1), offer("m", accelerator="MI300X", accelerator_count=1)])
    assert h100.feasible and mi300.feasible
    for s in (h100, mi300):
        u = s.uncertainty
        assert s.output_tokens_per_second_per_replica == pytest.approx(u["output_tokens_per_second_range"][0], rel=1e-3)
        assert u["planned_at"] == "pessimistic end"
    assert mi300.uncertainty["band"] > h100.uncertainty["band"]


def test_erlang_c_matches_known_values_and_p95_wait_grows_near_saturation():
    assert erlang_c(np.array([1]), np.array([0.5]))[0] == pytest.approx(0.5)
    assert erlang_c(np.array([2]), np.array([1.5]))[0] == pytest.approx(0.642857, rel=1e-5)
    waits = wait_p95(np.array([8, 8, 8]), np.array([1.0, 1.0, 1.0]), np.array([2.0, 6.0, 7.8]))
    assert waits[0] == 0.0 and 0 < waits[1] < waits[2]
    assert np.isinf(wait_p95(np.array([1]), np.array([1.0]), np.array([1.5]))[0])
    # no stall while P(any prefill during the decode) < 5 %; about m + 1.645 sqrt(m) beyond
    assert stall_count_p95(np.array([0.01]), np.array([1.0]))[0] == 0.0
    assert stall_count_p95(np.array([4.0]), np.array([1.0]))[0] == pytest.approx(4 + 1.645 * 2)


def test_ttft_p95_includes_queueing_and_rises_with_load():
    comp = chat(output_tokens_per_month=2e9, slo={"ttft_ms_p95": 5000, "tokens_per_second_per_user": 5})
    [s] = size(comp, [offer("l4", accelerator="L4", accelerator_count=1)])
    assert s.feasible and s.ttft_ms > s.uncertainty["ttft_ms_range"][1] * 0.999  # p95 under load ≥ the unloaded pessimistic end


def test_tensor_parallel_over_pcie_pays_more_per_step_than_over_nvswitch():
    pcie = estimate(MODELS.get("llama-3-70b"), HW.get("L40S"), count=4, tp=4, precision="fp8")
    nvl = estimate(MODELS.get("llama-3-70b"), HW.get("H100-SXM"), count=4, tp=4, precision="fp8")
    t = efficiency_table()
    assert t.allreduce_hops(HW.get("L40S"), 4) == 6 and t.allreduce_hops(HW.get("H100-SXM"), 4) == 2
    # 160 all-reduces x 6 hops x 12 µs ≈ 11.5 ms of latency alone on PCIe; a few ms through NVSwitch
    assert pcie["tpot_ms"] - nvl["tpot_ms"] > 10


def test_405b_spans_two_8_gpu_nodes_and_pays_its_network_hops():
    one = estimate(MODELS.get("llama-3.1-405b"), HW.get("H100-SXM"), count=8, precision="fp8")
    two = estimate(MODELS.get("llama-3.1-405b"), HW.get("H100-SXM"), count=8, precision="bf16", nodes=2)
    assert one["fits"] and one["nodes"] == 1
    assert two["fits"] and two["nodes"] == 2 and any("multi-node" in n for n in two["notes"])
    assert estimate(MODELS.get("llama-3.1-405b"), HW.get("H100-SXM"), count=8, precision="bf16")["fits"] is False


def test_weight_only_int4_speeds_up_small_batches_far_more_than_large_ones():
    def speed(precision: str, c: int) -> float:
        return estimate(MODELS.get("llama-3-8b"), HW.get("A100-80GB"), precision=precision, concurrency=c,
                        engine="vllm")["output_tokens_per_second_per_replica"]
    small = speed("int4", 1) / speed("fp16", 1)
    large = speed("int4", 256) / speed("fp16", 256)
    assert small > 2.0 and large < 1.3 and small > 2 * large
