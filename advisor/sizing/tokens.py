"""Sizing a managed model API: no GPUs to fit, but a model to match and limits to respect.

An API offer serves the component when it serves the same catalog model, or one the component
lists in ``accept_models``; its context window and output cap must hold one request; its
published quota must carry the peak minute (else provisioned throughput is the way); its latency
(published, or an estimate with its source) meets the per-user speed SLO. Provisioned throughput
is sized in its own capacity units: enough units for the peak minute, never fewer than the minimum
deployment. Every difference that does not exclude (quantisation, an accepted substitute, an
unknown quota) is stated in the notes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from advisor.costing.tokens import token_demand
from advisor.model.offers import Offer, TokenTerms
from advisor.model.units import HOURS_PER_MONTH, SECONDS_PER_MONTH



@dataclass(frozen=True, eq=False)
class TokenUnit:
    """What an API offer sells: the model and terms, billed per token or as provisioned units."""

    terms: TokenTerms
    provisioned: bool

    @property
    def key(self) -> tuple[object, ...]:
        """What makes two API units the same, as ``UnitConfig.key`` does for machines."""
        return ("api", self.terms.model_dump_json(), self.provisioned)

    @property
    def label(self) -> str:
        return f"{self.terms.model} ({'provisioned ' + (self.terms.capacity_unit or 'unit') if self.provisioned else 'per token'})"


def token_unit(offer: Offer) -> TokenUnit | None:
    """The API unit an offer sells, or None when it sells machines."""
    if offer.tokens is None:
        return None
    return TokenUnit(offer.tokens, offer.billing == "provisioned")


def token_unit_key(offer_tokens: TokenTerms | None) -> tuple[Any, ...]:
    """Part of ``unit_key``: API offers with different terms never share a sizing."""
    return () if offer_tokens is None else ("api", offer_tokens.model_dump_json())


def _model_match(component: Any, terms: TokenTerms) -> tuple[str | None, list[str]]:
    """(why the API does not serve the component's model, notes)."""
    wanted = component.model_id
    if terms.serves == wanted:
        return None, []
    accepted = list(getattr(component, "accept_models", []) or [])
    if terms.serves in accepted:
        return None, [f"serves {terms.serves} ({terms.model}) in place of {wanted}: accepted by the component's accept_models"]
    hint = " (list it in accept_models to accept it)"
    return f"serves {terms.serves} ({terms.model}), not {wanted}{hint}", []


def size_token_unit(component: Any, unit: TokenUnit, model: Any = None) -> dict[str, Any]:
    """Sizing fields of one API unit for ``component`` (the keys ``size_grouped`` fills); ``model`` is the
    catalog model, read for its own context window."""
    terms = unit.terms
    if getattr(component, "kind", None) not in ("inference", "batch-inference"):
        return {"feasible": False, "reason": "a managed model API serves inference only (no training or fine-tuning here)"}
    why, notes = _model_match(component, terms)
    if why:
        return {"feasible": False, "reason": why}
    if terms.quantisation and terms.quantisation != component.precision:
        notes.append(f"served as {terms.quantisation} where the component asks {component.precision}: "
                     "quality may differ from the self-hosted model")
    d = token_demand(component)
    if terms.context_tokens is not None and d.context_tokens_per_request > terms.context_tokens:
        return {"feasible": False, "reason": f"a request needs {d.context_tokens_per_request:,.0f} tokens of context; "
                f"{terms.model} accepts {terms.context_tokens:,}"}
    if terms.max_output_tokens is not None and d.output_tokens_per_request > terms.max_output_tokens:
        return {"feasible": False, "reason": f"a request produces {d.output_tokens_per_request:,.0f} output tokens "
                f"(reasoning included); {terms.model} returns at most {terms.max_output_tokens:,}"}
    native = getattr(model, "max_context", None)
    if terms.context_tokens is not None and native and terms.context_tokens < native and terms.serves == component.model_id:
        notes.append(f"{terms.model} accepts {terms.context_tokens:,} tokens of context where {component.model_id} "
                     f"itself takes {native:,}")
    if terms.context_tokens is None:
        notes.append(f"context window of {terms.model} not published here: check it holds "
                     f"{d.context_tokens_per_request:,.0f} tokens per request")
    slo = getattr(getattr(component, "slo", None), "tokens_per_second_per_user", None)
    speed = terms.output_tokens_per_second
    if slo is not None and speed is not None and speed < slo:
        return {"feasible": False, "reason": f"{terms.model} streams {speed:g} tokens/s per request, below the SLO "
                f"of {slo:g} tokens/s per user ({terms.latency_source or 'no source'})"}
    if terms.latency_source:
        notes.append(f"latency of {terms.model}: {terms.latency_source}")
    fields: dict[str, Any] = {"feasible": True, "reason": None, "ttft_ms": terms.ttft_ms,
                              "tpot_ms": None if speed is None else 1000.0 / speed,
                              "energy_kwh_per_month": None, "efficiency": {}, "memory_gb": {}}
    if unit.provisioned:
        return {**fields, **_provisioned(terms, d, notes, component)}
    return {**fields, **_per_token(terms, d, notes, component)}


def _per_token(terms: TokenTerms, d: Any, notes: list[str], component: Any) -> dict[str, Any]:
    source = f" ({terms.limits_source})" if terms.limits_source else ""
    for what, peak, quota in (("tokens", d.peak_tokens_per_minute, terms.tokens_per_minute),
                              ("requests", d.peak_requests_per_minute, terms.requests_per_minute)):
        if quota is None:
            notes.append(f"no published {what}-per-minute quota for {terms.model}: peak {peak:,.0f} {what}/min unchecked")
        elif peak > quota:
            return {"feasible": False, "reason": f"peak {peak:,.0f} {what}/min exceeds the {quota:,} {what}/min quota of "
                    f"{terms.model}{source}: ask for a quota increase or use provisioned throughput"}
    share = None if terms.tokens_per_minute is None else d.peak_tokens_per_minute / terms.tokens_per_minute
    if share is not None:
        notes.append(f"peak {d.peak_tokens_per_minute:,.0f} tokens/min is {share:.0%} of the "
                     f"{terms.tokens_per_minute:,} tokens/min quota{source}")
    return {"units": 1, "replicas": 1, "unit_hours_per_month": HOURS_PER_MONTH * float(component.duty),
            "utilisation": 0.0 if share is None else min(1.0, share / float(component.peak_to_average)),
            "notes": tuple(notes)}


def _provisioned(terms: TokenTerms, d: Any, notes: list[str], component: Any) -> dict[str, Any]:
    if terms.tokens_per_minute is None:
        return {"feasible": False, "reason": f"no published throughput per {terms.capacity_unit or 'unit'} of "
                f"{terms.model}: cannot size provisioned throughput"}
    weight = terms.output_token_weight
    weighted = (d.input_tokens + weight * d.output_tokens) / d.total_tokens  # counted tokens per token sent
    peak = d.peak_tokens_per_minute * weighted
    needed = max(terms.min_units, math.ceil(peak / terms.tokens_per_minute))
    step = terms.unit_increment  # Azure PTU: 15 then steps of 5; a deployment of 17 is not sold
    needed = terms.min_units + math.ceil((needed - terms.min_units) / step) * step
    capacity = needed * terms.tokens_per_minute
    average = d.total_tokens * weighted / (SECONDS_PER_MONTH / 60 * float(component.duty))
    counted = f" (an output token counts as {weight:g})" if weight != 1 else ""
    notes.append(f"{needed} × {terms.capacity_unit or 'unit'} of {terms.tokens_per_minute:,} tokens/min each "
                 f"for a peak of {peak:,.0f} tokens/min{counted}"
                 + (f" (minimum deployment {terms.min_units})" if needed == terms.min_units and terms.min_units > 1 else "")
                 + (f" (sold in steps of {step})" if step > 1 and needed > terms.min_units else "")
                 + (f"; {terms.limits_source}" if terms.limits_source else ""))
    return {"units": needed, "replicas": needed, "unit_hours_per_month": needed * HOURS_PER_MONTH,
            "utilisation": min(1.0, average / capacity), "notes": tuple(notes),
            "output_tokens_per_second_per_replica": terms.tokens_per_minute / 60.0 * d.output_tokens / (d.total_tokens * weighted)}
