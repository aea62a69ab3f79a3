"""Builders for offers, venues, sizings and components used across the costing tests."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from advisor.model.offers import Hardware, Offer, OwnedTerms, Provenance, Venue
from advisor.model.records import Sizing
from advisor.model.workload import InferenceComponent, TrainingComponent, Workload

WHEN = datetime(2026, 11, 1, tzinfo=UTC)
PRICE_SHAPES = (
    ("on_demand", {}),
    ("spot", {}),
    ("marketplace", {"interruption_overhead": 0.2}),
    ("reserved", {}),
    ("savings_plan", {"usd_per_hour": None, "commitment_months": 12, "upfront_usd": Decimal(9000)}),
    ("subscription", {"monthly_usd": Decimal(2100)}),
    ("on_demand", {"usd_per_hour": None}),
)
"""(billing, offer fields) of one offer per billing model and price shape; copy the dict before changing it."""


def venue(provider: str = "aws", kind: str = "cloud", **attributes: Any) -> Venue:
    return Venue(
        id=f"{provider}:here",
        provider=provider,
        kind=kind,
        region="here",
        country="US",
        metro="Ashburn",
        latitude=39.0,
        longitude=-77.5,
        host_trust="hyperscaler_dc" if kind == "cloud" else "customer",
        attributes=attributes,
    )


def offer(billing: str = "on_demand", price: str | None = "3.912", provider: str = "aws", **extra: Any) -> Offer:
    return Offer(
        id=f"{provider}:here:g4dn.12xlarge:{billing}",
        provider=provider,
        venue_id=f"{provider}:here",
        sku="g4dn.12xlarge",
        hardware=Hardware(accelerator="T4", accelerator_count=4),
        billing=billing,
        usd_per_hour=Decimal(price) if price is not None else None,
        provenance=Provenance(source="snapshot", as_of=WHEN, reference="test fixture"),
        **extra,
    )


def seed_terms(**changes: Any) -> OwnedTerms:
    """The seed's 4 × T4 box as stated: $4,800, 36 months, $100/month power, nothing else."""
    base: dict[str, Any] = {
        "capex_usd": Decimal(4800),
        "life_months": 36,
        "residual_fraction": 0.0,
        "maintenance_fraction_per_year": 0.0,
        "it_watts_max": 480,
        "it_watts_idle": 232,
        "pue": 1.58,
        "electricity_usd_per_kwh": Decimal("0.10"),
        "power_usd_per_month": Decimal(100),
        "staff_fte_per_unit": 0.0,
        "staff_usd_per_fte_year": Decimal(0),
    }
    base.update(changes)
    return OwnedTerms(**base)


def h100_terms(**changes: Any) -> OwnedTerms:
    """The tco reference §11 8 × H100 colocation node (residual 0 for the monthly table)."""
    base: dict[str, Any] = {
        "capex_usd": Decimal(250_000),
        "life_months": 48,
        "residual_fraction": 0.0,
        "maintenance_fraction_per_year": 0.10,
        "it_watts_max": 10_200,
        "it_watts_idle": 2_000,
        "pue": 1.58,
        "electricity_usd_per_kwh": Decimal("0.10"),
        "colocation_usd_per_kw_month": Decimal("184.06"),
        "staff_fte_per_unit": 0.1,
        "staff_usd_per_fte_year": Decimal(200_000),
        "other_usd_per_month": Decimal(500),
    }
    base.update(changes)
    return OwnedTerms(**base)


def owned_offer(terms: OwnedTerms, accelerators: int = 4, sku: str = "4xT4") -> Offer:
    billing = "owned" if terms.already_owned else "capex"
    return Offer(
        id=f"onprem:dc:{sku}:{billing}",
        provider="onprem",
        venue_id="onprem:dc",
        sku=sku,
        hardware=Hardware(accelerator="T4", accelerator_count=accelerators),
        billing=billing,
        owned=terms,
        max_units=1,
        provenance=Provenance(source="user", as_of=WHEN, reference="sites file"),
    )


def sizing(units: int = 1, hours: float = 720.0, utilisation: float = 1.0, feasible: bool = True) -> Sizing:
    return Sizing(
        component="chat",
        offer_id="x",
        feasible=feasible,
        reason=None if feasible else "does not fit",
        precision="fp16",
        units=units,
        unit_hours_per_month=hours,
        utilisation=utilisation,
    )


def chat(**changes: Any) -> InferenceComponent:
    base: dict[str, Any] = {"name": "chat", "kind": "inference", "model": "llama-3-8b", "output_tokens_per_month": 157_075_200}
    base.update(changes)
    return InferenceComponent(**base)


def tuning() -> TrainingComponent:
    return TrainingComponent(name="tune", kind="fine-tune", model="llama-3-8b", training_tokens=1e9)


def workload(component: Any) -> Workload:
    return Workload.model_validate({"workload": {"name": "w"}, "components": [component.model_dump()]})


@pytest.fixture
def build() -> Any:
    """The builders as one namespace, so tests read ``build.offer(...)``."""
    import types

    return types.SimpleNamespace(
        venue=venue,
        offer=offer,
        seed_terms=seed_terms,
        h100_terms=h100_terms,
        owned_offer=owned_offer,
        sizing=sizing,
        chat=chat,
        tuning=tuning,
        workload=workload,
    )
