"""p95 latency under load: queueing for a free sequence slot and for the prefill, and the decode
stalls that other requests' prefills cause (capacity model §10, docs/capacity-model.md "p95").

Approximations, stated so a reviewer can check them:

- **Slots (M/D/c).** A replica runs at most B sequences; a request that finds them all busy waits.
  Arrivals are Poisson, each request holds a slot for a near-constant time S (prefill + O steps).
  The probability of waiting is Erlang C(c = B, a = λS) (exact to 64 slots, the Halfin-Whitt limit
  above); the wait of an M/D/c queue is about half
  that of M/M/c (Cosmetatos), whose tail is exponential with rate c/S − λ. So the p95 wait is
  ln(C / 0.05) / (2 (c/S − λ)) when C > 5 %, else 0.
- **Prefill (M/D/1).** Prompts are prefilled one after another on the replica: the same formula
  with c = 1 and S = t_prefill.
- **Decode stalls.** While a request decodes O tokens, other requests' prompts arrive at rate λ;
  their count is Poisson with mean m = λ·O·t_step: p95 is 0 while 1 − e^−m < 5 %, else
  max(1, m + 1.645·√m). Each adds its prefill to
  the request's decode time: the full prefill for engines without chunked prefill, its compute
  part only with chunked prefill (the weights are read for the decode batch anyway).
"""

from __future__ import annotations

import math

import numpy as np

from advisor.sizing.roofline import Array, Counts

P95_TAIL = 0.05
Z95 = 1.645


EXACT_UP_TO = 64
_erf = np.frompyfunc(math.erf, 1, 1)


def erlang_c(servers: Array | Counts, offered: Array) -> Array:
    """P(wait) of an M/M/c queue with ``servers`` c and offered load a = λS: exact (Erlang B recurrence)
    up to 64 servers, the Halfin-Whitt limit 1 / (1 + β·Φ(β)/φ(β)), β = (1 − ρ)·√c, above (within a
    few per cent of exact there, and what matters is whether it is above 5 %).

    The recurrence runs over the rows still below their c only (rows sorted by c, so those are a tail
    of the sorted rows: a slice, no mask), and the limit over rows above 64 only: the same IEEE
    operations on each value as a masked pass over every row, at a fraction of the cost (sizing calls
    this for every utilisation and batch it tries)."""
    c = np.maximum(np.asarray(servers, dtype=float), 1.0)
    a = np.asarray(offered, dtype=float)
    c, a = np.broadcast_arrays(c, a)
    rho = np.minimum(a / c, 1.0)
    small = c <= EXACT_UP_TO
    b = np.ones(a.shape)
    rows = np.flatnonzero(small)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if rows.size:
            order = rows[np.argsort(c.ravel()[rows], kind="stable")]
            cs, xs = c.ravel()[order], a.ravel()[order]
            bs = np.ones(order.size)
            # rows with k <= c, for k = 1, 2, ...: the tail of the rows sorted by c from this index
            for k, first in enumerate(np.searchsorted(cs, np.arange(1, int(cs[-1]) + 1)).tolist(), start=1):
                t = xs[first:] * bs[first:]
                bs[first:] = t / (k + t)
            b.ravel()[order] = bs
        out = b / (1.0 - rho * (1.0 - b))
        large = ~small
        if large.any():
            beta = (1.0 - rho[large]) * np.sqrt(c[large])
            cdf = 0.5 * (1.0 + _erf(beta / math.sqrt(2.0)).astype(float))
            pdf = np.exp(-0.5 * beta**2) / math.sqrt(2.0 * math.pi)
            out[large] = 1.0 / (1.0 + beta * cdf / pdf)
    return np.where(rho >= 1.0, 1.0, np.clip(np.nan_to_num(out, nan=1.0), 0.0, 1.0))


def wait_p95(servers: Array | Counts, service_s: Array, arrivals_per_s: Array) -> Array:
    """p95 of the wait for one of ``servers`` slots, M/D/c (half the M/M/c decay time); inf if saturated."""
    c = np.maximum(np.asarray(servers, dtype=float), 1.0)
    s = np.asarray(service_s, dtype=float)
    lam = np.asarray(arrivals_per_s, dtype=float)
    slack = c / s - lam
    pw = erlang_c(c, lam * s)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.log(np.maximum(pw, 1e-300) / P95_TAIL) / (2.0 * slack)
    return np.where(slack <= 0, np.inf, np.where(pw > P95_TAIL, t, 0.0))


def stall_count_p95(arrivals_per_s: Array, decode_s: Array) -> Array:
    """p95 of the number of other requests' prefills during one request's decode (Poisson): none
    while P(at least one) = 1 − e^−m stays under 5 %, else at least one, m + 1.645·√m for larger m."""
    mean = np.asarray(arrivals_per_s, dtype=float) * np.asarray(decode_s, dtype=float)
    return np.where(mean < -np.log(1 - P95_TAIL), 0.0, np.maximum(1.0, mean + Z95 * np.sqrt(mean)))
