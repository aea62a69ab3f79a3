"""What one (venue, sized unit) pair gives every offer selling that unit there: latency, the SLO
check, privacy, carbon, and the candidate fields they share. Asked once per pair, not per offer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from advisor.criteria.carbon import carbon_kg
from advisor.criteria.latency import component_latency
from advisor.model.offers import Venue
from advisor.model.recommendation import Latency
from advisor.criteria.privacy import privacy_level
from advisor.model.records import Sizing, Verdict
from advisor.model.workload import InferenceComponent, TrainingComponent

if TYPE_CHECKING:
    from advisor.sizing import Sizings

__all__ = ["PUBLIC_PRIVACY_NOTE", "Pair", "PairColumns", "PairMemo", "PerPair", "evidence_owed", "scored_latency", "static_fields"]

PUBLIC_PRIVACY_NOTE = (
    "public data only: the privacy criterion scores every venue in full, so it does not steer this component"
)


@dataclass(slots=True)
class Pair:
    """What one (venue, sized unit) gives every offer selling that unit there (shared by every
    evaluation that asks about the same pairs: ``PairColumns``; never changed once made)."""

    venue: Venue
    latency: Latency
    slo_miss: str | None
    privacy: tuple[int, list[str]]
    carbon: float | None
    carbon_notes: list[str]
    units: int = 1
    """Units provisioned (at least one), as the candidate states them."""


@dataclass(frozen=True)
class PairColumns:
    """The (venue, sized unit) pairs of an evaluation and the figures scoring reads from them, one entry
    per pair: built once per distinct (sizing table, users, SLO, pairs) and shared by every evaluation
    asking the same, so a portfolio's components do not each walk their hundreds of pairs."""

    pairs: list[Pair]
    venue: np.ndarray
    """The venue code (``OfferColumns.venue_ids``) of each pair."""
    missed: np.ndarray
    """Whether the pair misses the SLO (its offers are excluded as 'slo')."""
    latency: np.ndarray
    """The scored latency (``scored_latency``); NaN when unknown."""
    privacy: np.ndarray
    """The venue's privacy level."""
    carbon: np.ndarray
    """Carbon kg per month; NaN when unknown."""
    key: tuple[Any, ...] = ()
    """What the columns were built for: evaluations whose pairs have equal keys see the same figures."""


def static_fields(key: str, workload: str, venue: Venue, verdict: Verdict, units: int, pair: Pair,
                  component: InferenceComponent | TrainingComponent, public_only: bool) -> dict[str, Any]:
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


def scored_latency(latency: Latency) -> float | None:
    """The latency figure scored: time to first token with the round trip, else the round trip."""
    return latency.total_ms if latency.total_ms is not None else latency.network_rtt_ms


def evidence_owed(verdict: Verdict) -> int:
    """Requirements the verdict names that the venue has not shown it meets."""
    return sum(1 for f in verdict.findings if f.requirement and f.status != "pass")


PairFigures = tuple[Latency, str | None, tuple[int, list[str]], float | None, list[str]]
"""(latency, SLO miss, privacy level and notes, carbon kg per month, carbon notes) of one pair."""

UsersKey = tuple[tuple[str, float, str], ...]
"""Each user group's (metro, share, access): the users a latency is computed for."""
PairKey = tuple[int, int, str, UsersKey, float | None, bool, float | None, float | None]
"""(sizing table handle, slot, venue id, users, TTFT SLO, government regime, answer tokens, answer SLO)."""
LatencyKey = tuple[UsersKey, str, float | None, float | None]
"""(users, venue id, model TTFT, model TPOT): what a pair's latency depends on."""


@dataclass
class PairMemo:
    """What the pairs of one run answer once for every component: per (sizing, unit, venue, users, SLO)
    the pair's figures, per (users, venue, TTFT, TPOT) the latency, per venue its privacy level."""

    pairs: dict[PairKey, Pair] = field(default_factory=dict)
    columns: dict[tuple[Any, ...], PairColumns] = field(default_factory=dict)
    latency: dict[LatencyKey, Latency] = field(default_factory=dict)
    privacy: dict[tuple[str, bool], tuple[int, list[str]]] = field(default_factory=dict)


class PerPair:
    """Latency, SLO check, privacy and carbon per (venue, unit): the same for every offer of the pair."""

    def __init__(self, component: InferenceComponent | TrainingComponent, memo: PairMemo,
                 government_regime: bool = False) -> None:
        self.government_regime = government_regime
        self.users = list(getattr(component, "users", []))
        self.users_key: UsersKey = tuple((u.metro, u.share, u.access) for u in self.users)
        self.memo = memo
        self.slo_ttft = getattr(getattr(component, "slo", None), "ttft_ms_p95", None)
        self.slo_answer = getattr(getattr(component, "slo", None), "answer_ms_p95", None)
        multiplier = float(getattr(component, "reasoning_multiplier", 1.0) or 1.0)
        per_answer = getattr(component, "output_tokens_per_request", None)
        self.answer_tokens = per_answer * multiplier if per_answer and (multiplier > 1 or self.slo_answer) else None
        """Tokens generated per answer, reasoning included: set when the time to the answer matters."""
        self._owed: dict[str, int] = {}

    def pair(self, venue: Venue, slot: int, sizings: Sizings) -> Pair:
        """One (venue, sized unit) pair; components sharing a sizing table, users and SLO share it."""
        sk: PairKey = (sizings.handle, slot, venue.id, self.users_key, self.slo_ttft, self.government_regime, self.answer_tokens,
              self.slo_answer)
        found = self.memo.pairs.get(sk)
        if found is None:
            latency, miss, privacy, carbon, notes = self._core(venue, sizings.template(slot))
            found = self.memo.pairs[sk] = Pair(venue, latency, miss, privacy, carbon, notes,
                                               units=max(1, sizings.per_unit[slot]["units"]))
        return found

    def columns(self, codes: np.ndarray, n_slots: int, venue_ids: Sequence[str], venues: Mapping[str, Venue],
                sizings: Sizings) -> PairColumns:
        """The pairs ``codes`` (venue code x ``n_slots`` + slot, increasing) as columns; components sharing
        a sizing table, users and SLO that reach the same pairs share them."""
        key = (sizings.handle, self.users_key, self.slo_ttft, self.government_regime, self.answer_tokens,
               self.slo_answer, n_slots, codes.tobytes())
        found = self.memo.columns.get(key)
        if found is None:
            pairs = [self.pair(venues[venue_ids[d // n_slots]], d % n_slots, sizings) for d in codes.tolist()]
            nan = float("nan")
            found = self.memo.columns[key] = PairColumns(
                pairs, codes // n_slots, np.array([p.slo_miss is not None for p in pairs], dtype=bool),
                np.array([nan if (ms := scored_latency(p.latency)) is None else ms for p in pairs], dtype=float),
                np.array([p.privacy[0] for p in pairs], dtype=float),
                np.array([nan if p.carbon is None else p.carbon for p in pairs], dtype=float), key)
        return found

    def _core(self, venue: Venue, sizing: Sizing) -> PairFigures:
        lk: LatencyKey = (self.users_key, venue.id, sizing.ttft_ms, sizing.tpot_ms)
        latency = self.memo.latency.get(lk)
        if latency is None:
            latency = self.memo.latency[lk] = component_latency(self.users, venue, sizing.ttft_ms, sizing.tpot_ms)
        pk = (venue.id, self.government_regime)
        privacy = self.memo.privacy.get(pk)
        if privacy is None:
            privacy = self.memo.privacy[pk] = privacy_level(venue, self.government_regime)
        miss = None
        if self.slo_ttft is not None and latency.total_ms is not None and latency.total_ms > self.slo_ttft:
            miss = (f"time to first token {latency.total_ms:.0f} ms (model {latency.ttft_ms:.0f} ms + network "
                    f"p95 {latency.network_rtt_ms or 0:.0f} ms) exceeds the SLO of {self.slo_ttft:g} ms")
        if self.answer_tokens and latency.total_ms is not None and latency.tpot_ms is not None:
            answer_ms = latency.total_ms + self.answer_tokens * latency.tpot_ms
            latency = latency.model_copy(update={"answer_ms": answer_ms})
            if miss is None and self.slo_answer is not None and answer_ms > self.slo_answer:
                miss = (f"time to the final answer {answer_ms / 1000:,.1f} s ({latency.total_ms:.0f} ms to the "
                        f"first token + {self.answer_tokens:,.0f} generated tokens, reasoning included, at "
                        f"{latency.tpot_ms:.1f} ms each) exceeds the SLO of {self.slo_answer / 1000:,.1f} s")
        carbon, notes = carbon_kg(sizing, venue)
        return latency, miss, privacy, carbon, notes

    def owed(self, venue_id: str, verdict: Verdict) -> int:
        """Evidence the venue's verdict still owes (one verdict per venue for this component)."""
        n = self._owed.get(venue_id)
        if n is None:
            n = self._owed[venue_id] = evidence_owed(verdict)
        return n
