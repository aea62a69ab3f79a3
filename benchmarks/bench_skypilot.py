"""advisor against SkyPilot's optimizer on the same accelerator question, measured in one run.

The question: where on AWS is one NVIDIA A10G cheapest (on demand)? SkyPilot answers it with its
optimizer (``sky.optimizer.Optimizer.optimize`` on a one-task DAG asking for ``A10G:1`` on AWS);
advisor with ``advisor recommend`` on a workload whose one component may use A10G hardware on AWS only.
Both read the same prices: SkyPilot's catalog is written from advisor's own AWS snapshot (which was
itself taken from SkyPilot's catalog v7, see plugins/aws), into a throw-away ``$HOME/.sky/catalogs``,
so neither side touches the network. Each side runs as a user would run it, a fresh process per
answer (imports included), alternately, and the medians are compared.

    python -m venv /tmp/sky && /tmp/sky/bin/pip install skypilot     # from PyPI, not a project dependency
    python benchmarks/bench_skypilot.py --sky-python /tmp/sky/bin/python [--runs 5]

SkyPilot needs an enabled cloud, which ``sky check`` finds from credentials; the benchmark has none,
so the child process declares AWS enabled (as SkyPilot's own optimizer dry-run tests do).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

AS_OF = date(2026, 11, 22)
SKY_SCHEMA = "v8"
# advisor's accelerator names -> SkyPilot's
SKY_NAMES = {"A100-40GB": "A100", "A100-80GB": "A100-80GB", "H100-SXM": "H100", "Inferentia2": "Inferentia2",
             "Trainium": "Trainium"}

WORKLOAD = """
[workload]
name = "a10g-question"
horizon_months = 1

[data]
classes = ["public"]
subjects = ["US"]

[weights]                         # cost only, as SkyPilot's optimizer minimises cost
cost = 1.0
latency = 0.0
privacy = 0.0
regulation = 0.0
carbon = 0.0

[constraints]
allowed_providers = ["aws"]
allowed_billing = ["on_demand"]    # SkyPilot prices on demand (or spot) only

[[components]]
name = "job"
kind = "inference"
model = "llama-3-8b"
precision = "fp16"
output_tokens_per_month = 1_000_000
input_tokens_per_request = 500
output_tokens_per_request = 200
hardware = ["A10G"]
"""

SKY_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import sky
from sky import check as sky_check, clouds, optimizer
sky_check.get_cached_enabled_clouds_or_refresh = lambda *a, **k: [clouds.AWS()]
with sky.Dag() as dag:
    task = sky.Task(run="true")
    task.set_resources(sky.Resources(infra="aws", accelerators={"A10G": 1}))
optimizer.Optimizer.optimize(dag, quiet=True)  # minimises cost by default
best = dag.tasks[0].best_resources
print(json.dumps({"seconds": time.perf_counter() - t0, "instance": best.instance_type, "region": best.region,
                  "usd_per_hour": best.get_cost(3600)}))
"""


def write_sky_catalog(home: Path) -> int:
    """SkyPilot's ``aws/vms.csv`` (and the empty side files it reads) from advisor's AWS snapshot."""
    from advisor.model.offers import OfferQuery
    from advisor.plugin.manager import Plugins

    [aws] = [p for p in Plugins().providers() if p.name == "aws"]
    catalog = aws.catalog(OfferQuery(as_of=AS_OF))
    region = {v.id: v.region for v in catalog.venues}
    rows = {}
    for o in catalog.offers:
        if o.billing != "on_demand" or o.usd_per_hour is None:
            continue
        hw = o.hardware
        acc = SKY_NAMES.get(hw.accelerator, hw.accelerator) if hw.accelerator else ""
        gpu = (json.dumps({"Gpus": [{"Name": acc, "Manufacturer": "NVIDIA", "Count": hw.accelerator_count,
                                     "MemoryInfo": {"SizeInMiB": int((hw.accelerator_memory_gib or 0) * 1024)}}],
                           "TotalGpuMemoryInMiB": int((hw.accelerator_memory_gib or 0) * 1024 * hw.accelerator_count)})
               if acc else "")
        r = region[o.venue_id]
        rows[(o.sku, r)] = {
            "InstanceType": o.sku, "AcceleratorName": acc, "AcceleratorCount": hw.accelerator_count if acc else "",
            "vCPUs": hw.vcpus, "MemoryGiB": hw.memory_gib, "GpuInfo": gpu, "Price": float(o.usd_per_hour),
            "SpotPrice": "", "Region": r, "AvailabilityZone": f"{r}a", "Arch": "x86_64",
        }
    base = home / ".sky" / "catalogs" / SKY_SCHEMA / "aws"
    base.mkdir(parents=True, exist_ok=True)
    with (base / "vms.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(next(iter(rows.values()))))
        w.writeheader()
        w.writerows(rows[k] for k in sorted(rows))
    (base / "images.csv").write_text("Tag,Region,OS,OSVersion,ImageId,CreationDate\n")
    common = base.parent / "common"  # accelerator names and memory, which SkyPilot reads to canonicalise names
    common.mkdir(exist_ok=True)
    accs = sorted({(r["AcceleratorName"], json.loads(r["GpuInfo"])["Gpus"][0]["MemoryInfo"]["SizeInMiB"] / 1024)
                   for r in rows.values() if r["AcceleratorName"]})
    (common / "accelerators.csv").write_text("AcceleratorName,Clouds\n" + "".join(f"{a},AWS\n" for a, _ in accs))
    (common / "metadata.csv").write_text("GPU,MemoryGB,Manufacturer\n" + "".join(f"{a},{m:g},NVIDIA\n" for a, m in accs))
    (base / "instance_quota_mapping.csv").write_text("InstanceType,QuotaCode\n")
    return len(rows)


def run_sky(sky_python: str, home: Path) -> dict:
    env = {**os.environ, "HOME": str(home), "SKYPILOT_DISABLE_USAGE_COLLECTION": "1"}
    t0 = time.perf_counter()
    out = subprocess.run([sky_python, "-c", SKY_CHILD], capture_output=True, text=True, env=env, check=True)
    wall = time.perf_counter() - t0
    return {**json.loads(out.stdout.strip().splitlines()[-1]), "wall": wall}


def run_advisor(workload: Path) -> dict:
    from run import bench_env  # byte code cached, as in an installed wheel (SkyPilot's is, by pip)

    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "advisor", "recommend", str(workload), "--format", "json",
                          "--offline", "--as-of", AS_OF.isoformat()], capture_output=True, text=True, env=bench_env())
    wall = time.perf_counter() - t0
    if out.returncode not in (0, 3):
        raise SystemExit(f"advisor failed ({out.returncode}): {out.stderr}")
    rec = json.loads(out.stdout)
    chosen = rec["components"][0]["chosen"]
    return {"wall": wall, "offer": chosen.get("offer_id"), "usd_per_month": chosen.get("usd_per_month")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sky-python", required=True, help="python of a virtual environment with skypilot")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        rows = write_sky_catalog(home)
        workload = home / "a10g.toml"
        workload.write_text(WORKLOAD)
        sky_runs, adv_runs = [], []
        run_advisor(workload)  # fills advisor's byte-code cache; SkyPilot's was written when pip installed it
        for _ in range(args.runs):
            sky_runs.append(run_sky(args.sky_python, home))
            adv_runs.append(run_advisor(workload))
        sky_s = statistics.median(r["wall"] for r in sky_runs)
        adv_s = statistics.median(r["wall"] for r in adv_runs)
        load = os.getloadavg()
        print(json.dumps({
            "catalog_rows": rows, "runs": args.runs, "load_average": [round(x, 2) for x in load],
            "skypilot": {"median_s": round(sky_s, 3), "optimizer_s": round(statistics.median(r["seconds"] for r in sky_runs), 3),
                         "answer": {k: sky_runs[-1][k] for k in ("instance", "region", "usd_per_hour")}},
            "advisor": {"median_s": round(adv_s, 3), "answer": {k: adv_runs[-1][k] for k in ("offer", "usd_per_month")}},
            "ratio_skypilot_over_advisor": round(sky_s / adv_s, 2),
        }, indent=2))


if __name__ == "__main__":
    main()
