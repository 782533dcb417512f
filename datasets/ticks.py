"""Venue tick schedules: the price increment in force at a given price level."""

from __future__ import annotations

import numpy as np

# (upper price bound, tick) per venue; the last bound is infinity.
_SCHEDULES: dict[str, tuple[tuple[float, float], ...]] = {
    "NXS": ((1.0, 0.0001), (np.inf, 0.01)),
    "HNX": (
        (2_000, 1),
        (5_000, 5),
        (20_000, 10),
        (50_000, 50),
        (200_000, 100),
        (500_000, 500),
        (np.inf, 1_000),
    ),
    "KYX": ((3_000, 1), (5_000, 5), (30_000, 10), (np.inf, 50)),
    "VHK": ((10, 0.01), (20, 0.02), (100, 0.05), (200, 0.10), (np.inf, 0.20)),
}


def tick_size(venue: str, price: float | np.ndarray) -> np.ndarray:
    """Tick in force at ``price`` on ``venue`` (vectorised)."""
    schedule = _SCHEDULES[venue]
    p = np.asarray(price, dtype=float)
    conds = [p < bound for bound, _ in schedule]
    return np.select(conds, [tick for _, tick in schedule], default=schedule[-1][1])


def round_to_tick(venue: str, price: np.ndarray, mode: str = "nearest") -> np.ndarray:
    """Round prices to the venue's tick grid, then to 4 dp so the stored double is exact-looking.

    ``mode`` is ``nearest``, ``up`` or ``down`` (limit prices round towards the previous close).
    """
    p = np.asarray(price, dtype=float)
    tick = tick_size(venue, p)
    q = p / tick
    steps = {"nearest": np.round, "up": lambda x: np.ceil(x - 1e-9), "down": lambda x: np.floor(x + 1e-9)}[
        mode
    ](q)
    return np.round(steps * tick, 4)


def round_half_away(values: np.ndarray, decimals: int) -> np.ndarray:
    """Round like SQL's ROUND (C's std::round: halves away from zero), not numpy's halves-to-even,
    so a learner's ``round(volume * vwap, 2)`` in DuckDB reproduces the stored value exactly."""
    scale = 10.0**decimals
    y = np.asarray(values, dtype=float) * scale
    whole = np.trunc(y)
    out = np.where(np.abs(y - whole) >= 0.5, whole + np.sign(y), whole)
    return out / scale
