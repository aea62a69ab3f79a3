"""Rendered outputs of the examples against golden files, on any day and in any time zone.

A change to what a user reads shows up here as a diff to review. After a deliberate change, rewrite
the files and review them with git: ``ADVISOR_UPDATE_GOLDEN=1 python -m pytest -q tests/test_golden.py``.
Each golden runs three times: on the real clock, and with the clock moved years ahead in UTC-12 and
in UTC+14, so an output that reads the wall clock or the local time zone fails here.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from advisor.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = ("seed-llama3-8b", "hybrid-clinic", "edge-latency", "depin-batch", "api-wins-support-bot",
            "self-host-wins-high-volume", "provisioned-wins-steady-volume", "factory-floor")
CASES = [(e, f) for e in EXAMPLES for f in ("table", "markdown")] + [("seed-llama3-8b", "json")]
SUFFIX = {"table": "txt", "markdown": "md", "json": "json"}


def run(monkeypatch, capsys, *args: str) -> str:
    monkeypatch.setattr(sys, "argv", ["advisor", *args])
    try:
        main()
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    return capsys.readouterr().out


@pytest.fixture(autouse=True)
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))


# (TZ, the moved clock): Etc/GMT+12 is UTC-12 and Etc/GMT-14 is UTC+14 (POSIX signs are inverted).
# At 23:30 UTC it is already the next day in UTC+14 and still the same day in UTC-12.
CLOCKS = {
    "real clock": (None, None),
    "2031 in UTC-12": ("Etc/GMT+12", datetime(2031, 6, 15, 23, 30, tzinfo=UTC)),
    "2031 in UTC+14": ("Etc/GMT-14", datetime(2031, 6, 15, 23, 30, tzinfo=UTC)),
}


@pytest.fixture(params=sorted(CLOCKS))
def clock(request, monkeypatch):
    """Run the test on the real clock, then with the clock moved years ahead in two far time zones."""
    zone, when = CLOCKS[request.param]
    if zone is None:
        yield request.param
        return
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        with time_machine.travel(when, tick=False):
            yield request.param
    finally:
        monkeypatch.undo()
        time.tzset()


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("ADVISOR_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}: run ADVISOR_UPDATE_GOLDEN=1 python -m pytest -q tests/test_golden.py"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs: review the change, then ADVISOR_UPDATE_GOLDEN=1 python -m pytest -q tests/test_golden.py"
    )


@pytest.mark.parametrize(("example", "fmt"), CASES)
def test_example_recommendation_renders_as_its_golden_file(monkeypatch, capsys, clock, example, fmt):
    out = run(monkeypatch, capsys, "recommend", str(ROOT / "examples" / f"{example}.toml"), "--offline",
              "--as-of", "2026-11-22", "--format", fmt)
    check(f"{example}.{SUFFIX[fmt]}", out)


def test_seed_review_report_in_markdown_renders_as_its_golden_file(monkeypatch, capsys, clock, tmp_path):
    target = tmp_path / "review.md"
    run(monkeypatch, capsys, "report", str(ROOT / "examples" / "seed-llama3-8b.toml"), "--offline",
        "--as-of", "2026-11-22", "-o", str(target))
    check("seed-llama3-8b.review.md", target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("example", [*EXAMPLES, "training-only"])
def test_example_json_is_the_same_bytes_on_any_day_and_in_any_time_zone(monkeypatch, capsys, example):
    path = ROOT / "examples" / f"{example}.toml"
    if not path.exists():
        path = ROOT / "tests" / "workloads" / f"{example}.toml"
    args = ("recommend", str(path), "--offline", "--as-of", "2026-11-22", "--format", "json")
    outputs = {}
    for name, (zone, when) in CLOCKS.items():
        if zone is not None:
            monkeypatch.setenv("TZ", zone)
            time.tzset()
        try:
            if when is None:
                outputs[name] = run(monkeypatch, capsys, *args)
            else:
                with time_machine.travel(when, tick=False):
                    outputs[name] = run(monkeypatch, capsys, *args)
        finally:
            monkeypatch.delenv("TZ", raising=False)
            time.tzset()
    assert len(set(outputs.values())) == 1, f"{example}: JSON differs between {', '.join(outputs)}"
    assert '"age_days": -' not in outputs["real clock"]
