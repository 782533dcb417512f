"""D14 Cross-market & macro: FX (daily and hourly), policy rates, investor flows, circuit breakers.

FX closes are the engine's (``FactorPaths.fx``: USDJPY, USDKRW, USDHKD on the weekday grid), so the
yen's carry-unwind week (USDJPY about -6 % over 2037-06-15 .. 06-19) is the same path every dataset
sees. Hourly bars (USDJPY and USDKRW) are Brownian bridges between consecutive closes: the day's 24th
bar closes exactly at the daily close, and the daily high/low are the max/min of its hourly bars.

Investor flows on HNX and KYX are driven by D03's stored HNXC and KY225 returns: foreigners sell into
falls (and the won's weakness), retail buys the dip, institutions take the other side, so the three
types net to exactly zero every session. Circuit breakers are HNX's market-wide halts, one row per
session whose HNXC close-to-close return is -8 % or worse (level 1; -15 % level 2; -20 % level 3).
Policy rates: USD flat at 4.5 % (the rate D06/D07 and D13 use), a JPY hike in the sell-off week.
D14 depends on D13 too, so a problem can set CDS spreads, USD/JPY and chip returns side by side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from datasets.calendar import sessions
from datasets.dictionary import IS_SYNTHETIC, ChartInfo, DatasetInfo, TableInfo, col
from datasets.engine import factor_paths
from datasets.seeds import generator

ID = "D14"
STREAM = 14
D = dt.date

FX_PAIRS = ("USDJPY", "USDKRW", "USDHKD")
HOURLY_PAIRS = ("USDJPY", "USDKRW")
HOURLY_START = {"lite": D(2037, 5, 1), "full": D(2036, 1, 1)}
"""First weekday with hourly bars (lite keeps only the months around the sell-off)."""
FX_DECIMALS = {"USDJPY": 4, "USDKRW": 4, "USDHKD": 4}
"""Decimals of every FX rate (the engine stores its closes with 4)."""
INTRADAY_VOL = {"USDJPY": 0.095, "USDKRW": 0.085, "USDHKD": 0.004}
"""Annualized volatility of the hourly bridge noise (the engine's daily FX vol)."""

CB_LEVELS = ((1, -0.08), (2, -0.15), (3, -0.20))
"""HNX circuit-breaker levels and the HNXC close-to-close return at or below which each applies."""
CB_HALT_MINUTES = {1: 20, 2: 20, 3: 0}
"""Level 3 closes the market for the day (halt_minutes 0 means no reopening)."""
FLOW_VENUES = {"HNX": ("HNXC", "KRW", 800.0), "KYX": ("KY225", "JPY", 150.0)}
"""Venue -> (index, currency, daily net-buy scale in local bn)."""

POLICY: tuple[tuple[str, str, dt.date, float], ...] = (
    ("USD", "Federal Reserve (fictional ledger)", D(2036, 1, 1), 4.50),
    ("JPY", "Bank of Kiyose", D(2036, 1, 1), 0.25),
    ("JPY", "Bank of Kiyose", D(2037, 3, 19), 0.50),
    ("JPY", "Bank of Kiyose", D(2037, 6, 16), 0.75),
    ("KRW", "Bank of Hanseong", D(2036, 1, 1), 3.00),
    ("KRW", "Bank of Hanseong", D(2036, 11, 27), 2.75),
    ("KRW", "Bank of Hanseong", D(2037, 7, 10), 2.50),
    ("HKD", "Harbour Monetary Authority", D(2036, 1, 1), 4.75),
)
"""(currency, central bank, effective date, policy rate %). USD is flat at 4.5 % all episode."""

DATASET = DatasetInfo(
    id=ID,
    title="Cross-market & macro",
    story=(
        "Currencies, policy rates, who bought and sold the Asian markets, and when Seoul's circuit breakers "
        "fired. In the sell-off week the yen gains about 6 % against the dollar as carry trades unwind, "
        "foreign investors sell Hanseong stocks while retail investors buy, and on 2037-06-17 Hanseong falls "
        "about 10 % while Kiyose rises."
    ),
    depends_on=("D03", "D13"),
    tables=[
        TableInfo(
            "fx_daily",
            "Daily FX bars per weekday (FX trades every weekday, Asian and US holidays included). "
            "open = previous weekday's close (the first day opens at its close); for USDJPY and USDKRW "
            "on weekdays with hourly bars, high and low are the max and min of that day's fx_1h bars.",
            [
                col("pair", "VARCHAR", "", "USDJPY, USDKRW or USDHKD (units of the second currency per USD)."),
                col("trade_date", "DATE", "", "Weekday; the close is the 21:00 UTC fixing."),
                col("open", "DOUBLE", "quote ccy per USD", "Previous weekday's close."),
                col("high", "DOUBLE", "quote ccy per USD", "Highest rate of the day."),
                col("low", "DOUBLE", "quote ccy per USD", "Lowest rate of the day."),
                col("close", "DOUBLE", "quote ccy per USD", "Rate at 21:00 UTC (the engine's close)."),
                IS_SYNTHETIC,
            ],
            ("pair", "trade_date"),
        ),
        TableInfo(
            "fx_1h",
            "Hourly bars of USDJPY and USDKRW (lite: from 2037-05-01). A trade_date's 24 bars start at "
            "21:00 UTC of the previous calendar day and end at its 21:00 UTC close; Monday's first bar "
            "opens at Friday's close.",
            [
                col("pair", "VARCHAR", "", "USDJPY or USDKRW."),
                col("trade_date", "DATE", "", "The fx_daily day the bar belongs to."),
                col("ts_utc", "TIMESTAMP", "UTC", "Bar start, UTC (a TIMESTAMP without time zone)."),
                col("open", "DOUBLE", "quote ccy per USD", "First rate of the hour (the previous bar's close)."),
                col("high", "DOUBLE", "quote ccy per USD", "Highest rate of the hour."),
                col("low", "DOUBLE", "quote ccy per USD", "Lowest rate of the hour."),
                col("close", "DOUBLE", "quote ccy per USD", "Last rate of the hour."),
                IS_SYNTHETIC,
            ],
            ("pair", "ts_utc"),
        ),
        TableInfo(
            "policy_rates",
            "Central-bank policy rates, effective-dated: the rate in force on a date is the row with the "
            "latest eff_date on or before it. USD is flat at 4.5 %, the rate D06, D07 and D13 use.",
            [
                col("ccy", "VARCHAR", "ISO 4217", "Currency."),
                col("central_bank", "VARCHAR", "", "Central bank (fictional names)."),
                col("eff_date", "DATE", "", "First day the rate applies."),
                col("rate_pct", "DOUBLE", "% per year", "Policy rate."),
            ],
            ("ccy", "eff_date"),
        ),
        TableInfo(
            "investor_flows",
            "Net buying of the venue's listed stocks per session by investor type; the three types sum "
            "to exactly 0 every session (every buy has a seller).",
            [
                col("venue", "VARCHAR", "", "HNX or KYX."),
                col("trade_date", "DATE", "venue-local", "Session."),
                col("investor_type", "VARCHAR", "", "RETAIL, FOREIGN or INST."),
                col("ccy", "VARCHAR", "ISO 4217", "KRW for HNX, JPY for KYX."),
                col("net_buy", "DOUBLE", "local ccy bn", "Buys minus sells, 1 decimal; INST = -(RETAIL + FOREIGN)."),
            ],
            ("venue", "trade_date", "investor_type"),
        ),
        TableInfo(
            "circuit_breakers",
            "HNX market-wide trading halts: one row per session on which HNXC closed at or below -8 % "
            "from the previous close, at the highest level reached (1: -8 %, 2: -15 %, 3: -20 %).",
            [
                col("venue", "VARCHAR", "", "HNX."),
                col("trade_date", "DATE", "venue-local", "Session."),
                col("index_id", "INTEGER", "", "HNXC (securities.security_id)."),
                col("cb_level", "INTEGER", "", "1, 2 or 3."),
                col("threshold_pct", "DOUBLE", "%", "The level's trigger: -8, -15 or -20."),
                col("index_return_pct", "DOUBLE", "%", "HNXC's close-to-close return that session, 2 decimals."),
                col("trigger_time_local", "TIME", "Asia/Seoul", "When the halt began."),
                col("halt_minutes", "INTEGER", "minutes", "Length of the halt; 0 = closed for the day."),
            ],
            ("venue", "trade_date"),
        ),
    ],
    charts=(
        ChartInfo(
            "USD/JPY",
            "SELECT trade_date, close AS USDJPY FROM fx_daily WHERE pair = 'USDJPY' ORDER BY 1",
            "The yen strengthens about 6 % in the sell-off week as carry trades unwind.",
            "yen per dollar",
        ),
        ChartInfo(
            "HNX net buying: foreign vs retail",
            "SELECT trade_date, SUM(net_buy) FILTER (WHERE investor_type = 'FOREIGN') AS foreign_investors, "
            "SUM(net_buy) FILTER (WHERE investor_type = 'RETAIL') AS retail_investors "
            "FROM investor_flows WHERE venue = 'HNX' GROUP BY 1 ORDER BY 1",
            "Foreigners sell the falls while retail investors buy them.",
            "KRW bn",
        ),
    ),
)


def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build D14's tables from the engine's FX closes and D03's stored index levels."""
    paths = factor_paths(variant)
    grid = paths.grid
    hourly, bars = _hourly(paths, profile, variant)
    securities = parents["D01"]["securities"]
    levels = parents["D03"]["index_levels"]
    returns = {code: index_returns(levels, securities, code) for code in ("HNXC", "KY225")}
    return {
        "fx_daily": _daily(paths.fx, grid, bars),
        "fx_1h": hourly,
        "policy_rates": _policy(),
        "investor_flows": _flows(returns, paths, variant),
        "circuit_breakers": circuit_breakers(returns["HNXC"], securities, variant),
    }


def index_returns(levels: pd.DataFrame, securities: pd.DataFrame, code: str) -> pd.Series:
    """Simple close-to-close returns of an index from its stored levels, by trade_date (first NaN)."""
    index_id = int(securities.loc[securities["ticker"] == code, "security_id"].iloc[0])
    lv = levels[levels["index_id"] == index_id].sort_values("trade_date")
    series = pd.Series(lv["level"].to_numpy(float), index=pd.to_datetime(lv["trade_date"]).dt.date)
    return series / series.shift(1) - 1


def _hourly(paths, profile: str, variant: int) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Hourly bars (24 per weekday) bridging consecutive closes; returns the table and per-pair frames."""
    grid = np.array(paths.grid, dtype="datetime64[D]")
    start = np.datetime64(HOURLY_START[profile], "D")
    frames, per_pair = [], {}
    for k, pair in enumerate(HOURLY_PAIRS):
        rng = generator(STREAM, variant, k)
        close = paths.fx[pair]
        first = int(np.searchsorted(grid, start))
        days = grid[first:]
        n = len(days)
        prev = close[first - 1 : first - 1 + n] if first else np.concatenate([[close[0]], close[: n - 1]])
        end = close[first : first + n]
        # Brownian bridge in log space from prev close to today's close over 24 hours (4 ticks per hour)
        ticks = 24 * 4
        step = INTRADAY_VOL[pair] / np.sqrt(261 * ticks)
        walk = np.cumsum(rng.standard_normal((n, ticks)) * step, axis=1)
        frac = np.arange(1, ticks + 1) / ticks
        bridge = walk - frac * walk[:, -1:]
        path = np.log(prev)[:, None] + frac * (np.log(end) - np.log(prev))[:, None] + bridge
        level = np.round(np.exp(path), FX_DECIMALS[pair])
        level[:, -1] = end  # exact: the last tick is the stored close
        quarters = level.reshape(n, 24, 4)
        bar_close = quarters[:, :, -1]
        bar_open = np.concatenate([prev[:, None], bar_close[:, :-1]], axis=1)
        high = np.maximum(quarters.max(axis=2), bar_open)
        low = np.minimum(quarters.min(axis=2), bar_open)
        starts = (days.astype("datetime64[h]") - np.timedelta64(3, "h"))[:, None] + np.arange(24).astype(
            "timedelta64[h]"
        )
        frame = pd.DataFrame(
            {
                "pair": pair,
                "trade_date": np.repeat(days, 24),
                "ts_utc": starts.ravel().astype("datetime64[us]"),
                "open": bar_open.ravel(),
                "high": high.ravel(),
                "low": low.ravel(),
                "close": bar_close.ravel(),
                "is_synthetic": True,
            }
        )
        frames.append(frame)
        per_pair[pair] = frame
    return pd.concat(frames, ignore_index=True), per_pair


def _daily(fx: dict[str, np.ndarray], grid, bars: dict[str, pd.DataFrame]) -> pd.DataFrame:
    days = np.array(grid, dtype="datetime64[D]")
    frames = []
    for pair in FX_PAIRS:
        close = fx[pair]
        open_ = np.concatenate([[close[0]], close[:-1]])
        # without hourly bars the range is the open-close envelope widened by a deterministic 0.2 sd
        pad = np.round(np.abs(close - open_) * 0.25 + close * INTRADAY_VOL[pair] / np.sqrt(261) * 0.2, 6)
        high = np.round(np.maximum(open_, close) + pad, FX_DECIMALS[pair])
        low = np.round(np.minimum(open_, close) - pad, FX_DECIMALS[pair])
        if pair in bars:
            agg = bars[pair].groupby("trade_date").agg(high=("high", "max"), low=("low", "min"))
            at = np.searchsorted(days, agg.index.to_numpy().astype("datetime64[D]"))
            high[at], low[at] = agg["high"].to_numpy(), agg["low"].to_numpy()
        frames.append(
            pd.DataFrame(
                {
                    "pair": pair,
                    "trade_date": days,
                    "open": open_,
                    "high": high,
                    "low": low,
                    "close": close,
                    "is_synthetic": True,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _policy() -> pd.DataFrame:
    p = pd.DataFrame(POLICY, columns=["ccy", "central_bank", "eff_date", "rate_pct"])
    p["eff_date"] = np.array(p["eff_date"].tolist(), dtype="datetime64[D]")
    return p.sort_values(["ccy", "eff_date"], ignore_index=True)


def _flows(returns: dict[str, pd.Series], paths, variant: int) -> pd.DataFrame:
    """Foreign net buying follows the index and the currency; retail leans against foreigners."""
    frames = []
    grid_pos = {d: i for i, d in enumerate(paths.grid)}
    for k, (venue, (code, ccy, scale)) in enumerate(FLOW_VENUES.items()):
        rng = generator(STREAM, variant, 100 + k)
        days = sessions(venue, variant)
        ret = returns[code].reindex(days).fillna(0.0).to_numpy()
        pair = "USDKRW" if ccy == "KRW" else "USDJPY"
        fx = paths.fx[pair]
        idx = np.array([grid_pos[d] for d in days])
        fx_ret = np.log(fx[idx] / fx[np.maximum(idx - 1, 0)])
        # a weaker local currency (USDKRW up) makes foreigners sell; for the yen carry unwind, a
        # stronger yen (USDJPY down) sends foreign money out of Japanese stocks too
        fx_term = -fx_ret if ccy == "KRW" else fx_ret
        n = len(days)
        foreign = scale * (60.0 * ret + 40.0 * fx_term + rng.normal(0.0, 0.35, n))
        retail = scale * (-0.8 * foreign / scale + rng.normal(0.0, 0.5, n))
        foreign, retail = np.round(foreign, 1), np.round(retail, 1)
        inst = np.round(-(foreign + retail), 1)
        day_arr = np.array(days, dtype="datetime64[D]")
        for kind, values in (("RETAIL", retail), ("FOREIGN", foreign), ("INST", inst)):
            frames.append(
                pd.DataFrame(
                    {"venue": venue, "trade_date": day_arr, "investor_type": kind, "ccy": ccy, "net_buy": values + 0.0}
                )
            )
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["venue", "trade_date", "investor_type"], ignore_index=True)


def circuit_breakers(hnxc: pd.Series, securities: pd.DataFrame, variant: int) -> pd.DataFrame:
    """The circuit_breakers table from HNXC's close-to-close returns (D15 builds its CB_TRIGGER events
    from the same function, so the two always agree)."""
    rng = generator(STREAM, variant, 200)
    index_id = int(securities.loc[securities["ticker"] == "HNXC", "security_id"].iloc[0])
    rows = []
    for day, r in hnxc.dropna().items():
        hit = [(lvl, thr) for lvl, thr in CB_LEVELS if r <= thr]
        if not hit:
            continue
        level, threshold = hit[-1]
        minute = int(rng.integers(10, 330))  # minutes after the 09:00 open
        rows.append(
            (
                day,
                level,
                threshold * 100,
                round(r * 100, 2),
                dt.time(9 + minute // 60, minute % 60),
                CB_HALT_MINUTES[level],
            )
        )
    cb = pd.DataFrame(
        rows,
        columns=["trade_date", "cb_level", "threshold_pct", "index_return_pct", "trigger_time_local", "halt_minutes"],
    )
    cb.insert(0, "venue", "HNX")
    cb.insert(2, "index_id", np.int32(index_id))
    cb["trade_date"] = np.array(cb["trade_date"].tolist(), dtype="datetime64[D]")
    for c in ("cb_level", "halt_minutes", "index_id"):
        cb[c] = cb[c].astype(np.int32)
    return cb
