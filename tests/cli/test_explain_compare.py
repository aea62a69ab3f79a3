"""`advisor explain` and `advisor compare` read a saved recommendation or compute one."""

from __future__ import annotations

from click.testing import CliRunner

from advisor.cli import cli


def test_explain_shows_contributions_alternatives_and_exclusions(run_memory, tmp_path):
    path = tmp_path / "rec.json"
    path.write_text(run_memory().canonical_json())
    result = CliRunner().invoke(cli, ["explain", str(path), "--component", "chat"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "chosen: memcloud" in text and "criteria (value 0-1 on fixed scales" in text
    assert "why not memcloud (unpriced)" in text and "why not memcloud (does-not-fit)" in text


def test_explain_names_the_components_when_one_is_misspelt(run_memory, tmp_path):
    path = tmp_path / "rec.json"
    path.write_text(run_memory().canonical_json())
    result = CliRunner().invoke(cli, ["explain", str(path), "--component", "chta"])
    assert result.exit_code != 0 and "did you mean 'chat'" in str(result.exception)


def test_compare_puts_two_plans_side_by_side(run_memory, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(run_memory().canonical_json())
    b.write_text(run_memory(cls="pii", subjects="DE").canonical_json())
    result = CliRunner().invoke(cli, ["compare", str(a), str(b)])
    assert result.exit_code == 0, result.output
    assert "a.json vs b.json" in result.output and "chat" in result.output and "total" in result.output


def test_a_file_that_is_not_a_recommendation_is_refused(tmp_path):
    path = tmp_path / "junk.json"
    path.write_text('{"hello": 1}')
    result = CliRunner().invoke(cli, ["explain", str(path)])
    assert result.exit_code != 0 and "not an advisor recommendation" in str(result.exception)
