"""The provider contract as checks that report, never crash: each breach names its clause and item.

Clauses: ``catalog`` (shape and identity), ``venues`` (facts the rules read), ``offers`` (valid,
unique, placed at a known venue), ``prices`` (never $0), ``provenance`` (source, as_of, reference),
``offline`` (``catalog()`` opens no connection), ``deterministic`` (same answer twice).
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from advisor.model.offers import Offer, OfferQuery, ProviderCatalog, StreamedCatalog, Venue, VenueKind
from advisor.testing.network import block_network

CLAUSES = ("catalog", "venues", "offers", "prices", "provenance", "offline", "deterministic", "refresh")
#: Facts the rules cannot do without: a venue lacking one is a breach.
REQUIRED_VENUE_FACTS = ("country", "metro", "host_trust", "tenancy")
#: Facts the rules read and report UNKNOWN when None (a warning; a failure in strict mode). Unknown
#: coordinates make latency unknown, which is honest; a made-up 0,0 is a failure.
EXPECTED_VENUE_FACTS = ("latitude", "longitude", "operator_jurisdiction", "supports_log_export", "pue", "grid_kgco2e_per_kwh")
#: The certification names the rule packs match (brief: shared vocabulary).
CERTIFICATION_NAMES = frozenset(
    "hipaa_baa soc2 iso27001 iso27017 iso27018 pci_dss fedramp_moderate fedramp_high dod_il4 dod_il5 "
    "c5 itar csa_star irap ismap hds ens_high".split()
)
OFFLINE_SOURCES = ("snapshot", "user")
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Breach:
    clause: str
    message: str

    def __str__(self) -> str:
        return f"[{self.clause}] {self.message}"


@dataclass
class ContractReport:
    """What one provider's catalog did against the contract."""

    provider: str
    breaches: list[Breach] = field(default_factory=list)
    warnings: list[Breach] = field(default_factory=list)

    def add(self, clause: str, message: str) -> None:
        self.breaches.append(Breach(clause, message))

    def warn(self, clause: str, message: str) -> None:
        self.warnings.append(Breach(clause, message))

    def failures(self, strict: bool = False, clauses: Iterable[str] | None = None) -> list[str]:
        """Breaches (and warnings when strict) as messages, limited to ``clauses`` when given."""
        wanted = set(clauses) if clauses is not None else None
        found = self.breaches + (self.warnings if strict else [])
        return [str(b) for b in found if wanted is None or b.clause in wanted]


def call_with_timeout(fn: Callable[[], Any], timeout_s: float) -> tuple[str, Any]:
    """("ok", value), ("raised", exc) or ("hung", None): a hanging provider must not hang the suite."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["ok"] = fn()
        except BaseException as exc:  # report anything a garbage provider throws
            box["raised"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        return "hung", None
    return ("ok", box["ok"]) if "ok" in box else ("raised", box["raised"])


def _as_dict(item: Any) -> dict[str, Any] | None:
    """The fields of a record even when it was built with ``model_construct`` and is incomplete."""
    if isinstance(item, BaseModel):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return item.model_dump()
            except Exception:
                return dict(item.__dict__)
    return dict(item) if isinstance(item, dict) else None


def _errors(exc: ValidationError, skip: Iterable[str] = ()) -> str:
    skipped = set(skip)
    parts = [
        f"{'.'.join(map(str, e['loc'])) or '?'}: {e['msg']}"
        for e in exc.errors()
        if not (e["loc"] and str(e["loc"][0]) in skipped)
    ]
    return "; ".join(parts)


def _check_identity(report: ContractReport, provider: Any) -> None:
    name = getattr(provider, "name", None)
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        report.add("catalog", f"provider name {name!r} must be lower-case letters, digits, '-' or '_'")
    kind = getattr(provider, "kind", None)
    if kind not in get_args(VenueKind):
        report.add("catalog", f"provider kind {kind!r} is not one of {', '.join(get_args(VenueKind))}")


def _check_venues(report: ContractReport, name: str, kind: Any, venues: Iterable[Any]) -> set[str]:
    """Breaches of each venue; returns every declared venue id, valid or not (offers may point at them)."""
    valid: dict[str, Venue] = {}
    declared: set[str] = set()
    for raw in venues:
        data = _as_dict(raw)
        vid = (data or {}).get("id") or "?"
        if data is None:
            report.add("venues", f"venue {raw!r}: not a Venue")
            continue
        declared.add(str(vid))
        missing = [f for f in REQUIRED_VENUE_FACTS if data.get(f) in (None, "")]
        if missing:
            report.add("venues", f"venue {vid}: missing {', '.join(missing)} (the rules need them)")
        try:
            venue = Venue.model_validate(data)
        except ValidationError as exc:
            detail = _errors(exc, skip=missing)
            if detail:
                report.add("venues", f"venue {vid}: invalid: {detail}")
            continue
        if venue.id in valid:
            report.add("venues", f"venue {venue.id}: duplicate id")
        valid[venue.id] = venue
        if venue.provider != name:
            report.add("venues", f"venue {venue.id}: provider '{venue.provider}' is not '{name}'")
        prefixes = (f"{name}:", "edge:") if venue.kind == "edge" else (f"{name}:",)
        if not venue.id.startswith(prefixes):
            report.add("venues", f"venue {venue.id}: id must be '{name}:<region>'" + (" or 'edge:<product>:<site>'" if venue.kind == "edge" else ""))
        if (venue.latitude, venue.longitude) == (0.0, 0.0):
            report.add("venues", f"venue {venue.id}: coordinates 0,0, a placeholder: latency would be measured "
                       "from the Gulf of Guinea")
        if venue.kind != kind:
            report.warn("venues", f"venue {venue.id}: kind '{venue.kind}' differs from the provider's '{kind}'")
        located = ("latitude", "longitude") if venue.serving_sites else ()  # an API's serving sites place it
        unknown = [f for f in EXPECTED_VENUE_FACTS if getattr(venue, f) is None and f not in located]
        if unknown:
            report.warn("venues", f"venue {venue.id}: {', '.join(unknown)} unknown (rules will report UNKNOWN)")
        for cert in venue.certifications:
            if not cert.source.strip():
                report.add("venues", f"venue {venue.id}: certification {cert.name} has no source")
            if cert.name not in CERTIFICATION_NAMES:
                report.warn("venues", f"venue {venue.id}: certification '{cert.name}' is not a name the rules match")
    return declared


def _decimal(value: Any) -> Decimal | None:
    try:
        return None if value is None else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _check_prices(report: ContractReport, oid: str, data: dict[str, Any]) -> set[str]:
    """$0 prices, reported by name; returns the fields already reported."""
    reported: set[str] = set()
    for field_name in ("usd_per_hour", "monthly_usd"):
        value = _decimal(data.get(field_name))
        if value is not None and value <= 0:
            report.add("prices", f"offer {oid}: {field_name} is ${value}; an unknown price is None, never $0")
            reported.add(field_name)
    owned = data.get("owned") or {}
    capex = _decimal(owned.get("capex_usd")) if isinstance(owned, dict) else None
    if capex is not None and capex <= 0 and not owned.get("already_owned"):
        report.add("prices", f"offer {oid}: owned.capex_usd is $0 for hardware not yet owned; unknown is None")
        reported.add("owned")
    return reported


def _check_provenance(report: ContractReport, oid: str, data: dict[str, Any]) -> set[str]:
    prov = _as_dict(data.get("provenance")) or {}
    missing = [f for f in ("source", "as_of", "reference") if not str(prov.get(f) or "").strip()]
    if missing:
        report.add("provenance", f"offer {oid}: price without provenance {', '.join(missing)}")
        return {"provenance"}
    if prov["source"] not in OFFLINE_SOURCES:
        report.add("offline", f"offer {oid}: catalog() gave provenance source '{prov['source']}'; offline data is "
                   f"{' or '.join(OFFLINE_SOURCES)}")
    as_of = prov.get("as_of")
    if getattr(as_of, "tzinfo", 1) is None:
        report.warn("provenance", f"offer {oid}: provenance as_of has no time zone (use UTC)")
    return set()


def _check_offers(report: ContractReport, name: str, offers: Iterable[Any], venues: set[str]) -> None:
    seen: set[str] = set()
    for raw in offers:
        data = _as_dict(raw)
        if data is None:
            report.add("offers", f"offer {raw!r}: not an Offer")
            continue
        oid = str(data.get("id") or "?")
        reported = _check_prices(report, oid, data) | _check_provenance(report, oid, data)
        try:
            offer = Offer.model_validate(data)
        except ValidationError as exc:
            detail = _errors(exc, skip=reported)
            if detail:
                report.add("offers", f"offer {oid}: invalid: {detail}")
            continue
        if offer.id in seen:
            report.add("offers", f"offer {offer.id}: duplicate id")
        seen.add(offer.id)
        if offer.provider != name:
            report.add("offers", f"offer {offer.id}: provider '{offer.provider}' is not '{name}'")
        if offer.venue_id not in venues:
            report.add("offers", f"offer {offer.id}: venue '{offer.venue_id}' is not among the provider's venues")
        if not offer.id.startswith(f"{offer.venue_id}:"):
            report.add("offers", f"offer {offer.id}: id must start with its venue id '{offer.venue_id}:'")
        elif not offer.id.startswith(f"{offer.venue_id}:{offer.sku}:{offer.billing}"):
            report.warn("offers", f"offer {offer.id}: id differs from '<venue_id>:<sku>:<billing>' "
                        f"('{offer.venue_id}:{offer.sku}:{offer.billing}')")
        hw = offer.hardware
        if not hw.accelerator and not hw.cpu:
            report.warn("offers", f"offer {offer.id}: names neither an accelerator nor a cpu id, so it cannot be sized")
        if hw.accelerator and hw.accelerator_count <= 0:
            report.add("offers", f"offer {offer.id}: accelerator {hw.accelerator} with count {hw.accelerator_count}")


def _dump(catalog: Any) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return str(catalog.model_dump_json())
        except Exception:
            return repr(catalog)


def _differences(first: ProviderCatalog, second: Any) -> str:
    try:
        a = {o.id: _dump(o) for o in first.offers}
        b = {o.id: _dump(o) for o in second.offers}
    except Exception:
        return "the second answer is not comparable"
    changed = sorted(k for k in a.keys() & b.keys() if a[k] != b[k])
    added, removed = sorted(b.keys() - a.keys()), sorted(a.keys() - b.keys())
    parts = [f"{label}: {', '.join(ids[:3])}" for label, ids in (("changed", changed), ("added", added), ("removed", removed)) if ids]
    return "; ".join(parts) or "venues or catalog provenance differ"


def contract_report(provider: Any, query: OfferQuery | None = None, timeout_s: float = 60.0) -> ContractReport:
    """Run ``catalog()`` twice with the network blocked and report every breach of the contract."""
    query = query or OfferQuery()
    name = getattr(provider, "name", None)
    report = ContractReport(provider=str(name))
    _check_identity(report, provider)
    catalog_fn = getattr(provider, "catalog", None)
    if not callable(catalog_fn):
        report.add("catalog", "provider has no catalog() method")
        return report
    with block_network() as guard:
        outcome, first = call_with_timeout(lambda: catalog_fn(query), timeout_s)
        again, second = call_with_timeout(lambda: catalog_fn(query), timeout_s) if outcome == "ok" else ("skipped", None)
    for attempt in dict.fromkeys(guard.attempts):
        report.add("offline", f"catalog() opened a network connection: {attempt}")
    if outcome != "ok":
        what = f"did not return within {timeout_s:g}s" if outcome == "hung" else f"raised {first!r}"
        if not guard.attempts or outcome == "hung":
            report.add("catalog", f"catalog() {what}")
        return report
    try:  # a streamed catalog is checked as the catalog it streams
        first, second = (c.collected() if isinstance(c, StreamedCatalog) else c for c in (first, second))
    except Exception as exc:
        report.add("catalog", f"reading the streamed offers of catalog() raised {exc!r}")
        return report
    if not isinstance(first, ProviderCatalog):
        report.add("catalog", f"catalog() returned {type(first).__name__}, expected ProviderCatalog")
        return report
    if first.provider != name:
        report.add("catalog", f"catalog names provider '{first.provider}', the provider is '{name}'")
    venues = _check_venues(report, str(name), getattr(provider, "kind", None), first.venues)
    _check_offers(report, str(name), first.offers, venues)
    if not first.offers:
        report.warn("offers", "catalog() returned no offers for this query")
    if again != "ok":
        report.add("deterministic", f"the second catalog() call failed: {second!r}")
    elif _dump(second) != _dump(first):
        report.add("deterministic", f"catalog() is not deterministic: two calls differ ({_differences(first, second)})")
    return report
