"""D07 Leveraged/inverse ETPs: published NAVs, shares outstanding, AUM, flows and rebalancing.

D07 is the source of truth for the funds' NAVs. Each NAV is struck from the previous *stored* NAV
with the daily-reset identity of ``datasets.etp`` on the underlying's return, which is computed
from D02's stored closes (split- and dividend-adjusted with D01's corporate actions) or, for index
funds, from index levels that ``datasets.indexing`` computes from D02's stored member closes (the
helper D03 uses too). The return is stored rounded to 10 decimals, and the NAV is computed from the
rounded value, so ``nav`` can be recomputed row by row from the table alone.

D02 priced the funds' market closes on the same identity (before D07 existed); ``mkt_close`` is
D02's stored close and ``premium_bp`` measures it against D07's NAV.

Flows are simulated as a daily creation rate per fund: a phase drift (steady build-up, a rally
rush, record dip-buying on the cracks, a -25 % aftermath exodus, closures), flow chasing on the
underlying's trailing return, and noise. Creations come in whole 10,000-share units; shares
outstanding are reported T+1. Each fund is sized on real leveraged ETPs: the initial share count
is scaled so that a named fund peaks at its ``PEAK_AUM_BN`` (a few of $10-30 bn, none above ~$30 bn,
the largest real one's size) and a fund on a stock at no more than a day of the stock's turnover;
the full profile's 30 filler funds, on small and mid caps, are the long tail. The totals follow:
~$65 bn at the peak on lite, ~$125 bn on full (the design's ~$270 bn is the whole market's, over
hundreds of real funds; see docs/datasets.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from datasets.calendar import sessions
from datasets.dictionary import ChartInfo, DatasetInfo, TableInfo, col
from datasets.engine import factor_paths, regime_labels
from datasets.etp import daily_reset_nav
from datasets.indexing import index_levels
from datasets.seeds import generator
from datasets.universe import FINANCING_RATE, Security, Universe, universe

ID = "D07"
STREAM = 7
D = dt.date
UNIT = 10_000
"""Shares per creation unit."""
RETURN_DP = 10
"""Decimals ``und_return`` is stored with (the NAV is computed from the stored value)."""

DATASET = DatasetInfo(
    id=ID,
    title="Leveraged & inverse ETPs",
    story=(
        "The leveraged and inverse funds of New York, Seoul, Tokyo and Hong Kong: daily NAVs that "
        "reset to 2x, 3x or -3x their underlying every session, shares outstanding, assets and flows. "
        "Money chases the rally until about $125 bn sits in the full build's 44 funds (the lite build's "
        "eight hold about $57 bn; no fund holds more than the largest real one, ~$30 bn), buys the first "
        "dips in record size, then leaves by a quarter in the aftermath while several funds close. A Seoul fund on a "
        "New York stock trades on US holidays against a stale NAV, and the decayed 3x bear fund does "
        "a 1:10 reverse split."
    ),
    depends_on=("D01", "D02"),
    tables=[
        TableInfo(
            "etp_master",
            "One row per leveraged or inverse fund (every securities row with asset_class = 'ETP'). "
            "Sizes follow real leveraged ETPs: no fund's AUM peaks above ~$30 bn (the largest real "
            "one), a fund on a stock at no more than 1.5 days of the stock's median dollar turnover, a "
            "few index funds hold $10-30 bn and the rest form a long tail. So the totals are those of "
            "the funds listed, not of a whole market (the design's ~$270 bn is real global AUM over "
            "hundreds of funds): the full build's 44 funds peak near $125 bn together (US ~$90 bn, "
            "Asia ~$37 bn), the lite build's 8 near $57 bn.",
            [
                col("fund_id", "INTEGER", "", "Fund (securities.security_id)."),
                col("family", "VARCHAR", "", "Fund family (the sponsor's brand, e.g. Zephyr, Halyard, Hanseong)."),
                col("leverage", "DOUBLE", "x", "Daily leverage L: 2 for a 2x bull fund, -3 for a 3x bear fund."),
                col(
                    "underlying_id",
                    "INTEGER",
                    "",
                    "The stock or index the fund tracks (securities.security_id; asset_class EQ or IDX).",
                ),
                col("venue", "VARCHAR", "", "Listing venue of the fund (venues.venue)."),
                col("expense_ratio", "DOUBLE", "fraction per year", "Annual expense ratio ER, accrued ACT/365."),
                col(
                    "financing_rate",
                    "DOUBLE",
                    "fraction per year",
                    "Annual rate fin at which the fund pays for its (L-1) borrowed exposure, ACT/365.",
                ),
                col("launch_date", "DATE", "venue-local", "Listing date (securities.list_date)."),
                col(
                    "close_date",
                    "DATE",
                    "venue-local",
                    "First date the fund no longer trades (securities.delist_date); NULL if still open.",
                    nullable=True,
                ),
            ],
            ("fund_id",),
        ),
        TableInfo(
            "etp_daily",
            "One row per fund per session of its venue while listed (from the first session with a "
            "struck NAV). NAV identity on every row after a fund's first: nav = round(prev_nav / "
            "split_ratio * (1 + L*und_return - ER*d/365 - (L-1)*fin*d/365), 6), with d = nav_asof - "
            "previous nav_asof in days and L, ER, fin from etp_master.",
            [
                col("fund_id", "INTEGER", "", "Fund (etp_master.fund_id)."),
                col("date", "DATE", "venue-local", "Session date of the fund's venue."),
                col(
                    "nav_asof",
                    "DATE",
                    "",
                    "Date of the underlying's close the NAV is struck on: equal to date, except for Asian "
                    "funds on New York stocks, whose NAV is the last New York close before the session "
                    "(stale when New York was shut the weekday before).",
                ),
                col(
                    "und_return",
                    "DOUBLE",
                    "fraction",
                    "Underlying's simple return from the previous nav_asof to this one, from D02's stored "
                    "closes adjusted for splits and dividends (close + cash) * ratio / prev_close - 1, "
                    "compounded over the New York sessions in between for Asian funds on New York "
                    "stocks; index funds use index levels computed from stored member closes. Rounded "
                    "to 10 decimals; 0 on a fund's first row and on stale rows.",
                ),
                col(
                    "split_ratio",
                    "DOUBLE",
                    "new shares per old share",
                    "The fund's own split ratio on its ex-date (0.1 for a 1:10 reverse split), else 1.",
                ),
                col("nav", "DOUBLE", "local ccy per share", "Net asset value per share, rounded to 6 decimals."),
                col(
                    "mkt_close",
                    "DOUBLE",
                    "local ccy per share",
                    "The fund's closing market price: D02 eq_daily.close on the same session.",
                ),
                col(
                    "shares_out",
                    "BIGINT",
                    "shares",
                    "Shares outstanding as reported on this date, which is the count at the end of the "
                    "previous session (reported T+1), on this date's split basis.",
                ),
                col(
                    "aum",
                    "DOUBLE",
                    "USD",
                    "Assets at the close: end-of-day shares (the next row's shares_out / its split_ratio) "
                    "* nav, converted at the day's USD fixing for funds outside the US; rounded to 2.",
                ),
                col(
                    "creation_units",
                    "INTEGER",
                    "units of 10,000 shares",
                    "Net units created (negative: redeemed) at this session's close; they appear in "
                    "the next row's shares_out.",
                ),
                col(
                    "swap_notional",
                    "DOUBLE",
                    "USD",
                    "Total-return swap exposure after the close's rebalance = leverage * aum (negative "
                    "for inverse funds); rounded to 2.",
                ),
                col(
                    "rebal_notional",
                    "DOUBLE",
                    "USD",
                    "Underlying bought (+) or sold (-) at the close to restore leverage = L*(L-1) * "
                    "previous aum * und_return + L * flow, flow = creation_units * 10,000 * nav in USD; "
                    "rounded to 2.",
                ),
                col(
                    "premium_bp",
                    "DOUBLE",
                    "basis points",
                    "round((mkt_close / nav - 1) * 10000, 2): the market price against the NAV.",
                ),
            ],
            ("fund_id", "date"),
        ),
    ],
    charts=(
        ChartInfo(
            "Assets in leveraged and inverse funds",
            "WITH days AS (SELECT DISTINCT date FROM etp_daily) "
            "SELECT d.date, round(sum(e.aum) FILTER (WHERE m.venue = 'NXS') / 1e9, 2) AS \"New York\", "
            "round(sum(e.aum) FILTER (WHERE m.venue <> 'NXS') / 1e9, 2) AS \"Asia\" "
            "FROM days d JOIN etp_master m ON d.date >= m.launch_date "
            "AND (m.close_date IS NULL OR d.date < m.close_date) "
            "ASOF JOIN etp_daily e ON e.fund_id = m.fund_id AND e.date <= d.date GROUP BY 1 ORDER BY 1",
            "Each fund's latest AUM on every date any venue traded; the lite build holds fewer funds than full.",
            "USD bn",
        ),
    ),
)

# --- flow model ------------------------------------------------------------------------------------
PHASE_DRIFT = {  # net creations per session, as a fraction of shares outstanding (bull funds)
    "calm": 0.0006,
    "rally": 0.0055,
    "euphoria": 0.0022,
    "cracks": 0.0040,
    "selloff": -0.0100,
    "rebound": 0.0,
    "aftermath": -0.0055,
}
DIP_BUYING = {D(2037, 5, 28): 0.055, D(2037, 6, 2): 0.075, D(2037, 6, 12): 0.03, D(2037, 6, 16): 0.02}
"""Record buy-the-dip creations (fraction of shares) on the first big drops."""
CHASE = 0.06
"""Creations per unit of the underlying's trailing 5-session return (bull and bear alike: bear
funds are bought as contrarian bets when the underlying rises)."""
FLOW_NOISE = 0.004
CLOSING_SESSIONS = 15
"""Funds that close are redeemed over their last sessions."""
PEAK_AUM_BN = {
    "ZNQU": 26.0,  # 3x NT100: the largest real leveraged ETP (a 3x Nasdaq-100 fund) peaked near $30 bn
    "ZSXU": 20.0,  # 3x chip index: the real 3x semiconductor fund's size in a chip boom
    "ZMPU": 9.0,  # 2x broad index
    "ZVLU": 6.0,  # 2x the chip leader: the largest real single-stock funds
    "ZMRU": 3.0,
    "ZSXD": 1.5,  # 3x bear: bought as a contrarian bet, decays
    "ZKLU": 1.2,  # launched in the rally
    "ZORX": 0.3,  # launched the day after the IPO, at the top
    "975210": 18.0,  # Seoul's 2x on its main index: the market's largest leveraged fund
    "985010": 12.0,  # Tokyo's 2x on KY225
    "975110": 4.0,  # Seoul's 2x on the US chip leader
    "995010": 3.0,
    "975010": 2.0,  # Seoul's new 2x single-stock funds (listed 2037-04-27)
    "975020": 2.0,
}
"""Peak AUM (USD bn) of the named funds, the same on lite and full; each variant moves each by ~5 %.
Sized on real leveraged ETPs: a few large funds of $10-30 bn, none above ~$30 bn. The other (filler)
funds of the full profile are the long tail, sized by their underlying's liquidity."""
SIZE_NOISE = 0.05
FUND_CAP_BN = 30.0
"""No fund's peak AUM exceeds this (the largest real leveraged ETP has been about $30 bn)."""
TURNOVER_DAYS = 1.5
"""A fund on a stock peaks at no more than this many days of the stock's median dollar turnover
(2037-01-02 .. 06-11): real single-stock funds hold well under a day's turnover of their stock, so
their rebalance stays a few per cent of it (and reaches 10-20 % only on the crash days)."""
LIQUIDITY_WINDOW = (D(2037, 1, 2), D(2037, 6, 11))
USD_PAIR = {"KRW": "USDKRW", "JPY": "USDJPY", "HKD": "USDHKD"}


def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build D07's etp_master and etp_daily for ``profile`` and ``variant`` from D01/D02's stored tables."""
    uni = universe(profile)
    d01, d02 = parents["D01"], parents["D02"]
    funds = [s for s in uni.securities if s.asset_class == "ETP"]
    master = pd.DataFrame(
        {
            "fund_id": [s.security_id for s in funds],
            "family": [s.name.split()[0] for s in funds],
            "leverage": [float(s.leverage) for s in funds],
            "underlying_id": [s.underlying_id for s in funds],
            "venue": [s.venue for s in funds],
            "expense_ratio": [float(s.expense_ratio) for s in funds],
            "financing_rate": [FINANCING_RATE[s.ccy] for s in funds],
            "launch_date": [s.list_date for s in funds],
            "close_date": pd.Series([s.delist_date for s in funds], dtype=object),
        }
    )

    closes = _close_table(d02["eq_daily"])
    actions = d01["corporate_actions"]
    fp = factor_paths(variant)
    grid_pos = {d: i for i, d in enumerate(fp.grid)}
    navs = [_nav_frame(sec, uni, closes, actions, variant) for sec in funds]

    scaled = []
    for frame, sec in zip(navs, funds, strict=True):
        rates = _creation_rates(sec, frame, variant)
        usd = _usd_rate(sec, frame["date"], fp, grid_pos)
        scaled.append((frame, sec, rates, usd))
    initial = _initial_usd(scaled, uni, d02["eq_daily"], fp, grid_pos, variant)

    daily = []
    for frame, sec, rates, usd in scaled:
        init_usd = initial[sec.security_id]
        shares0 = max(1, round(init_usd / (frame["nav"].iloc[0] / usd[0]) / UNIT)) * UNIT
        daily.append(_fund_daily(sec, frame, rates, usd, shares0, closes))
    etp_daily = pd.concat(daily, ignore_index=True).sort_values(["fund_id", "date"], ignore_index=True)
    return {"etp_master": master, "etp_daily": etp_daily}


# --- NAVs ------------------------------------------------------------------------------------------
def _close_table(eq: pd.DataFrame) -> dict[int, pd.Series]:
    """security_id -> stored closes indexed by trade_date (datetime.date)."""
    out = {}
    frame = eq[["security_id", "trade_date", "close"]].copy()
    frame["trade_date"] = pd.to_datetime(frame["trade_date"]).dt.date
    for sid, part in frame.groupby("security_id", sort=False):
        out[int(sid)] = pd.Series(part["close"].to_numpy(), index=part["trade_date"].to_numpy())
    return out


def _ratio_cash(actions: pd.DataFrame, sid: int, dates) -> tuple[np.ndarray, np.ndarray]:
    index = {d: i for i, d in enumerate(dates)}
    ratio, cash = np.ones(len(dates)), np.zeros(len(dates))
    rows = actions[actions["security_id"] == sid]
    for row in rows.itertuples(index=False):
        ex = pd.Timestamp(row.ex_date).date()
        if ex not in index:
            continue
        if row.action_type in ("SPLIT", "RSPLIT"):
            ratio[index[ex]] = row.ratio
        elif row.action_type == "DIV":
            cash[index[ex]] = row.cash
    return ratio, cash


def _underlying_closes(uni: Universe, closes, actions, und_id: int, variant: int):
    """(dates, adjusted gross returns close_t / close_{t-1}) of a stock or index from stored closes."""
    und = uni.by_id[und_id]
    if und.asset_class == "IDX":
        spec = next(i for i in uni.indices if i.security_id == und_id)
        dates = sessions(spec.venue, variant)
        px = np.full((len(dates), len(spec.members)), np.nan)
        ratios = np.ones((len(dates), len(spec.members)))
        for k, m in enumerate(spec.members):
            px[:, k] = closes[m].reindex(list(dates)).to_numpy(dtype=float)
            ratios[:, k] = _ratio_cash(actions, m, dates)[0]
        months = np.array([d.year * 12 + d.month for d in dates])
        caps = np.array([uni.by_id[m].cap_usd_bn for m in spec.members])
        levels, _ = index_levels(spec, months, px, ratios, caps)
        gross = np.concatenate([[1.0], levels[1:] / levels[:-1]])
        return list(dates), gross
    series = closes[und_id]
    dates = list(series.index)
    c = series.to_numpy(dtype=float)
    ratio, cash = _ratio_cash(actions, und_id, dates)
    gross = np.concatenate([[1.0], (c[1:] + cash[1:]) * ratio[1:] / c[:-1]])
    return dates, gross


def _nav_frame(sec: Security, uni: Universe, closes, actions, variant: int) -> pd.DataFrame:
    """Per fund session: date, nav_asof, und_return, split_ratio, nav, mkt_close."""
    own = closes[sec.security_id]
    dates = list(own.index)
    und_dates, gross = _underlying_closes(uni, closes, actions, sec.underlying_id, variant)
    und_pos = {d: i for i, d in enumerate(und_dates)}
    und_venue = uni.by_id[sec.underlying_id].venue
    if und_venue == sec.venue:
        asof = dates
        # a fund lists after its underlying: its first return is ignored anyway
        r = np.array([gross[und_pos[d]] - 1 for d in dates])
    else:
        und_np = np.array(und_dates, dtype="datetime64[D]")
        k = np.searchsorted(und_np, np.array(dates, dtype="datetime64[D]"), side="left") - 1
        keep = k >= 0
        dates = [d for d, ok in zip(dates, keep, strict=True) if ok]
        k = k[keep]
        asof = [und_dates[i] for i in k]
        cum = np.cumprod(gross)
        r = np.concatenate([[0.0], cum[k[1:]] / cum[k[:-1]] - 1])
        r[1:][k[1:] == k[:-1]] = 0.0
    r = np.round(r, RETURN_DP)
    r[0] = 0.0
    days = np.concatenate([[0], np.diff(np.array(asof, dtype="datetime64[D]")).astype(int)])
    ratio, _ = _ratio_cash(actions, sec.security_id, dates)
    nav = daily_reset_nav(
        sec.base_price,
        r,
        float(sec.leverage),
        float(sec.expense_ratio),
        FINANCING_RATE[sec.ccy],
        days,
        ratio,
    )
    return pd.DataFrame(
        {
            "date": dates,
            "nav_asof": asof,
            "und_return": r,
            "split_ratio": ratio,
            "nav": nav,
            "mkt_close": own.reindex(dates).to_numpy(dtype=float),
        }
    )


# --- flows -----------------------------------------------------------------------------------------
def _region(sec: Security) -> str:
    return "US" if sec.venue == "NXS" else "ASIA"


def _initial_usd(scaled, uni: Universe, eq: pd.DataFrame, fp, grid_pos, variant: int) -> dict[int, float]:
    """Initial AUM (USD) per fund. The share paths are linear in the initial share count, so each
    fund is scaled to peak at its size: PEAK_AUM_BN for a named fund, TURNOVER_DAYS of its stock's
    turnover for a filler, each at most TURNOVER_DAYS of the stock's turnover and FUND_CAP_BN."""
    turnover = _median_turnover_usd(eq, uni, fp, grid_pos)
    initial = {}
    for frame, sec, rates, usd in scaled:
        s_true, _ = _share_path(usd[0] / frame["nav"].iloc[0], rates, frame["split_ratio"].to_numpy(), rounded=False)
        peak_per_usd = (s_true * frame["nav"].to_numpy() / usd).max()
        liquidity = TURNOVER_DAYS * turnover.get(sec.underlying_id, np.inf)
        size = PEAK_AUM_BN[sec.ticker] * 1e9 if sec.ticker in PEAK_AUM_BN else liquidity
        noise = generator(STREAM, variant, sec.security_id, 2).normal(0.0, SIZE_NOISE)
        initial[sec.security_id] = min(size * np.exp(noise), liquidity, FUND_CAP_BN * 1e9) / peak_per_usd
    return initial


def _median_turnover_usd(eq: pd.DataFrame, uni: Universe, fp, grid_pos) -> dict[int, float]:
    """security_id -> median daily turnover (USD at each day's fixing) of each stock over
    LIQUIDITY_WINDOW, from D02's stored turnover."""
    frame = eq[["security_id", "trade_date", "turnover"]].dropna().copy()
    frame["trade_date"] = pd.to_datetime(frame["trade_date"]).dt.date
    frame = frame[(frame["trade_date"] >= LIQUIDITY_WINDOW[0]) & (frame["trade_date"] <= LIQUIDITY_WINDOW[1])]
    out = {}
    for sid, part in frame.groupby("security_id"):
        sec = uni.by_id[int(sid)]
        if sec.asset_class == "EQ":
            usd = part["turnover"].to_numpy() / _usd_rate(sec, part["trade_date"], fp, grid_pos)
            out[int(sid)] = float(np.median(usd))
    return out


def _usd_rate(sec: Security, dates, fp, grid_pos) -> np.ndarray:
    if sec.ccy == "USD":
        return np.ones(len(dates))
    fx = fp.fx[USD_PAIR[sec.ccy]]
    return np.array([fx[grid_pos[d]] for d in dates])


def _creation_rates(sec: Security, frame: pd.DataFrame, variant: int) -> np.ndarray:
    """Net creations per session as a fraction of the shares outstanding."""
    rng = generator(STREAM, variant, sec.security_id)
    dates = list(frame["date"])
    labels = regime_labels(dates)
    bull = sec.leverage > 0
    drift = np.array([PHASE_DRIFT[p] for p in labels]) * (1.0 if bull else 0.3)
    # Seoul's new single-stock 2x funds: the retail frenzy of their first weeks
    if sec.venue == "HNX" and sec.list_date > D(2036, 1, 2):
        drift = drift + np.where(labels == "euphoria", 0.05, 0.0)
    if sec.list_date > D(2036, 6, 1) and sec.venue == "NXS":
        age = np.arange(len(dates))
        drift = drift + 0.08 * np.exp(-age / 8.0) * (labels != "aftermath")
    gross_und = 1 + frame["und_return"].to_numpy()
    log_und = np.log(np.maximum(gross_und, 1e-6))
    trailing = pd.Series(log_und).rolling(5, min_periods=1).sum().shift(1).fillna(0.0).to_numpy()
    rate = drift + CHASE * trailing + rng.normal(0.0, FLOW_NOISE, len(dates))
    if bull:
        for day, size in DIP_BUYING.items():
            if day in dates:
                rate[dates.index(day)] += size * (1 + rng.uniform(-0.2, 0.2))
    if sec.delist_date is not None:
        rate[-CLOSING_SESSIONS:] = -0.12
        rate[-1] = -0.9
    return np.clip(rate, -0.95, 0.5)


def _share_path(shares0: float, rates: np.ndarray, ratio: np.ndarray, rounded: bool):
    """End-of-day shares and net creation units per session; reported shares_out is the previous
    end-of-day count on the session's split basis (times the split ratio: 0.1 shares per old share)."""
    n = len(rates)
    true = np.empty(n)
    units = np.zeros(n, dtype=np.int64)
    before = shares0
    for t in range(n):
        if t:
            before = true[t - 1] * ratio[t]
            if rounded:
                before = float(round(before))
        if rounded:
            u = int(np.round(rates[t] * before / UNIT))
            u = max(u, -(int(before) // UNIT - 1))  # keep at least one unit
            units[t] = u
            true[t] = before + u * UNIT
        else:
            true[t] = before * (1 + rates[t])
    return true, units


def _fund_daily(sec: Security, frame: pd.DataFrame, rates, usd, shares0: int, closes) -> pd.DataFrame:
    ratio = frame["split_ratio"].to_numpy()
    nav = frame["nav"].to_numpy()
    lev = float(sec.leverage)
    true, units = _share_path(float(shares0), rates, ratio, rounded=True)
    shares_out = np.round(np.concatenate([[shares0], true[:-1] * ratio[1:]])).astype(np.int64)
    aum = np.round(true * nav / usd, 2)
    flow = units * UNIT * nav / usd
    prev_aum = np.concatenate([[0.0], aum[:-1]])
    r = frame["und_return"].to_numpy()
    rebal = np.round(lev * (lev - 1) * prev_aum * r + lev * flow, 2)
    mkt = frame["mkt_close"].to_numpy()
    out = pd.DataFrame(
        {
            "fund_id": np.full(len(frame), sec.security_id, dtype=np.int32),
            "date": np.array(frame["date"], dtype="datetime64[D]"),
            "nav_asof": np.array(frame["nav_asof"], dtype="datetime64[D]"),
            "und_return": frame["und_return"].to_numpy(),
            "split_ratio": ratio,
            "nav": nav,
            "mkt_close": mkt,
            "shares_out": shares_out,
            "aum": aum,
            "creation_units": units.astype(np.int32),
            "swap_notional": np.round(lev * aum, 2),
            "rebal_notional": rebal + 0.0,
            "premium_bp": np.round((mkt / nav - 1) * 10000, 2),
        }
    )
    return out
