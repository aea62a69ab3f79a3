"""The engine on the shipped packs: the behaviours review boards rely on."""

from __future__ import annotations

from datetime import date

import pytest

from advisor.rules import evaluate
from tests.rules.conftest import TODAY, venue, workload

ALL_CERTS = ("hipaa_baa", "soc2", "iso27001", "pci_dss", "fedramp_moderate", "fedramp_high", "dod_il4", "dod_il5", "c5", "itar")

HOST_SHAPES = [
    dict(host_trust="hyperscaler_dc"),
    dict(host_trust="hyperscaler_dc", government=True, us_persons_only=True),
    dict(host_trust="vetted_dc", kind="depin"),
    dict(host_trust="anonymous_host", kind="depin"),
    dict(host_trust="provider_on_customer_premises", kind="edge", tenancy="customer_premises"),
    dict(host_trust="customer", kind="onprem", tenancy="customer_premises"),
]


def _venues(certs_sets):
    out = []
    for i, shape in enumerate(HOST_SHAPES):
        for j, certs in enumerate(certs_sets):
            out.append(venue(f"p{i}:r{j}", certs=certs, **shape))
    return out


def test_phi_never_passes_a_third_party_venue_without_hipaa_baa(core_rules):
    w = workload(classes=["phi"], subjects=["US"])
    venues = _venues([(), ("soc2", "iso27001"), ("hipaa_baa",), tuple(c for c in ALL_CERTS if c != "hipaa_baa")])
    verdicts = evaluate(core_rules, w, w.components[0], venues, TODAY)
    for v in venues:
        if v.host_trust != "customer" and not v.has_certification("hipaa_baa"):
            assert verdicts[v.id].status == "fail", v.id
            assert "REG-HIPAA-001" in {f.rule_id for f in verdicts[v.id].vetoes}


def test_phi_at_a_baa_venue_passes_with_the_baa_as_a_requirement(core_rules):
    w = workload(classes=["phi"], subjects=["US"])
    v = venue("aws:us-east-1", certs=("hipaa_baa", "soc2"))
    verdict = evaluate(core_rules, w, w.components[0], [v], TODAY)["aws:us-east-1"]
    assert verdict.status == "pass"
    reqs = [f.requirement for f in verdict.findings if f.effect == "require-evidence"]
    assert any(r and r.startswith("Sign a BAA with aws") for r in reqs)


@pytest.mark.parametrize(
    ("country", "expected"),
    [("DE", "pass"), ("NO", "pass"), ("FR", "pass"), ("US", "fail"), ("CH", "fail"), ("GB", "fail"), ("IN", "fail")],
)
def test_gdpr_with_eu_residency_passes_only_inside_the_eu(core_rules, country, expected):
    w = workload(classes=["pii"], subjects=["EU"], residency=["EEA"] if country == "NO" else ["EU"])
    v = venue(f"x:{country}", country=country, certs=("soc2",), operator_jurisdiction="DE")
    assert evaluate(core_rules, w, w.components[0], [v], TODAY)[v.id].status == expected


@pytest.mark.parametrize(
    ("country", "dpf", "transfer", "expected", "rule"),
    [
        ("JP", None, [], "pass", None),
        ("IN", None, [], "fail", "REG-GDPR-001"),
        ("IN", None, ["scc"], "pass", "REG-GDPR-002"),
        ("US", True, [], "pass", "REG-GDPR-003"),
        ("US", False, [], "fail", "REG-GDPR-001"),
        ("US", None, [], "unknown", "REG-GDPR-001"),
    ],
)
def test_gdpr_transfers_follow_adequacy_mechanisms_and_dpf(core_rules, country, dpf, transfer, expected, rule):
    w = workload(classes=["pii"], subjects=["DE"], transfer=transfer)
    attrs = {} if dpf is None else {"dpf_certified": dpf}
    v = venue(f"x:{country}", country=country, certs=("soc2",), attributes=attrs, operator_jurisdiction=country)
    verdict = evaluate(core_rules, w, w.components[0], [v], TODAY)[v.id]
    assert verdict.status == expected
    if rule:
        assert rule in {f.rule_id for f in verdict.findings}


def test_fedramp_high_passes_only_government_or_owned_venues(core_rules):
    w = workload(regimes=["fedramp_high"])
    venues = _venues([(), ("fedramp_high", "fedramp_moderate"), ALL_CERTS])
    verdicts = evaluate(core_rules, w, w.components[0], venues, TODAY)
    passed = {vid for vid, v in verdicts.items() if v.status == "pass"}
    assert passed == {v.id for v in venues if v.host_trust == "customer" or (v.government and v.has_certification("fedramp_high"))}


def test_every_firing_rule_is_listed_not_only_the_first_veto(core_rules):
    w = workload(classes=["phi", "pii"], subjects=["EU"], residency=["EU"])
    v = venue("vastai:us", host_trust="anonymous_host", kind="depin")
    ids = {f.rule_id for f in evaluate(core_rules, w, w.components[0], [v], TODAY)[v.id].vetoes}
    assert {"REG-HIPAA-001", "PRIV-DATA-001", "RES-001"} <= ids


def test_missing_data_is_unknown_not_pass(core_rules):
    w = workload(high_risk_ai=True)
    v = venue("x:y", supports_log_export=None)
    verdict = evaluate(core_rules, w, w.components[0], [v], date(2026, 9, 1))[v.id]
    assert verdict.status == "unknown"
    assert [f.status for f in verdict.findings if f.rule_id == "REG-AIACT-001"] == ["unknown"]


def test_an_obligation_not_yet_in_force_is_an_advisory_where_it_would_fire(core_rules):
    w = workload(high_risk_ai=True)
    v = venue("x:y", supports_log_export=False)
    before = evaluate(core_rules, w, w.components[0], [v], date(2026, 8, 1))[v.id]
    after = evaluate(core_rules, w, w.components[0], [v], date(2026, 8, 2))[v.id]
    assert before.status == "pass"
    assert [(f.effect, f.title[:16]) for f in before.findings if f.rule_id == "REG-AIACT-001"] == [
        ("advisory", "From 2026-08-02:")
    ]
    assert after.status == "fail"


def test_regimes_are_inferred_from_data_classes_and_subjects():
    from advisor.rules import regime_reasons

    w = workload(classes=["phi", "pci"], subjects=["EU", "IN", "CA-QC"], regimes=["c5"])
    reasons = regime_reasons(w, w.components[0])
    assert set(reasons) == {"c5", "gdpr", "hipaa", "pci_dss", "dpdp", "rbi_payments", "pipeda", "quebec_law25"}
    assert reasons["c5"] == "declared"
    assert reasons["gdpr"] == "inferred: personal data of people in the EU/EEA"


def test_a_component_narrowing_its_data_classes_escapes_the_workload_regimes(core_rules):
    from advisor.rules import evaluate_workload
    from advisor.model.workload import Workload

    w = Workload.model_validate(
        {
            "workload": {"name": "t"},
            "data": {"classes": ["phi"], "subjects": ["US"]},
            "components": [
                {"name": "chat", "kind": "inference", "model": "llama-3-8b", "output_tokens_per_month": 1e6},
                {"name": "tune", "kind": "fine-tune", "model": "llama-3-8b", "training_tokens": 1e9,
                 "data_classes": ["public"]},
            ],
        }
    )
    v = venue("vastai:us", host_trust="anonymous_host", kind="depin")
    out = evaluate_workload(core_rules, w, [v], TODAY)
    assert (out["chat"][v.id].status, out["tune"][v.id].status) == ("fail", "pass")
    assert out["tune"][v.id].component == "tune"


def test_no_venues_gives_no_verdicts(core_rules):
    w = workload(classes=["pii"], subjects=["EU"])
    assert evaluate(core_rules, w, w.components[0], [], TODAY) == {}


def test_verdicts_follow_the_order_of_the_venues_and_share_nothing_wrongly(core_rules):
    w = workload(classes=["pii"], subjects=["EU"])
    venues = [venue("a:us", country="US", certs=("soc2",)), venue("b:de", country="DE", certs=("soc2",)),
              venue("c:us", country="US", certs=("soc2",))]
    out = evaluate(core_rules, w, w.components[0], venues, TODAY)
    assert list(out) == ["a:us", "b:de", "c:us"]
    assert [out[k].venue_id for k in out] == ["a:us", "b:de", "c:us"]
    assert (out["a:us"].status, out["b:de"].status) == ("unknown", "pass")
    again = evaluate(core_rules, w, w.components[0], list(reversed(venues)), TODAY)
    assert list(again) == ["c:us", "b:de", "a:us"] and again["b:de"].status == "pass"


def test_evidence_shows_what_matched_the_trigger_and_what_the_condition_read(core_rules):
    w = workload(classes=["phi", "pii"], subjects=["EU"])
    v = venue("aws:us-east-1", certs=("hipaa_baa",), operator_jurisdiction="US")
    findings = {f.rule_id: f for f in evaluate(core_rules, w, w.components[0], [v], TODAY)[v.id].findings}
    assert [(e.attribute, e.value) for e in findings["REG-GDPR-006"].evidence] == [
        ("workload.data_classes", "phi"),
        ("workload.regimes", "gdpr"),
    ]
    assert [(e.attribute, e.value) for e in findings["REG-GDPR-001"].evidence] == [
        ("workload.regimes", "gdpr"),
        ("venue.country", "US"),
        ("workload.transfer_mechanisms", "none"),
        ("venue.attributes.dpf_certified", "missing"),
    ]


def test_a_component_that_narrows_to_public_data_is_outside_a_declared_data_protection_regime():
    from advisor.rules import effective_regimes
    from advisor.model.workload import Workload

    workload = Workload.model_validate({
        "workload": {"name": "w"}, "data": {"classes": ["pii"], "subjects": ["EU"]},
        "regulation": {"regimes": ["gdpr", "c5"]},
        "components": [
            {"name": "chat", "kind": "inference", "model": "llama-3-8b", "output_tokens_per_month": 1e6},
            {"name": "tune", "kind": "fine-tune", "model": "llama-3-8b", "training_tokens": 1e9, "data_classes": ["public"]},
        ],
    })
    chat, tune = workload.components
    assert effective_regimes(workload, chat) == {"gdpr", "c5"}
    assert effective_regimes(workload, tune) == {"c5"}  # contractual regimes still apply as declared


def test_rules_applied_per_distinct_trigger_values_give_what_a_fresh_rule_set_gives():
    """Which rules apply (and their trigger evidence) is worked out once per distinct set of the values
    triggers read on a day, shared by later components of the run: every verdict is the one a rule set
    that has seen nothing before gives."""
    from advisor.rules import load_ruleset
    from advisor.paths import builtin_rules_dir

    shared = load_ruleset([builtin_rules_dir()])
    venues = _venues([(), ALL_CERTS[:3], ALL_CERTS])
    cases = [workload(classes=["pii"], subjects=["EU"]), workload(classes=["phi"], subjects=["US"]),
             workload(classes=["pii"], subjects=["EU"], high_risk_ai=True), workload(classes=["public"]),
             workload(classes=["pii"], subjects=["EU"], residency=["EU"]), workload(classes=["phi"], subjects=["US"])]
    for day in (TODAY, date(2030, 1, 1)):
        for w in cases:
            fresh = load_ruleset([builtin_rules_dir()])
            assert evaluate(shared, w, w.components[0], venues, day) == evaluate(fresh, w, w.components[0], venues, day)
    assert len(shared._cache[("applied", TODAY)]) == 4
