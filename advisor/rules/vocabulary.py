"""The attributes a rule may test, with their types, and how each is read from a venue or a workload.

Rules are predicates over these normalised names, never over provider names (regulation.md §3),
so a pack can be compiled and type-checked before any venue is seen. ``venue.*`` attributes vary
per venue; ``workload.*`` and ``component.*`` attributes are fixed for one evaluation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from advisor.reference.geo import expand_places
from advisor.model.offers import Venue
from advisor.model.workload import DATA_CLASSES, REGIMES, Component, Workload

AttrType = Literal["str", "bool", "int", "set", "any"]
VENUE_PREFIX = "venue."
FREE_ATTRIBUTES = "venue.attributes."


@dataclass(frozen=True)
class Attribute:
    """One testable name: its type, the values it may take (None = open) and what it means."""

    name: str
    type: AttrType
    doc: str
    values: frozenset[str] | None = None
    getter: Callable[[Venue], Any] | None = None


def _field(name: str) -> Callable[[Venue], Any]:
    return lambda v: getattr(v, name)


def _free(key: str) -> Callable[[Venue], Any]:
    return lambda v: _hashable(v.attributes.get(key))


def _hashable(value: Any) -> Any:
    """Venue.attributes may hold lists; profiles are dictionary keys, so freeze them."""
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(str(x) for x in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), str(v)) for k, v in value.items()))
    return value


def _privacy(v: Venue) -> int:
    from advisor.criteria.privacy import privacy_level

    return privacy_level(v)[0]


_HOST_TRUST = frozenset({"customer", "provider_on_customer_premises", "hyperscaler_dc", "vetted_dc", "anonymous_host"})
_TENANCY = frozenset({"shared", "dedicated", "customer_premises", "air_gapped"})
_KIND = frozenset({"cloud", "onprem", "edge", "depin", "api"})
_TEES = frozenset({"sev-snp", "tdx", "nitro-enclaves", "h100-cc"})

VENUE_ATTRIBUTES: dict[str, Attribute] = {
    a.name: a
    for a in (
        Attribute("venue.id", "str", "Venue id, e.g. 'aws:us-east-1'.", getter=_field("id")),
        Attribute("venue.provider", "str", "Provider name.", getter=_field("provider")),
        Attribute("venue.kind", "str", "What kind of place the venue is.", _KIND, _field("kind")),
        Attribute("venue.region", "str", "Provider region id.", getter=_field("region")),
        Attribute("venue.country", "str", "ISO 3166-1 country where data is processed.", getter=_field("country")),
        Attribute("venue.subdivision", "str", "ISO 3166-2 subdivision, e.g. 'CA-QC'.", getter=_field("subdivision")),
        Attribute(
            "venue.certifications",
            "set",
            "Names of the venue's attestations (hipaa_baa, soc2, iso27001, pci_dss, fedramp_high, c5, itar...).",
            getter=lambda v: frozenset(c.name for c in v.certifications),
        ),
        Attribute("venue.tenancy", "str", "Tenancy and physical control.", _TENANCY, _field("tenancy")),
        Attribute("venue.host_trust", "str", "Who runs the host.", _HOST_TRUST, _field("host_trust")),
        Attribute(
            "venue.operator_jurisdiction",
            "str",
            "ISO country of the operator's parent (CLOUD Act exposure); missing when unknown.",
            getter=_field("operator_jurisdiction"),
        ),
        Attribute("venue.government", "bool", "A government region (GovCloud, Azure Government...).", getter=_field("government")),
        Attribute("venue.us_persons_only", "bool", "Operated only by screened US persons.", getter=_field("us_persons_only")),
        Attribute(
            "venue.confidential_computing",
            "set",
            "TEEs offered.",
            _TEES,
            lambda v: frozenset(v.confidential_computing),
        ),
        Attribute(
            "venue.supports_log_export",
            "bool",
            "The deployer can capture, export and keep inference logs; missing when unknown.",
            getter=_field("supports_log_export"),
        ),
        Attribute("venue.privacy_level", "int", "0-6 privacy level (advisor.criteria.privacy, regulation.md §4).", getter=_privacy),
    )
}

#: Known keys of ``Venue.attributes`` (brief vocabulary); any other key may be tested with type 'any'.
KNOWN_FREE: dict[str, tuple[AttrType, str, set[str] | None]] = {
    "dpf_certified": ("bool", "Operator certified under the EU-US Data Privacy Framework.", None),
    "eu_data_boundary": ("bool", "Provider's EU Data Boundary covers the service.", None),
    "key_custody": ("str", "Who holds the data keys.", {"provider_managed", "cmk", "external_ekm", "customer_hsm"}),
    "operator_access": ("str", "How provider staff reach the host.", {"standing", "jit", "customer_approval", "none_possible"}),
    "attestation": ("str", "Remote attestation of the TEE.", {"none", "vendor", "customer_verifiable"}),
    "verified": ("bool", "DePIN host verified by the network.", None),
    "sovereign": ("bool", "Sovereign operator immune to foreign jurisdiction.", None),
    "trains_on_prompts": ("bool", "Managed API: prompts or outputs are used to train models.", None),
    "prompt_retention_days": ("int", "Managed API: days prompts and outputs are stored (0 = not stored).", None),
    "abuse_monitoring_retention_days": (
        "int", "Managed API: days prompts may be kept for abuse monitoring and human review (0 = none).", None),
    "processing_scope": ("str", "Managed API: where a request may be processed.", {"regional", "geography", "global", "provider"}),
    "zero_data_retention_available": ("bool", "Managed API: the provider offers a zero-data-retention option.", None),
}
for _key, (_type, _doc, _values) in KNOWN_FREE.items():
    _name = FREE_ATTRIBUTES + _key
    VENUE_ATTRIBUTES[_name] = Attribute(_name, _type, _doc, frozenset(_values) if _values else None, _free(_key))

CONTEXT_ATTRIBUTES: dict[str, Attribute] = {
    a.name: a
    for a in (
        Attribute("workload.name", "str", "Workload name."),
        Attribute("workload.data_classes", "set", "The component's data classes.", frozenset(DATA_CLASSES)),
        Attribute("workload.subjects", "set", "Countries and subdivisions of the data subjects (blocs expanded)."),
        Attribute("workload.residency", "set", "Countries data may be processed in; missing when unrestricted."),
        Attribute("workload.regimes", "set", "Regimes declared or inferred.", frozenset(REGIMES)),
        Attribute("workload.transfer_mechanisms", "set", "Declared GDPR transfer mechanisms.", frozenset({"scc", "bcr", "dpf"})),
        Attribute("workload.high_risk_ai", "bool", "EU AI Act high-risk system."),
        Attribute("workload.min_privacy_level", "int", "Privacy floor from constraints."),
        Attribute("workload.government_eligible", "bool",
                  "The workload declares eligibility for government regions (regulation.government_eligible)."),
        Attribute("component.name", "str", "Component name."),
        Attribute("component.kind", "str", "Component kind.",
                  frozenset({"inference", "batch-inference", "fine-tune", "training"})),
        Attribute("component.model", "str", "Model id."),
        Attribute("component.critical", "bool", "The component supports a critical function (keeps a failover)."),
    )
}


def lookup(name: str) -> Attribute | None:
    """The attribute called ``name``; unknown ``venue.attributes.*`` keys are open-typed."""
    found = VENUE_ATTRIBUTES.get(name) or CONTEXT_ATTRIBUTES.get(name)
    if found is None and name.startswith(FREE_ATTRIBUTES) and len(name) > len(FREE_ATTRIBUTES):
        key = name[len(FREE_ATTRIBUTES) :]
        found = Attribute(name, "any", "Provider-specific attribute.", getter=_free(key))
    return found


def venue_reader(name: str) -> Callable[[Venue], Any]:
    """How a venue attribute is read from a venue; KeyError for a name that is not one."""
    found = lookup(name)
    if found is None or found.getter is None:
        raise KeyError(f"{name} is not a venue attribute")
    return found.getter


def all_names() -> list[str]:
    return sorted(VENUE_ATTRIBUTES) + sorted(CONTEXT_ATTRIBUTES)


def residency_of(workload: Workload, component: Component) -> frozenset[str] | None:
    """The component's residency limit, else the workload's; None when there is none."""
    places = component.residency if component.residency is not None else workload.data.residency
    return None if places is None else expand_places(places)


def context_values(workload: Workload, component: Component, regimes: frozenset[str]) -> dict[str, Any]:
    """The ``workload.*`` and ``component.*`` values of one evaluation."""
    from advisor.rules.regimes import subject_places

    return {
        "workload.name": workload.workload.name,
        "workload.data_classes": frozenset(workload.data_classes_of(component)),
        "workload.subjects": subject_places(workload.data.subjects),
        "workload.residency": residency_of(workload, component),
        "workload.regimes": regimes,
        "workload.transfer_mechanisms": frozenset(workload.regulation.transfer_mechanisms),
        "workload.high_risk_ai": workload.regulation.high_risk_ai,
        "workload.min_privacy_level": workload.constraints.min_privacy_level,
        "workload.government_eligible": workload.regulation.government_eligible,
        "component.name": component.name,
        "component.kind": component.kind,
        "component.model": component.model_id,
        "component.critical": bool(getattr(component, "critical", False)),
    }
