"""Docs in step with the code: every hook documented with its signature; README commands are CI's."""

from __future__ import annotations

import inspect
from pathlib import Path

import advisor.plugin.hookspecs as hookspecs

ROOT = Path(__file__).resolve().parents[1]


def hook_functions():
    return [fn for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("register_")]


def test_every_hook_is_documented_with_its_exact_signature():
    guide = (ROOT / "docs" / "plugins.md").read_text()
    hooks = hook_functions()
    assert len(hooks) == 6
    for fn in hooks:
        params = ", ".join(inspect.signature(fn).parameters)
        assert f"### {fn.__name__}({params})" in guide, fn.__name__


def test_readme_test_command_is_the_one_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci_command = [ln for ln in (ROOT / ".ci" / "test-command").read_text().splitlines() if ln and not ln.startswith(("#", "set"))]
    assert ci_command and all(line in readme for line in ci_command)


def test_readme_first_command_recommends_an_example_that_exists():
    readme = (ROOT / "README.md").read_text()
    line = next(ln for ln in readme.splitlines() if "advisor recommend examples/" in ln and "pip install -r requirements.txt" in ln)
    example = line.split("advisor recommend ")[1].split()[0]
    assert (ROOT / example).is_file()
