"""The 0-6 privacy scale of regulation.md §4, its hard caps and the DePIN TEE promotion."""

from __future__ import annotations

import pytest

from advisor.criteria.privacy import privacy_level
from tests.rules.conftest import venue

REGULATED = ("soc2", "iso27001")
TEE = ("sev-snp", "h100-cc")


@pytest.mark.parametrize(
    ("fields", "level", "rule"),
    [
        (dict(host_trust="customer", tenancy="air_gapped", kind="onprem"), 6, "PRIV-L6"),
        (dict(host_trust="customer", tenancy="customer_premises", kind="onprem"), 5, "PRIV-L5"),
        (dict(host_trust="provider_on_customer_premises", tenancy="customer_premises", kind="edge"), 4, "PRIV-L4-PREMISES"),
        (dict(certs=REGULATED, confidential_computing=TEE, attributes={"attestation": "customer_verifiable", "key_custody": "external_ekm"}), 4, "PRIV-L4-TEE"),
        (dict(certs=REGULATED + ("fedramp_high",), government=True), 4, "PRIV-L4-SOVEREIGN"),
        (dict(certs=REGULATED, tenancy="dedicated", attributes={"key_custody": "cmk", "operator_access": "customer_approval"}), 3, "PRIV-L3"),
        (dict(certs=REGULATED), 2, "PRIV-L2"),
        (dict(certs=("iso27001",), host_trust="vetted_dc", kind="depin"), 1, "PRIV-L1"),
        (dict(host_trust="anonymous_host", kind="depin"), 0, "PRIV-L0"),
    ],
)
def test_each_level_is_reached_by_its_minimum_conditions(fields, level, rule):
    got, reasons = privacy_level(venue(**fields), government_regime=rule == "PRIV-L4-SOVEREIGN")
    assert got == level
    assert reasons[0].startswith(f"{rule}: level {level}")


def test_a_hyperscaler_region_without_attestations_is_level_0():
    got, reasons = privacy_level(venue(certs=()))
    assert got == 0
    assert reasons[-1].startswith("PRIV-CAP-NO-ATTESTATION: level 0")


def test_a_vetted_host_with_confidential_computing_but_no_verifiable_attestation_stays_at_1():
    got, _ = privacy_level(venue(certs=REGULATED, host_trust="vetted_dc", kind="depin", confidential_computing=TEE,
                                 attributes={"attestation": "vendor"}))
    assert got == 1


def test_an_attested_gpu_tee_lifts_an_anonymous_host_to_2_and_no_further():
    got, reasons = privacy_level(venue(host_trust="anonymous_host", kind="depin", confidential_computing=TEE,
                                       attributes={"attestation": "customer_verifiable", "key_custody": "customer_hsm"}))
    assert got == 2
    assert reasons[-1].startswith("PRIV-LIFT-DEPIN-TEE: level 2")


def test_a_cpu_only_tee_does_not_lift_a_depin_host():
    got, _ = privacy_level(venue(host_trust="anonymous_host", kind="depin", confidential_computing=("sev-snp",),
                                 attributes={"attestation": "customer_verifiable"}))
    assert got == 0


def test_missing_attestation_is_named_in_the_reasons():
    _, reasons = privacy_level(venue(certs=REGULATED, confidential_computing=TEE))
    assert any(r.startswith("PRIV-NOTE: attestation missing") for r in reasons)


def test_unhashable_attribute_values_do_not_break_the_level():
    got, _ = privacy_level(venue(certs=REGULATED, attributes={"operator_access": ["jit", "standing"]}))
    assert got == 2


def test_a_government_region_lifts_privacy_only_for_a_government_regime():
    gov = venue("aws:us-gov-west-1", certs=REGULATED + ("fedramp_high", "hipaa_baa"), government=True)
    assert privacy_level(gov, government_regime=True)[0] == 4
    level, reasons = privacy_level(gov)  # a hospital's PHI: GovCloud is an ordinary region for it
    assert level == 2
    assert any(r.startswith("PRIV-NOTE-GOVERNMENT") for r in reasons)
    commercial = venue("aws:us-east-1", certs=REGULATED + ("hipaa_baa",))
    assert privacy_level(commercial)[0] == level


def test_a_sovereign_operator_still_lifts_privacy_for_personal_data():
    sovereign = venue("ovh:eu-west-par", country="FR", certs=REGULATED, attributes={"sovereign": True})
    assert privacy_level(sovereign)[0] == 4


def test_the_why_line_names_the_cap_that_set_the_level_not_the_first_rule_applied():
    from advisor.assembly.why import privacy_why

    level, reasons = privacy_level(venue(certs=()))
    assert privacy_why(level, reasons) == ("privacy level 0/6: PRIV-CAP-NO-ATTESTATION: level 0 (untrusted host): "
                                           "no attestations at all")


def test_the_why_line_names_the_tee_lift_of_a_depin_host():
    from advisor.assembly.why import privacy_why

    level, reasons = privacy_level(venue(host_trust="anonymous_host", kind="depin", confidential_computing=TEE,
                                         attributes={"attestation": "customer_verifiable"}))
    assert level == 2 and reasons[0].startswith("PRIV-L0")
    assert privacy_why(level, reasons).startswith("privacy level 2/6: PRIV-LIFT-DEPIN-TEE: level 2")
