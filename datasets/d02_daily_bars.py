"""D02 Daily bars: raw OHLCV for every listed stock and ETP, driven by the factor engine.

A stock's weekday log return is its factor loadings times the engine's factors (Asian names
take the previous weekday's US factors), plus a regime-dependent drift and a GJR-GARCH-t
idiosyncratic shock; returns accumulate over the days its venue is shut. Headline moves are
pinned (ZVLT -17 % on 2037-06-16 ...). Closes are built session by session from the previous
*stored* close (rounded to the venue tick), through splits, dividends, HNX's +-30 % limit and
halts; ETPs follow the daily-reset identity in ``datasets.etp`` on their underlying's stored
closes (or on index levels from ``datasets.indexing``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from datasets.calendar import sessions
from datasets.dictionary import IS_SYNTHETIC, ChartInfo, DatasetInfo, TableInfo, col
from datasets.engine import (
    REGIME_NAMES,
    FactorPaths,
    factor_paths,
    gjr_garch,
    lag_one,
    regime_labels,
    roll_onto_grid,
    student_t,
)
from datasets.etp import daily_reset_nav
from datasets.indexing import index_levels
from datasets.seeds import generator
from datasets.ticks import round_half_away, round_to_tick
from datasets.universe import FINANCING_RATE, IndexSpec, Security, Universe, universe

ID = "D02"
STREAM = 2
D = dt.date

DATASET = DatasetInfo(
    id=ID,
    title="Daily bars",
    story=(
        "Raw daily OHLCV for about 260 fictional stocks and leveraged funds in New York, Seoul, Tokyo "
        "and Hong Kong, through the calm of 2036, the AI-chip euphoria of 2037 and the June sell-off. "
        "Prices are unadjusted, so ZVLT's 10:1 split and a decayed 3x fund's reverse split show up as "
        "jumps; Seoul names hit their -30 % limit on 2037-06-17 and some sessions are halted."
    ),
    depends_on=("D01",),
    tables=[
        TableInfo(
            "eq_daily",
            "One row per security per session of its venue while listed. Prices are raw (not "
            "adjusted for splits or dividends) in the venue's currency, on the venue's tick grid, "
            "stored as doubles rounded to 4 decimals.",
            [
                col("security_id", "INTEGER", "", "Instrument (securities.security_id)."),
                col("trade_date", "DATE", "venue-local", "Session date in the venue's time zone."),
                col("open", "DOUBLE", "local ccy per share", "First trade price."),
                col("high", "DOUBLE", "local ccy per share", "Highest trade price."),
                col("low", "DOUBLE", "local ccy per share", "Lowest trade price."),
                col("close", "DOUBLE", "local ccy per share", "Closing price (raw, unadjusted)."),
                col(
                    "volume",
                    "BIGINT",
                    "shares",
                    "Shares traded; NULL where the feed lost it (about 0.2 % "
                    "of rows); 0 on fully halted sessions.",
                    nullable=True,
                ),
                col(
                    "turnover",
                    "DOUBLE",
                    "local ccy",
                    "Value traded = round(volume * vwap, 2); NULL when volume is NULL.",
                    nullable=True,
                ),
                col(
                    "vwap",
                    "DOUBLE",
                    "local ccy per share",
                    "Volume-weighted average price; NULL when no shares traded.",
                    nullable=True,
                ),
                col(
                    "halt_minutes",
                    "INTEGER",
                    "minutes",
                    "Minutes the security was halted that session (0 "
                    "if none; the whole session if it never traded).",
                ),
                col(
                    "limit_flag",
                    "VARCHAR",
                    "",
                    "LIMIT_DOWN or LIMIT_UP when the close sat at HNX's +-30 % daily limit; NULL otherwise.",
                    nullable=True,
                ),
                IS_SYNTHETIC,
            ],
            ("security_id", "trade_date"),
        ),
    ],
    charts=(
        ChartInfo(
            "ZVLT's raw close",
            "SELECT e.trade_date, e.close AS ZVLT FROM eq_daily e JOIN securities s USING (security_id) "
            "WHERE s.ticker = 'ZVLT' ORDER BY 1",
            "Unadjusted, as stored: the drop on 2037-04-13 is the 10:1 split, not a crash (problem 4 adjusts it).",
            "close (USD)",
        ),
    ),
)

# --- generator constants ---------------------------------------------------------------------
SECURITY_PINS: tuple[tuple[str, dt.date, float], ...] = (
    ("ZVLT", D(2037, 6, 16), -0.17),
    ("ZVLT", D(2037, 6, 23), 0.09),
    ("ZMRY", D(2037, 6, 16), -0.13),
    ("970310", D(2037, 6, 17), -0.36),  # beyond the limit: closes limit-down
    ("970320", D(2037, 6, 17), -0.38),
    ("970310", D(2037, 6, 2), -0.31),
    ("ZORB", D(2037, 6, 4), 0.28),  # first-day pop
)
INDEX_PINS: tuple[tuple[str, dt.date, float], ...] = (
    # Seoul and Tokyo diverge on the Seoul crash day (real: KOSPI -5.8 % vs Nikkei +4.6 %)
    ("HNXC", D(2037, 6, 17), -0.10),
    ("KY225", D(2037, 6, 17), 0.046),
)
"""Headline index moves: every member not pinned itself shares one extra log move that day (a
market-wide shock), sized so the index, computed from the stored closes, lands on the move; the
regional factor pins get it there up to idiosyncratic noise, which a 9-name index does not average out."""
INDEX_PIN_NOISE = 0.002
FULL_HALTS: tuple[tuple[str, dt.date], ...] = (("970320", D(2037, 6, 18)), ("ZXPH", D(2036, 11, 19)))
MARKET_CIRCUIT_BREAKERS: tuple[tuple[str, dt.date, int], ...] = (
    ("HNX", D(2037, 6, 2), 20),
    ("HNX", D(2037, 6, 17), 20),
)
RANDOM_HALT_RATE = 0.0004
NULL_VOLUME_RATE = 0.002
LIMIT_PCT = {"HNX": 0.30}
SESSION_MINUTES = {"NXS": 390, "HNX": 390, "KYX": 330, "VHK": 330}
EARLY_CLOSE_MINUTES = {"NXS": 210, "VHK": 150}
IDIO = {"alpha": 0.01, "gamma": 0.15, "beta": 0.87, "nu": 5.0}
IDIO_REGIME_SCALE = dict(zip(REGIME_NAMES, (1.0, 1.05, 1.25, 1.15, 1.0, 1.0, 1.3), strict=True))
VOLUME_REGIME_BOOST = dict(zip(REGIME_NAMES, (0.0, 0.12, 0.35, 0.55, 0.95, 0.85, 0.35), strict=True))
ETP_VOLUME_REGIME_BOOST = dict(zip(REGIME_NAMES, (0.0, 0.2, 0.6, 0.8, 1.3, 1.1, 0.4), strict=True))
GAP_SHARE = {"NXS": 0.35, "HNX": 0.6, "KYX": 0.6, "VHK": 0.5}
VENUE_ORDER = ("HNX", "KYX", "VHK", "NXS")  # Asia first: the ADR needs its local shares


@dataclass
class Loadings:
    """A stock's factor loadings, idiosyncratic vol and per-regime drifts (total log move)."""

    mkt: float = 0.0
    chip: float = 0.0
    region: float = 0.0
    crypto: float = 0.0
    idio_vol: float = 0.25
    drift: dict[str, float] | None = None


def _loadings(sec: Security, rng: np.random.Generator) -> Loadings:
    """Draw a stock's loadings by role (from its own stream: the same in lite and full)."""
    u = rng.uniform
    role = sec.role
    if role in ("chip", "memory"):
        out = Loadings(
            float(np.clip(rng.normal(1.6, 0.12), 1.4, 1.9)), u(0.85, 1.15), idio_vol=u(0.21, 0.26)
        )
        if role == "memory":
            out.chip, out.drift = u(1.1, 1.3), {"euphoria": u(0.25, 0.4)}
        return out
    if role == "tech":
        return Loadings(u(1.0, 1.4), u(0.1, 0.35), idio_vol=u(0.18, 0.25))
    if role == "broad":
        return Loadings(u(0.55, 1.25), u(-0.05, 0.08), idio_vol=u(0.15, 0.24))
    if role == "crypto_eq":
        return Loadings(u(1.3, 1.6), 0.2, crypto=u(0.8, 1.0), idio_vol=u(0.4, 0.5))
    if role == "ipo":
        return Loadings(1.5, 0.5, idio_vol=0.7, drift={"aftermath": -0.35})
    if role == "kr_memory":
        return Loadings(0.45, 1.0, region=1.0, idio_vol=u(0.18, 0.24))
    if role in ("kr_chip", "kr_chip_small"):
        small = role == "kr_chip_small"
        return Loadings(0.4, u(1.1, 1.3) if small else u(0.8, 1.0), region=u(1.1, 1.3), idio_vol=u(0.4, 0.55))
    if role == "jp_chip":
        # equipment makers: about half a US chip name's exposure (0.7-0.9 made a third of KY225
        # double with the US chip factor)
        return Loadings(0.4, u(0.45, 0.6), region=1.0, idio_vol=u(0.22, 0.28))
    if role == "hk_tech":
        return Loadings(0.3, u(0.2, 0.4), region=u(1.0, 1.2), idio_vol=u(0.3, 0.38))
    if role == "jp_other":  # Tokyo's large caps: calmer than Seoul's and Hong Kong's others
        return Loadings(u(0.15, 0.35), u(0.0, 0.1), region=u(0.7, 1.1), idio_vol=u(0.17, 0.25))
    # kr_other, hk_other
    return Loadings(u(0.15, 0.35), u(0.0, 0.1), region=u(0.7, 1.1), idio_vol=u(0.2, 0.3))


REGION_OF_VENUE = {"HNX": "KOREA", "KYX": "JAPAN", "VHK": "HK"}


@dataclass
class VenueBars:
    """Session-by-security arrays of one venue (NaN/False outside listing)."""

    venue: str
    dates: tuple[dt.date, ...]
    secs: list[Security]
    ref: np.ndarray  # previous stored close, adjusted to today's share basis
    close: np.ndarray
    sigma: np.ndarray  # daily return vol used for ranges and volume
    listed: np.ndarray
    halted: np.ndarray
    limit: np.ndarray  # -1 limit-down, +1 limit-up, 0 none
    share_mult: np.ndarray  # cumulative split ratio (volume scaling)


def generate(
    profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]
) -> dict[str, pd.DataFrame]:
    """Build D02's eq_daily for ``profile`` and ``variant`` from D01's stored tables."""
    d01 = parents["D01"]
    uni = universe(profile)
    fp = factor_paths(variant)
    actions = d01["corporate_actions"]
    bars: dict[str, VenueBars] = {}
    for venue in VENUE_ORDER:
        stocks = [s for s in uni.securities if s.venue == venue and s.asset_class == "EQ" and s.role != "adr"]
        bars[venue] = _stock_bars(venue, stocks, fp, variant, actions, uni.indices)
    _add_adrs(bars, uni, fp, variant)
    _add_etps(bars, uni, fp, variant, actions)
    frames = [_ohlcv(bars[v], variant) for v in ("NXS", "HNX", "KYX", "VHK")]
    eq = pd.concat(frames, ignore_index=True).sort_values(["security_id", "trade_date"], ignore_index=True)
    return {"eq_daily": eq}


# --- stock closes --------------------------------------------------------------------------------
PREMIUM_BREAK = ((D(2037, 6, 22), -0.14),)
"""Log moves of a bitcoin-treasury stock's premium to its bitcoin in the sell-off (on top of bitcoin's)."""


def _btc_on_grid(fp: FactorPaths, variant: int) -> np.ndarray:
    """D11's daily bitcoin log return summed onto the weekday grid (weekends roll into Monday)."""
    from datasets.d11_crypto import btc_daily

    days, ret = btc_daily(variant)
    pos = {d: i for i, d in enumerate(days.astype(object))}
    return roll_onto_grid(ret, np.array([pos[d] for d in fp.grid]))


def _premium_change(grid) -> np.ndarray:
    out = np.zeros(len(grid))
    idx = {d: i for i, d in enumerate(grid)}
    for day, move in PREMIUM_BREAK:
        out[idx[day]] += move
    return out


def _session_positions(fp: FactorPaths, dates: tuple[dt.date, ...]) -> np.ndarray:
    pos = {d: i for i, d in enumerate(fp.grid)}
    return np.array([pos[d] for d in dates])


def _aggregate(x: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Sum weekday rows of ``x`` into sessions ending at grid positions ``at``."""
    cum = np.cumsum(x, axis=0)
    out = cum[at]
    out[1:] -= cum[at[:-1]]
    return out


def _action_arrays(actions: pd.DataFrame, secs: list[Security], dates: tuple[dt.date, ...]):
    """(ratio, cash) sessions x securities from corporate_actions."""
    index = {d: i for i, d in enumerate(dates)}
    col_of = {s.security_id: j for j, s in enumerate(secs)}
    ratio = np.ones((len(dates), len(secs)))
    cash = np.zeros((len(dates), len(secs)))
    for row in actions.itertuples(index=False):
        j = col_of.get(row.security_id)
        if j is None or row.ex_date not in index:
            continue
        if row.action_type in ("SPLIT", "RSPLIT"):
            ratio[index[row.ex_date], j] = row.ratio
        elif row.action_type == "DIV":
            cash[index[row.ex_date], j] = row.cash
    return ratio, cash


def _listed(secs: list[Security], dates: tuple[dt.date, ...]) -> np.ndarray:
    d = np.array(dates, dtype="datetime64[D]")[:, None]
    start = np.array([s.list_date for s in secs], dtype="datetime64[D]")[None, :]
    end = np.array([s.delist_date or D(2100, 1, 1) for s in secs], dtype="datetime64[D]")[None, :]
    return (d >= start) & (d < end)


def _stock_bars(
    venue: str,
    secs: list[Security],
    fp: FactorPaths,
    variant: int,
    actions: pd.DataFrame,
    indices: tuple[IndexSpec, ...] = (),
) -> VenueBars:
    dates = sessions(venue, variant)
    at = _session_positions(fp, dates)
    n_w, n = len(fp.grid), len(secs)
    asia = venue != "NXS"
    f = fp.returns
    s = fp.sigma
    mkt, chip = (lag_one(f["MKT"]), lag_one(f["CHIP"])) if asia else (f["MKT"], f["CHIP"])
    s_mkt, s_chip = (lag_one(s["MKT"]), lag_one(s["CHIP"])) if asia else (s["MKT"], s["CHIP"])
    region = f[REGION_OF_VENUE[venue]] if asia else np.zeros(n_w)
    s_region = s[REGION_OF_VENUE[venue]] if asia else np.zeros(n_w)
    scale = np.array([IDIO_REGIME_SCALE[r] for r in fp.regime])

    x = np.zeros((n_w, n))
    var = np.zeros((n_w, n))
    z = np.zeros((n_w, n))
    lv = np.zeros((n_w, n))
    for j, sec in enumerate(secs):
        rng = generator(STREAM, variant, sec.security_id)
        load = _loadings(sec, rng)
        z[:, j] = student_t(rng, IDIO["nu"], n_w)
        lv[:, j] = load.idio_vol / np.sqrt(261) * scale
        x[:, j] = load.mkt * mkt + load.chip * chip + load.region * region + load.crypto * f["CRYPTO"]
        var[:, j] = (
            (load.mkt * s_mkt) ** 2
            + (load.chip * s_chip) ** 2
            + (load.region * s_region) ** 2
            + (load.crypto * s["CRYPTO"]) ** 2
        )
        for regime, total in (load.drift or {}).items():
            mask = fp.regime == regime
            x[mask, j] += total / mask.sum()
        if sec.role == "crypto_eq":
            x[:, j] = _btc_on_grid(fp, variant) + _premium_change(fp.grid)
            var[:, j] = s["CRYPTO"] ** 2
            lv[:, j] *= 0.4
    idio, idio_sig = gjr_garch(z, lv, IDIO["alpha"], IDIO["gamma"], IDIO["beta"])
    x += idio
    var += idio_sig**2
    xs = _aggregate(x, at)
    sigma = np.sqrt(_aggregate(var, at))

    # security-level pins replace the whole session move
    col_of = {sec.ticker: j for j, sec in enumerate(secs)}
    index = {d: i for i, d in enumerate(dates)}
    for k, (ticker, day, move) in enumerate(SECURITY_PINS):
        if ticker in col_of and day in index:
            noise = generator(STREAM, variant, 0, k).normal(0.0, 0.002)
            xs[index[day], col_of[ticker]] = np.log1p(move) + noise

    listed = _listed(secs, dates)
    halted = np.zeros_like(listed)
    for j, sec in enumerate(secs):
        rng = generator(STREAM, variant, sec.security_id, 1)
        halted[:, j] = rng.random(len(dates)) < RANDOM_HALT_RATE
    for ticker, day in FULL_HALTS:
        if ticker in col_of and day in index:
            halted[index[day], col_of[ticker]] = True
    pinned_days = {index[d] for t, d, _ in SECURITY_PINS if d in index}
    for i in pinned_days:
        halted[i] = False
    halted &= listed
    ratio, cash = _action_arrays(actions, secs, dates)
    base = np.array([sec.base_price for sec in secs])
    bars = _close_path(venue, dates, secs, xs, sigma, listed, halted, ratio, cash, base)
    pinned_cells = {(index[d], col_of[t]) for t, d, _ in SECURITY_PINS if t in col_of and d in index}
    if _pin_indices(bars, xs, ratio, indices, pinned_cells, variant):
        bars = _close_path(venue, dates, secs, xs, sigma, listed, halted, ratio, cash, base)
    return bars


def _pin_indices(bars: VenueBars, xs, ratio, indices, pinned_cells, variant: int) -> bool:
    """Shift the session moves ``xs`` of the members of each pinned index of this venue (in place)
    so that, on the closes of ``bars``, the index makes its INDEX_PINS move; True if any shifted.

    The index's gross move that day is sum_i g_i with g_i = shares_i * close_i / level_{t-1}, from
    the same ``index_levels`` D03 publishes; scaling the unpinned members' closes by e^delta gives
    e^delta = (1 + move - G_pinned) / G_free. Tick rounding leaves an error of about 1e-4."""
    col_of = {sec.security_id: j for j, sec in enumerate(bars.secs)}
    index = {d: i for i, d in enumerate(bars.dates)}
    months = np.array([d.year * 12 + d.month for d in bars.dates])
    shifted = False
    for k, (code, day, move) in enumerate(INDEX_PINS):
        spec = next((i for i in indices if i.code == code and i.venue == bars.venue), None)
        if spec is None or day not in index:
            continue
        cols = [col_of[m] for m in spec.members]
        caps = np.array([bars.secs[j].cap_usd_bn for j in cols])
        levels, shares = index_levels(spec, months, bars.close[:, cols], ratio[:, cols], caps, decimals=None)
        t = index[day]
        gross = shares[t - 1] * ratio[t, cols] * bars.close[t, cols] / levels[t - 1]
        pinned = np.array([(t, j) in pinned_cells for j in cols])
        noise = generator(STREAM, variant, 0, 100 + k).normal(0.0, INDEX_PIN_NOISE)
        target = (1 + move) * np.exp(noise)
        delta = np.log((target - gross[pinned].sum()) / gross[~pinned].sum())
        xs[t, np.array(cols)[~pinned]] += delta
        shifted = True
    return shifted


def _close_path(venue, dates, secs, xs, sigma, listed, halted, ratio, cash, base) -> VenueBars:
    """Closes session by session from the previous stored close."""
    n_s, n = xs.shape
    close = np.full((n_s, n), np.nan)
    ref = np.full((n_s, n), np.nan)
    limit = np.zeros((n_s, n), dtype=np.int8)
    carry = np.zeros(n)
    prev = np.full(n, np.nan)
    limit_pct = LIMIT_PCT.get(venue)
    for t in range(n_s):
        r = np.where(np.isnan(prev), base, prev / ratio[t])
        move = xs[t] + carry
        raw = r * np.exp(move) - cash[t]
        c = round_to_tick(venue, raw)
        if limit_pct is not None:
            lo = round_to_tick(venue, r * (1 - limit_pct), "up")
            hi = round_to_tick(venue, r * (1 + limit_pct), "down")
            limit[t] = np.where(c <= lo, -1, np.where(c >= hi, 1, 0))
            c = np.clip(c, lo, hi)
        c = np.where(halted[t], round_to_tick(venue, r), c)
        limit[t] = np.where(halted[t], 0, limit[t])
        carry = np.where(halted[t] & listed[t], move, 0.0)
        live = listed[t]
        close[t] = np.where(live, c, np.nan)
        ref[t] = np.where(live, r, np.nan)
        prev = np.where(live, c, prev)
    share_mult = np.cumprod(ratio, axis=0)
    return VenueBars(venue, dates, list(secs), ref, close, sigma, listed, halted, limit, share_mult)


# --- ADR -------------------------------------------------------------------------------------------
def _add_adrs(bars: dict[str, VenueBars], uni: Universe, fp: FactorPaths, variant: int) -> None:
    """The ADR trades in New York at ratio x local / USDKRW, plus the US-session news its local
    shares will only price at the next Seoul open, plus a small premium."""
    nxs = bars["NXS"]
    dates = nxs.dates
    at = _session_positions(fp, dates)
    for sec in [s for s in uni.securities if s.role == "adr"]:
        local = bars["HNX"]
        j = next(k for k, s in enumerate(local.secs) if s.security_id == sec.underlying_id)
        rng = generator(STREAM, variant, sec.security_id)
        hnx_pos = _session_positions(fp, local.dates)
        lead_daily = fp.returns["CHIP"] + 0.45 * fp.returns["MKT"]
        lead_cum = np.concatenate([[0.0], np.cumsum(lead_daily)])
        prem = np.zeros(len(dates))
        eps = rng.normal(0.0, 0.003, len(dates))
        for t in range(1, len(dates)):
            prem[t] = 0.6 * prem[t - 1] + eps[t]
        raw = np.empty(len(dates))
        for t, w in enumerate(at):
            k = np.searchsorted(hnx_pos, w, side="right") - 1  # last Seoul session on or before
            lead = lead_cum[w + 1] - lead_cum[hnx_pos[k]]
            fx = fp.fx["USDKRW"][w]
            raw[t] = sec.adr_ratio * local.close[k, j] / fx * np.exp(lead + prem[t])
        close = round_to_tick("NXS", raw)
        ref = np.concatenate([[close[0]], close[:-1]])
        sigma = np.sqrt(local.sigma[:, j].mean() ** 2 + 0.004**2) * np.ones(len(dates))
        _append(nxs, sec, ref, close, sigma, np.ones(len(dates), dtype=bool))


def _append(bars: VenueBars, sec: Security, ref, close, sigma, listed, limit=None, share_mult=None) -> None:
    bars.secs.append(sec)
    bars.ref = np.column_stack([bars.ref, np.where(listed, ref, np.nan)])
    bars.close = np.column_stack([bars.close, np.where(listed, close, np.nan)])
    bars.sigma = np.column_stack([bars.sigma, sigma])
    bars.listed = np.column_stack([bars.listed, listed])
    bars.halted = np.column_stack([bars.halted, np.zeros(len(close), dtype=bool)])
    bars.limit = np.column_stack(
        [bars.limit, np.zeros(len(close), dtype=np.int8) if limit is None else limit]
    )
    bars.share_mult = np.column_stack(
        [bars.share_mult, np.ones(len(close)) if share_mult is None else share_mult]
    )


# --- ETPs ----------------------------------------------------------------------------------------
def _adjusted_returns(close: np.ndarray, ratio: np.ndarray, cash: np.ndarray) -> np.ndarray:
    """Simple returns from stored closes, split- and dividend-adjusted; 0 before the first close."""
    prev = np.concatenate([[np.nan], close[:-1]])
    r = (close + cash) * ratio / prev - 1
    return np.nan_to_num(r)


def _underlying_series(uni: Universe, bars: dict[str, VenueBars], actions: pd.DataFrame, und_id: int):
    """(venue, dates, simple returns, daily vol) of a stock's or index's stored closes."""
    und = uni.by_id[und_id]
    if und.asset_class == "IDX":
        spec = next(i for i in uni.indices if i.security_id == und_id)
        vb = bars[spec.venue]
        cols = [next(k for k, s in enumerate(vb.secs) if s.security_id == m) for m in spec.members]
        secs = [vb.secs[k] for k in cols]
        ratio, _cash = _action_arrays(actions, secs, vb.dates)
        months = np.array([d.year * 12 + d.month for d in vb.dates])
        caps = np.array([s.cap_usd_bn for s in secs])
        levels, _ = index_levels(spec, months, vb.close[:, cols], ratio, caps)
        r = _adjusted_returns(levels, np.ones(len(levels)), np.zeros(len(levels)))
        return spec.venue, vb.dates, r
    vb = bars[und.venue]
    k = next(i for i, s in enumerate(vb.secs) if s.security_id == und_id)
    ratio, cash = _action_arrays(actions, [und], vb.dates)
    r = _adjusted_returns(vb.close[:, k], ratio[:, 0], cash[:, 0])
    return und.venue, vb.dates, r


def _ewma_vol(r: np.ndarray, lam: float = 0.94) -> np.ndarray:
    out = np.empty(len(r))
    v = 0.02**2
    for t in range(len(r)):
        out[t] = np.sqrt(v)
        v = lam * v + (1 - lam) * r[t] ** 2
    return out


def _add_etps(
    bars: dict[str, VenueBars], uni: Universe, fp: FactorPaths, variant: int, actions: pd.DataFrame
) -> None:
    for sec in [s for s in uni.securities if s.asset_class == "ETP"]:
        rng = generator(STREAM, variant, sec.security_id)
        und_venue, und_dates, r_und = _underlying_series(uni, bars, actions, sec.underlying_id)
        vb = bars[sec.venue]
        dates = vb.dates
        listed = _listed([sec], dates)[:, 0]
        ratio, _ = _action_arrays(actions, [sec], dates)
        fin = FINANCING_RATE[sec.ccy]
        lev = float(sec.leverage)
        vol_und = _ewma_vol(r_und)
        if und_venue == sec.venue:
            first = int(np.argmax(listed))
            days = np.diff(np.array(dates, dtype="datetime64[D]")).astype(int)
            days = np.concatenate([[0], days])
            nav = np.full(len(dates), np.nan)
            nav[first:] = daily_reset_nav(
                sec.base_price, r_und[first:], lev, sec.expense_ratio, fin, days[first:], ratio[first:, 0]
            )
            prem = rng.normal(0.0, 0.0003 if sec.venue == "NXS" else 0.0008, len(dates))
            price_nav = nav
            sigma = abs(lev) * vol_und
        else:
            # listed in Asia on a US underlying: NAV moves on New York sessions; the Seoul price
            # uses the last New York NAV and, when New York was shut, prices the missed move itself
            und_days = np.diff(np.array(und_dates, dtype="datetime64[D]")).astype(int)
            und_days = np.concatenate([[0], und_days])
            und_ratio = np.ones(len(und_dates))
            nav_us = daily_reset_nav(sec.base_price, r_und, lev, sec.expense_ratio, fin, und_days, und_ratio)
            und_np = np.array(und_dates, dtype="datetime64[D]")
            price_nav = np.empty(len(dates))
            prem = rng.normal(0.0, 0.002, len(dates))
            us_pos = {d: i for i, d in enumerate(fp.grid)}
            sigma = np.empty(len(dates))
            for t, d in enumerate(dates):
                k = np.searchsorted(und_np, np.datetime64(d), side="left") - 1
                price_nav[t] = nav_us[max(k, 0)]
                sigma[t] = abs(lev) * vol_und[max(k, 0)]
                prev_weekday = fp.grid[us_pos[d] - 1] if us_pos[d] else d
                if k >= 0 and und_dates[k] < prev_weekday:  # the last New York session was missed
                    missed = (
                        fp.returns["CHIP"][us_pos[prev_weekday]]
                        + 0.5 * fp.returns["MKT"][us_pos[prev_weekday]]
                    )
                    prem[t] = np.clip(lev * missed + rng.normal(0.0, 0.01), -0.05, 0.05)
            price_nav = price_nav / np.cumprod(ratio[:, 0])
        close = round_to_tick(sec.venue, price_nav * (1 + prem))
        prev = np.concatenate([[sec.base_price], close[:-1]])
        ref = np.where(np.isnan(prev), sec.base_price, prev / ratio[:, 0])  # launch day: vs. the launch NAV
        _append(vb, sec, ref, close, np.maximum(sigma, 0.005), listed, share_mult=np.cumprod(ratio[:, 0]))


# --- OHLC, volume, halts -------------------------------------------------------------------------
def _ohlcv(vb: VenueBars, variant: int) -> pd.DataFrame:
    venue = vb.venue
    n_s = vb.close.shape[0]
    labels = regime_labels(vb.dates)
    early = _early_close_mask(venue, variant, vb.dates)
    frames = []
    for j, sec in enumerate(vb.secs):
        rng = generator(STREAM, variant, sec.security_id, 2)
        live = vb.listed[:, j]
        ref, c, sig = vb.ref[:, j], vb.close[:, j], vb.sigma[:, j]
        lr = np.log(c / ref)
        o = ref * np.exp(GAP_SHARE[venue] * lr + rng.normal(0, 0.25, n_s) * sig)
        span = np.abs(rng.normal(0, 1, (2, n_s))) * 0.55 * sig
        h = np.maximum(o, c) * np.exp(span[0])
        low = np.minimum(o, c) * np.exp(-span[1])
        o = round_to_tick(venue, o)
        h = np.maximum(round_to_tick(venue, h, "up"), np.maximum(o, c))
        low = np.minimum(round_to_tick(venue, low, "down"), np.minimum(o, c))
        if venue in LIMIT_PCT and sec.asset_class == "EQ":
            lo_lim = round_to_tick(venue, ref * (1 - LIMIT_PCT[venue]), "up")
            hi_lim = round_to_tick(venue, ref * (1 + LIMIT_PCT[venue]), "down")
            o, h, low = np.clip(o, lo_lim, hi_lim), np.clip(h, lo_lim, hi_lim), np.clip(low, lo_lim, hi_lim)
        halted = vb.halted[:, j]
        o, h, low = np.where(halted, c, o), np.where(halted, c, h), np.where(halted, c, low)

        # volume: typical size x regime x surprise (|return| in sigmas) x persistent noise
        is_etp = sec.asset_class == "ETP"
        boost = np.array([(ETP_VOLUME_REGIME_BOOST if is_etp else VOLUME_REGIME_BOOST)[r] for r in labels])
        surprise = np.clip(np.abs(np.nan_to_num(lr)) / sig, 0, 4)
        u = np.empty(n_s)
        e = rng.normal(0, 0.22, n_s)
        u[0] = e[0]
        for t in range(1, n_s):
            u[t] = 0.7 * u[t - 1] + e[t]
        log_v = np.log(sec.adv) + boost + 0.38 * (surprise - 0.8) + u + np.where(early, np.log(0.45), 0.0)
        lot = sec.lot_size
        vol = np.maximum(np.round(np.exp(log_v) * vb.share_mult[:, j] / lot), 1) * lot
        vol = np.where(halted, 0, vol)
        vwap = np.clip((h + low + 2 * c) / 4 * np.exp(rng.normal(0, 0.1, n_s) * sig), low, h)
        vwap = np.round(vwap, 4)
        null_vol = rng.random(n_s) < NULL_VOLUME_RATE
        minutes = np.where(
            early, EARLY_CLOSE_MINUTES.get(venue, SESSION_MINUTES[venue]), SESSION_MINUTES[venue]
        )
        halt_min = np.zeros(n_s, dtype=np.int32)
        if venue == "NXS":
            move = np.abs(np.nan_to_num(c / ref - 1))
            halt_min = np.where(move >= 0.10, 5 * np.minimum(3, np.ceil(move / 0.10)), 0).astype(np.int32)
        for cb_venue, day, mins in MARKET_CIRCUIT_BREAKERS:
            if cb_venue == venue and day in vb.dates:
                halt_min[vb.dates.index(day)] += mins
        halt_min = np.where(halted, minutes, halt_min)
        limit = vb.limit[:, j]
        frame = pd.DataFrame(
            {
                "security_id": np.full(n_s, sec.security_id, dtype=np.int32),
                "trade_date": np.array(vb.dates, dtype="datetime64[D]"),
                "open": np.round(o, 4),
                "high": np.round(h, 4),
                "low": np.round(low, 4),
                "close": np.round(c, 4),
                "volume": pd.array(np.where(null_vol, 0, vol).astype(np.int64), dtype="Int64"),
                "turnover": round_half_away(vol * vwap, 2),
                "vwap": vwap,
                "halt_minutes": halt_min.astype(np.int32),
                "limit_flag": np.where(limit < 0, "LIMIT_DOWN", np.where(limit > 0, "LIMIT_UP", None)),
                "is_synthetic": True,
            }
        )
        frame.loc[null_vol, ["volume", "turnover"]] = None
        frame.loc[halted, "vwap"] = None
        frame.loc[halted, "turnover"] = 0.0
        frames.append(frame[live])
    return pd.concat(frames, ignore_index=True)


def _early_close_mask(venue: str, variant: int, dates: tuple[dt.date, ...]) -> np.ndarray:
    from datasets.calendar import trading_calendar

    early = {r.cal_date for r in trading_calendar(variant) if r.venue == venue and r.early_close}
    return np.array([d in early for d in dates], dtype=bool)
