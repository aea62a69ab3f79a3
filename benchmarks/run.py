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
if case == "recommend-examples":
    from advisor.cli import main
    import contextlib, io
    for ex in {examples!r}:
        sys.argv = ["advisor", "recommend", ex, "--format", "json", "--offline"]
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main()
            except SystemExit as e:
                assert e.code in (0, 3, None), (ex, e.code)
    n = len({examples!r})
elif case == "offers-100k":
    from synthetic import SyntheticPlugin
    from advisor.plugin.manager import Plugins
    from advisor.pipeline import Options, recommend
    plugins = Plugins(load_entry_points=False)
    plugins.register(SyntheticPlugin(100_000), name="synthetic")
    d = Path(tempfile.mkdtemp())
    from synthetic import write_workloads
    [path] = write_workloads(d, 1)
    rec = recommend([path], plugins, Options(offline=True))
    n = rec.components[0].candidates_considered
elif case.startswith("portfolio-"):
    from synthetic import write_workloads
    from advisor.plugin.manager import Plugins
    from advisor.pipeline import Options, recommend
    d = Path(tempfile.mkdtemp())
    paths = write_workloads(d, int(case.removeprefix("portfolio-")))
    rec = recommend(paths, Plugins(), Options(offline=True))
    n = len(rec.components)
seconds = time.perf_counter() - t0
peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "peak_mib": peak_mib, "n": n}}))
"""

CASES = [
    # name, what, target seconds, target MiB
    ("help", "`advisor --help` start-up (median of 7 runs)", 0.3, None),
    ("recommend-examples", "`advisor recommend` on one example with the embedded snapshots (mean over the examples)", 1.0, None),
    ("offers-100k", "recommend against 100,000 synthetic offers registered through a plugin", 5.0, 1024),
    ("portfolio-100", "a portfolio of 100 two-component workloads placed together (issue 7)", 30.0, None),
    ("portfolio-1000", "a portfolio of 1,000 two-component workloads placed together", 60.0, None),
]


def run_help() -> dict:
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "advisor", "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return {"seconds": statistics.median(times), "peak_mib": None, "n": 7}


def run_child(case: str) -> dict:
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.toml") if "sites" not in p.name)
    code = CHILD.format(case=case, bench_dir=str(ROOT / "benchmarks"), examples=examples)
    env = {**os.environ, "ADVISOR_CACHE_DIR": str(Path(os.environ.get("TMPDIR", "/tmp")) / "advisor-bench-cache")}
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if case == "recommend-examples":
        result["seconds"] /= max(1, len(examples))
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
    lines = ["| benchmark | measured | target | peak memory | result |", "|---|---|---|---|---|"]
    for (name, what, target_s, target_mib), r in results:
        ok = r["seconds"] <= target_s and (target_mib is None or (r["peak_mib"] or 0) <= target_mib)
        mem = "-" if r["peak_mib"] is None else f"{r['peak_mib']:,.0f} MiB"
        tmem = f" within {target_mib:,} MiB" if target_mib else ""
        lines.append(f"| {what} | {r['seconds']:.3f} s | < {target_s:g} s{tmem} | {mem} | {'met' if ok else 'MISSED'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="record the table in docs/performance.md")
    parser.add_argument("--only", nargs="*", help="run only these cases")
    args = parser.parse_args()
    results = []
    for case in CASES:
        if args.only and case[0] not in args.only:
            continue
        r = run_help() if case[0] == "help" else run_child(case[0])
        results.append((case, r))
        print(f"{case[0]}: {r}", file=sys.stderr)
    text = f"Measured {time.strftime('%Y-%m-%d')} on {machine()}.\n\n{table(results)}"
    print(text)
    if args.write:
        doc = DOC.read_text()
        head, rest = doc.split(START, 1)
        _, tail = rest.split(END, 1)
        DOC.write_text(f"{head}{START}\n{text}\n{END}{tail}")


if __name__ == "__main__":
    main()
