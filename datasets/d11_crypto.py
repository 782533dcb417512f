"""D11 Crypto: hourly bitcoin spot and perpetual markets on three 24/7 venues, funding, open interest,
liquidations, a daily 16:00 New York fix, and the flows of US spot bitcoin funds.

The bitcoin path is the engine's ``CRYPTO`` factor (calendar days), reshaped slowly so that it
peaks in 2036-11 and drifts ~35 % lower through the euphoria to 2037-06-11, with a loading on the
US chip complex that is zero in the euphoria (decoupled) and returns in the cracks (re-coupled).
The weekend of Juneteenth (2037-06-19..21, US shut) keeps the engine's pinned -18 %. Each day's
move is spread over 24 hours (a bridge of Student-t hourly shocks); one scripted hour on
2037-06-20 carries the cascade's worst candle. Long liquidations over that weekend are 6-7x the
shorts, open interest loses 30-43 % in the 24 hours after the peak liquidation hour, funding turns
negative.

Venues quote differently: CX1 in USD (volume in BTC), CX2's perpetual is inverse (contracts of
USD 100; volume and open interest in contracts), CX3 quotes in USDT (CX1 lists USDT-USD). Each
venue has a few wicks of 3-8 % of its own, and CX3 is offline for four hours during the cascade
(no rows). Timestamps are TIMESTAMP columns in UTC (naive, the bar's start), as in D04/D05/D09.
Lite keeps the hourly tables for 2037-06-01..07-15; the daily tables cover 2036-01-01..2037-09-30
in both profiles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from datasets.calendar import all_dates, sessions
from datasets.dictionary import IS_SYNTHETIC, ChartInfo, DatasetInfo, TableInfo, col
from datasets.engine import CHIP_MKT_BETA, FACTORS, factor_paths, regime_labels
from datasets.seeds import generator
from datasets.ticks import round_half_away

ID = "D11"
STREAM = 11
D = dt.date
BTC_START = 96_000.0
"""BTC-USD on 2036-01-01 before the engine's first move."""
PEAK_DAY = D(2036, 11, 16)
ANCHOR_DAYS = 7
"""The trend is pinned every week; the peak sits mid-November."""
PEAK_LIFT = 0.55
"""Log move from the start to the 2036-11 peak (the reshaping's target)."""
EUPHORIA_FALL = np.log(0.65)
"""Log move from the peak to 2037-06-11 (-35 %)."""
COUPLING = {"calm": 0.15, "rally": 0.15, "euphoria": 0.0, "cracks": 0.6, "selloff": 0.6, "rebound": 0.6,
            "aftermath": 0.6}
"""Loading of BTC's daily log return on the US chip complex (1.75 MKT + CHIP) by regime."""
WEEKEND = (D(2037, 6, 19), D(2037, 6, 21))
"""The Juneteenth weekend: US shut, crypto trades; the engine pins -18 % over these three days."""
CASCADE_DAY = D(2037, 6, 20)
OFFLINE_HOURS = 4
LITE_WINDOW = (D(2037, 6, 1), D(2037, 7, 15))
FIX_TZ = ZoneInfo("America/New_York")
PAIRS = (
    # venue, pair, kind, quote, volume_unit, contract_usd, inverse
    ("CX1", "BTC-USD", "SPOT", "USD", "BTC", None, False),
    ("CX1", "BTC-USD-PERP", "PERP", "USD", "BTC", None, False),
    ("CX1", "USDT-USD", "SPOT", "USD", "USDT", None, False),
    ("CX2", "XBTUSD", "SPOT", "USD", "BTC", None, False),
    ("CX2", "XBTUSD-INV", "PERP", "USD", "contracts", 100.0, True),
    ("CX3", "BTC/USDT", "SPOT", "USDT", "BTC", None, False),
    ("CX3", "BTC/USDT:PERP", "PERP", "USDT", "BTC", None, False),
)
LIQ_MIN_USD = 25_000.0
"""Liquidation rows below this are not reported (the venues' feeds drop small ones)."""
VENUE_SHARE = {"CX1": 0.45, "CX2": 0.25, "CX3": 0.30}
"""Each venue's share of perpetual open interest and volume."""
_TS = "TIMESTAMP"

DATASET = DatasetInfo(
    id=ID,
    title="Crypto",
    story=(
        "Bitcoin on three 24/7 venues: hourly spot and perpetual bars, funding every eight hours, "
        "open interest and liquidations per hour, a daily 16:00 New York fix and the flows of US spot "
        "bitcoin funds. Bitcoin peaks in 2036-11 and drifts a third lower while chips soar, then "
        "falls with them. Over the Juneteenth weekend, while New York is shut, it drops 18 %: a "
        "liquidation cascade of long positions, open interest down by a third in a day, funding "
        "below zero, and one venue offline for four hours."
    ),
    depends_on=(),
    tables=[
        TableInfo(
            "crypto_pairs",
            "The traded pairs and how each venue quotes them (keys: venue, pair).",
            [
                col("venue", "VARCHAR", "", "Venue (venues.venue): CX1, CX2 or CX3."),
                col("pair", "VARCHAR", "", "The venue's symbol."),
                col("kind", "VARCHAR", "", "SPOT or PERP (perpetual future, funded every 8 hours)."),
                col("base", "VARCHAR", "", "Asset priced: BTC or USDT."),
                col("quote_ccy", "VARCHAR", "", "Currency of prices: USD or USDT (CX3)."),
                col("volume_unit", "VARCHAR", "", "Unit of volume and open interest: BTC, USDT or contracts."),
                col("contract_usd", "DOUBLE", "USD", "Face of one contract (inverse perpetual only).", True),
                col("is_inverse", "BOOLEAN", "", "Inverse perpetual: contracts are USD 100 each, margined in BTC."),
                IS_SYNTHETIC,
            ],
            ("venue", "pair"),
        ),
        TableInfo(
            "ohlcv_1h",
            "Hourly bars per venue and pair. ts_utc is the bar's start; the bar covers [ts_utc, "
            "ts_utc + 1 hour). CX3 has no rows for the four hours it was offline.",
            [
                col("venue", "VARCHAR", "", "Venue."),
                col("pair", "VARCHAR", "", "Pair (crypto_pairs)."),
                col("ts_utc", _TS, "UTC", "Bar start, UTC (a TIMESTAMP without time zone)."),
                col("open", "DOUBLE", "quote ccy", "First price of the hour."),
                col("high", "DOUBLE", "quote ccy", "Highest price of the hour."),
                col("low", "DOUBLE", "quote ccy", "Lowest price of the hour."),
                col("close", "DOUBLE", "quote ccy", "Last price of the hour."),
                col("volume", "DOUBLE", "volume_unit", "Volume traded in the pair's volume_unit."),
            ],
            ("venue", "pair", "ts_utc"),
        ),
        TableInfo(
            "funding_8h",
            "Funding of the perpetuals at 00:00, 08:00 and 16:00 UTC: longs pay shorts the rate times "
            "their position when it is positive, shorts pay longs when it is negative.",
            [
                col("venue", "VARCHAR", "", "Venue."),
                col("pair", "VARCHAR", "", "Perpetual pair."),
                col("ts_utc", _TS, "UTC", "Funding time, UTC."),
                col("funding_rate", "DOUBLE", "fraction per 8 hours", "Rate paid at ts_utc (0.0001 = 1 bp)."),
            ],
            ("venue", "pair", "ts_utc"),
        ),
        TableInfo(
            "oi_1h",
            "Open interest of each perpetual at the end of each hour (ts_utc is the hour's start).",
            [
                col("venue", "VARCHAR", "", "Venue."),
                col("pair", "VARCHAR", "", "Perpetual pair."),
                col("ts_utc", _TS, "UTC", "Hour start, UTC; the value is as of ts_utc + 1 hour."),
                col("open_interest", "DOUBLE", "volume_unit", "Open positions in the pair's volume_unit."),
                col("oi_usd", "DOUBLE", "USD", "Open interest in USD at the hour's close (USDT counted at par)."),
            ],
            ("venue", "pair", "ts_utc"),
        ),
        TableInfo(
            "liquidations_1h",
            "Forced closures of perpetual positions per hour and side. Only hours with liquidations "
            "have a row (a missing venue-hour-side is zero).",
            [
                col("venue", "VARCHAR", "", "Venue."),
                col("pair", "VARCHAR", "", "Perpetual pair."),
                col("ts_utc", _TS, "UTC", "Hour start, UTC."),
                col("side", "VARCHAR", "", "LONG (longs liquidated, forced sells) or SHORT (forced buys)."),
                col("usd", "DOUBLE", "USD", "Notional liquidated."),
            ],
            ("venue", "pair", "ts_utc", "side"),
        ),
        TableInfo(
            "btc_fix_daily",
            "The daily bitcoin fix: CX1's BTC-USD close of the hour ending 16:00 New York time "
            "(fix_ts_utc is that bar's start: 19:00 UTC in summer time, 20:00 UTC in winter). US "
            "companies and funds value their bitcoin at it.",
            [
                col("date", "DATE", "", "Calendar date (New York)."),
                col("fix_ts_utc", _TS, "UTC", "Start of the CX1 BTC-USD bar whose close is the fix."),
                col("price_usd", "DOUBLE", "USD per BTC", "The fix."),
            ],
            ("date",),
        ),
        TableInfo(
            "spot_fund_flows",
            "All US spot bitcoin funds together, per NXS session: bitcoin held, AUM and net flows at "
            "the fix. aum_usd = round(btc_held * fix, 2); net_flow_usd = round((btc_held - previous "
            "session's btc_held) * fix, 2).",
            [
                col("trade_date", "DATE", "", "NXS session."),
                col("btc_held", "DOUBLE", "BTC", "Bitcoin held at the close (4 decimals)."),
                col("aum_usd", "DOUBLE", "USD", "Assets at the day's fix."),
                col("net_flow_usd", "DOUBLE", "USD", "Creations minus redemptions, valued at the fix."),
            ],
            ("trade_date",),
        ),
    ],
    charts=(
        ChartInfo(
            "Bitcoin, daily fix",
            "SELECT date, price_usd AS btc_fix FROM btc_fix_daily ORDER BY 1",
            "The 2036-11 peak, the long slide through the chip euphoria, and the Juneteenth weekend.",
            "USD per BTC",
        ),
        ChartInfo(
            "Open interest on the three venues through the Juneteenth weekend",
            "SELECT ts_utc AS hour, sum(oi_usd) / 1e9 AS open_interest_bn FROM oi_1h "
            "WHERE ts_utc >= TIMESTAMP '2037-06-17' AND ts_utc < TIMESTAMP '2037-06-24' GROUP BY 1 ORDER BY 1",
            "About a third of the open interest is liquidated or closed within a day (CX3's gap: offline).",
            "USD bn",
        ),
    ),
)


# --- the bitcoin path --------------------------------------------------------------------------------
@cache
def btc_daily(variant: int) -> tuple[np.ndarray, np.ndarray]:
    """(calendar days, daily log returns of BTC-USD) for ``variant``: the engine's crypto factor,
    the chip coupling, and a slow reshaping that puts the peak in 2036-11 and the -35 % slide."""
    f = factor_paths(variant)
    days = np.array(f.days, dtype="datetime64[D]")
    ret = f.crypto_daily.copy()
    labels = regime_labels(list(f.days))
    chip = CHIP_MKT_BETA * f.returns["MKT"] + f.returns["CHIP"]
    pos = {d: i for i, d in enumerate(f.days)}
    beta = np.array([COUPLING[x] for x in labels])
    for i, day in enumerate(f.grid):
        j = pos[day]
        if not (WEEKEND[0] <= day <= WEEKEND[1]):
            ret[j] += beta[j] * chip[i]
    return days, _reshape(days, ret)


def _reshape(days: np.ndarray, ret: np.ndarray) -> np.ndarray:
    """Pin the log path to a tent every ANCHOR_DAYS (up PEAK_LIFT to PEAK_DAY, down EUPHORIA_FALL to
    2037-06-11), adding a constant drift between anchors: the days keep the engine's shocks, the
    trend becomes the episode's. The sell-off and later days keep their moves."""
    cum = np.cumsum(ret)
    peak = int(np.nonzero(days == np.datetime64(PEAK_DAY))[0][0])
    crack = int(np.nonzero(days == np.datetime64("2037-06-11"))[0][0])
    anchors = sorted({*range(0, peak, ANCHOR_DAYS), peak, *range(crack, peak, -ANCHOR_DAYS)})
    t = np.array(anchors, dtype=float)
    # a blow-off top: the three weeks either side of the peak move 0.10-0.12 in log terms
    knots = [0, peak - 21, peak, peak + 21, crack]
    levels = [ret[0], PEAK_LIFT - 0.10, PEAK_LIFT, PEAK_LIFT - 0.12, PEAK_LIFT + EUPHORIA_FALL]
    target = np.interp(t, knots, levels)
    out = ret.copy()
    for a, b, level_b in zip(anchors[:-1], anchors[1:], target[1:], strict=True):
        level_a = out[: a + 1].sum()
        out[a + 1 : b + 1] += (level_b - level_a - (cum[b] - cum[a])) / (b - a)
    return out


def _hourly_log_price(variant: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, int]:
    """(hour starts, log BTC-USD at each hour's close, index of the cascade's crash hour)."""
    days, ret = btc_daily(variant)
    n = len(days)
    vol = np.array([next(s for s in FACTORS if s.name == "CRYPTO").vol[x] for x in regime_labels(
        [d.item() for d in days])]) / np.sqrt(365 * 24)
    z = rng.standard_t(4.5, (n, 24)) * np.sqrt(2.5 / 4.5)
    steps = z * vol[:, None]
    cascade = int(np.nonzero(days == np.datetime64(CASCADE_DAY))[0][0])
    crash_hour = 2 + int(rng.integers(0, 4))
    steps[cascade, crash_hour] = np.log(1 - rng.uniform(0.055, 0.07))
    free = np.ones((n, 24), dtype=bool)
    free[cascade, crash_hour] = False
    steps += np.where(free, (ret - steps.sum(axis=1))[:, None] / free.sum(axis=1)[:, None], 0.0)
    hours = (days[:, None] + np.arange(24).astype("timedelta64[h]")).ravel()
    return hours, np.log(BTC_START) + np.cumsum(steps.ravel()), cascade * 24 + crash_hour


# --- generation -------------------------------------------------------------------------------------
def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build D11's tables (the hourly ones cut to LITE_WINDOW on lite)."""
    rng = generator(STREAM, variant, 0)
    hours, logp, crash = _hourly_log_price(variant, rng)
    market = _market(hours, logp, crash, rng)
    keep = np.ones(len(hours), dtype=bool)
    if profile == "lite":
        start, end = (np.datetime64(d, "h") for d in LITE_WINDOW)
        keep = (hours >= start) & (hours < end + np.timedelta64(24, "h"))
    bars, oi, liq, funding, cx1 = _tables(hours, market, keep, variant, rng)
    fix = _fix(hours, cx1)
    return {
        "crypto_pairs": _pairs(),
        "ohlcv_1h": bars,
        "funding_8h": funding,
        "oi_1h": oi,
        "liquidations_1h": liq,
        "btc_fix_daily": fix,
        "spot_fund_flows": _fund_flows(fix, variant, rng),
    }


def _pairs() -> pd.DataFrame:
    frame = pd.DataFrame(
        PAIRS, columns=["venue", "pair", "kind", "quote_ccy", "volume_unit", "contract_usd", "is_inverse"]
    )
    frame.insert(3, "base", np.where(frame["pair"] == "USDT-USD", "USDT", "BTC"))
    frame["is_synthetic"] = True
    return frame


def _ar1(rng, n: int, phi: float, sd: float) -> np.ndarray:
    """A stationary AR(1) path x_i = phi * x_(i-1) + e_i (a linear filter, no Python loop)."""
    e = rng.normal(0, sd * np.sqrt(1 - phi**2), n)
    return lfilter([1.0], [1.0, -phi], e)


def _market(hours, logp, peak: int, rng) -> dict[str, np.ndarray]:
    """Hourly closes per pair (USD), perpetual basis, open interest (BTC) and liquidations (USD)."""
    n = len(hours)
    day = hours.astype("datetime64[D]")
    labels = regime_labels([d.item() for d in day[::24]]).repeat(24)
    r = np.diff(np.concatenate([[np.log(BTC_START)], logp]))
    spot = np.exp(logp)
    usdt = 1.0 + 0.0003 + _ar1(rng, n, 0.98, 0.0004)
    weekend = (day >= np.datetime64(WEEKEND[0])) & (day <= np.datetime64(WEEKEND[1]))
    usdt = np.where(weekend, usdt + 0.002, usdt)  # flight into the stablecoin
    basis_mean = pd.Series(labels).map({"calm": 3e-4, "rally": 8e-4, "euphoria": 5e-4, "cracks": 1e-4,
                                        "selloff": -2e-4, "rebound": 0.0, "aftermath": 1e-4}).to_numpy()
    basis = basis_mean + _ar1(rng, n, 0.95, 3e-4) + np.where(weekend, -1.5e-3, 0.0)
    # open interest in BTC: a slow random walk that grows with leverage into the peak
    lev = pd.Series(labels).map({"calm": 1.0, "rally": 1.15, "euphoria": 1.3, "cracks": 1.3, "selloff": 1.25,
                                 "rebound": 0.9, "aftermath": 0.9}).rolling(24 * 30, min_periods=1).mean()
    oi_btc = 260_000 * lev.to_numpy() * np.exp(_ar1(rng, n, 0.999, 0.05))
    down, up = np.maximum(-r, 0.0), np.maximum(r, 0.0)
    long_liq = oi_btc * spot * (2e-5 * rng.exponential(1.0, n) + 0.6 * down**2 * 50)
    short_liq = oi_btc * spot * (2e-5 * rng.exponential(1.0, n) + 0.6 * up**2 * 50)
    # the weekend cascade: longs 6-7x shorts, open interest -30..-43 % (USD) in the next 24 hours
    long_liq[weekend] *= 2.0
    others = np.delete(long_liq + short_liq, peak).max()
    long_liq[peak] = max(long_liq[peak], 1.6 * others)  # the crash hour is the peak liquidation hour
    short_liq[weekend] *= long_liq[weekend].sum() / short_liq[weekend].sum() / rng.uniform(6.2, 6.8)
    target = rng.uniform(0.33, 0.40)
    price_move = spot[peak + 24] / spot[peak]
    need = 1 - (1 - target) / price_move  # fraction of BTC open interest that must close
    w = long_liq[peak + 1 : peak + 25] / long_liq[peak + 1 : peak + 25].sum()
    cut = np.ones(n)
    cut[peak + 1 : peak + 25] = (1 - need) ** w
    oi_btc = oi_btc * np.cumprod(cut)
    return {"spot": spot, "usdt": usdt, "basis": basis, "oi_btc": oi_btc, "long": long_liq, "short": short_liq,
            "r": r, "peak": np.array([peak])}


def _tables(hours, m, keep, variant, rng):
    """ohlcv_1h, oi_1h, liquidations_1h and funding_8h rows per pair, cut to ``keep``."""
    n = len(hours)
    ts = _instants(hours)
    offline = np.zeros(n, dtype=bool)
    start = int(m["peak"][0]) + 3 + int(rng.integers(0, 3))
    offline[start : start + OFFLINE_HOURS] = True
    bars, ois, liqs, funds = [], [], [], []
    cx1 = None
    for k, (venue, pair, kind, quote, _unit, contract, _inv) in enumerate(PAIRS):
        vrng = generator(STREAM, variant, 1, k)
        noise = 1 + _ar1(vrng, n, 0.7, 2e-4)
        if pair == "USDT-USD":
            close = m["usdt"] * (1 + vrng.normal(0, 5e-5, n))
            decimals = 4
        else:
            close = m["spot"] * noise * (1 + m["basis"] if kind == "PERP" else 1.0)
            close = close / m["usdt"] if quote == "USDT" else close
            decimals = 1 if venue == "CX3" else 2
        close = round_half_away(close, decimals)
        if (venue, pair) == ("CX1", "BTC-USD"):
            cx1 = close
        open_ = np.concatenate([[close[0]], close[:-1]])
        wick = np.abs(vrng.normal(0, 1, (2, n))) * 0.004
        high = np.maximum(open_, close) * (1 + wick[0])
        low = np.minimum(open_, close) * (1 - wick[1])
        if pair != "USDT-USD":  # a few venue-specific wicks of 3-8 %, two of them in the cascade
            at = np.concatenate([vrng.choice(n, 3, replace=False), int(m["peak"][0]) + vrng.integers(-6, 6, 1)])
            low[at] = np.minimum(open_[at], close[at]) * (1 - vrng.uniform(0.03, 0.08, len(at)))
        high, low = round_half_away(high, decimals), round_half_away(low, decimals)
        share = VENUE_SHARE[venue]
        base_vol = 1800.0 * share * (1 + 40 * np.abs(m["r"])) * vrng.lognormal(0, 0.3, n)
        volume = base_vol * (3.0 if kind == "PERP" else 1.0)
        if pair == "USDT-USD":
            volume = base_vol * 60_000
        if contract:
            volume = volume * m["spot"] / contract
        volume = np.round(volume, 0 if contract else 4)
        sel = keep & ~(offline & (venue == "CX3"))
        bars.append(pd.DataFrame({"venue": venue, "pair": pair, "ts_utc": ts[sel], "open": open_[sel],
                                  "high": high[sel], "low": low[sel], "close": close[sel], "volume": volume[sel]}))
        if kind != "PERP":
            continue
        oi_btc = m["oi_btc"] * share * np.exp(_ar1(vrng, n, 0.99, 0.01))
        oi_usd = np.round(oi_btc * m["spot"], 0)
        units = np.round(oi_usd / contract, 0) if contract else np.round(oi_btc, 4)
        ois.append(pd.DataFrame({"venue": venue, "pair": pair, "ts_utc": ts[sel], "open_interest": units[sel],
                                 "oi_usd": oi_usd[sel]}))
        for side, key in (("LONG", "long"), ("SHORT", "short")):
            usd = np.round(m[key] * share * vrng.lognormal(0, 0.25, n), 0)
            on = sel & (usd >= LIQ_MIN_USD)
            liqs.append(pd.DataFrame({"venue": venue, "pair": pair, "ts_utc": ts[on], "side": side, "usd": usd[on]}))
        prem = pd.Series(m["basis"] * noise).rolling(8, min_periods=1).mean().to_numpy()
        rate = np.clip(np.round(prem + np.clip(1e-4 - prem, -5e-4, 5e-4), 6), -0.0075, 0.0075)
        at = np.nonzero(keep & (hours.astype("datetime64[h]").astype(np.int64) % 8 == 0))[0]
        at = at[at > 0]
        funds.append(pd.DataFrame({"venue": venue, "pair": pair, "ts_utc": ts[at], "funding_rate": rate[at - 1]}))
    return (pd.concat(bars, ignore_index=True), pd.concat(ois, ignore_index=True),
            pd.concat(liqs, ignore_index=True), pd.concat(funds, ignore_index=True), cx1)


def _instants(stamps: np.ndarray) -> np.ndarray:
    """datetime64 values as naive datetime64[us] (UTC), the dictionary's TIMESTAMP."""
    return stamps.astype("datetime64[us]")


def fix_hours(days: list[dt.date]) -> np.ndarray:
    """UTC start (datetime64[h]) of the bar ending 16:00 New York on each day."""
    out = []
    for day in days:
        end = dt.datetime.combine(day, dt.time(16), tzinfo=FIX_TZ).astimezone(dt.UTC).replace(tzinfo=None)
        out.append(np.datetime64(end - dt.timedelta(hours=1), "h"))
    return np.array(out, dtype="datetime64[h]")


def _fix(hours: np.ndarray, cx1_close: np.ndarray) -> pd.DataFrame:
    """btc_fix_daily: CX1 BTC-USD's stored close at each day's fix hour."""
    days = all_dates()
    at = fix_hours(days)
    idx = ((at - hours[0]) / np.timedelta64(1, "h")).astype(int)
    ok = idx < len(hours)
    price = cx1_close[idx[ok]]
    return pd.DataFrame({"date": np.array(days, dtype="datetime64[D]")[ok], "fix_ts_utc": _instants(at[ok]),
                         "price_usd": price})


def _fund_flows(fix: pd.DataFrame, variant: int, rng: np.random.Generator) -> pd.DataFrame:
    """Spot funds' holdings per NXS session: flows chase the past week's return; outflows in the sell-off."""
    price = fix.set_index(pd.to_datetime(fix["date"]))["price_usd"]
    days = [d for d in sessions("NXS", variant) if pd.Timestamp(d) in price.index]
    px = price.reindex(pd.to_datetime(days)).to_numpy()
    week = np.concatenate([np.zeros(5), np.log(px[5:] / px[:-5])])
    labels = regime_labels(days)
    stress = np.isin(labels, ["selloff"])
    pct = 0.004 * np.tanh(week / 0.05) + rng.normal(0, 0.0015, len(days)) - 0.004 * stress
    held = np.round(1_050_000 * np.exp(np.cumsum(pct)), 4)
    flow = round_half_away(np.diff(np.concatenate([[held[0]], held])) * px, 2)
    flow[0] = 0.0
    return pd.DataFrame({"trade_date": np.array(days, dtype="datetime64[D]"), "btc_held": held,
                         "aum_usd": round_half_away(held * px, 2), "net_flow_usd": flow})
