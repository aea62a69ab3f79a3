"""Which registered providers a run's workloads can use at all, and why the others are skipped.

A workload's ``[constraints]`` rule a provider out by its name (``allowed_providers``,
``excluded_providers``) or by its kind (``allowed_kinds``; every venue of a provider is of the
provider's kind, ``advisor.catalog.claims``). A provider that every workload of a run rules out
could only add offers evaluation would exclude, so its ``catalog`` is never called: its snapshot
is not read, its offers are not validated, and the recommendation's catalog says it was skipped
and why. Name and kind come from the registration (``BoundProvider``), so deciding runs no plugin
code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Skipped", "ruled_out_by", "usable_providers"]


@dataclass(frozen=True)
class Skipped:
    """A provider whose catalog the run did not ask for, and the constraints that rule it out."""

    provider: str
    plugin: str | None
    origin: str | None
    kind: str
    reason: str


def ruled_out_by(constraints: Any, name: str, kind: str) -> str | None:
    """The constraint of one workload that rules out a provider of this name and kind, or None."""
    if constraints.allowed_providers is not None and name not in constraints.allowed_providers:
        return "constraints.allowed_providers"
    if name in constraints.excluded_providers:
        return "constraints.excluded_providers"
    if constraints.allowed_kinds is not None and kind not in constraints.allowed_kinds:
        return f"constraints.allowed_kinds (kind '{kind}')"
    return None


def usable_providers(providers: Iterable[Any], workloads: Sequence[Any]) -> tuple[list[str], list[Skipped]]:
    """The names of the providers some workload can use, in the order given, and the skipped ones.

    ``workloads`` are ``LoadedWorkload`` records; with none, every provider is kept (nothing to go by).
    The reasons name constraints, not workloads, so runs of different workloads with the same
    constraints share one catalog (``advisor.inventory``).
    """
    kept: list[str] = []
    skipped: list[Skipped] = []
    for p in providers:
        why: dict[str, None] = {}
        for lw in workloads:
            constraint = ruled_out_by(lw.workload.constraints, p.name, p.kind)
            if constraint is None:
                break
            why[constraint] = None
        else:
            if workloads:
                whose = "the workload's" if len(workloads) == 1 else "every workload's"
                skipped.append(Skipped(p.name, getattr(p, "plugin", None), getattr(p, "origin", None), p.kind,
                                       f"ruled out by {whose} {'; '.join(why)}"))
                continue
        kept.append(p.name)
    return kept, skipped
