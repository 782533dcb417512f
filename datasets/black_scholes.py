"""Black-Scholes prices, greeks and implied volatility on numpy arrays (European, no dividends).

D06 prices its options with these functions and stores the implied volatility solved from the
stored quotes, so a learner's own solver reproduces ``iv`` from the table alone. Time is in years
(ACT/365), rates are continuously compounded, ``cp`` is +1 for calls and -1 for puts.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

IV_MAX = 5.0
"""Upper end of the implied-volatility search (500 %): prices above BS(IV_MAX) have no iv."""
BISECTIONS = 26
"""Bisection steps on [0, IV_MAX]: a bracket of 5 / 2**26 ~ 7e-8 around the root."""
NEWTON_STEPS = 3
"""Newton steps after the bisection (each one squares the error)."""


def _d1_d2(s, k, t, r, sigma):
    vol_t = sigma * np.sqrt(t)
    with np.errstate(divide="ignore", invalid="ignore"):
        d1 = (np.log(s / k) + (r + 0.5 * sigma * sigma) * t) / vol_t
    return d1, d1 - vol_t


def price(s, k, t, r, sigma, cp) -> np.ndarray:
    """Black-Scholes price; sigma = 0 gives the discounted intrinsic value (the lower bound)."""
    s, k, t, r, sigma, cp = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (s, k, t, r, sigma, cp)))
    d1, d2 = _d1_d2(s, k, t, r, sigma)
    disc_k = k * np.exp(-r * t)
    value = cp * (s * ndtr(cp * d1) - disc_k * ndtr(cp * d2))
    return np.where(sigma > 0, value, lower_bound(s, k, t, r, cp))


def lower_bound(s, k, t, r, cp) -> np.ndarray:
    """No-arbitrage lower bound of a European option: max(cp * (S - K e^{-rT}), 0)."""
    return np.maximum(cp * (s - k * np.exp(-r * t)), 0.0)


def _raw_price(s, k, t, r, sigma, cp):
    """Black-Scholes price for sigma > 0 (no broadcasting or bound checks: the solver's inner loop)."""
    vol_t = sigma * np.sqrt(t)
    d1 = (np.log(s / k) + (r + 0.5 * sigma * sigma) * t) / vol_t
    return cp * (s * ndtr(cp * d1) - k * np.exp(-r * t) * ndtr(cp * (d1 - vol_t)))


def implied_vol(mid, s, k, t, r, cp) -> np.ndarray:
    """Volatility that prices ``mid``; NaN when mid <= the lower bound or mid >= BS(IV_MAX), where no
    volatility reproduces the price. Bisection on [0, IV_MAX] brackets the root, Newton steps kept
    inside the bracket polish it (to ~1e-12 wherever vega is not vanishingly small)."""
    mid, s, k, t, r, cp = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (mid, s, k, t, r, cp)))
    lo = np.zeros_like(mid)
    hi = np.full_like(mid, IV_MAX)
    solvable = (mid > lower_bound(s, k, t, r, cp)) & (mid < _raw_price(s, k, t, r, hi, cp))
    for _ in range(BISECTIONS):
        half = 0.5 * (lo + hi)
        too_low = _raw_price(s, k, t, r, half, cp) < mid
        lo = np.where(too_low, half, lo)
        hi = np.where(too_low, hi, half)
    sigma = 0.5 * (lo + hi)
    for _ in range(NEWTON_STEPS):
        vol_t = sigma * np.sqrt(t)
        d1 = (np.log(s / k) + (r + 0.5 * sigma * sigma) * t) / vol_t
        vega = s * np.exp(-0.5 * d1 * d1) / np.sqrt(2 * np.pi) * np.sqrt(t)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = (_raw_price(s, k, t, r, sigma, cp) - mid) / vega
        sigma = np.clip(np.where(np.isfinite(step), sigma - step, sigma), lo, hi)
    return np.where(solvable, sigma, np.nan)


def greeks(s, k, t, r, sigma, cp) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(delta, gamma, vega per 1 vol point = 0.01 of sigma); NaN where sigma is NaN."""
    d1, _ = _d1_d2(s, k, t, r, sigma)
    pdf = np.exp(-0.5 * d1 * d1) / np.sqrt(2 * np.pi)
    delta = np.where(cp > 0, ndtr(d1), ndtr(d1) - 1.0)
    gamma = pdf / (s * sigma * np.sqrt(t))
    vega = s * pdf * np.sqrt(t) / 100.0
    return delta, gamma, vega
