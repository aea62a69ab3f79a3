"""``advisor install``: pip into the environment advisor runs in (as ``llm install``), from a local wheel, offline."""

from __future__ import annotations

import base64
import hashlib
import json
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from advisor.cli import cli

PLUGIN = '''"""A one-provider plugin built by the test."""
from datetime import datetime, timezone

from advisor import hookimpl
from advisor.model.offers import Provenance, ProviderCatalog
from advisor.plugin.provider import Provider

ADVISOR_HOOK_API = 1


class Wheelcloud(Provider):
    name = "wheelcloud"
    kind = "cloud"

    def catalog(self, query):
        prov = Provenance(source="snapshot", as_of=datetime(2026, 1, 1, tzinfo=timezone.utc), reference="test")
        return ProviderCatalog(provider=self.name, venues=(), offers=(), provenance=prov)


@hookimpl
def register_providers(register):
    register(Wheelcloud())
'''


def _wheel(directory: Path) -> Path:
    """advisor_wheelcloud-0.2.0-py3-none-any.whl, written by hand (no build backend, no network)."""
    info = "advisor_wheelcloud-0.2.0.dist-info"
    files = {
        "advisor_wheelcloud.py": PLUGIN,
        f"{info}/METADATA": "Metadata-Version: 2.1\nName: advisor-wheelcloud\nVersion: 0.2.0\nRequires-Dist: advisor\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{info}/entry_points.txt": "[advisor]\nwheelcloud = advisor_wheelcloud\n",
    }
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(text.encode())}")
    record.append(f"{info}/RECORD,,")
    path = directory / "advisor_wheelcloud-0.2.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
        zf.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return path


@pytest.fixture
def fresh_env(tmp_path) -> Path:
    """A new virtual environment that sees this one's packages (advisor, pip) but installs into itself."""
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    [target] = list((env / "lib").glob("python3*/site-packages"))
    outer = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (target / "outer.pth").write_text("".join(f"import site; site.addsitedir({p!r})\n" for p in outer))
    return env


def test_install_puts_a_local_wheel_into_advisors_own_environment_and_plugins_lists_it(fresh_env, tmp_path):
    python = fresh_env / "bin" / "python"
    wheel = _wheel(tmp_path)
    run = lambda *args: subprocess.run([str(python), "-m", "advisor", *args], capture_output=True, text=True)  # noqa: E731
    installed = run("install", "--no-deps", "--no-cache-dir", str(wheel))
    assert installed.returncode == 0, installed.stderr
    assert list(fresh_env.glob("lib/python3*/site-packages/advisor_wheelcloud.py")), "installed into the fresh environment"
    listing = json.loads(run("plugins", "--format", "json").stdout)
    [row] = [r for r in listing["plugins"] if r["name"] == "wheelcloud"]
    assert row["version"] == "0.2.0" and row["providers"] == ["wheelcloud"]
    removed = run("uninstall", "-y", "advisor-wheelcloud")
    assert removed.returncode == 0, removed.stderr
    assert "wheelcloud" not in {r["name"] for r in json.loads(run("plugins", "--json").stdout)["plugins"]}


def test_install_without_a_package_is_bad_input():
    result = CliRunner().invoke(cli, ["install"])
    assert result.exit_code != 0 and "name at least one package" in str(result.exception)


def test_install_runs_pip_of_the_python_advisor_runs_on(monkeypatch):
    import advisor.cli.install as install

    calls = []
    monkeypatch.setattr(install.subprocess, "call", lambda argv: calls.append(argv) or 0)
    result = CliRunner().invoke(cli, ["install", "-U", "advisor-aws[live]"])
    assert result.exit_code == 0
    assert calls == [[sys.executable, "-m", "pip", "install", "--upgrade", "advisor-aws[live]"]]
