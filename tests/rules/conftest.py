"""Venue and workload builders for rule tests: every fixture value is written here, none fetched."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from advisor.model.offers import Certification, Venue
from advisor.paths import builtin_rules_dir
from advisor.rules import RuleSet, load_ruleset
from advisor.model.workload import Workload

TODAY = date(2026, 6, 20)


def cert(name: str) -> Certification:
    return Certification(name=name, source="https://example.invalid/programme", retrieved=date(2026, 1, 15))


def venue(vid: str = "aws:us-east-1", *, country: str = "US", certs: tuple[str, ...] = (), **fields: Any) -> Venue:
    provider = vid.split(":", 1)[0]
    base: dict[str, Any] = {
        "id": vid,
        "provider": provider,
        "kind": "cloud",
        "region": vid.split(":", 1)[-1],
        "country": country,
        "metro": "Somewhere",
        "latitude": 0.0,
        "longitude": 0.0,
        "host_trust": "hyperscaler_dc",
        "certifications": tuple(cert(c) for c in certs),
    }
    base.update(fields)
    return Venue(**base)


def workload(
    classes: list[str] | None = None,
    subjects: list[str] | None = None,
    residency: list[str] | None = None,
    regimes: list[str] | None = None,
    transfer: list[str] | None = None,
    high_risk_ai: bool = False,
    min_privacy_level: int = 0,
    kind: str = "inference",
    government_eligible: bool = False,
    critical: bool = False,
) -> Workload:
    component: dict[str, Any] = {"name": "chat", "kind": kind, "model": "llama-3-8b", "critical": critical}
    if kind in ("inference", "batch-inference"):
        component["output_tokens_per_month"] = 1e6
    else:
        component["training_tokens"] = 1e9
    data: dict[str, Any] = {"classes": classes or ["internal"], "subjects": subjects or []}
    if residency is not None:
        data["residency"] = residency
    return Workload.model_validate(
        {
            "workload": {"name": "t"},
            "data": data,
            "regulation": {
                "regimes": regimes or [],
                "transfer_mechanisms": transfer or [],
                "high_risk_ai": high_risk_ai,
                "government_eligible": government_eligible,
            },
            "constraints": {"min_privacy_level": min_privacy_level},
            "components": [component],
        }
    )


@pytest.fixture(scope="session")
def core_rules() -> RuleSet:
    return load_ruleset([builtin_rules_dir()])


@pytest.fixture()
def pack_dir(tmp_path: Path) -> Path:
    return tmp_path
