"""A provider's claims are checked, not trusted: the trust-bearing fields of its catalog.

Rules see a venue's certifications, tenancy and host trust; a plugin that could claim anything
there could win a hospital's PHI for an anonymous host. So, before anything else uses a catalog:

* a catalog dated after the wall clock (beyond a day of clock skew) is refused, and so is one
  whose ``catalog()`` claims ``live`` prices: only ``advisor prices refresh`` fetches live prices;
* a certification needs a source that is an http(s) URL (or, in the user's own files, the file)
  and a ``retrieved`` date not after the evaluation date, else it is dropped;
* a venue must be of its provider's kind; an anonymous-host venue, or any DePIN venue, cannot
  claim customer premises (tenancy or host trust) nor carry certifications, which attest a
  known operator's controls. Such a venue is refused.

Each refusal is a problem line that the caller prefixes with the provider and its plugin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from advisor.model.offers import Provenance, Venue

CLOCK_SKEW = timedelta(days=1)
SOURCE_URL = re.compile(r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(/\S*)?$")
PREMISES_TENANCY = frozenset({"customer_premises", "air_gapped"})
PREMISES_TRUST = frozenset({"customer", "provider_on_customer_premises"})


def catalog_refusal(provenance: Provenance, now: datetime, fetched_live: bool) -> str | None:
    """Why a whole catalog is refused, or None when its provenance is credible."""
    if provenance.as_of > now + CLOCK_SKEW:
        return (f"catalog dated {provenance.as_of.date().isoformat()}, after today "
                f"({now.date().isoformat()}); a price cannot come from the future: catalog refused")
    if provenance.source == "live" and not fetched_live:
        return "catalog() claims live prices, but live prices come only from 'advisor prices refresh': catalog refused"
    return None


def checked_venues(venues: Iterable[Venue], provider_kind: str, evaluation: date, problems: list[str],
                   user_supplied: bool = False) -> list[Venue]:
    """The venues whose claims hold, certifications pruned to the credible ones; a problem per refusal.

    ``user_supplied``: the catalog comes from the user's own files (source 'user', e.g. the sites
    file), where the organisation attests its own certifications: the source need not be a URL.
    """
    kept = []
    dropped_certs: dict[str, list[str]] = {}
    for venue in venues:
        why = _venue_refusal(venue, provider_kind)
        if why:
            problems.append(f"venue '{venue.id}' refused: {why}")
            continue
        good = tuple(c for c in venue.certifications if _credible(c.source, c.retrieved, evaluation, user_supplied))
        if len(good) != len(venue.certifications):
            for cert in venue.certifications:
                if cert not in good:
                    dropped_certs.setdefault(_cert_reason(cert.source, cert.retrieved, evaluation, user_supplied), []).append(f"{venue.id}:{cert.name}")
            venue = venue.model_copy(update={"certifications": good})
        kept.append(venue)
    for reason, names in sorted(dropped_certs.items()):
        shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
        problems.append(f"{len(names)} certification{'s' if len(names) != 1 else ''} ignored ({reason}): {shown}")
    return kept


def _venue_refusal(venue: Venue, provider_kind: str) -> str | None:
    if venue.kind != provider_kind:
        return f"kind '{venue.kind}' but its provider is a '{provider_kind}' provider"
    anonymous = venue.host_trust == "anonymous_host" or provider_kind == "depin"
    if not anonymous:
        return None
    if venue.tenancy in PREMISES_TENANCY:
        return f"an anonymous-host (DePIN) venue cannot claim tenancy '{venue.tenancy}'"
    if venue.host_trust in PREMISES_TRUST:
        return f"an anonymous-host (DePIN) venue cannot claim host_trust '{venue.host_trust}'"
    if venue.host_trust == "anonymous_host" and venue.certifications:
        names = ", ".join(sorted({c.name for c in venue.certifications}))
        return f"anonymous hosts cannot hold certifications ({names}): no operator is attested"
    return None


def _credible(source: str, retrieved: date, evaluation: date, user_supplied: bool) -> bool:
    return (user_supplied or bool(SOURCE_URL.match(source))) and retrieved <= evaluation


def _cert_reason(source: str, retrieved: date, evaluation: date, user_supplied: bool) -> str:
    if not user_supplied and not SOURCE_URL.match(source):
        return "source is not an http(s) URL"
    return f"retrieved {retrieved.isoformat()}, after the evaluation date {evaluation.isoformat()}"
