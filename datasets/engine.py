"""The factor engine every price-bearing dataset is driven by.

Six factors, each a GJR-GARCH(1,1) with standardized Student-t innovations whose long-run
volatility switches by regime, plus a scripted shock overlay that pins the episode's headline
moves to exact dates, plus a per-phase drift that lands each phase's cumulative move on target:

- ``MKT``    US broad market (M500-like), weekday grid
- ``CHIP``   AI-chip factor, orthogonal to MKT (a chip stock loads ~1.75 MKT + ~1.0 CHIP)
- ``KOREA``, ``JAPAN``, ``HK``  regional factors (Asian stocks also load on the *previous*
  weekday's US factors: New York closes after Asia, so US news reaches Asia a session later)
- ``CRYPTO`` bitcoin-like factor on the calendar-day grid (weekend moves roll into Monday)

plus FX closes (USDKRW, USDJPY, USDHKD). ``factor_paths(variant)`` is the one entry point; it
draws from its own seed stream, so every dataset of a variant sees the same factor paths.
Returns are log returns throughout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np

from datasets.calendar import all_dates, weekdays
from datasets.seeds import ENGINE_STREAM, generator

D = dt.date
WEEKDAYS_PER_YEAR = 261
DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class Regime:
    """A phase of the episode (inclusive dates)."""

    name: str
    start: dt.date
    end: dt.date


REGIMES: tuple[Regime, ...] = (
    Regime("calm", D(2036, 1, 1), D(2036, 9, 30)),
    Regime("rally", D(2036, 10, 1), D(2036, 12, 31)),
    Regime("euphoria", D(2037, 1, 1), D(2037, 5, 27)),
    Regime("cracks", D(2037, 5, 28), D(2037, 6, 11)),
    Regime("selloff", D(2037, 6, 12), D(2037, 6, 22)),
    Regime("rebound", D(2037, 6, 23), D(2037, 6, 23)),
    Regime("aftermath", D(2037, 6, 24), D(2037, 9, 30)),
)
REGIME_NAMES = tuple(r.name for r in REGIMES)

CHIP_MKT_BETA = 1.6
"""Mean market loading of US chip names; headline SACI pins are converted with it."""
ASIA_CHIP_LOAD, ASIA_MKT_LOAD = 1.0, 0.45
"""Loadings of an Asian chip heavyweight on the previous weekday's US CHIP and MKT factors."""
PIN_US_LOADS = {"KOREA": (ASIA_CHIP_LOAD, ASIA_MKT_LOAD), "JAPAN": (0.25, 0.3)}
"""(CHIP, MKT) loadings on the previous weekday's US factors of the index a region's pins script:
HNXC is two chip heavyweights; KY225 is a broad price-weighted average, about a third chip names.
A pin sets the regional factor to the scripted move net of that index's lagged US exposure (netting
KY225's with a chip heavyweight's loadings lifted its broad names ~4 points on the 06-17 crash)."""


@dataclass(frozen=True)
class FactorSpec:
    """GJR-GARCH(1,1)-t parameters; ``vol`` (annualized long-run level) and ``drift`` (the
    phase's total log move, pinned days included; None = no drift) are per regime."""

    name: str
    vol: dict[str, float]
    drift: dict[str, float | None]
    nu: float = 4.5
    alpha: float = 0.04
    gamma: float = 0.10
    beta: float = 0.90
    calendar_days: bool = False


def _r(calm, rally, euphoria, cracks, selloff, rebound, aftermath) -> dict[str, float | None]:
    return dict(zip(REGIME_NAMES, (calm, rally, euphoria, cracks, selloff, rebound, aftermath), strict=True))


_US_GARCH = {"alpha": 0.02, "gamma": 0.18, "beta": 0.86, "nu": 4.5}
FACTORS: tuple[FactorSpec, ...] = (
    FactorSpec(
        "MKT",
        _r(0.06, 0.07, 0.09, 0.17, 0.35, 0.30, 0.19),
        _r(0.05, 0.04, 0.10, -0.02, None, None, 0.01),
        **_US_GARCH,
    ),
    FactorSpec(
        "CHIP",
        _r(0.17, 0.15, 0.18, 0.29, 0.60, 0.51, 0.32),
        _r(0.02, 0.18, 0.50, -0.03, None, None, 0.10),
        **_US_GARCH,
    ),
    FactorSpec(
        "KOREA",
        _r(0.10, 0.11, 0.15, 0.26, 0.38, 0.34, 0.22),
        _r(0.01, 0.04, 0.20, None, None, None, 0.0),
        nu=5.0,
    ),
    FactorSpec(
        "JAPAN",
        _r(0.09, 0.10, 0.12, 0.17, 0.30, 0.26, 0.17),
        _r(0.03, 0.03, 0.0, -0.01, None, None, -0.04),  # Tokyo lags the chip euphoria, gives back after
        nu=5.0,
    ),
    FactorSpec(
        "HK",
        _r(0.13, 0.13, 0.15, 0.17, 0.26, 0.24, 0.17),
        _r(0.0, 0.02, 0.05, -0.02, -0.04, None, 0.0),
        nu=5.0,
    ),
    FactorSpec(
        "CRYPTO",
        _r(0.50, 0.55, 0.60, 0.70, 0.95, 0.80, 0.65),
        _r(0.35, 0.02, -0.43, -0.05, None, None, -0.05),
        calendar_days=True,
    ),
)

# Scripted headline moves (simple returns). US rows give (M500, SACI); they become MKT and CHIP
# pins through CHIP_MKT_BETA. Asian rows give the move of the venue's chip heavyweights.
US_PINS: tuple[tuple[dt.date, float, float], ...] = (
    (D(2036, 8, 5), -0.026, -0.065),  # the August 2036 tremor: a drawdown that recovers
    (D(2036, 8, 6), 0.009, 0.020),
    (D(2037, 5, 27), -0.012, -0.035),
    (D(2037, 6, 1), -0.016, -0.042),
    (D(2037, 6, 12), -0.022, -0.062),
    (D(2037, 6, 15), -0.005, -0.025),
    (D(2037, 6, 16), -0.045, -0.095),  # ZVLT -17 % (security pin in D02)
    (D(2037, 6, 17), 0.013, 0.020),
    (D(2037, 6, 18), -0.010, -0.040),
    (D(2037, 6, 19), -0.002, -0.005),  # US closed: rolls into Monday's session
    (D(2037, 6, 22), -0.006, -0.040),
    (D(2037, 6, 23), 0.021, 0.060),  # rebound; ZVLT +9 %
)
REGION_PINS: dict[str, tuple[tuple[dt.date, float], ...]] = {
    "KOREA": (
        (D(2037, 5, 28), -0.055),
        (D(2037, 6, 2), -0.083),
        (D(2037, 6, 15), -0.045),
        (D(2037, 6, 16), -0.020),
        (D(2037, 6, 17), -0.100),
        (D(2037, 6, 18), 0.012),
        (D(2037, 6, 19), -0.030),
        (D(2037, 6, 22), -0.025),
        (D(2037, 6, 23), 0.039),
    ),
    "JAPAN": ((D(2037, 6, 15), -0.041), (D(2037, 6, 17), 0.046), (D(2037, 6, 18), -0.058)),
}
CRYPTO_PINS: tuple[tuple[dt.date, float], ...] = (
    (D(2037, 6, 19), -0.052),
    (D(2037, 6, 20), -0.094),
    (D(2037, 6, 21), -0.052),
)
FX_START = {"USDKRW": 1381.5, "USDJPY": 151.8, "USDHKD": 7.8120}
FX_VOL = {"USDKRW": 0.085, "USDJPY": 0.095, "USDHKD": 0.004}
FX_PINS: dict[str, tuple[tuple[dt.date, float], ...]] = {
    # the yen carry unwind: USDJPY -6 % in a week; the won weakens
    "USDJPY": tuple(
        (D(2037, 6, d), r) for d, r in ((15, -0.012), (16, -0.016), (17, -0.011), (18, -0.014), (19, -0.009))
    ),
    "USDKRW": ((D(2037, 6, 16), 0.009), (D(2037, 6, 17), 0.014), (D(2037, 6, 22), 0.006)),
}
PIN_NOISE = 0.0015
"""Standard deviation (log return) of the noise the engine adds to every pinned move."""


@dataclass(frozen=True)
class FactorPaths:
    """Factor log returns and conditional vols on the weekday grid, FX closes, crypto by day."""

    variant: int
    grid: tuple[dt.date, ...]
    days: tuple[dt.date, ...]
    returns: dict[str, np.ndarray]
    sigma: dict[str, np.ndarray]
    crypto_daily: np.ndarray
    fx: dict[str, np.ndarray]
    regime: np.ndarray

    def index_of(self, day: dt.date) -> int:
        """Position of a weekday in ``grid``."""
        return self.grid.index(day)


def regime_labels(dates: list[dt.date] | tuple[dt.date, ...]) -> np.ndarray:
    """Regime name of each date."""
    out = np.empty(len(dates), dtype=object)
    for i, day in enumerate(dates):
        out[i] = next(r.name for r in REGIMES if r.start <= day <= r.end)
    return out.astype(str)


def student_t(rng: np.random.Generator, nu: float, size) -> np.ndarray:
    """Student-t draws scaled to unit variance."""
    return rng.standard_t(nu, size=size) * np.sqrt((nu - 2.0) / nu)


def gjr_garch(
    z: np.ndarray,
    long_run_vol: np.ndarray,
    alpha: float,
    gamma: float,
    beta: float,
    pinned: np.ndarray | None = None,
    pin_values: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Simulate GJR-GARCH(1,1) shocks along axis 0 (columns are independent series).

    ``long_run_vol`` (same shape as ``z``, per-period units) sets omega each period so that the
    unconditional variance equals its square: omega_t = v_t^2 (1 - alpha - gamma/2 - beta).
    Where ``pinned`` is True the shock is ``pin_values`` instead of sigma*z, and still feeds
    the variance recursion (so a scripted crash raises the following days' volatility).
    Returns (shocks, conditional sigma).
    """
    persistence = alpha + gamma / 2 + beta
    if persistence >= 1:
        raise ValueError(f"GJR-GARCH persistence {persistence:.3f} >= 1 has no long-run variance")
    eps = np.empty_like(z)
    sig = np.empty_like(z)
    var = long_run_vol[0] ** 2
    for t in range(z.shape[0]):
        if t:
            prev = eps[t - 1]
            var = (
                long_run_vol[t] ** 2 * (1 - persistence) + (alpha + gamma * (prev < 0)) * prev**2 + beta * var
            )
        s = np.sqrt(var)
        e = s * z[t]
        if pinned is not None:
            e = np.where(pinned[t], pin_values[t], e)
        eps[t], sig[t] = e, s
    return eps, sig


def _shape_phases(
    ret: np.ndarray,
    sig: np.ndarray,
    labels: np.ndarray,
    pinned: np.ndarray,
    vol: dict[str, float],
    per_year: int,
    drift: dict[str, float | None],
) -> None:
    """Calibrate each phase in place: scale its unpinned days so their realized volatility equals
    the phase's target (keeping the GARCH clustering shape, and scaling ``sig`` alike), then shift
    them so the phase's total log move, pinned days included, equals its drift target.

    Without the scaling a 9-month calm phase of a t(4.5) GARCH can come out at half or twice its
    target vol, and phase-level facts (calm correlation, vol clustering) would vary by seed.
    """
    for name in REGIME_NAMES:
        in_phase = labels == name
        free = in_phase & ~pinned
        if free.sum() >= 5:
            scale = vol[name] / np.sqrt(per_year) / ret[free].std()
            ret[free] = (ret[free] - ret[free].mean()) * scale
            sig[in_phase] *= scale
        target = drift.get(name)
        if target is not None and free.any():
            ret[free] += (target - ret[in_phase].sum()) / free.sum()


WHITEN_PASSES = 4
"""Passes of ``_whiten``; each shrinks the remaining sample lag-1 correlations about tenfold."""


def _whiten(series: list[np.ndarray], pinned: list[np.ndarray]) -> None:
    """Remove the chance lag-1 auto- and cross-correlation of jointly simulated factors, in place.

    Independent GJR-t draws over 438 sessions, most of whose variance sits in the post-crash
    weeks, show sample lag-1 correlations of +-0.15 by luck (corr(CHIP_t, MKT_t-1) = 0.19 on one
    variant), and every US index inherits them: the chip index's ACF(1) came out -0.05 .. +0.16
    by variant against a real ~0. Each pass fits Y_t = Phi Y_t-1 by least squares over the whole
    sample and subtracts the fit from the unpinned days (pinned moves stay exact), like
    ``_shape_phases`` calibrating each phase's vol: a property of the process, not of the seed.
    """
    y = np.column_stack(series)
    free = ~np.column_stack(pinned)
    for _ in range(WHITEN_PASSES):
        x = y - y.mean(axis=0)
        phi = np.linalg.lstsq(x[:-1], x[1:], rcond=None)[0]  # x[1:] ~ x[:-1] @ phi
        fit = np.vstack([np.zeros((1, y.shape[1])), x[:-1] @ phi])
        y = np.where(free, y - fit, y)
    for k, col in enumerate(series):
        col[:] = y[:, k]


def lag_one(x: np.ndarray) -> np.ndarray:
    """x shifted one step later along axis 0 (first row zero): yesterday's value today."""
    out = np.zeros_like(x)
    out[1:] = x[:-1]
    return out


def roll_onto_grid(ret: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Calendar-day log returns summed onto the grid days at ``positions``: the moves of the days
    between two grid days (weekends, holidays) land on the next grid day."""
    return np.diff(np.concatenate([[0.0], np.cumsum(ret)[positions]]))


@cache
def factor_paths(variant: int) -> FactorPaths:
    """The factor paths of ``variant`` (cached; the same for every dataset and profile)."""
    grid = tuple(weekdays())
    days = tuple(all_dates())
    labels = regime_labels(grid)
    day_labels = regime_labels(days)
    pos = {d: i for i, d in enumerate(grid)}
    dpos = {d: i for i, d in enumerate(days)}
    returns: dict[str, np.ndarray] = {}
    sigma: dict[str, np.ndarray] = {}
    crypto_daily = np.zeros(len(days))
    pins: dict[str, np.ndarray] = {}

    for k, spec in enumerate(FACTORS):
        rng = generator(ENGINE_STREAM, variant, k)
        lab = day_labels if spec.calendar_days else labels
        n = len(lab)
        per_year = DAYS_PER_YEAR if spec.calendar_days else WEEKDAYS_PER_YEAR
        vol = np.array([spec.vol[x] for x in lab]) / np.sqrt(per_year)
        pinned = np.zeros(n, dtype=bool)
        values = np.zeros(n)
        noise = rng.normal(0.0, PIN_NOISE, size=n)
        if spec.name in ("MKT", "CHIP"):
            for day, m500, saci in US_PINS:
                i = pos[day]
                # SACI ~ beta * MKT + CHIP, with MKT's realized (pinned) value that day
                chip = np.log1p(saci) - CHIP_MKT_BETA * returns["MKT"][i] if "MKT" in returns else 0.0
                value = np.log1p(m500) if spec.name == "MKT" else chip
                pinned[i], values[i] = True, value + noise[i]
        elif spec.name in REGION_PINS:
            chip_load, mkt_load = PIN_US_LOADS[spec.name]
            lagged = lag_one(chip_load * returns["CHIP"] + mkt_load * returns["MKT"])
            for day, move in REGION_PINS[spec.name]:
                i = pos[day]
                pinned[i], values[i] = True, np.log1p(move) - lagged[i] + noise[i]
        elif spec.name == "CRYPTO":
            for day, move in CRYPTO_PINS:
                pinned[dpos[day]], values[dpos[day]] = True, np.log1p(move) + noise[dpos[day]]
        z = student_t(rng, spec.nu, n)
        eps, sig = gjr_garch(
            z[:, None], vol[:, None], spec.alpha, spec.gamma, spec.beta, pinned[:, None], values[:, None]
        )
        ret, sig = eps[:, 0].copy(), sig[:, 0].copy()
        _shape_phases(ret, sig, lab, pinned, spec.vol, per_year, spec.drift)
        if spec.name == "CHIP":  # whiten the US pair jointly, then land each phase's vol and drift again
            mkt = FACTORS[0]
            _whiten([returns["MKT"], ret], [pins["MKT"], pinned])
            _shape_phases(returns["MKT"], sigma["MKT"], lab, pins["MKT"], mkt.vol, per_year, mkt.drift)
            _shape_phases(ret, sig, lab, pinned, spec.vol, per_year, spec.drift)
        pins[spec.name] = pinned
        if spec.calendar_days:
            crypto_daily = ret
            # weekend and holiday crypto moves land on the next weekday
            at = np.array([dpos[d] for d in grid])
            returns[spec.name] = roll_onto_grid(ret, at)
            sigma[spec.name] = sig[at] * np.sqrt(np.diff(np.concatenate([[-1], at])))
        else:
            returns[spec.name], sigma[spec.name] = ret, sig

    fx: dict[str, np.ndarray] = {}
    for k, (pair, start) in enumerate(FX_START.items()):
        rng = generator(ENGINE_STREAM, variant, 100 + k)
        r = student_t(rng, 6.0, len(grid)) * FX_VOL[pair] / np.sqrt(WEEKDAYS_PER_YEAR)
        for day, move in FX_PINS.get(pair, ()):
            r[pos[day]] = np.log1p(move) + rng.normal(0.0, PIN_NOISE / 3)
        if pair == "USDHKD":  # a peg: mean-revert hard inside 7.75-7.85
            level = np.empty(len(grid))
            x = np.log(start / 7.80)
            for i in range(len(grid)):
                x = 0.9 * x + r[i]
                level[i] = 7.80 * np.exp(np.clip(x, np.log(7.75 / 7.80), np.log(7.85 / 7.80)))
        else:
            level = start * np.exp(np.cumsum(r))
        fx[pair] = np.round(level, 4)

    return FactorPaths(variant, grid, days, returns, sigma, crypto_daily, fx, labels)
