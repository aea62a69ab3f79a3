"""``advisor estimate``: size one model on one hardware and print latency, throughput and memory."""

from __future__ import annotations

import json
from typing import Any

import click

from advisor.model.specs import PRECISIONS


def _concurrency(ctx: click.Context, param: click.Parameter, value: str) -> int | None:
    if value.lower() == "max":
        return None
    try:
        n = int(value)
    except ValueError:
        raise click.BadParameter("a whole number of concurrent sequences or 'max'") from None
    if n < 1:
        raise click.BadParameter("must be at least 1 (or 'max')")
    return n


@click.command("estimate")
@click.option("--model", "model_name", required=True, help="Model id, e.g. llama-3-8b.")
@click.option("--hardware", "hardware_name", required=True, help="Hardware id, e.g. h100-sxm, t4.")
@click.option("--count", default=1, show_default=True, type=click.IntRange(1, 1024), help="Devices.")
@click.option("--precision", default="fp16", show_default=True, type=click.Choice(PRECISIONS))
@click.option("--tp", type=click.IntRange(1, 1024), help="Tensor-parallel degree; default: smallest that fits.")
@click.option("--concurrency", default="1", show_default=True, callback=_concurrency, help="Concurrent sequences per replica, or 'max' (offline).")
@click.option("--input-tokens", default=1000, show_default=True, type=click.IntRange(1, 10_000_000))
@click.option("--output-tokens", default=250, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--engine", default="default", show_default=True, help="Efficiency row: default, tensorrt-llm, llama.cpp, ...")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]))
def estimate(model_name, hardware_name, count, precision, tp, concurrency, input_tokens, output_tokens, engine, fmt) -> None:
    """Size one model on one hardware: TTFT, time per output token, tok/s, batch that fits, memory.

    \b
    Examples:
      advisor estimate --model llama-3-8b --hardware h100 --precision fp8 --concurrency 250
      advisor estimate --model llama-3-70b --hardware t4 --count 4 --concurrency max
    """
    from advisor.cli.common import make_plugins
    from advisor.errors import InputError
    from advisor.inputs.loading import load_catalogs
    from advisor.sizing.efficiency import efficiency_table
    from advisor.sizing.estimate import estimate as run

    catalogs = load_catalogs(make_plugins())
    model = catalogs.models.require(model_name, key="--model")
    hardware = catalogs.hardware.require(hardware_name, key="--hardware")
    engines = efficiency_table().engines
    if engine not in engines:
        raise InputError(None, [f"--engine: unknown engine '{engine}'; known: {', '.join(engines)}"])
    result = run(model, hardware, count, precision, tp, concurrency, input_tokens, output_tokens, engine)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
    else:
        _table(result)


def _table(r: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(markup=False)
    title = f"{r['model']} on {r['count']}× {r['hardware']} ({r['precision']})"
    if not r["fits"]:
        console.print(f"{title}: does not fit: {r['reason']}")
        return
    t = Table(title=title, show_header=True)
    t.add_column("per replica")
    t.add_column("value", justify="right")
    rows = [
        ("tensor parallel / replicas", f"TP{r['tp']} × {r['replicas']}"),
        ("concurrency (batch) / max that fits", f"{r['batch']} / {r['max_batch']}"),
        ("input / output tokens", f"{r['input_tokens']:,} / {r['output_tokens']:,}"),
        ("time to first token", f"{r['ttft_ms']:,.1f} ms"),
        ("time per output token", f"{r['tpot_ms']:,.2f} ms ({r['tokens_per_second_per_user']:,.1f} tok/s per user)"),
        ("output tok/s per replica", f"{r['output_tokens_per_second_per_replica']:,.0f}"),
        ("output tok/s all replicas", f"{r['output_tokens_per_second_total']:,.0f}"),
    ]
    rows += [(f"memory: {k.replace('_', ' ')}", f"{v:,.2f}" + ("" if k.endswith("_mb") else " GB")) for k, v in r["memory_gb"].items()]
    eff = r["efficiency"]
    rows.append(("efficiency", f"MBU {eff['mbu']}, MFU {eff['mfu_prefill']}/{eff['mfu_decode']}, {eff['calibration']}"))
    for k, v in rows:
        t.add_row(k, v)
    console.print(t)
    console.print(f"efficiency source: {eff['source']}")
    for note in r["notes"]:
        console.print(f"note: {note}")
