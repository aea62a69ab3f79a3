"""Published measurements (advisor/data/calibration.toml) against the model's predictions.

``python -m advisor.sizing.calibration`` prints the table of docs/capacity-model.md with the median
absolute error and the share within ±35 % of the calibration and held-out sets; ``--factors``
prints the efficiency rows. Points name their source, date and setup; prompt lengths a source does
not state are assumed and said so in ``conditions``.
"""

from __future__ import annotations

import statistics
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Point:
    id: str
    set: str  # calibration | held-out
    model: str
    hardware: str
    precision: str
    engine: str
    metric: str  # tpot_ms | prefill_ms | ttft_ms | tokens_per_s | decode_tokens_per_s | prefill_tokens_per_s
    measured: float
    bound: float
    conditions: str
    source: str
    date: str
    count: int = 1
    tp: int | None = None
    concurrency: int | None = None
    input_tokens: int = 1000
    output_tokens: int = 250


@cache
def points() -> tuple[Point, ...]:
    raw = tomllib.loads(resources.files("advisor.data").joinpath("calibration.toml").read_text(encoding="utf-8"))
    return tuple(Point(**row) for row in raw["point"])


def predict(point: Point) -> float:
    """The model's figure for the point's metric, with the point's engine, devices and load."""
    from advisor.reference.hardware import hardware_catalog
    from advisor.reference.models import closed_weights, model_catalog
    from advisor.sizing.estimate import estimate

    model = model_catalog().require(point.model, "calibration.toml", f"point {point.id}: model")
    if closed_weights(model):
        raise AssertionError(f"{point.id}: {model.id} has closed weights; no machine runs it")
    r = estimate(model, hardware_catalog().require(point.hardware, "calibration.toml", f"point {point.id}: hardware"),
                 count=point.count, precision=point.precision, tp=point.tp, concurrency=point.concurrency,
                 input_tokens=point.input_tokens, output_tokens=point.output_tokens, engine=point.engine)
    if not r["fits"]:
        raise AssertionError(f"{point.id}: {r['reason']}")
    metric = point.metric
    if metric == "tokens_per_s":
        return float(r["output_tokens_per_second_per_replica"])
    if metric == "decode_tokens_per_s":
        return 1e3 / float(r["tpot_ms"])
    if metric == "prefill_tokens_per_s":
        return point.input_tokens / float(r["prefill_ms"]) * 1e3
    return float(r[metric])


def error(point: Point) -> float:
    """Relative error of the prediction (+ = the model predicts more of the metric)."""
    return predict(point) / point.measured - 1


def summary(which: str) -> dict[str, float]:
    """Median absolute error and share of points within ±35 % for one set."""
    errs = [abs(error(p)) for p in points() if p.set == which]
    return {"points": len(errs), "median_abs_error": statistics.median(errs),
            "share_within_35": sum(e <= 0.35 for e in errs) / len(errs)}


def markdown() -> str:
    lines = ["| Point | Set | Model / hardware / precision / engine | Conditions | Measured | Predicted | Error | Bound | Source (date) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for p in points():
        pred = predict(p)
        hw = f"{p.count}× {p.hardware}" if p.count > 1 else p.hardware
        lines.append(f"| {p.id} | {p.set} | {p.model} / {hw} / {p.precision} / {p.engine} | {p.conditions} | "
                     f"{p.measured:,.2f} {p.metric} | {pred:,.2f} | {pred / p.measured - 1:+.1%} | ±{p.bound:.0%} | {p.source} ({p.date}) |")
    lines.append("")
    for which in ("calibration", "held-out"):
        s = summary(which)
        lines.append(f"- **{which}**: {s['points']} points, median absolute error {s['median_abs_error']:.1%}, "
                     f"{s['share_within_35']:.0%} within ±35 %")
    return "\n".join(lines)


def factors_markdown() -> str:
    from advisor.sizing.efficiency import efficiency_table

    lines = ["| Hardware class | Engine | Parallelism | MBU | MFU prefill / decode / training | Overhead ms | Status | Band | Source |",
             "|---|---|---|---|---|---|---|---|---|"]
    for e in efficiency_table().rows.values():
        lines.append(f"| {e.hardware_class} | {e.engine} | {e.parallelism} | {e.mbu} | {e.mfu_prefill} / {e.mfu_decode} / "
                     f"{e.mfu_training} | {e.overhead_ms} | {e.calibration} | ±{e.band:.0%} | {e.source} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(factors_markdown() if "--factors" in sys.argv else markdown())
