"""Every shipped rule fires on one fixture and stays silent on another; ids unique, references present.

CASES is the fixture table: the workload that brings the rule into play, a venue it fires on and a
venue (or a workload, for rules without a venue condition) where it does not. A rule added to a
pack without a case here fails ``test_every_rule_has_a_case``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from advisor.rules import evaluate
from tests.rules.conftest import venue, workload

DAY = date(2026, 9, 1)  # after the EU AI Act high-risk date, so every shipped rule is in force
W = workload
ANON = {"host_trust": "anonymous_host", "kind": "depin"}
OWN = {"host_trust": "customer", "kind": "onprem", "tenancy": "customer_premises"}
GPU_TEE = {"confidential_computing": ("sev-snp", "h100-cc")}
API = {"kind": "api"}


def api_terms(**attributes: Any) -> dict[str, Any]:
    """A managed-API venue with these data terms (venue.attributes)."""
    return {**API, "attributes": attributes}


CASES: dict[str, dict[str, Any]] = {
    "REG-HIPAA-001": dict(w=W(["phi"], ["US"]), fire={}, ok={"certs": ("hipaa_baa",)}),
    "REG-HIPAA-002": dict(w=W(["phi"], ["US"]), fire={"certs": ("hipaa_baa",)}, ok={}),
    "REG-HIPAA-003": dict(w=W(["phi"], ["US"]), fire=OWN, ok={}),
    "REG-HIPAA-004": dict(w=W(["phi"], ["US"]), fire={"attributes": {"key_custody": "provider_managed"}},
                          ok={"attributes": {"key_custody": "cmk"}}),
    "REG-GDPR-001": dict(w=W(["pii"], ["DE"]), fire={"country": "IN"}, ok={"country": "JP"}),
    "REG-GDPR-002": dict(w=W(["pii"], ["DE"], transfer=["scc"]), fire={"country": "IN"}, ok={"country": "FR"}),
    "REG-GDPR-003": dict(w=W(["pii"], ["DE"]), fire={"country": "US", "attributes": {"dpf_certified": True}},
                         ok={"country": "US", "attributes": {"dpf_certified": False}}),
    "REG-GDPR-004": dict(w=W(["pii"], ["DE"]), fire={"country": "DE", "operator_jurisdiction": "US"},
                         ok={"country": "DE", "operator_jurisdiction": "DE"}),
    "REG-GDPR-005": dict(w=W(["pii"], ["DE"]), fire={"country": "DE"}, ok={"country": "DE", **OWN}),
    "REG-GDPR-006": dict(w=W(["phi"], ["DE"]), fire={}, ok={}, w_ok=W(["pii"], ["DE"])),
    "REG-GDPR-007": dict(w=W(["phi"], ["DE"]), fire={"operator_jurisdiction": "US"}, ok={"operator_jurisdiction": "FR"}),
    "REG-AIACT-001": dict(w=W(high_risk_ai=True), fire={"supports_log_export": False}, ok={"supports_log_export": True}),
    "REG-AIACT-002": dict(w=W(high_risk_ai=True), fire={"supports_log_export": True}, ok={"supports_log_export": False}),
    "REG-AIACT-003": dict(w=W(regimes=["eu_ai_act"], kind="training"), fire={}, ok={}, w_ok=W(regimes=["eu_ai_act"])),
    "REG-PCI-001": dict(w=W(["pci"]), fire={}, ok={"certs": ("pci_dss",)}),
    "REG-PCI-002": dict(w=W(["pci"]), fire={"certs": ("pci_dss",)}, ok={}),
    "REG-FEDRAMP-001": dict(w=W(regimes=["fedramp_moderate"]), fire={"country": "DE", "certs": ("fedramp_moderate",)},
                            ok={"certs": ("fedramp_moderate",)}),
    "REG-FEDRAMP-002": dict(w=W(regimes=["fedramp_high"]), fire={"certs": ("fedramp_high",)},
                            ok={"certs": ("fedramp_high",), "government": True}),
    "REG-FEDRAMP-003": dict(w=W(regimes=["fedramp_high"]), fire={}, ok={}, w_ok=W()),
    "REG-GOV-001": dict(w=W(["phi"], ["US"]), fire={"government": True}, ok={"government": True},
                        w_ok=W(["phi"], ["US"], government_eligible=True)),
    "REG-DOD-001": dict(w=W(regimes=["dod_il4"]), fire={"government": True}, ok={"government": True, "certs": ("dod_il4",)}),
    "REG-DOD-002": dict(w=W(regimes=["dod_il5"]), fire={"government": True, "certs": ("dod_il4",)},
                        ok={"government": True, "certs": ("dod_il5",)}),
    "REG-DOD-003": dict(w=W(regimes=["dod_il5"]), fire={"tenancy": "shared"}, ok={"tenancy": "dedicated"}),
    "REG-ITAR-001": dict(w=W(["export-controlled"]), fire={}, ok={"us_persons_only": True}),
    "REG-ITAR-002": dict(w=W(["export-controlled"]), fire={"country": "DE"}, ok={"country": "US"}),
    "REG-ITAR-003": dict(w=W(["export-controlled"]), fire={}, ok={}, w_ok=W(["internal"])),
    "REG-C5-001": dict(w=W(regimes=["c5"]), fire={}, ok={"certs": ("c5",)}),
    "REG-C5-002": dict(w=W(regimes=["c5"]), fire={"certs": ("c5",)}, ok={}),
    "REG-PIPL-001": dict(w=W(["pii"], ["CN"]), fire={"country": "US"}, ok={"country": "CN"}),
    "REG-PIPL-002": dict(w=W(["pii"], ["CN"]), fire={"country": "CN"}, ok={"country": "US"}),
    "REG-RU-001": dict(w=W(["pii"], ["RU"]), fire={"country": "DE"}, ok={"country": "RU"}),
    "REG-RU-002": dict(w=W(["pii"], ["RU"]), fire={"country": "RU"}, ok={"country": "DE"}),
    "REG-DPDP-001": dict(w=W(["pii"], ["IN"]), fire={}, ok=OWN),
    "REG-DPDP-002": dict(w=W(["pii"], ["IN"]), fire=ANON, ok={}),
    "REG-RBI-001": dict(w=W(["pci"], ["IN"]), fire={"country": "SG"}, ok={"country": "IN"}),
    "REG-KSA-001": dict(w=W(["pii"], ["SA"]), fire={"country": "AE"}, ok={"country": "SA"}),
    "REG-KSA-002": dict(w=W(["pii"], ["SA"]), fire={"country": "AE"}, ok={"country": "SA"}),
    "REG-PIPEDA-001": dict(w=W(["pii"], ["CA"]), fire={"country": "US"}, ok={"country": "CA"}),
    "REG-PIPEDA-002": dict(w=W(["pii"], ["CA"]), fire=ANON, ok={}),
    "REG-QC-001": dict(w=W(["pii"], ["CA-QC"]), fire={"country": "CA", "subdivision": "CA-ON"},
                       ok={"country": "CA", "subdivision": "CA-QC"}),
    "PRIV-DATA-001": dict(w=W(["phi"]), fire=ANON, ok={}),
    "PRIV-DATA-002": dict(w=W(["export-controlled"]), fire={"host_trust": "vetted_dc", "kind": "depin"}, ok={}),
    "PRIV-DATA-003": dict(w=W(["pii"]), fire={**ANON, "attributes": {"verified": False}},
                          ok={**ANON, "attributes": {"verified": True}}),
    "PRIV-DATA-004": dict(w=W(["confidential"]), fire={"host_trust": "vetted_dc", "kind": "depin"},
                          ok={"host_trust": "vetted_dc", "kind": "depin", **GPU_TEE,
                              "attributes": {"attestation": "customer_verifiable"}}),
    "PRIV-DATA-005": dict(w=W(["confidential"]), fire={}, ok={"certs": ("soc2",)}),
    "RES-001": dict(w=W(residency=["DE"]), fire={"country": "FR"}, ok={"country": "DE"}),
    "PRIV-LEVEL-001": dict(w=W(min_privacy_level=3), fire={"certs": ("soc2",)}, ok=OWN),
    "PRIV-CC-001": dict(w=W(["phi"]), fire={}, ok=GPU_TEE),
    # the finance pack fires on finance data of EU subjects (dora, eba_outsourcing inferred) or a declared regime
    "REG-DORA-001": dict(w=W(["finance"], ["DE"]), fire={"country": "DE"}, ok=OWN),
    "REG-DORA-002": dict(w=W(regimes=["dora"], critical=True), fire={"country": "DE"}, ok={"country": "DE"},
                         w_ok=W(regimes=["dora"])),
    "REG-DORA-003": dict(w=W(["finance"], ["FR"]), fire=ANON, ok={"host_trust": "vetted_dc", "kind": "depin"}),
    "REG-EBA-001": dict(w=W(["finance"], ["IE"]), fire={"country": "IE"}, ok={"country": "IE"}, w_ok=W(["finance"], ["US"])),
    "REG-EBA-002": dict(w=W(regimes=["eba_outsourcing"]), fire={"country": "US"}, ok={"country": "IE"}),
    "API-DATA-001": dict(w=W(["phi"]), fire=API, ok={**API, "certs": ("hipaa_baa",)}),
    "API-DATA-002": dict(w=W(["pii"]), fire=api_terms(trains_on_prompts=True), ok=api_terms(trains_on_prompts=False)),
    "API-DATA-003": dict(w=W(residency=["US"]), fire=api_terms(processing_scope="global"),
                         ok=api_terms(processing_scope="regional")),
    "API-DATA-004": dict(w=W(["pii"]), fire=api_terms(abuse_monitoring_retention_days=30),
                         ok=api_terms(abuse_monitoring_retention_days=0)),
    "API-DATA-005": dict(w=W(["pii"]), fire=API, ok=api_terms(prompt_retention_days=0)),
}


def _statuses(ruleset, w, fields) -> dict[str, str]:
    v = venue("x:r", **fields)
    verdict = evaluate(ruleset, w, w.components[0], [v], DAY)[v.id]
    return {f.rule_id: f.status for f in verdict.findings}


def test_every_rule_has_a_case(core_rules):
    assert sorted(set(core_rules.rules) - set(CASES)) == []
    assert sorted(set(CASES) - set(core_rules.rules)) == []


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_its_failing_fixture(core_rules, rule_id):
    case = CASES[rule_id]
    assert _statuses(core_rules, case["w"], case["fire"]).get(rule_id) == "fail"


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_is_silent_on_its_passing_fixture(core_rules, rule_id):
    case = CASES[rule_id]
    assert rule_id not in _statuses(core_rules, case.get("w_ok", case["w"]), case["ok"])


def test_rule_ids_are_unique_across_the_shipped_packs(core_rules):
    listed = [rid for pack in core_rules.packs for rid in pack.rule_ids]
    assert len(listed) == len(set(listed)) == len(core_rules)


def test_every_rule_carries_a_reference_url(core_rules):
    for rule in core_rules.rules.values():
        assert rule.spec.references and all(u.startswith("https://") for u in rule.spec.references), rule.id


def test_every_require_evidence_rule_renders_a_checklist_item(core_rules):
    for rid, case in CASES.items():
        rule = core_rules.get(rid)
        if rule.spec.effect != "require-evidence":
            continue
        v = venue("acme:r", **case["fire"])
        verdict = evaluate(core_rules, case["w"], case["w"].components[0], [v], DAY)[v.id]
        (finding,) = [f for f in verdict.findings if f.rule_id == rid]
        assert finding.requirement and "{" not in finding.requirement, rid


def test_the_published_json_schema_accepts_every_shipped_pack_and_rejects_a_bad_condition():
    import json
    import tomllib

    import jsonschema

    from advisor.paths import builtin_rules_dir
    from advisor.rules import rule_pack_schema

    schema = json.loads(json.dumps(rule_pack_schema(), default=str))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(builtin_rules_dir().glob("*.toml")):
        data = json.loads(json.dumps(tomllib.loads(path.read_text(encoding="utf-8")), default=str))
        assert list(validator.iter_errors(data)) == [], path.name
    data = json.loads(json.dumps(tomllib.loads((builtin_rules_dir() / "hipaa.toml").read_text(encoding="utf-8")), default=str))
    data["rules"][0]["condition"] = {"attribute": "venue.country", "operator": "equals", "value": "US"}
    assert list(validator.iter_errors(data))
