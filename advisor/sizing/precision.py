"""Which arithmetic a requested precision runs in on a device, or why it cannot run there.

Storage precision sets the weight bytes; the compute dtype sets the peak FLOP/s. Weight-only
quantisation (int4 everywhere, int8 without int8 tensor cores) computes in fp16/bf16.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.model.specs import HardwareSpec


@dataclass(frozen=True)
class PrecisionPlan:
    storage: str
    compute: str
    tflops: float
    note: str | None = None

    @property
    def weight_only(self) -> bool:
        """Quantised weights dequantised to a wider compute type in the GEMM (AWQ/GPTQ int4, int8 on fp16)."""
        return self.storage in ("int4", "int8") and self.compute not in ("int4", "int8")


def _half(spec: HardwareSpec, preferred: str) -> str | None:
    other = "fp16" if preferred == "bf16" else "bf16"
    for dtype in (preferred, other):
        if dtype in spec.tflops:
            return dtype
    return None


def plan_precision(spec: HardwareSpec, requested: str) -> PrecisionPlan | str:
    """The plan, or a sentence saying why ``requested`` cannot run on ``spec``."""
    t = spec.tflops
    if requested in ("fp16", "bf16"):
        dtype = _half(spec, requested)
        if dtype is None:
            return f"{spec.id} has no fp16/bf16 compute figure"
        note = None if dtype == requested else f"{spec.id} has no {requested}: runs {dtype} (same 2-byte weights)"
        return PrecisionPlan(dtype if dtype == requested else requested, dtype, t[dtype], note)
    if requested == "fp8":
        if "fp8" in t:
            return PrecisionPlan("fp8", "fp8", t["fp8"])
        return f"{spec.id} has no FP8 support; choose int8 or int4 weight quantisation instead"
    if requested == "int8":
        if "int8" in t:
            return PrecisionPlan("int8", "int8", t["int8"], "W8A8 int8 arithmetic")
        dtype = _half(spec, "fp16")
        if dtype is None:
            return f"{spec.id} has no int8 or fp16/bf16 compute figure"
        return PrecisionPlan("int8", dtype, t[dtype], f"{spec.id} has no int8 tensor cores: weight-only int8, {dtype} compute")
    if requested == "int4":
        dtype = _half(spec, "fp16")
        if dtype is None:
            return f"{spec.id} has no fp16/bf16 compute figure for int4 weight-only kernels"
        return PrecisionPlan("int4", dtype, t[dtype], f"weight-only int4 (AWQ/GPTQ, ~0.56 B/param), {dtype} compute")
    if requested == "fp32":
        if "fp32" in t:
            return PrecisionPlan("fp32", "fp32", t["fp32"])
        return f"{spec.id} has no fp32 figure in the catalog"
    return f"unknown precision '{requested}'"
