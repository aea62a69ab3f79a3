"""The Ray executor gives the local executor's bytes: one local Ray (2 CPUs, no dashboard) per test
session, the same inventory solved both ways, and results kept in task order however tasks finish."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import ray

from advisor.cli import main
from advisor.executors import LocalExecutor, RayExecutor

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def local_ray():
    """A local Ray for the whole session: starting one takes seconds, so it is started once."""
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    if started:
        ray.shutdown()


def run(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["advisor", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code or 0
    return code, capsys.readouterr().out


def test_ray_executor_writes_the_same_bytes_as_the_local_one(local_ray, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    inv = tmp_path / "inventory"
    inv.mkdir()
    for name in ("depin-batch", "edge-latency", "hybrid-clinic", "seed-llama3-8b", "edge-sites", "hybrid-sites", "sites"):
        shutil.copy(ROOT / "examples" / f"{name}.toml", inv / f"{name}.toml")
    twin = (inv / "hybrid-clinic.toml").read_text().replace('name = "clinic-assistant"', 'name = "clinic-twin"', 1)
    (inv / "hybrid-clinic-twin.toml").write_text(twin)  # shares the clinic's sites: one group of two
    args = ("recommend", "--inventory", str(inv), "--offline", "--as-of", "2026-11-22")
    code_local, local = run(monkeypatch, capsys, *args)
    code_ray, remote = run(monkeypatch, capsys, *args, "--executor", "ray")
    assert code_local == code_ray == 0
    assert len(local.splitlines()) == 5  # four groups and the summary
    assert remote == local


def test_ray_executor_keeps_task_order_with_few_tasks_in_flight(local_ray):
    tasks = [("x3", i) for i in range(40)] + [("x5", i) for i in range(10)]
    contexts = {"x3": 3, "x5": 5}
    def times(ctx, item):  # a closure: cloudpickle ships it by value to the workers
        return ctx * item

    executor = RayExecutor(in_flight=3)
    try:
        got = list(executor.map(times, contexts, tasks))
    finally:
        executor.close()
    assert got == list(LocalExecutor().map(times, contexts, tasks))
    assert got[:3] == [0, 3, 6] and got[-1] == 45
    assert ray.is_initialized(), "a Ray the caller started is left running"
