"""Loading packs and overrides: every problem names the file, the rule id and what is wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from advisor.errors import InputError
from advisor.rules import evaluate, load_ruleset
from tests.rules.conftest import venue, workload

HEAD = '[pack]\nname = "mine"\ntitle = "My pack"\nversion = "1"\n'
GOOD = """
[[rules]]
id = "{rid}"
title = "Venues outside Germany are vetoed"
category = "regulation"
severity = "high"
effect = "veto"
rationale = "Our board keeps everything in Germany."
references = ["https://example.org/policy"]
condition = {{ attribute = "venue.country", operator = "ne", value = "DE" }}
"""


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(paths) -> tuple[str, list[str]]:
    with pytest.raises(InputError) as err:
        load_ruleset(paths)
    return err.value.file, err.value.problems


def test_a_valid_user_pack_loads_and_vetoes(tmp_path):
    path = write(tmp_path, "mine.toml", HEAD + GOOD.format(rid="ORG-DE-001"))
    rs = load_ruleset([tmp_path])
    w = workload()
    out = evaluate(rs, w, w.components[0], [venue("a:b", country="FR"), venue("a:c", country="DE")], date(2026, 1, 1))
    assert (out["a:b"].status, out["a:c"].status) == ("fail", "pass")
    assert rs.get("ORG-DE-001").file == path.resolve()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("operator = \"ne\"", "operator = \"equals\""), "rules[0] (ORG-X-001).condition.operator: unknown operator 'equals'"),
        (("venue.country", "venue.countri"), "unknown attribute 'venue.countri' (did you mean 'venue.country'?)"),
        (("effect = \"veto\"", "effect = \"ban\""), "rules[0] (ORG-X-001): effect: expected one of"),
        (('references = ["https://example.org/policy"]', "references = []"), "rules[0] (ORG-X-001): references:"),
        (('references = ["https://example.org/policy"]', 'references = ["see the wiki"]'), "must be http(s) URLs"),
        (('value = "DE"', 'value = "@EEAA"'), "unknown named set '@EEAA' (did you mean '@EEA'?)"),
        (('operator = "ne", value = "DE"', 'operator = "gt", value = 3'), "operator 'gt' does not apply to venue.country"),
        (('effect = "veto"', 'effect = "require-evidence"'), "needs 'requirement'"),
        (('effect = "veto"', 'effect = "penalty"'), "needs penalty > 0"),
    ],
)
def test_a_broken_pack_names_file_rule_and_problem(tmp_path, change, expected):
    text = (HEAD + GOOD.format(rid="ORG-X-001")).replace(*change)
    path = write(tmp_path, "broken.toml", text)
    file, problems = problems_of([path])
    assert file == str(path.resolve())
    assert any(expected in p for p in problems), problems


def test_an_enumerated_attribute_rejects_a_misspelt_value(tmp_path):
    text = (HEAD + GOOD.format(rid="ORG-X-001")).replace(
        'attribute = "venue.country", operator = "ne", value = "DE"',
        'attribute = "venue.host_trust", operator = "eq", value = "anonymous"',
    )
    _, problems = problems_of([write(tmp_path, "p.toml", text)])
    assert "'anonymous' is not a value of venue.host_trust (did you mean 'anonymous_host'?)" in problems[0]


def test_a_requirement_may_not_name_the_venue_id(tmp_path):
    text = (HEAD + GOOD.format(rid="ORG-X-001")).replace(
        'effect = "veto"', 'effect = "require-evidence"\nrequirement = "Ask about {venue.id}"'
    )
    _, problems = problems_of([write(tmp_path, "p.toml", text)])
    assert "placeholder '{venue.id}' is unique per venue" in problems[0]


def test_duplicate_ids_across_packs_are_an_error_naming_both_files(tmp_path):
    first = write(tmp_path, "a.toml", HEAD + GOOD.format(rid="ORG-DUP-001"))
    second = write(tmp_path, "b.toml", HEAD.replace("mine", "other") + GOOD.format(rid="ORG-DUP-001"))
    file, problems = problems_of([first, second])
    assert file == str(second.resolve())
    assert f"rule id ORG-DUP-001 is already defined in {first.resolve()}" in problems[0]


def test_a_user_pack_may_not_reuse_a_core_id(tmp_path, core_rules):
    from advisor.paths import builtin_rules_dir

    path = write(tmp_path, "mine.toml", HEAD + GOOD.format(rid="REG-HIPAA-001"))
    _, problems = problems_of([builtin_rules_dir(), path])
    assert "REG-HIPAA-001 is already defined" in problems[0]


def test_a_file_may_hold_several_packs(tmp_path):
    body = GOOD.replace("[[rules]]", "[[packs.rules]]")
    text = ('[[packs]]\nname = "a"\ntitle = "Pack A"\nversion = "1"\n' + body.format(rid="ORG-A-001")
            + '[[packs]]\nname = "b"\ntitle = "Pack B"\nversion = "1"\n' + body.format(rid="ORG-B-001"))
    rs = load_ruleset([write(tmp_path, "two.toml", text)])
    assert {r.id: r.pack for r in rs.rules.values()} == {"ORG-A-001": "a", "ORG-B-001": "b"}


def test_invalid_toml_and_missing_pack_table_are_named(tmp_path):
    _, problems = problems_of([write(tmp_path, "bad.toml", "[[rules]\n")])
    assert problems[0].startswith("not valid TOML")
    _, problems = problems_of([write(tmp_path, "nopack.toml", GOOD.format(rid="ORG-X-001"))])
    assert "pack: required table is missing" in problems[0]


OVERRIDE = """
[[override]]
rule = "ORG-DE-001"
who = "Dana Ruiz, DPO"
why = "Temporary exception approved by the review board, ticket ARB-12"
date = 2026-01-10
{extra}
"""


def test_an_override_disables_its_rule_and_is_exposed(tmp_path):
    write(tmp_path, "mine.toml", HEAD + GOOD.format(rid="ORG-DE-001"))
    overrides = write(tmp_path.parent, "overrides.toml", OVERRIDE.format(extra="expires = 2026-07-01"))
    rs = load_ruleset([tmp_path], overrides=overrides)
    w = workload()
    fr = venue("a:fr", country="FR")
    assert evaluate(rs, w, w.components[0], [fr], date(2026, 3, 1))["a:fr"].status == "pass"
    assert evaluate(rs, w, w.components[0], [fr], date(2026, 7, 1))["a:fr"].status == "fail"  # expired
    assert rs.overrides_summary() == [
        {"rule": "ORG-DE-001", "action": "disable", "who": "Dana Ruiz, DPO",
         "why": "Temporary exception approved by the review board, ticket ARB-12",
         "date": "2026-01-10", "expires": "2026-07-01"}
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (OVERRIDE.format(extra="").replace("ORG-DE-001", "ORG-NOPE-001"), "override[0].rule: no rule 'ORG-NOPE-001' is loaded"),
        (OVERRIDE.format(extra="").replace('who = "Dana Ruiz, DPO"\n', ""), "override[0].who: required key is missing"),
        (OVERRIDE.format(extra="").replace("date = 2026-01-10", 'date = "soon"'), "override[0].date"),
    ],
)
def test_a_bad_override_is_an_input_error(tmp_path, text, expected):
    write(tmp_path, "mine.toml", HEAD + GOOD.format(rid="ORG-DE-001"))
    overrides = write(tmp_path.parent, "ov.toml", text)
    with pytest.raises(InputError) as err:
        load_ruleset([tmp_path], overrides=overrides)
    assert err.value.file == str(overrides)
    assert any(p.startswith(expected) for p in err.value.problems), err.value.problems


def test_a_missing_pack_path_is_an_input_error(tmp_path):
    file, problems = problems_of([tmp_path / "nope.toml"])
    assert problems == ["rule pack not found"]


def test_installed_ruleset_survives_a_plugin_whose_hook_fails(tmp_path):
    from advisor import hookimpl
    from advisor.plugin.manager import Plugins
    from advisor.rules import installed_ruleset

    class Broken:
        @hookimpl
        def register_rule_packs(self, register):
            raise RuntimeError("pack server down")

    write(tmp_path, "mine.toml", HEAD + GOOD.format(rid="ORG-DE-001"))
    plugins = Plugins(load_entry_points=False)
    plugins.register(Broken(), name="broken-rules")
    rs = installed_ruleset(plugins, [tmp_path])
    assert "REG-HIPAA-001" in rs.rules and "ORG-DE-001" in rs.rules
    assert [str(p) for p in plugins.problems] == ["plugin 'broken-rules' in register_rule_packs: RuntimeError('pack server down')"]
