"""Docs in step with the code: every hook documented with its signature; README commands are CI's."""

from __future__ import annotations

import inspect
import os
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


def _readme_sample(readme: str) -> tuple[int, int]:
    """The line range of the README's sample output block (inside its ```text fence)."""
    lines = readme.splitlines()
    start = lines.index("```text", lines.index("## Sample output")) + 1
    return start, lines.index("```", start)


def _sample_from_golden(golden: str) -> list[str]:
    """What the README shows: the seed's table output up to the end of its first 'why not' entry."""
    lines = [ln.rstrip() for ln in golden.splitlines()]
    end = next(i for i, ln in enumerate(lines) if ln.startswith("  why not")) + 1
    while end < len(lines) and lines[end].startswith(" " * 19):
        end += 1
    return [*lines[:end], "  ..."]


def test_readme_sample_output_is_what_the_seed_example_prints():
    """The sample is the golden table output of the seed example (tests/test_golden.py keeps that one
    true), so the README never shows a stale run; ADVISOR_UPDATE_GOLDEN=1 rewrites it from the golden."""
    path = ROOT / "README.md"
    readme = path.read_text()
    start, end = _readme_sample(readme)
    expected = _sample_from_golden((ROOT / "tests" / "golden" / "seed-llama3-8b.txt").read_text())
    lines = readme.splitlines()
    if os.environ.get("ADVISOR_UPDATE_GOLDEN") == "1":
        path.write_text("\n".join([*lines[:start], *expected, *lines[end:]]) + "\n")
        return
    assert lines[start:end] == expected
