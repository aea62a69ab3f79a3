"""``advisor prices refresh`` exit status through the real console script, in a subprocess: a
scheduled refresh must fail when a provider failed, when a named provider did not refresh, and
(with --strict) unless every provider refreshed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory) -> Path:
    """A directory on PYTHONPATH holding the fake plugin and a dist-info declaring its entry point."""
    root = tmp_path_factory.mktemp("fakeplugin")
    shutil.copy(FIXTURES / "refresh_fake_plugin.py", root / "refresh_fake_plugin.py")
    info = root / "advisor_refresh_fakes-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: advisor-refresh-fakes\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[advisor]\nrefresh-fakes = refresh_fake_plugin\n")
    return root


def advisor(plugin_path: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("advisor")
    assert script.exists(), f"console script not installed next to {sys.executable}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "AZURE_", "GOOGLE_", "ADVISOR_"))}
    env.update(PYTHONPATH=str(plugin_path), ADVISOR_LOAD_PLUGINS="refresh-fakes", ADVISOR_CACHE_DIR=str(tmp_path),
               COLUMNS="200")
    return subprocess.run([str(script), "prices", "refresh", *args], capture_output=True, text=True, env=env, timeout=120)


def test_refresh_of_a_named_provider_that_refreshed_exits_0(plugin_path, tmp_path):
    out = advisor(plugin_path, tmp_path, "fake-good")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "fake-good  refreshed 1 offer"


def test_refresh_exits_1_when_any_provider_failed_even_if_others_refreshed(plugin_path, tmp_path):
    out = advisor(plugin_path, tmp_path)
    assert out.returncode == 1
    assert "fake-good     refreshed 1 offer" in out.stdout
    assert "error: fake-broken: refresh failed: raised RuntimeError('API returned HTTP 500')" in out.stderr
    assert "fake-nocreds" not in out.stderr  # missing credentials of a provider not named is no error


def test_refresh_exits_1_when_a_named_provider_lacks_credentials(plugin_path, tmp_path):
    out = advisor(plugin_path, tmp_path, "fake-good", "fake-nocreds")
    assert out.returncode == 1
    assert "error: fake-nocreds: not refreshed (unavailable): no credentials: set FAKE_API_KEY" in out.stderr


def test_strict_refresh_exits_1_unless_every_provider_refreshed(plugin_path, tmp_path):
    assert advisor(plugin_path, tmp_path, "--strict", "fake-good").returncode == 0
    out = advisor(plugin_path, tmp_path, "--strict", "fake-good", "fake-broken")
    assert out.returncode == 1
    assert "error: fake-broken: refresh failed" in out.stderr


def test_unknown_provider_exits_2_without_a_traceback(plugin_path, tmp_path):
    out = advisor(plugin_path, tmp_path, "fake-goood")
    assert out.returncode == 2
    assert "did you mean 'fake-good'" in out.stderr
    assert "Traceback" not in out.stderr
