"""`advisor rules list | show | validate` through click's runner, on the shipped packs and user packs."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from advisor.cli.rules import rules

USER_PACK = """[pack]
name = "acme"
title = "ACME policy"
version = "1"

[[rules]]
id = "ACME-001"
title = "No GPU hosts outside the EU for ACME data"
category = "regulation"
severity = "high"
effect = "veto"
rationale = "Board decision of 2026-03-01."
references = ["https://acme.example/policy"]
condition = { attribute = "venue.country", operator = "not_in", value = "@EU" }
"""


def run(*args: str):
    return CliRunner().invoke(rules, list(args), catch_exceptions=False)


def test_list_json_has_every_rule_with_its_metadata(core_rules):
    result = run("list", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert {r["id"] for r in listed} >= set(core_rules.rules)
    hipaa = next(r for r in listed if r["id"] == "REG-HIPAA-001")
    assert (hipaa["effect"], hipaa["category"], hipaa["severity"], hipaa["pack"]) == ("veto", "regulation", "critical", "hipaa")
    assert hipaa["references"][0].startswith("https://")


def test_list_filters_by_pack_and_adds_user_packs(tmp_path):
    (tmp_path / "acme.toml").write_text(USER_PACK, encoding="utf-8")
    result = run("list", "--pack", "acme", "--format", "json", "--rules", str(tmp_path))
    assert [r["id"] for r in json.loads(result.output)] == ["ACME-001"]


def test_list_table_shows_ids_and_titles():
    result = run("list", "--pack", "hipaa")
    assert "REG-HIPAA-001" in result.output and "REG-GDPR-001" not in result.output


def test_show_prints_the_rule_in_full():
    result = run("show", "reg-gdpr-001")
    assert result.exit_code == 0
    assert result.output.startswith("REG-GDPR-001: EU personal data may leave the EEA")
    assert "reference: https://commission.europa.eu/" in result.output


def test_validate_accepts_a_good_pack(tmp_path):
    (tmp_path / "acme.toml").write_text(USER_PACK, encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 0
    assert result.output.strip() == "ok: 1 rules in 1 packs from 1 file(s)"


def test_validate_reports_every_problem_and_exits_2(tmp_path):
    bad = USER_PACK.replace('operator = "not_in"', 'operator = "notin"').replace('"ACME-001"', '"REG-HIPAA-001"')
    path = tmp_path / "acme.toml"
    path.write_text(bad, encoding="utf-8")
    result = CliRunner().invoke(rules, ["validate", str(path)])
    assert result.exit_code == 2
    assert "rules[0] (REG-HIPAA-001).condition.operator: unknown operator 'notin' (did you mean 'not_in'?)" in result.output


def test_validate_flags_a_user_rule_reusing_a_core_id(tmp_path):
    path = tmp_path / "acme.toml"
    path.write_text(USER_PACK.replace('"ACME-001"', '"REG-HIPAA-001"'), encoding="utf-8")
    result = CliRunner().invoke(rules, ["validate", str(path)])
    assert result.exit_code == 2
    assert "rule id REG-HIPAA-001 is already defined in" in result.output


def test_validate_accepts_the_shipped_packs():
    from advisor.paths import builtin_rules_dir

    result = run("validate", str(builtin_rules_dir()))
    assert result.exit_code == 0 and result.output.startswith("ok: ")


def test_docs_tables_match_the_packs_and_vocabulary(core_rules):
    from advisor.rules.render import refresh_docs

    docs = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "<!-- rules:start -->\n| id | pack |" in docs
    assert refresh_docs(docs, list(core_rules.rules.values())) == docs, "run: python -m advisor.rules.render docs/rules.md"


def test_list_marks_rules_disabled_by_an_override(tmp_path):
    overrides = tmp_path / "ov.toml"
    overrides.write_text(
        '[[override]]\nrule = "REG-PIPL-001"\nwho = "Dana Ruiz, DPO"\n'
        'why = "Below the 100,000-person exemption threshold"\ndate = 2026-01-10\n',
        encoding="utf-8",
    )
    listed = json.loads(run("list", "--pack", "china-pipl", "--format", "json", "--overrides", str(overrides)).output)
    by_id = {r["id"]: r["disabled_by"] for r in listed}
    assert by_id["REG-PIPL-002"] is None
    assert by_id["REG-PIPL-001"]["who"] == "Dana Ruiz, DPO"
    text = run("list", "--pack", "china-pipl", "--overrides", str(overrides)).output
    assert "REG-PIPL-001 disabled by Dana Ruiz, DPO on 2026-01-10" in text


def test_packs_registered_by_a_plugin_are_listed(tmp_path, monkeypatch):
    import sys
    import types

    import advisor.plugin.manager
    from advisor import hookimpl

    (tmp_path / "acme.toml").write_text(USER_PACK, encoding="utf-8")
    plugin = types.ModuleType("acme_rules_plugin")

    @hookimpl
    def register_rule_packs(register):
        register(tmp_path)

    plugin.register_rule_packs = register_rule_packs
    monkeypatch.setitem(sys.modules, "acme_rules_plugin", plugin)
    monkeypatch.setattr(advisor.plugin.manager, "DEFAULT_PLUGINS", (*advisor.plugin.manager.DEFAULT_PLUGINS, "acme_rules_plugin"))
    listed = json.loads(run("list", "--format", "json").output)
    ids = {r["id"] for r in listed}
    assert "ACME-001" in ids and "REG-HIPAA-001" in ids
