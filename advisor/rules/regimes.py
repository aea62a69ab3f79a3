"""Regimes a workload falls under: those it declares plus those its data and subjects imply.

Inference follows regulation.md §1 (the trigger column): personal data of people in a
jurisdiction brings that jurisdiction's law; PHI brings HIPAA, card data PCI DSS, export-controlled
data ITAR. Government regimes (FedRAMP, DoD IL, C5) are contractual and only ever declared.
"""

from __future__ import annotations

from advisor.reference.geo import EEA, expand_places
from advisor.model.workload import Component, Workload

PERSONAL = frozenset({"pii", "phi", "pci"})

#: (regime, data classes that bring it, subject places that bring it (None = any), why)
INFERENCES: tuple[tuple[str, frozenset[str], frozenset[str] | None, str], ...] = (
    ("gdpr", PERSONAL, EEA, "personal data of people in the EU/EEA"),
    ("hipaa", frozenset({"phi"}), None, "protected health information"),
    ("pci_dss", frozenset({"pci"}), None, "cardholder data"),
    ("itar", frozenset({"export-controlled"}), None, "export-controlled technical data"),
    ("pipl", PERSONAL, frozenset({"CN"}), "personal information collected in China"),
    ("ru_242fz", PERSONAL, frozenset({"RU"}), "personal data of Russian citizens"),
    ("dpdp", PERSONAL, frozenset({"IN"}), "digital personal data of people in India"),
    ("rbi_payments", frozenset({"pci"}), frozenset({"IN"}), "payment data of the Indian payment system"),
    ("ksa_pdpl", PERSONAL, frozenset({"SA"}), "personal data of people in Saudi Arabia"),
    ("pipeda", PERSONAL, frozenset({"CA"}), "personal information of people in Canada"),
    ("quebec_law25", PERSONAL, frozenset({"CA-QC"}), "personal information of people in Québec"),
    ("dora", frozenset({"finance"}), EEA, "data of an EU financial entity (DORA, Regulation (EU) 2022/2554)"),
    ("eba_outsourcing", frozenset({"finance"}), EEA, "outsourcing by an EU credit institution (EBA/GL/2019/02)"),
)


#: Data-protection regimes and the data classes they cover: a component whose own data_classes hold none
#: of them (e.g. public text for a fine-tune) is outside the regime even where the workload declares it.
DATA_BOUND: dict[str, frozenset[str]] = {regime: classes for regime, classes, _, _ in INFERENCES}


def subject_places(places: list[str]) -> frozenset[str]:
    """Subject places with blocs expanded and each subdivision's country added (CA-QC is also CA)."""
    expanded = expand_places(places)
    return expanded | {p.split("-", 1)[0] for p in expanded if "-" in p}


def inferred_regimes(data_classes: frozenset[str], subjects: frozenset[str], high_risk_ai: bool) -> dict[str, str]:
    """Regime -> reason, for the regimes the data classes and subjects imply."""
    out: dict[str, str] = {}
    for regime, classes, places, why in INFERENCES:
        if data_classes & classes and (places is None or subjects & places):
            out[regime] = why
    if high_risk_ai:
        out["eu_ai_act"] = "declared high-risk AI system"
    return out


def regime_reasons(workload: Workload, component: Component) -> dict[str, str]:
    """Each regime that applies to the component and why ('declared' or the inference), for explanations."""
    classes = frozenset(workload.data_classes_of(component))
    subjects = subject_places(workload.data.subjects)
    reasons = {r: f"inferred: {why}" for r, why in inferred_regimes(classes, subjects, workload.regulation.high_risk_ai).items()}
    narrowed = getattr(component, "data_classes", None) is not None
    for regime in workload.regulation.regimes:
        if narrowed and regime in DATA_BOUND and not classes & DATA_BOUND[regime]:
            continue  # the component narrows its data to classes this data-protection law does not cover
        reasons[regime] = "declared"
    return dict(sorted(reasons.items()))


def effective_regimes(workload: Workload, component: Component) -> frozenset[str]:
    """Declared regimes plus the ones inferred for this component's data classes."""
    return frozenset(regime_reasons(workload, component))
