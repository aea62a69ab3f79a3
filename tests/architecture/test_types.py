"""The type checker passes in strict mode on the whole core (``[tool.mypy]`` in pyproject.toml), so CI
fails on a type error anywhere in it, and a new module is typed from the start: every core module is
among the files mypy checks (the deprecation shims of hook API 1 aside)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from layers import SHIMS

ROOT = Path(__file__).resolve().parents[2]


def _typed_files() -> set[str]:
    entries = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]["files"]
    typed: set[str] = set()
    for entry in entries:
        path = ROOT / entry
        found = path.rglob("*.py") if path.is_dir() else [path]
        typed |= {p.relative_to(ROOT).as_posix() for p in found}
    return typed


def test_mypy_strict_passes_on_the_typed_core(tmp_path):
    env = {**os.environ, "MYPY_CACHE_DIR": str(Path(os.environ.get("TMPDIR", "/tmp")) / "advisor-mypy-cache")}
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True,
                            text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_typed_core_includes_the_stage_joints():
    assert {"advisor/model/workload.py", "advisor/model/recommendation.py", "advisor/plugin/manager.py",
            "advisor/pipeline.py", "advisor/evaluation/component.py", "advisor/evaluation/evaluated.py",
            "advisor/placement/portfolio.py", "advisor/placement/milp.py", "advisor/assembly/build.py",
            "advisor/sizing/__init__.py", "advisor/rules/engine.py", "advisor/guard.py"} <= _typed_files()


def test_every_core_module_is_typed():
    core = {p.relative_to(ROOT).as_posix() for p in (ROOT / "advisor").rglob("*.py")}
    shims = {f"advisor/{name}.py" for name in SHIMS}
    typed = _typed_files()
    assert sorted(core - typed - shims) == []
    assert "advisor/placement/milp.py" in typed and "advisor/evaluation/evaluated.py" in typed
