"""The decision record: self-contained, escaped, never overwriting; and the diff between runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from advisor.cli import cli
from advisor.render.report.build import render_html, render_markdown
from advisor.render.report.diff import diff

MARKUP = '<img src=x onerror="window.__pwned=1">'


def test_html_is_self_contained_and_escapes_user_strings(run_memory):
    data = run_memory(name=MARKUP).model_dump(mode="json")
    html = render_html(data)
    assert MARKUP not in html and "&lt;img src=x onerror=" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<svg" in html and "Decision record" in html


def test_markdown_writes_charts_beside_it_and_escapes_markup(run_memory):
    data = run_memory(name=MARKUP).model_dump(mode="json")
    text, files = render_markdown(data, "review-charts")
    assert MARKUP not in text and "&lt;img" in text
    assert "cost.svg" in files and "![cost.svg](review-charts/cost.svg)" in text


def test_report_never_overwrites_without_force(run_memory, tmp_path):
    rec = tmp_path / "rec.json"
    rec.write_text(run_memory().canonical_json())
    out = tmp_path / "review.html"
    out.write_text("previous review")
    runner = CliRunner()
    refused = runner.invoke(cli, ["report", str(rec), "-o", str(out)])
    assert refused.exit_code != 0 and out.read_text() == "previous review"
    forced = runner.invoke(cli, ["report", str(rec), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_custom_template_directory_is_used(run_memory, tmp_path):
    (tmp_path / "report.html.j2").write_text("<p>Our template for {{ r.workloads | join(', ') }}</p>")
    html = render_html(run_memory().model_dump(mode="json"), tmp_path)
    assert html == "<p>Our template for in-memory</p>"


def test_diff_lists_price_changes_and_flipped_decisions(run_memory):
    old = run_memory().model_dump(mode="json")
    new = json.loads(json.dumps(old))
    comp = new["components"][0]
    comp["chosen"]["price"]["usd_per_hour"] = "9.99"
    if comp["alternatives"]:
        comp["chosen"], comp["alternatives"][0] = comp["alternatives"][0], comp["chosen"]
    sections = diff(old, new)
    assert any("9.99" in line for line in sections["prices"])
    if comp["chosen"]["offer_id"] != old["components"][0]["chosen"]["offer_id"]:
        assert sections["decisions"] and "flipped" in sections["decisions"][0]


def test_diff_of_identical_recommendations_says_nothing_changed(run_memory, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(run_memory().canonical_json())
    result = CliRunner().invoke(cli, ["diff", str(path), str(path)])
    assert result.exit_code == 0 and "nothing" in result.output


ROOT = Path(__file__).resolve().parents[2]
WITHOUT_USERS = {
    "batch-only": ROOT / "examples" / "depin-batch.toml",
    "training-only": ROOT / "tests" / "workloads" / "training-only.toml",
}


@pytest.mark.parametrize("name", sorted(WITHOUT_USERS))
@pytest.mark.parametrize("suffix", ["html", "md"])
def test_report_of_a_workload_without_interactive_users_renders(tmp_path, monkeypatch, name, suffix):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / f"review.{suffix}"
    result = CliRunner().invoke(cli, ["report", str(WITHOUT_USERS[name]), "--offline", "--as-of", "2026-11-22",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    # no user circles (a located venue may still be drawn: the training run now lands on an 8-GPU node in a region)
    assert "Decision record" in text and " users of " not in text
    workload = "public-corpus-summaries" if name == "batch-only" else "domain-pretraining"
    assert workload in text


def test_prices_dated_after_the_evaluation_date_are_said_so_never_a_negative_age(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    # the seed without its allowed providers, so Azure's and Vast.ai's catalogs are read (a provider every
    # workload rules out is skipped, its prices never dated)
    example = ROOT / "examples" / "seed-llama3-8b.toml"
    seed = tmp_path / "seed-open.toml"
    seed.write_text(example.read_text().replace('allowed_providers = ["aws", "onprem", "bedrock"]', "")
                    .replace('sites_file = "sites.toml"', f'sites_file = "{example.parent / "sites.toml"}"'))
    args = ["recommend", str(seed), "--offline", "--as-of", "2026-01-01"]
    table = CliRunner().invoke(cli, args)
    assert table.exit_code == 0, table.output
    assert "azure: snapshot, prices dated 2024-01-01 to 2026-11-09 (oldest 731 days old; some dated after the evaluation date)" in table.output
    assert "vastai: snapshot, prices dated 2026-06-01 (all dated after the evaluation date)" in table.output
    assert "onprem: user, prices dated 2026-01-01 (oldest 0 days old)" in table.output
    data = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).output)
    ages = {s["provider"]: (s["age_days"], s["dated_after_evaluation"]) for s in data["catalog"]}
    assert ages["vastai"] == (None, True) and ages["azure"] == (731.0, True) and ages["onprem"] == (0.0, False)
    assert all(age is None or age >= 0 for age, _ in ages.values())
