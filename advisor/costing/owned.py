"""Total cost of owned hardware: the formulas of the tco reference §2–§5.

Everything here works per unit (one server) in float USD; ``cost_component`` multiplies by the
number of units and rounds. An owned unit costs nearly the same busy or idle (only power moves
with utilisation ``u``), which is why break-even utilisation and payback decide most comparisons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from advisor.costing.defaults import CAPITAL_METHODS, HOURS_PER_MONTH
from advisor.model.offers import OwnedTerms


@dataclass(frozen=True)
class OwnedMonthly:
    """One unit's monthly cost heads at one utilisation (tco §2)."""

    capital: float
    maintenance: float
    power: float
    colocation: float
    staff: float
    other: float

    @property
    def total(self) -> float:
        return self.capital + self.opex

    @property
    def opex(self) -> float:
        """Running cost: everything but capital (what payback is measured against)."""
        return self.maintenance + self.power + self.colocation + self.staff + self.other

    def scaled(self, units: float) -> OwnedMonthly:
        return OwnedMonthly(**{k: v * units for k, v in asdict(self).items()})


@dataclass(frozen=True)
class Payback:
    """Months to recover the purchase, or None with the reason when it never happens within life."""

    months: float | None
    status: str  # "immediate" | "within_life" | "never_within_life" | "never"
    uncapped_months: float | None = None

    def describe(self) -> str:
        if self.status == "immediate":
            return "immediate: the hardware is already owned"
        if self.status == "within_life":
            return f"{self.months:.1f} months"
        if self.status == "never_within_life":
            return f"never within life (≈ {self.uncapped_months:,.0f} months)"
        return "never: the alternative costs less than running the owned unit"


def monthly_rate(annual: float) -> float:
    """r_m = (1 + r)^(1/12) − 1."""
    rate: float = (1.0 + annual) ** (1.0 / 12.0) - 1.0  # a real root: the base is above zero
    return rate


def capital_recovery_factor(r_m: float, months: int) -> float:
    """CRF = r_m (1+r_m)^N / ((1+r_m)^N − 1); 1/N when the rate is zero."""
    if r_m == 0:
        return 1.0 / months
    growth = (1.0 + r_m) ** months
    return r_m * growth / (growth - 1.0)


def capex(terms: OwnedTerms) -> float:
    """Purchase price K that still has to be paid: 0 when already owned (sunk) or unknown."""
    if terms.already_owned or terms.capex_usd is None:
        return 0.0
    return float(terms.capex_usd)


def capital_per_month(terms: OwnedTerms, method: str = "straight_line") -> float:
    """(K − RV)/N straight-line, or K·CRF − RV·r_m/((1+r_m)^N − 1) as an annuity at the WACC."""
    if method not in CAPITAL_METHODS:
        raise ValueError(f"capital method must be one of {CAPITAL_METHODS}, got {method!r}")
    k = capex(terms)
    rv = k * terms.residual_fraction
    n = terms.life_months
    if method == "straight_line":
        return (k - rv) / n
    r_m = monthly_rate(terms.discount_rate_per_year)
    if r_m == 0:
        return (k - rv) / n
    return k * capital_recovery_factor(r_m, n) - rv * r_m / ((1.0 + r_m) ** n - 1.0)


def average_kw(terms: OwnedTerms, utilisation: float) -> float:
    """P_avg = P_idle + u (P_max − P_idle), in kW."""
    idle, peak = terms.it_watts_idle, terms.it_watts_max
    return (idle + utilisation * (peak - idle)) / 1000.0


def facility_per_month(terms: OwnedTerms, utilisation: float, hours: float = HOURS_PER_MONTH) -> tuple[float, float]:
    """(power, colocation) per month.

    A flat power bill wins when given. With a colocation rate, the contracted kW (P_max) is paid at
    that rate and metered energy at the electricity price without PUE (cooling is in the rate);
    otherwise energy is P_avg × H × PUE × price (owned data centre).
    """
    colo_rate = float(terms.colocation_usd_per_kw_month)
    colocation = terms.it_watts_max / 1000.0 * colo_rate
    if terms.power_usd_per_month is not None:
        return float(terms.power_usd_per_month), colocation
    kwh = average_kw(terms, utilisation) * hours
    pue = 1.0 if colo_rate > 0 else terms.pue
    return kwh * pue * float(terms.electricity_usd_per_kwh), colocation


def monthly_cost(
    terms: OwnedTerms, utilisation: float, method: str = "straight_line", hours: float = HOURS_PER_MONTH
) -> OwnedMonthly:
    """C_m(u) of one unit, by head."""
    power, colocation = facility_per_month(terms, utilisation, hours)
    maintenance_base = float(terms.capex_usd) if terms.capex_usd is not None else 0.0
    return OwnedMonthly(
        capital=capital_per_month(terms, method),
        maintenance=maintenance_base * terms.maintenance_fraction_per_year / 12.0,
        power=power,
        colocation=colocation,
        staff=terms.staff_fte_per_unit * float(terms.staff_usd_per_fte_year) / 12.0,
        other=float(terms.other_usd_per_month),
    )


def fixed_per_month(terms: OwnedTerms) -> float:
    """One unit's cost at zero utilisation: what it costs whether or not anything runs on it (a shared
    box's part paid once, advisor.placement.shared_boxes)."""
    return monthly_cost(terms, 0.0).total


def break_even_utilisation(owned_at: Callable[[float], float], alternative_at_full: float) -> float | None:
    """u* solving owned(u) = alternative_at_full × u (elastic cloud); None if owned never wins.

    ``alternative_at_full`` is what the elastic alternative would bill for the owned capacity kept
    busy all month (g·H·p in the reference). owned(u) rises only through power, so owned(u) − a·u
    falls monotonically and bisection finds the single root.
    """
    if alternative_at_full <= 0 or owned_at(1.0) > alternative_at_full:
        return None
    low, high = 0.0, 1.0
    for _ in range(60):
        mid = (low + high) / 2.0
        if owned_at(mid) > alternative_at_full * mid:
            low = mid
        else:
            high = mid
    return high


def payback(capex_total: float, alternative_monthly: float, opex_monthly: float, life_months: int) -> Payback:
    """K / (A − OpEx); "never" when the alternative is cheaper to run, "never within life" past N."""
    if capex_total <= 0:
        return Payback(0.0, "immediate", 0.0)
    saving = alternative_monthly - opex_monthly
    if saving <= 0:
        return Payback(None, "never")
    months = capex_total / saving
    if months > life_months:
        return Payback(None, "never_within_life", months)
    return Payback(months, "within_life", months)


def discount_factors(months: int, annual_rate: float) -> list[float]:
    """1/(1+r_m)^t for t = 1..months."""
    r_m = monthly_rate(annual_rate)
    return [(1.0 + r_m) ** -t for t in range(1, months + 1)]


def npv_stream(monthly: float, months: int, annual_rate: float, decline_per_year: float = 0.0) -> float:
    """Σ monthly·(1−δ)^(t/12) / (1+r_m)^t: a cloud bill whose price falls by δ a year."""
    factors = discount_factors(months, annual_rate)
    total: float = sum(monthly * (1.0 - decline_per_year) ** (t / 12.0) * f for t, f in enumerate(factors, start=1))
    return total


def npv_owned(
    capex_total: float, opex_monthly: float, residual_total: float, months: int, life_months: int, annual_rate: float
) -> float:
    """K + Σ OpEx_t/(1+r_m)^t − RV/(1+r_m)^T, with a fresh purchase at each end of life.

    When the horizon is not a whole number of lives, the last unit's straight-line book value at
    the horizon is recovered instead of RV.
    """
    r_m = monthly_rate(annual_rate)

    def at(t: float) -> float:
        factor: float = (1.0 + r_m) ** -t
        return factor

    total = npv_stream(opex_monthly, months, annual_rate)
    bought = 0
    while bought < months:
        total += capex_total * at(bought)
        end = bought + life_months
        if end <= months:
            total -= residual_total * at(end)
        else:
            used = (months - bought) / life_months
            book = capex_total - (capex_total - residual_total) * used
            total -= book * at(months)
        bought = end
    return total


def break_even_tokens_millions(owned_monthly: float, usd_per_million: float) -> float | None:
    """T* = C_m / p_api: million tokens a month above which the owned unit beats a per-token API."""
    return owned_monthly / usd_per_million if usd_per_million > 0 else None
