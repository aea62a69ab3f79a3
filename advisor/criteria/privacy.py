"""The 0-6 privacy level of a venue (regulation.md §4), with the reasons that set it.

Levels: 6 air-gapped customer site, 5 customer premises and operation, 4 provider-managed on
customer premises or a confidential/sovereign/government cloud, 3 dedicated hardened cloud,
2 shared regulated-grade cloud, 1 vetted third-party data centre, 0 untrusted host. The hard caps
and the DePIN TEE promotion are applied as named rules so every explanation shows them.
Missing attributes count as the weaker option, and the reason says the value was missing.

A government region protects against what FedRAMP, DoD IL, ITAR and CJIS guard against (access by
unscreened persons, foreign jurisdiction); for other data (health, personal) it is an ordinary
hyperscaler region and is scored on operator access, TEEs, keys and tenancy like any other.
"""

from __future__ import annotations

from functools import lru_cache

from advisor.model.offers import Venue

LEVEL_NAMES = {
    6: "air-gapped, customer-controlled",
    5: "customer premises, customer-operated",
    4: "customer premises provider-managed, or confidential/sovereign cloud",
    3: "dedicated tenancy, hardened public cloud",
    2: "shared public cloud, regulated grade",
    1: "vetted third-party data centre, untrusted operator",
    0: "untrusted host",
}
_CPU_TEE = frozenset({"sev-snp", "tdx", "nitro-enclaves"})
_GPU_TEE = frozenset({"h100-cc"})
_CUSTOMER_KEYS = frozenset({"cmk", "external_ekm", "customer_hsm"})
_CONTROLLED_ACCESS = frozenset({"jit", "customer_approval", "none_possible"})
_THIRD_PARTY = frozenset({"vetted_dc", "anonymous_host"})
GOVERNMENT_REGIMES = frozenset({"fedramp_moderate", "fedramp_high", "dod_il4", "dod_il5", "itar", "cjis"})
"""Regimes a government region is built for: only they lift it to level 4."""


def privacy_level(venue: Venue, government_regime: bool = False) -> tuple[int, list[str]]:
    """The venue's ordinal privacy level and the rules that set it, in the order applied;
    ``government_regime``: the component falls under one of ``GOVERNMENT_REGIMES``."""
    a = venue.attributes
    level, reasons = _level(
        venue.host_trust,
        venue.tenancy,
        frozenset(c.name for c in venue.certifications),
        frozenset(venue.confidential_computing),
        venue.government,
        _plain(a.get("attestation")),
        _plain(a.get("key_custody")),
        _plain(a.get("operator_access")),
        _plain(a.get("sovereign")),
        government_regime,
    )
    return level, list(reasons)


def _plain(value: object) -> object:
    """Attribute values are free-form; keep scalars, stringify the rest so they can key the cache."""
    return value if value is None or isinstance(value, str | bool | int | float) else str(value)


def _attested_full_tee(tees: frozenset[str], attestation: object) -> bool:
    return bool(tees & _CPU_TEE) and bool(tees & _GPU_TEE) and attestation == "customer_verifiable"


@lru_cache(maxsize=4096)
def _level(
    host_trust: str,
    tenancy: str,
    certs: frozenset[str],
    tees: frozenset[str],
    government: bool,
    attestation: object,
    key_custody: object,
    operator_access: object,
    sovereign: object,
    government_regime: bool = False,
) -> tuple[int, tuple[str, ...]]:
    reasons: list[str] = []

    def set_level(level: int, rule: str, why: str) -> int:
        reasons.append(f"{rule}: level {level} ({LEVEL_NAMES[level]}): {why}")
        return level

    full_tee = _attested_full_tee(tees, attestation)
    if host_trust == "customer":
        if tenancy == "air_gapped":
            return set_level(6, "PRIV-L6", "customer-operated and air-gapped"), tuple(reasons)
        return set_level(5, "PRIV-L5", "a customer site, not air-gapped"), tuple(reasons)
    if host_trust == "provider_on_customer_premises" or tenancy == "customer_premises":
        return set_level(4, "PRIV-L4-PREMISES", "data stays on customer premises, provider-managed"), tuple(reasons)

    if host_trust == "hyperscaler_dc":
        if full_tee and key_custody in _CUSTOMER_KEYS:
            level = set_level(4, "PRIV-L4-TEE", "CPU+GPU TEE with customer-verifiable attestation and customer keys")
        elif (government and government_regime) or sovereign is True:
            kind = "government region for a government regime" if government and government_regime else "sovereign operator"
            level = set_level(4, "PRIV-L4-SOVEREIGN", f"{kind} immune for its subjects' jurisdiction")
        elif tenancy == "dedicated" and key_custody in _CUSTOMER_KEYS and operator_access in _CONTROLLED_ACCESS:
            level = set_level(3, "PRIV-L3", f"dedicated tenancy, {key_custody} keys, operator access {operator_access}")
        else:
            level = set_level(2, "PRIV-L2", "shared public cloud")
        if government and not government_regime and level < 4:
            reasons.append("PRIV-NOTE-GOVERNMENT: a government region lifts privacy only for FedRAMP, DoD IL, ITAR "
                           "or CJIS data; for this data it is scored as a commercial region")
    elif host_trust == "vetted_dc":
        level = set_level(1, "PRIV-L1", "vetted third-party data centre; the operator has root")
    else:
        level = set_level(0, "PRIV-L0", "anonymous host with root; container isolation only")

    if host_trust in _THIRD_PARTY and not full_tee and level > 1:
        level = set_level(1, "PRIV-CAP-ROOT", "third party with standing root and no attested TEE caps at 1")
    if not certs and not full_tee and level > 0:
        level = set_level(0, "PRIV-CAP-NO-ATTESTATION", "no attestations at all")
    if host_trust in _THIRD_PARTY and full_tee and level < 2:
        level = set_level(2, "PRIV-LIFT-DEPIN-TEE", "attested CPU+GPU TEE lifts a third-party host to at most 2")
    if attestation is None and tees:
        reasons.append("PRIV-NOTE: attestation missing; TEEs counted as unattested")
    return level, tuple(reasons)
