"""Devices the edge products use that the core catalog does not list: the NVIDIA A2 of Azure Stack
Edge Pro 2. Dense peaks (sparsity figures halved) from the NVIDIA A2 datasheet."""

from __future__ import annotations

from advisor.plugin import HardwareSpec

A2 = HardwareSpec(
    id="A2",
    aliases=("NVIDIA A2", "A2-16GB"),
    kind="gpu",
    vendor="nvidia",
    tflops={"fp32": 4.5, "fp16": 18.0, "int8": 36.0, "int4": 72.0},
    memory_gb=16,
    bandwidth_gb_s=200,
    tdp_w=60,
    interconnect="pcie",
    source="https://www.nvidia.com/en-us/data-center/products/a2/ (datasheet: FP16 36 / INT8 72 / INT4 144 "
    "with sparsity, 16 GB GDDR6, 200 GB/s, 40-60 W configurable, PCIe Gen4 x8)",
    notes="Used by Azure Stack Edge Pro 2 (128G4T1GPU, 256G6T2GPU); no BF16 listed; TDP is the upper setting.",
)
