"""Benchmark runner: each case in a fresh process, wall time and peak memory, against its target.

    python benchmarks/run.py              # print the table
    python benchmarks/run.py --write      # also record it in docs/performance.md

Each case runs in its own Python process so peak RSS (ru_maxrss) belongs to that case alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"

CHILD = r"""
import json, resource, sys, time, tempfile
from pathlib import Path
sys.path.insert(0, {bench_dir!r})
case = {case!r}
t0 = time.perf_counter()
if case.startswith("offers-"):
    from synthetic import SyntheticPlugin
    from advisor.plugin.manager import Plugins
    from advisor.pipeline import Options, recommend
    plugins = Plugins(load_entry_points=False)
    size, _, style = case.removeprefix("offers-").partition("-")
    plugins.register(SyntheticPlugin(int(float(size)), streamed=style != "tuple"), name="synthetic")
    d = Path(tempfile.mkdtemp())
    from synthetic import write_workloads
    [path] = write_workloads(d, 1)
    rec = recommend([path], plugins, Options(offline=True, timeout_s=3600))  # the catalogue takes its time at 10^6
    n = rec.components[0].candidates_considered
elif case.startswith("inventory-"):
    import os
    from dataclasses import replace
    from datetime import date
    from synthetic import write_workloads
    from advisor.executors import make_executor
    from advisor.inventory import run_inventory, summary_line
    from advisor.pipeline import Options
    from advisor.plugin.manager import Plugins
    size, _, executor = case.removeprefix("inventory-").partition("-")
    d = Path(tempfile.mkdtemp())
    paths = write_workloads(d, int(float(size)), sites_every=10)
    t0 = time.perf_counter()  # the workload files are the input, not the work
    runner = make_executor(executor or "local")
    kept = []
    with open(os.devnull, "w") as sink:
        for solved in run_inventory(paths, Plugins(), Options(offline=True, as_of=date(2026, 11, 22)), runner):
            sink.write(solved.line + "\n")
            kept.append(replace(solved, line=""))
        sink.write(summary_line(kept))
    runner.close()
    n = sum(len(s.names) for s in kept)
elif case.startswith("portfolio-"):
    from synthetic import write_workloads
    from advisor.plugin.manager import Plugins
    from advisor.pipeline import Options, recommend
    d = Path(tempfile.mkdtemp())
    paths = write_workloads(d, int(case.removeprefix("portfolio-")))
    rec = recommend(paths, Plugins(), Options(offline=True))
    n = len(rec.components)
seconds = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024, "n": n,
                  "cpu_s": usage.ru_utime + usage.ru_stime}}))
"""

CASES = [
    # name, what, target seconds, target MiB
    ("help", "`advisor --help` start-up (median of 7 runs)", 0.3, None),
    ("recommend-examples", "`advisor recommend EXAMPLE --format json`, a fresh process per example (mean over the examples)", 0.8, None),
    ("offers-1e3", "recommend against 1,000 synthetic offers registered through a plugin", 5.0, None),
    ("offers-1e4", "recommend against 10,000 synthetic offers", 5.0, None),
    ("offers-1e5", "recommend against 100,000 synthetic offers", 5.0, 1024),
    ("offers-1e6", "recommend against 1,000,000 synthetic offers (a plugin that streams its catalog)", 60.0, 1536),
    ("offers-1e6-tuple", "the same from a plugin returning them as one tuple", 60.0, 1536),
    ("portfolio-100", "a portfolio of 100 two-component workloads placed together (issue 7)", 30.0, None),
    ("portfolio-1000", "a portfolio of 1,000 two-component workloads placed together", 25.0, None),
    ("inventory-10", "`--inventory` of 10 two-component workloads (every 10th names one of 50 shared data centres)", 30.0, None),
    ("inventory-100", "`--inventory` of 100 such workloads", 60.0, None),
    ("inventory-1000", "`--inventory` of 1,000 such workloads", 25.0, None),
    ("inventory-10000", "`--inventory` of 10,000 such workloads", 600.0, 24 * 1024),
    ("inventory-1000-ray", "`--inventory` of 1,000 such workloads on a local Ray (2 CPUs; driver's memory)", 60.0, None),
]
QUICK = ["help", "recommend-examples", "offers-1e3", "offers-1e4", "offers-1e5", "portfolio-100", "inventory-10",
         "inventory-100"]


def bench_env() -> dict[str, str]:
    """A private cache, and byte-code cached under a temporary prefix even where the checkout disables
    it (PYTHONDONTWRITEBYTECODE): an installed wheel has its byte code, so compiling every module from
    source on every run (0.1-0.8 s) is not what a user waits for."""
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    env = {**os.environ, "ADVISOR_CACHE_DIR": str(tmp / "advisor-bench-cache"),
           "PYTHONPYCACHEPREFIX": str(tmp / "advisor-bench-pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def children_cpu() -> float:
    """CPU seconds (user + sys) of the child processes waited for so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_help() -> dict:
    times, cpus = [], []
    for _ in range(8):
        t0, c0 = time.perf_counter(), children_cpu()
        subprocess.run([sys.executable, "-m", "advisor", "--help"], check=True, capture_output=True, env=bench_env())
        times.append(time.perf_counter() - t0)
        cpus.append(children_cpu() - c0)
    return {"seconds": statistics.median(times[1:]), "peak_mib": None, "n": 7,  # the first fills the cache
            "cpu_s": statistics.median(cpus[1:])}


def run_examples() -> dict:
    """Each example as a user runs it: a fresh ``python -m advisor recommend`` process (imports, exit)."""
    import resource

    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.toml") if "sites" not in p.name)
    subprocess.run([sys.executable, "-m", "advisor", "--help"], capture_output=True, env=bench_env())  # byte code
    times, cpus = [], []
    for ex in examples:
        t0, c0 = time.perf_counter(), children_cpu()
        out = subprocess.run([sys.executable, "-m", "advisor", "recommend", ex, "--format", "json", "--offline"],
                             capture_output=True, env=bench_env())
        times.append(time.perf_counter() - t0)
        cpus.append(children_cpu() - c0)
        assert out.returncode in (0, 3), (ex, out.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": statistics.mean(times), "peak_mib": peak, "n": len(examples), "cpu_s": statistics.mean(cpus)}


def run_child(case: str) -> dict:
    code = CHILD.format(case=case, bench_dir=str(ROOT / "benchmarks"))
    env = bench_env()
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def table(results: list[tuple]) -> str:
    lines = ["| benchmark | wall | CPU (user + sys) | load average (1 min) | target | peak memory | result |",
             "|---|---|---|---|---|---|---|"]
    for (name, what, target_s, target_mib), r in results:
        ok = r["seconds"] <= target_s and (target_mib is None or (r["peak_mib"] or 0) <= target_mib)
        mem = "-" if r["peak_mib"] is None else f"{r['peak_mib']:,.0f} MiB"
        tmem = f" within {target_mib:,} MiB" if target_mib else ""
        cpu = "-" if r.get("cpu_s") is None else f"{r['cpu_s']:.3f} s"
        lines.append(f"| {what} | {r['seconds']:.3f} s | {cpu} | {r['load']:.1f} | < {target_s:g} s{tmem} | {mem} | "
                     f"{'met' if ok else 'MISSED'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="record the table in docs/performance.md")
    parser.add_argument("--only", nargs="*", help="run only these cases")
    parser.add_argument("--all", action="store_true", help="also the long cases (10^6 offers, 10^3-10^4 workloads, Ray)")
    args = parser.parse_args()
    results = []
    for case in CASES:
        if args.only and case[0] not in args.only:
            continue
        if not args.only and not args.all and case[0] not in QUICK:
            continue
        load = os.getloadavg()[0]  # the machine may be shared: the load each figure was measured under
        r = {"help": run_help, "recommend-examples": run_examples}.get(case[0], lambda: run_child(case[0]))()
        r["load"] = max(load, os.getloadavg()[0])
        results.append((case, r))
        print(f"{case[0]}: {r}", file=sys.stderr)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    text = f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; load average at the end {load}.\n\n{table(results)}"
    print(text)
    if args.write:
        doc = DOC.read_text()
        head, rest = doc.split(START, 1)
        _, tail = rest.split(END, 1)
        DOC.write_text(f"{head}{START}\n{text}\n{END}{tail}")


if __name__ == "__main__":
    main()
