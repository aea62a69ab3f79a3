"""Install modules of the faulty-plugin corpus (tests/faulty_plugins) as real distributions.

Each becomes distribution ``evil-<module>`` 6.6.6 with an ``advisor`` entry point named after the
module, in a directory put first on the path: found by ``importlib.metadata`` exactly like a
plugin installed with pip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "faulty_plugins"
ROOT = Path(__file__).parent.parent


def install(target: Path, *modules: str) -> Path:
    """A site directory under ``target`` holding the given corpus modules as distributions."""
    site = target / "site"
    site.mkdir(parents=True, exist_ok=True)
    shutil.copy(CORPUS / "_offers.py", site / "_offers.py")
    for module in modules:
        shutil.copy(CORPUS / f"{module}.py", site / f"{module}.py")
        dist = f"evil-{module.replace('_', '-')}"
        info = site / f"{dist.replace('-', '_')}-6.6.6.dist-info"
        info.mkdir(exist_ok=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 6.6.6\n")
        (info / "entry_points.txt").write_text(f"[advisor]\n{module} = {module}\n")
    return site


def run_advisor(site: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m advisor ARGS`` in a child process with ``site`` first on its path."""
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    child_env.update({"PYTHONPATH": str(site), "ADVISOR_CACHE_DIR": str(site.parent / "cache"), **(env or {})})
    return subprocess.run([sys.executable, "-m", "advisor", *args], cwd=ROOT, env=child_env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
