"""The seed's claim, "CPUs serve models up to ~20 B parameters at low concurrency", against the capacity
model with numbers (llama.cpp on a Sapphire Rapids socket, calibrated on M6), and a VM's share of a
socket by its real topology (cores x per-core bandwidth, not vCPUs / threads)."""

from __future__ import annotations

import pytest

from advisor.reference.hardware import hardware_catalog
from advisor.reference.models import model_catalog
from advisor.sizing.estimate import estimate
from tests.sizing.test_size_component import chat, offer, size

HW, MODELS = hardware_catalog(), model_catalog()


def tokens_per_s(model: str, precision: str) -> float:
    r = estimate(MODELS.get(model), HW.get("Xeon-8480+"), precision=precision, concurrency=1, input_tokens=500,
                 output_tokens=200, engine="llama.cpp")
    return r["tokens_per_second_per_user"]


def test_a_whole_socket_serves_a_14b_model_at_reading_speed_and_a_32b_model_below_it():
    # phi-4 (14.7 B): ~12 tok/s int8, ~16 tok/s int4 per user on one 307 GB/s socket
    assert 10 <= tokens_per_s("phi-4", "int8") <= 15
    assert 14 <= tokens_per_s("phi-4", "int4") <= 20
    # Qwen2.5-32B: under 8 tok/s even at int8: "~20 B" is about where one socket stops being interactive
    assert tokens_per_s("qwen2.5-32b", "int8") < 8
    assert tokens_per_s("qwen2.5-32b", "bf16") < 3


@pytest.mark.parametrize("vcpus,model,feasible", [(16, "llama-3-8b", True), (16, "phi-4", False), (32, "phi-4", True)])
def test_a_small_sapphire_rapids_vm_serves_what_its_cores_can_pull_from_memory(vcpus, model, feasible):
    c = chat(model=model, precision="int8", output_tokens_per_month=5e6, input_tokens_per_request=500, output_tokens_per_request=200,
             slo={"tokens_per_second_per_user": 5, "ttft_ms_p95": 5000}, engine="llama.cpp")
    [s] = size(c, [offer("vm", cpu="Xeon-8480+", vcpus=vcpus, memory_gib=vcpus * 4)])
    assert s.feasible is feasible, s.reason


def test_cpu_vm_bandwidth_share_follows_cores_not_vcpus():
    from advisor.sizing.devices import unit_config

    unit = unit_config(offer("vm", cpu="Xeon-8480+", vcpus=16, memory_gib=64), HW)
    # 8 cores x 12 GB/s = 96 of 307 GB/s, where 16 / 112 threads would give 14 %
    assert unit.devices == pytest.approx(16 / 112, rel=1e-3)
    assert unit.bandwidth_share == pytest.approx(96 / 307, rel=1e-3)
