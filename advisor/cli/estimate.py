"""``advisor estimate``: size one model on one hardware and print latency, throughput and memory."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from advisor.model.specs import PRECISIONS

if TYPE_CHECKING:
    from advisor.model.specs import Precision


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
@click.option("--precision", default="fp16", show_default=True, type=click.Choice(PRECISIONS),
              help="Weight precision (sets bytes per parameter and the compute rate used).")
@click.option("--tp", type=click.IntRange(1, 1024), help="Tensor-parallel degree; default: smallest that fits.")
@click.option("--concurrency", default="1", show_default=True, callback=_concurrency, help="Concurrent sequences per replica, or 'max' (offline).")
@click.option("--input-tokens", default=1000, show_default=True, type=click.IntRange(1, 10_000_000),
              help="Prompt tokens per request.")
@click.option("--output-tokens", default=250, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Generated tokens per request.")
@click.option("--nodes", default=1, show_default=True, type=click.IntRange(1, 64), help="Units of --count devices per replica (pipeline stages over the network).")
@click.option("--engine", default="default", show_default=True,
              help="Serving engine: default, vllm, sglang, trt-llm, tgi, llama.cpp, neuron, openvino, ipex, ...")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]), help="Output format.")
def estimate(model_name: str, hardware_name: str, count: int, precision: Precision, tp: int | None,
             concurrency: int | None, input_tokens: int, output_tokens: int, nodes: int, engine: str, fmt: str) -> None:
    """Size one model on one hardware: TTFT, time per output token, tok/s, batch that fits, memory.

    \b
    Examples:
      advisor estimate --model llama-3-8b --hardware h100 --precision fp8 --concurrency 250
      advisor estimate --model llama-3-70b --hardware t4 --count 4 --concurrency max
    """
    from advisor.cli.common import make_plugins
    from advisor.errors import InputError
    from advisor.inputs.loading import load_catalogs
    from advisor.reference.models import closed_weights
    from advisor.sizing.efficiency import efficiency_table
    from advisor.sizing.estimate import estimate as run

    catalogs = load_catalogs(make_plugins())
    model = catalogs.models.require(model_name, key="--model")
    if closed_weights(model):
        raise InputError(None, [f"--model: {model.id} has closed weights: only managed APIs serve it, nothing to estimate"])
    hardware = catalogs.hardware.require(hardware_name, key="--hardware")
    table = efficiency_table()
    if table.engine(engine) is None:
        raise InputError(None, [f"--engine: unknown engine '{engine}'; known: {', '.join(table.engines)}"])
    result = run(model, hardware, count, precision, tp, concurrency, input_tokens, output_tokens, engine, nodes)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
    else:
        _table(result)


def _table(r: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(markup=False)
    nodes = f"{r['nodes']} × " if r.get("nodes", 1) > 1 else ""
    title = f"{r['model']} on {nodes}{r['count']}× {r['hardware']} ({r['precision']}, engine {r['engine']})"
    if not r["fits"]:
        console.print(f"{title}: does not fit: {r['reason']}")
        return
    t = Table(title=title, show_header=True)
    t.add_column("per replica")
    t.add_column("value", justify="right")
    u = r["uncertainty"]
    rows = [
        ("engine", f"{r['engine_label']} {r['engine_version']}; chunked prefill {'yes' if r['chunked_prefill'] else 'no'}"),
        ("tensor parallel / replicas", f"TP{r['tp']} × {r['replicas']}"),
        ("concurrency (batch) / max that fits", f"{r['batch']} / {r['max_batch']}"),
        ("input / output tokens", f"{r['input_tokens']:,} / {r['output_tokens']:,}"),
        ("time to first token", f"{r['ttft_ms']:,.1f} ms"),
        ("time per output token", f"{r['tpot_ms']:,.2f} ms ({r['tokens_per_second_per_user']:,.1f} tok/s per user)"),
        ("output tok/s per replica", f"{r['output_tokens_per_second_per_replica']:,.0f}"),
        ("output tok/s all replicas", f"{r['output_tokens_per_second_total']:,.0f}"),
        ("range (± row band)", f"{u['output_tokens_per_second_range'][0]:,.0f}-{u['output_tokens_per_second_range'][1]:,.0f} tok/s; "
                               f"TTFT {u['ttft_ms_range'][0]:,.1f}-{u['ttft_ms_range'][1]:,.1f} ms; "
                               f"{u['tpot_ms_range'][0]:,.2f}-{u['tpot_ms_range'][1]:,.2f} ms/token"),
    ]
    rows += [(f"memory: {k.replace('_', ' ')}", f"{v:,.2f}" + ("" if k.endswith("_mb") else " GB")) for k, v in r["memory_gb"].items()]
    eff = r["efficiency"]
    rows.append(("efficiency row", f"{eff['row']}: MBU {eff['mbu']} (KV {eff['kv_mbu']}), MFU {eff['mfu_prefill']}/{eff['mfu_decode']}, "
                                   f"{eff['calibration']}, band ±{float(eff['band']):.0%}"))
    for k, v in rows:
        t.add_row(k, v)
    console.print(t)
    console.print(f"efficiency source ({eff['row']}): {eff['source']}")
    console.print("every figure above is an estimate of the capacity model; the range is the row's calibration band")
    for note in r["notes"]:
        console.print(f"note: {note}")
