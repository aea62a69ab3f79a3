"""The type checker passes in strict mode on the typed core (``[tool.mypy]`` in pyproject.toml: the
model, the plugin surface, the pipeline and the stage joints), so CI fails on a type error there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_strict_passes_on_the_typed_core(tmp_path):
    env = {**os.environ, "MYPY_CACHE_DIR": str(Path(os.environ.get("TMPDIR", "/tmp")) / "advisor-mypy-cache")}
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True,
                            text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_typed_core_includes_the_stage_joints():
    import tomllib

    files = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]["files"]
    assert {"advisor/model", "advisor/plugin", "advisor/pipeline.py", "advisor/evaluation/component.py",
            "advisor/placement/portfolio.py", "advisor/assembly/build.py"} <= set(files)
