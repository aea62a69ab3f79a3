"""Shell completion (click's ``_ADVISOR_COMPLETE``, as docs/configuration.md shows): the scripts for bash,
zsh and fish, and the words they complete, run through the installed ``advisor`` like a shell would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or shutil.which("advisor")


def _run(**env: str) -> str:
    if ADVISOR is None:
        pytest.fail("the advisor console script is not installed: pip install -e .")
    done = subprocess.run([ADVISOR], env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout


def _complete(line: str) -> list[str]:
    """What bash completion offers for ``line`` (a trailing space: a new word)."""
    words = line.split() + ([""] if line.endswith(" ") else [])
    out = _run(_ADVISOR_COMPLETE="bash_complete", COMP_WORDS=" ".join(words), COMP_CWORD=str(len(words) - 1))
    return [item.split(",", 1)[1] for item in out.splitlines()]


@pytest.mark.parametrize(("shell", "start"), [("bash", "_advisor_completion() {"), ("zsh", "#compdef advisor"),
                                              ("fish", "function _advisor_completion;")])
def test_each_shell_gets_its_completion_script(shell, start):
    script = _run(_ADVISOR_COMPLETE=f"{shell}_source")
    assert script.lstrip().startswith(start)
    if shell == "bash":
        assert "complete -o nosort -F _advisor_completion advisor" in script


def test_commands_subcommands_options_and_choices_complete():
    assert _complete("advisor rec") == ["recommend"]
    assert _complete("advisor prices sh") == ["show"]
    assert _complete("advisor recommend --for") == ["--format", "--force"]
    assert _complete("advisor prices show --sort ") == ["provider", "price", "gpu-hour", "gpu", "region", "age"]
    assert _complete("advisor schema ") == ["workload", "config", "sites", "recommendation", "rules"]
    assert {"table", "json", "markdown", "csv", "jsonl"} <= set(_complete("advisor recommend --format "))
    assert _complete("advisor recommend --format m") == ["markdown"]
