"""Calibration points of the capacity reference (§17.1) and the model's predictions for them.

``python -m advisor.sizing.calibration`` prints the Markdown table used in docs/capacity-model.md.
Bounds: ±25 % for single-stream rows, ±35 % for high-concurrency rows (§17.3). Prompt lengths a
source does not state are assumed and named in ``conditions``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Point:
    id: str
    model: str
    hardware: str
    precision: str
    metric: str  # tpot_ms | prefill_ms | ttft_ms | tokens_per_s | decode_tokens_per_s | prefill_tokens_per_s
    measured: float
    bound: float
    conditions: str
    source: str
    kwargs: dict[str, Any] = field(default_factory=dict)


def _m4(isl: int, osl: int, value: float, engine: str) -> Point:
    return Point(f"M4 {isl}/{osl}" + (" (default engine)" if engine == "default" else ""), "llama-3-8b", "H100-SXM", "fp8",
                 "tokens_per_s", value, 0.35, f"offline max throughput, ISL/OSL {isl}/{osl}, engine {engine}",
                 "NVIDIA/TensorRT-LLM docs/source/performance/perf-overview.md",
                 {"concurrency": None, "input_tokens": isl, "output_tokens": osl, "engine": engine})


def _m5(c: int, itl: float, tps: float) -> list[Point]:
    bound = 0.25 if c == 1 else 0.35
    kw = {"concurrency": c, "input_tokens": 1000, "output_tokens": 1000}
    src = "docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance (NIM 1.8.0; GPU and FP8 inferred)"
    cond = f"concurrency {c}, ISL/OSL 1000/1000 assumed, default engine"
    return [Point(f"M5 c={c} ITL", "llama-3-8b", "H100-SXM", "fp8", "tpot_ms", itl, bound, cond, src, kw),
            Point(f"M5 c={c} tok/s", "llama-3-8b", "H100-SXM", "fp8", "tokens_per_s", tps, bound, cond, src, kw)]


POINTS: list[Point] = [
    Point("M1 decode", "llama-2-7b", "RTX-4090", "fp16", "decode_tokens_per_s", 61.0, 0.25, "batch 1, tg128, llama.cpp",
          "ggml-org/llama.cpp PR #4766", {"concurrency": 1, "input_tokens": 512, "output_tokens": 128, "engine": "llama.cpp"}),
    Point("M1 prefill", "llama-2-7b", "RTX-4090", "fp16", "prefill_tokens_per_s", 11048, 0.25, "pp512, llama.cpp",
          "ggml-org/llama.cpp PR #4766", {"concurrency": 1, "input_tokens": 512, "output_tokens": 128, "engine": "llama.cpp"}),
    Point("M2 prefill TP1", "llama-2-13b", "A100-40GB", "fp16", "prefill_ms", 63.17, 0.25, "512-token prompt, FasterTransformer",
          "cli99/llm-analysis examples/fastertransformer/README.md",
          {"concurrency": 1, "input_tokens": 512, "output_tokens": 2, "engine": "fastertransformer"}),
    Point("M2 decode TP1", "llama-2-13b", "A100-40GB", "fp16", "tpot_ms", 22.0, 0.25, "batch 1, FasterTransformer",
          "cli99/llm-analysis examples/fastertransformer/README.md",
          {"concurrency": 1, "input_tokens": 512, "output_tokens": 2, "engine": "fastertransformer"}),
    Point("M2 prefill TP2", "llama-2-13b", "A100-40GB", "fp16", "prefill_ms", 45.45, 0.25, "2 GPUs over NVLink",
          "cli99/llm-analysis examples/fastertransformer/README.md",
          {"count": 2, "tp": 2, "concurrency": 1, "input_tokens": 512, "output_tokens": 2, "engine": "fastertransformer"}),
    Point("M2 decode TP2", "llama-2-13b", "A100-40GB", "fp16", "tpot_ms", 13.5, 0.25, "2 GPUs over NVLink",
          "cli99/llm-analysis examples/fastertransformer/README.md",
          {"count": 2, "tp": 2, "concurrency": 1, "input_tokens": 512, "output_tokens": 2, "engine": "fastertransformer"}),
    Point("M3 decode", "llama-2-7b", "A10G", "fp16", "tpot_ms", 16.8, 0.25, "4 GPUs TP4 over PCIe, 1 request, 500/250 assumed, TGI 1.0.3",
          "huggingface/blog llama-sagemaker-benchmark.md",
          {"count": 4, "tp": 4, "concurrency": 1, "input_tokens": 500, "output_tokens": 250, "engine": "tgi-1.0"}),
    *[_m4(i, o, v, e) for e in ("tensorrt-llm", "default")
      for i, o, v in ((128, 128, 28312), (1000, 1000, 15220), (2048, 2048, 9305), (2048, 128, 3450), (5000, 500, 3459))],
    *[p for c, itl, tps in ((1, 4.63, 215), (25, 5.19, 4679), (100, 7.57, 12215), (250, 16.1, 12965)) for p in _m5(c, itl, tps)],
    Point("M5 c=1 TTFT", "llama-3-8b", "H100-SXM", "fp8", "ttft_ms", 10.0, 0.25, "concurrency 1, 1000-token prompt, engine tensorrt-llm",
          "docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance",
          {"concurrency": 1, "input_tokens": 1000, "output_tokens": 1000, "engine": "tensorrt-llm"}),
    Point("M6 Q4_K_M", "phi-4", "EPYC-9554", "int4", "decode_tokens_per_s", 28.7, 0.25, "1 socket, batch 1, llama.cpp, 512/128 assumed",
          "ahelpme.com EPYC 9554 benchmark", {"concurrency": 1, "input_tokens": 512, "output_tokens": 128, "engine": "llama.cpp"}),
    Point("M6 Q8_0", "phi-4", "EPYC-9554", "int8", "decode_tokens_per_s", 19.2, 0.25, "1 socket, batch 1, llama.cpp, 512/128 assumed",
          "ahelpme.com EPYC 9554 benchmark", {"concurrency": 1, "input_tokens": 512, "output_tokens": 128, "engine": "llama.cpp"}),
    Point("M7 decode", "llama-3-8b", "H100-SXM", "bf16", "tpot_ms", 13.0, 0.25, "light load, vLLM v0.5.3 (BF16 assumed)",
          "vllm-project.github.io _posts/2024-09-05-perf-update.md",
          {"concurrency": 1, "input_tokens": 200, "output_tokens": 200, "engine": "vllm-0.5"}),
]


def predict(point: Point) -> float:
    from advisor.reference.hardware import hardware_catalog
    from advisor.reference.models import model_catalog
    from advisor.sizing.estimate import estimate

    r = estimate(model_catalog().get(point.model), hardware_catalog().get(point.hardware),
                 precision=point.precision, **point.kwargs)
    if not r["fits"]:
        raise AssertionError(f"{point.id}: {r['reason']}")
    metric = point.metric
    if metric == "tokens_per_s":
        return r["output_tokens_per_second_per_replica"]
    if metric == "decode_tokens_per_s":
        return 1e3 / r["tpot_ms"]
    if metric == "prefill_tokens_per_s":
        return point.kwargs["input_tokens"] / r["prefill_ms"] * 1e3
    return r[metric]


def markdown() -> str:
    lines = ["| Point | Model / hardware / precision | Conditions | Measured | Predicted | Error | Bound |",
             "|---|---|---|---|---|---|---|"]
    for p in POINTS:
        pred = predict(p)
        lines.append(f"| {p.id} | {p.model} / {p.hardware} / {p.precision} | {p.conditions} | {p.measured:,.2f} {p.metric} | "
                     f"{pred:,.2f} | {pred / p.measured - 1:+.1%} | ±{p.bound:.0%} |")
    return "\n".join(lines)


def factors_markdown() -> str:
    from advisor.sizing.efficiency import efficiency_table

    lines = ["| Hardware class | Engine | Parallelism | MBU | MFU prefill / decode / training | Overhead ms | Status | Source |",
             "|---|---|---|---|---|---|---|---|"]
    for e in efficiency_table().rows.values():
        lines.append(f"| {e.hardware_class} | {e.engine} | {e.parallelism} | {e.mbu} | {e.mfu_prefill} / {e.mfu_decode} / "
                     f"{e.mfu_training} | {e.overhead_ms} | {e.calibration} | {e.source} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(factors_markdown() if "--factors" in sys.argv else markdown())
