"""The rule-pack and overrides file formats, validated with pydantic (docs/rules.md shows examples)."""

from __future__ import annotations

import datetime
import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from advisor.model.workload import DATA_CLASSES, REGIMES, DataClass, Regime

Category = Literal["regulation", "privacy", "latency", "cost", "sustainability"]
Severity = Literal["critical", "high", "medium", "low", "info"]
EffectName = Literal["veto", "require-evidence", "penalty", "advisory"]
MilestoneStatus = Literal["in_force", "scheduled", "proposed", "repealed"]
RULE_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
TEMPLATE_FIELD = re.compile(r"\{([a-z_.]+)\}")

__all__ = ["DATA_CLASSES", "REGIMES", "Milestone", "Override", "OverridesFile", "PackMeta", "RuleSpec", "Trigger"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Trigger(_Strict):
    """When a rule applies, from the workload alone; every key given must match (any of its values)."""

    data_classes: list[DataClass] | None = None
    subjects: list[str] | None = Field(default=None, description="ISO countries, subdivisions or blocs.")
    regimes: list[Regime] | None = Field(default=None, description="Declared or inferred regimes.")
    component_kinds: list[Literal["inference", "batch-inference", "fine-tune", "training"]] | None = None
    high_risk_ai: bool | None = None
    privacy_floor: bool | None = Field(
        default=None, description="true: only when the workload sets constraints.min_privacy_level above 0."
    )


class Milestone(_Strict):
    """A dated step of the rule's legal basis, with whether it is law yet (e.g. EU AI Act, Digital Omnibus)."""

    date: date
    status: MilestoneStatus
    note: str = Field(min_length=1)


class RuleSpec(_Strict):
    """One rule as written in a pack."""

    id: str = Field(pattern=RULE_ID, description="Stable and never reused, e.g. REG-HIPAA-001.")
    title: str = Field(min_length=5, max_length=160)
    category: Category
    regime: str | None = Field(default=None, description="Regime or topic the rule belongs to.")
    severity: Severity
    effect: EffectName
    penalty: float = Field(default=0.0, ge=0, le=1, description="Regulation-risk points added when it fires.")
    requirement: str | None = Field(default=None, description="Checklist item; placeholders like {venue.provider}.")
    trigger: Trigger = Field(default_factory=Trigger)
    condition: dict[str, Any] | None = Field(default=None, description="When the effect applies; absent = always.")
    rationale: str = Field(min_length=10)
    references: list[str] = Field(min_length=1)
    effective_from: date | None = None
    effective_until: date | None = None
    milestones: list[Milestone] = Field(default_factory=list)
    last_reviewed: date | None = None

    @field_validator("references")
    @classmethod
    def _urls(cls, refs: list[str]) -> list[str]:
        bad = [r for r in refs if not re.match(r"^https?://\S+$", r)]
        if bad:
            raise ValueError(f"references must be http(s) URLs, got {bad[0]!r}")
        return refs

    @field_validator("title")
    @classmethod
    def _one_line(cls, title: str) -> str:
        if "\n" in title:
            raise ValueError("the title must be one line")
        return title

    @model_validator(mode="after")
    def _effect_fields(self) -> RuleSpec:
        if self.effect == "penalty" and self.penalty <= 0:
            raise ValueError("effect 'penalty' needs penalty > 0 (its size, up to 1)")
        if self.effect == "veto" and self.penalty:
            raise ValueError("a veto removes the venue; it takes no penalty")
        if self.effect == "require-evidence" and not self.requirement:
            raise ValueError("effect 'require-evidence' needs 'requirement' (the checklist item)")
        if self.effective_from and self.effective_until and self.effective_until <= self.effective_from:
            raise ValueError("effective_until must be after effective_from")
        return self

    def template_fields(self) -> list[str]:
        return TEMPLATE_FIELD.findall(self.requirement or "")


class PackMeta(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = Field(min_length=3)
    version: str = Field(min_length=1)
    description: str | None = None
    last_reviewed: date | None = None
    disclaimer: str | None = None


class Override(_Strict):
    """Switching a rule off, with who decided, why and when: shown in every output."""

    rule: str = Field(pattern=RULE_ID)
    action: Literal["disable"] = "disable"
    who: str = Field(min_length=2)
    why: str = Field(min_length=10)
    date: datetime.date  # the module path: the field's name hides the type in the class body
    expires: datetime.date | None = None

    def active_on(self, day: datetime.date) -> bool:
        return self.date <= day and (self.expires is None or day < self.expires)


class OverridesFile(_Strict):
    override: list[Override] = Field(min_length=1)
