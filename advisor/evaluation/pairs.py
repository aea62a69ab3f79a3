"""What one (venue, sized unit) pair gives every offer selling that unit there: latency, the SLO
check, privacy, carbon, and the candidate fields they share. Asked once per pair, not per offer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advisor.criteria.latency import component_latency
from advisor.model.offers import Venue
from advisor.criteria.privacy import privacy_level
from advisor.model.records import Sizing, Verdict

if TYPE_CHECKING:
    from advisor.evaluation.component import Shared
    from advisor.evaluation.evaluated import Pair
    from advisor.sizing import Sizings

__all__ = ["CONSERVATIVE_GRID_KG_PER_KWH", "CONSERVATIVE_GRID_SOURCE", "DEFAULT_PUE", "DEFAULT_PUE_SOURCE", "PerPair",
           "PUBLIC_PRIVACY_NOTE", "carbon_kg", "evidence_owed", "scored_latency", "static_fields"]

DEFAULT_PUE = 1.58
DEFAULT_PUE_SOURCE = "Uptime Institute industry average PUE 1.58 (2023), used where a venue gives none"
CONSERVATIVE_GRID_KG_PER_KWH = 0.76
CONSERVATIVE_GRID_SOURCE = (
    "the highest grid factor in Cloud Carbon Footprint's region table (ap-southeast-2), so an unknown "
    "location is never scored cleaner than a known one"
)
PUBLIC_PRIVACY_NOTE = (
    "public data only: the privacy criterion scores every venue in full, so it does not steer this component"
)


def carbon_kg(sizing: Sizing, venue: Venue) -> tuple[float | None, list[str]]:
    """Operational emissions: energy × PUE × grid factor (CCF method), and the assumptions made.

    A venue without a grid factor (an unknown DePIN location, a site that gives none) is charged the
    highest factor in the reference, so missing data never makes a venue look cleaner.
    """
    if sizing.energy_kwh_per_month is None:
        return None, ["carbon unknown: no power figure for this hardware"]
    notes = []
    pue = venue.pue
    if pue is None:
        pue = DEFAULT_PUE
        notes.append(f"PUE {DEFAULT_PUE} assumed ({DEFAULT_PUE_SOURCE})")
    grid = venue.grid_kgco2e_per_kwh
    if grid is None:
        grid = CONSERVATIVE_GRID_KG_PER_KWH
        notes.append(f"carbon is an estimate: grid factor unknown, {grid} kgCO2e/kWh assumed ({CONSERVATIVE_GRID_SOURCE})")
    return round(sizing.energy_kwh_per_month * pue * grid, 2), notes


def static_fields(key: str, workload: str, venue: Venue, verdict: Verdict, units: int, pair: Pair,
                  component: Any, public_only: bool) -> dict[str, Any]:
    """The candidate fields every offer of one (venue, sized unit) shares."""
    latency = pair.latency
    return {
        "component": key,
        "workload": workload,
        "venue_id": venue.id,
        "kind": venue.kind,
        "units": max(1, units),
        "network_rtt_ms": latency.network_rtt_ms,
        "ttft_ms": latency.ttft_ms,
        "tpot_ms": latency.tpot_ms,
        "latency_ms": scored_latency(latency),
        "slo_ttft_ms": getattr(getattr(component, "slo", None), "ttft_ms_p95", None),
        # public data has nothing to protect: every venue scores full privacy (its real level is still shown)
        "privacy_level": 6 if public_only else pair.privacy[0],
        "regulation_penalty": verdict.penalty,
        "evidence_owed": evidence_owed(verdict),
        "carbon_kg_per_month": pair.carbon,
        "critical": bool(getattr(component, "critical", False)),
    }


def scored_latency(latency: Any) -> float | None:
    """The latency figure scored: time to first token with the round trip, else the round trip."""
    return latency.total_ms if latency.total_ms is not None else latency.network_rtt_ms


def evidence_owed(verdict: Verdict) -> int:
    return sum(1 for f in verdict.findings if f.requirement and f.status != "pass")


class PerPair:
    """Latency, SLO check, privacy and carbon per (venue, unit): the same for every offer of the pair."""

    def __init__(self, component: Any, shared: Shared) -> None:
        self.users = list(getattr(component, "users", []))
        self.users_key = tuple((u.metro, u.share, u.access) for u in self.users)
        self.shared = shared
        self.slo_ttft = getattr(getattr(component, "slo", None), "ttft_ms_p95", None)
        self._owed: dict[int, int] = {}

    def core(self, venue: Venue, slot: int, sizings: Sizings) -> tuple:
        """(latency, SLO miss, privacy, carbon, carbon notes) of one pair; components sharing a sizing
        table, users and SLO share it."""
        sk = (id(sizings), slot, venue.id, self.users_key, self.slo_ttft)
        found = self.shared.pairs.get(sk)
        if found is None:
            found = self.shared.pairs[sk] = self._core(venue, sizings.template(slot))
        return found

    def _core(self, venue: Venue, sizing: Sizing) -> tuple:
        lk = (self.users_key, venue.id, sizing.ttft_ms, sizing.tpot_ms)
        latency = self.shared.latency.get(lk)
        if latency is None:
            latency = self.shared.latency[lk] = component_latency(self.users, venue, sizing.ttft_ms, sizing.tpot_ms)
        privacy = self.shared.privacy.get(venue.id)
        if privacy is None:
            privacy = self.shared.privacy[venue.id] = privacy_level(venue)
        miss = None
        if self.slo_ttft is not None and latency.total_ms is not None and latency.total_ms > self.slo_ttft:
            miss = (f"time to first token {latency.total_ms:.0f} ms (model {latency.ttft_ms:.0f} ms + network "
                    f"p95 {latency.network_rtt_ms or 0:.0f} ms) exceeds the SLO of {self.slo_ttft:g} ms")
        carbon, notes = carbon_kg(sizing, venue)
        return latency, miss, privacy, carbon, notes

    def owed(self, verdict: Verdict) -> int:
        n = self._owed.get(id(verdict))
        if n is None:
            n = self._owed[id(verdict)] = evidence_owed(verdict)
        return n
