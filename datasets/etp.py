"""Leveraged and inverse funds: the daily-reset NAV identity shared by D02 (market prices) and
D07 (published NAVs), so a learner's recomputation matches to the last stored digit."""

from __future__ import annotations

import numpy as np


def daily_reset_nav(
    nav0: float,
    und_return: np.ndarray,
    leverage: float,
    expense_ratio: float,
    financing_rate: float,
    days: np.ndarray,
    ratio: np.ndarray,
) -> np.ndarray:
    """NAV per share, rounded to 6 dp at every step from the previous stored NAV:

    nav_t = round(nav_{t-1} / ratio_t * (1 + L*r_t - ER*d_t/365 - (L-1)*fin*d_t/365), 6)

    ``und_return`` is the underlying's simple return over the session (from stored closes,
    split-adjusted), ``days`` the calendar days since the previous NAV, ``ratio`` the fund's own
    split ratio on its ex-dates (0.1 for a 1:10 reverse split, so NAV per share rises 10x).
    ``nav_0 = nav0`` (the first element of ``und_return`` is ignored).
    """
    nav = np.empty(len(und_return))
    nav[0] = round(nav0, 6)
    for t in range(1, len(und_return)):
        growth = (
            1
            + leverage * und_return[t]
            - expense_ratio * days[t] / 365
            - (leverage - 1) * financing_rate * days[t] / 365
        )
        nav[t] = round(nav[t - 1] / ratio[t] * growth, 6)
    return nav
