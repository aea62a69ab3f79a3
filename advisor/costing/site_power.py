"""Site power of a provider-managed device on the customer's premises (Outposts, Azure Stack Edge, GDC):
the subscription pays for the device, the site pays for its electricity.

The energy is the sizing's, the figure the carbon criterion uses (the devices' idle and busy watts at the
component's utilisation), times the venue's PUE and the site's electricity price. A venue that states no
electricity price is one whose price includes power (every cloud region): nothing is added there.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.criteria.carbon import DEFAULT_PUE, DEFAULT_PUE_SOURCE
from advisor.model.offers import Offer, Venue
from advisor.model.records import Sizing

__all__ = ["SitePower", "site_power"]


@dataclass(frozen=True)
class SitePower:
    usd_per_month: float | None
    """None: the device's power is unknown, so it is left out of the figure (``words`` says so)."""
    words: str


def site_power(offer: Offer, sizing: Sizing, venue: Venue | None) -> SitePower | None:
    """The site's electricity for a subscription on the customer's premises; None where the price includes it."""
    if offer.billing != "subscription" or venue is None or venue.electricity_usd_per_kwh is None:
        return None
    price = venue.electricity_usd_per_kwh
    if sizing.energy_kwh_per_month is None:
        return SitePower(None, f"the site's power for {offer.sku} NOT included: no power figure for this hardware")
    pue = DEFAULT_PUE if venue.pue is None else venue.pue
    kwh = sizing.energy_kwh_per_month
    usd = kwh * pue * price
    note = venue.attributes.get("electricity_note")
    source = f" ({note})" if isinstance(note, str) and note else ""
    assumed = f" (assumed: {DEFAULT_PUE_SOURCE})" if venue.pue is None else ""
    return SitePower(usd, f"site power {kwh:,.1f} kWh × PUE {pue:g}{assumed} × ${price:g}/kWh{source} = ${usd:,.2f}")
