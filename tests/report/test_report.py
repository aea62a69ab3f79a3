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
    assert any("9.99" in line for line in sections.sections["prices"])
    if comp["chosen"]["offer_id"] != old["components"][0]["chosen"]["offer_id"]:
        assert sections.sections["decisions"] and "moved from" in sections.sections["decisions"][0]


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


def test_rule_trace_groups_venues_by_component_rule_and_outcome_with_counts():
    from advisor.render.report.build import rule_trace

    excluded = [{"offer_id": f"x:{i}:a", "venue_id": f"x:{i}", "provider": "x", "reason": "veto", "rule_ids": ["RES-001"],
                 "detail": f"outside the residency limit ({i})"} for i in range(80)]
    excluded += [{"offer_id": "y:1:a", "venue_id": "y:1", "provider": "y", "reason": "unknown", "rule_ids": ["HIPAA-002"],
                  "detail": "no BAA on record"}, {"offer_id": "z:1:a", "venue_id": "z:1", "provider": "z",
                                                   "reason": "does-not-fit", "rule_ids": [], "detail": "too small"}]
    rows = rule_trace({"components": [{"component": "chat", "excluded": excluded}]})
    assert [(r["rules"], r["outcome"], r["count"]) for r in rows] == [
        ("RES-001", "vetoed by a rule", 80), ("HIPAA-002", "a rule cannot tell (facts missing)", 1)]
    assert rows[0]["examples"] == ["x:0", "x:1", "x:2"] and rows[0]["detail"] == "outside the residency limit (0)"


def test_plain_labels_replace_raw_keys():
    from advisor.render.report.build import label

    assert label("ttft_ms_p95") == "time to first token p95 (ms)"
    assert label("on_demand") == "on-demand" and label("committed_use") == "committed use"
    assert label("some_new_key") == "some new key"


def test_the_page_allows_exactly_its_own_inline_script_by_hash_and_says_none_for_empty_sections(run_memory):
    import re

    from advisor.render.report.build import WHATIF_JS, script_hash

    data = run_memory().model_dump(mode="json")
    for comp in data["components"]:
        comp["excluded"] = [e for e in comp["excluded"] if e["reason"] not in ("veto", "unknown")]
        comp["sensitivity"] = {}
    data["assumptions"] = []
    html = render_html(data)
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', html)[1]
    assert f"script-src '{script_hash(WHATIF_JS)}'" in csp and "unsafe-inline'" not in csp.split("script-src")[1]
    assert html.count("<script>") == 1 and f"<script>{WHATIF_JS}</script>" in html
    assert "none: no rule vetoed or left open any venue." in html
    assert "<li>none: no runner-up to compare with</li>" in html and '<td colspan="3">none</td>' in html


def test_the_what_if_data_cannot_close_its_script_element(run_memory):
    data = run_memory(name="</script><script>alert(1)</script>").model_dump(mode="json")
    html = render_html(data)
    start = html.index('<script type="application/json" id="whatif-data">')
    end = html.index("</script>", start)
    assert "alert(1)" not in html[start:end] or "\\u003c/script\\u003e" in html[start:end]
    assert html.count("<script>alert(1)") == 0


def test_the_markdown_rule_trace_is_grouped_like_the_html_one(tmp_path, monkeypatch):
    """edge-latency: every veto of its one component in a handful of (rule, outcome) rows with counts,
    not one row per venue; the rows are the HTML page's groups."""
    from advisor.render.report.build import render_markdown, rule_trace

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    import advisor
    from datetime import date

    data = advisor.recommend(ROOT / "examples" / "edge-latency.toml", offline=True, as_of=date(2026, 11, 22)).model_dump(mode="json")
    groups = rule_trace(data)
    vetoed = sum(1 for c in data["components"] for e in c["excluded"] if e["reason"] in ("veto", "unknown"))
    text, _ = render_markdown(data, "charts")
    section = text[text.index("## 4. Rule trace"):text.index("## 5.")]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| component")]
    assert vetoed > 2 * len(groups) and len(rows) == len(groups) <= 10
    first = groups[0]
    assert rows[0].startswith(f"| {first['component']} | {first['rules']} | vetoed by a rule | {first['count']} | ")
    assert f"and {first['count'] - 3} more" in rows[0]


def test_the_markdown_report_says_none_for_an_empty_rule_trace_and_assumptions(run_memory):
    from advisor.render.report.build import render_markdown

    data = run_memory().model_dump(mode="json")
    for comp in data["components"]:
        comp["excluded"] = [e for e in comp["excluded"] if e["reason"] not in ("veto", "unknown")]
    data["assumptions"] = []
    text, _ = render_markdown(data, "charts")
    assert "None: no rule vetoed or left open any venue." in text
    assert text.rstrip().endswith("## 6. Assumptions\n\nNone.")
    assert "| venue | outcome |" not in text


def test_the_what_if_panel_carries_the_frontier_and_says_how_much_of_it_is_listed(run_memory):
    from advisor.assembly.build import FRONTIER_LISTED
    from advisor.render.report.build import whatif_data

    data = run_memory().model_dump(mode="json")
    panel = whatif_data(data)
    for comp, shown in zip([c for c in data["components"] if c["chosen"]], panel["components"], strict=True):
        ids = [o["id"] for o in shown["options"]]
        assert len(ids) == len(set(ids))  # a frontier point that is also an alternative is listed once
        assert set(ids) == {comp["chosen"]["offer_id"], *(p["offer_id"] for p in comp["alternatives"]),
                            *(f["offer_id"] for f in comp["frontier"])}
        assert shown["frontier_only"] == len(ids) - 1 - len(comp["alternatives"])
    assert f"lists that frontier whole up to {FRONTIER_LISTED} points" in render_html(data)


def test_the_what_if_heading_counts_its_options_in_words_that_agree(run_memory):
    from advisor.render.report.build import whatif_data

    data = run_memory().model_dump(mode="json")
    comp = whatif_data(data)["components"][0]
    n, alternatives = len(comp["options"]), comp["alternatives"]
    heading = f"{comp['component']}: {n} option{'s' if n != 1 else ''} re-ranked (the chosen one, {alternatives} alternative"
    assert heading in render_html(data)
    one = dict(data, components=[dict(data["components"][0], alternatives=[], frontier=[])])
    assert f"{comp['component']}: 1 option re-ranked (the chosen one, 0 alternatives, 0 more" in render_html(one)
