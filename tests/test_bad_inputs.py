"""The bad-input corpus (workload, sites and rule-pack files): every file exits 2 with a message naming
the file and the key, never a traceback. Rule packs go through ``advisor rules validate``."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from advisor.cli import main

CORPUS = Path(__file__).parent / "bad_inputs"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text())


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["advisor", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    return exit_info.value.code, capsys.readouterr().err


def test_corpus_is_large_and_every_file_has_an_expectation():
    files = sorted(p.name for p in CORPUS.glob("*.toml") if p.name != "expected.toml")
    assert len(files) >= 30
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_exits_2_naming_file_and_key(name, monkeypatch, capsys):
    command = ["rules", "validate"] if name.startswith("rules-") else ["validate"]
    code, err = run_cli(monkeypatch, capsys, *command, str(CORPUS / name))
    assert code == 2, err
    assert "Traceback" not in err
    assert name in err
    assert EXPECTED[name] in err, err


WORKLOAD_CASES = sorted(n for n in EXPECTED if not n.startswith(("rules-", "sites-")))


@pytest.mark.parametrize("name", WORKLOAD_CASES)
def test_recommend_refuses_what_validate_refuses_with_the_same_key(name, monkeypatch, capsys):
    """validate is recommend's gate: the same file, exit status and message from both."""
    code, err = run_cli(monkeypatch, capsys, "recommend", str(CORPUS / name), "--offline")
    assert code == 2, err
    assert "Traceback" not in err and name in err
    assert EXPECTED[name] in err, err


@pytest.mark.parametrize("command", ["validate", "recommend"])
def test_huge_file_is_refused_by_every_command(tmp_path, monkeypatch, capsys, command):
    huge = tmp_path / "huge.toml"
    huge.write_text("# " + "x" * 1_100_000 + "\n")
    code, err = run_cli(monkeypatch, capsys, command, str(huge))
    assert code == 2 and "limit for an input file" in err


def test_a_rule_pack_directory_walk_is_bounded(tmp_path, monkeypatch, capsys):
    """``rules validate /`` walked the whole file system; a folder with too many entries is refused."""
    from advisor.rules import loader

    monkeypatch.setattr(loader, "MAX_PACK_DIR_ENTRIES", 50)
    for i in range(60):
        (tmp_path / f"f{i}.txt").write_text("")
    code, err = run_cli(monkeypatch, capsys, "rules", "validate", str(tmp_path))
    assert code == 2 and str(tmp_path) in err and "not a rule-pack directory" in err


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "1e400"])
@pytest.mark.parametrize("command", [["recommend", str(CORPUS.parent.parent / "examples" / "seed-llama3-8b.toml"), "--offline"], ["prices", "refresh"]])
def test_a_timeout_that_is_not_a_finite_positive_number_is_exit_2(monkeypatch, capsys, command, value):
    """``--timeout inf`` overflowed the thread wait (internal error); ``nan`` timed every provider out."""
    code, err = run_cli(monkeypatch, capsys, *command, "--timeout", value)
    assert code == 2 and "--timeout" in err
