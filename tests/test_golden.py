"""Rendered outputs of the examples against golden files.

A change to what a user reads shows up here as a diff to review. After a deliberate change, rewrite
the files and review them with git: ``ADVISOR_UPDATE_GOLDEN=1 python -m pytest -q tests/test_golden.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from advisor.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = ("seed-llama3-8b", "hybrid-clinic", "edge-latency", "depin-batch")
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
def test_example_recommendation_renders_as_its_golden_file(monkeypatch, capsys, example, fmt):
    out = run(monkeypatch, capsys, "recommend", str(ROOT / "examples" / f"{example}.toml"), "--offline",
              "--as-of", "2026-11-22", "--format", fmt)
    check(f"{example}.{SUFFIX[fmt]}", out)


def test_seed_review_report_in_markdown_renders_as_its_golden_file(monkeypatch, capsys, tmp_path):
    target = tmp_path / "review.md"
    run(monkeypatch, capsys, "report", str(ROOT / "examples" / "seed-llama3-8b.toml"), "--offline",
        "--as-of", "2026-11-22", "-o", str(target))
    check("seed-llama3-8b.review.md", target.read_text(encoding="utf-8"))
