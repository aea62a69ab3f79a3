"""The weekly price-snapshot workflow (.github/workflows/prices.yml) is a valid GitHub Actions
workflow (check-jsonschema's vendored schema, offline) that runs the one rebuild command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "prices.yml"


def lint(path: Path) -> subprocess.CompletedProcess:
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).with_name("check-jsonschema"))
    if not Path(tool).exists():
        pytest.fail("check-jsonschema is not installed (requirements-dev.txt)")
    return subprocess.run([tool, "--builtin-schema", "vendor.github-workflows", str(path)], capture_output=True, text=True, timeout=120)


def test_the_prices_workflow_passes_the_github_workflow_schema():
    out = lint(WORKFLOW)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_linter_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"))
    assert lint(broken).returncode != 0


def test_the_workflow_runs_weekly_rebuilds_every_cloud_and_opens_a_pull_request_with_the_diff():
    import yaml

    flow = yaml.safe_load(WORKFLOW.read_text())
    assert flow[True]["schedule"][0]["cron"].split()[-1] == "1"  # weekly, on Mondays ("on" reads as True in YAML 1.1)
    run = "\n".join(step.get("run", "") for step in flow["jobs"]["rebuild"]["steps"])
    assert "advisor prices build-snapshot aws azure gcp" in run and "advisor diff" in run
    assert any(step.get("uses", "").startswith("peter-evans/create-pull-request") for step in flow["jobs"]["rebuild"]["steps"])
