"""D04 Intraday 1-minute bars: 20 sessions around the sell-off for a handful of stocks and funds.

Every security-session's 1-minute bars are drawn *inside* D02's stored daily bar: the first bar
opens at the daily open, the last bar closes at the daily close, the highest high and the lowest
low are the daily high and low, and the minute volumes add up to the daily volume (in whole lots).
So aggregating ``bars_1m`` per session reproduces ``eq_daily`` exactly.

Shape: volume follows a U over the session (heavy open, heavier close), and the closing 15
minutes take a larger share on big-move days (leveraged funds rebalance at the close; their
volume there is boosted more). The price path is a Brownian bridge from open to close whose
minute volatility follows the volume curve, clipped into the daily range and put on the tick
grid. Halts remove minutes: a security with D02 ``halt_minutes`` > 0 has that many consecutive
minutes missing (at the same clock time for every security of the venue that day); a fully
halted session has no bars. KYX and VHK have no bars over lunch.

Timestamps: ``ts_utc`` is the bar's start, a TIMESTAMP in UTC (naive: no time zone attached, UTC by
convention); ``ts_raw`` is the text the venue's feed sent: NXS an ISO time in New York time with its UTC offset
(``2037-06-16T09:30:00-04:00``), HNX naive Seoul local time (``2037-06-17 09:00:00``, UTC+9, no
DST), KYX and VHK epoch milliseconds of the UTC instant (``2128809600000``).

Futures: one fictional 23-hour equity-index future, ZMXU7 (the September 2037 contract on M500),
in its own tables ``futures_contracts`` and ``futures_1m`` (it is not a D01 security). Each
session runs 18:00 New York time the day before its trade date to 17:00 on it (1,380 minutes, a
one-hour break each evening, none over weekends and NXS holidays). The bar starting 15:59 closes
at M500's D03 close carried to expiry (``settle_anchor``), so close-to-close over cash hours is
M500's daily move. Overnight, while Seoul opens, the future leads HNX: its minute return is a
weighted sum of the HNX names' standardized first-hour returns 1-5 minutes *later*
(``LEAD_WEIGHTS``, peak at 2 minutes) plus noise, so HNX first-hour returns load on the future's
return of 1-5 minutes earlier. (The future is drawn after the HNX bars, so bars_1m is unchanged;
statistically the lead is the same.)

Not built (documented): the two crypto venues of the design.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from datasets.calendar import VENUE_BY_CODE, sessions
from datasets.dictionary import IS_SYNTHETIC, DatasetInfo, TableInfo, col
from datasets.seeds import generator
from datasets.ticks import round_half_away, round_to_tick
from datasets.universe import universe

ID = "D04"
STREAM = 4
D = dt.date
WINDOW = (D(2037, 5, 28), D(2037, 6, 25))
"""First and last session date (venue-local) of the bars: 20 NXS sessions, the cracks to the rebound."""
TICKERS = {
    "lite": ("ZVLT", "ZMRY", "ZSXU", "ZSXD", "970010", "970320", "980010", "990010"),
    "full": (
        "ZVLT",
        "ZMRY",
        "ZJHB",
        "ZKLC",
        "ZHSM",
        "ZSXU",
        "ZSXD",
        "ZVLU",
        "ZNQU",
        "970010",
        "970020",
        "970320",
        "975010",
        "980010",
        "980020",
        "990010",
    ),
}
"""The securities with intraday bars per profile (lite is a subset of full; ids are shared)."""
TS_STYLE = {"NXS": "iso_offset", "HNX": "seoul_naive", "KYX": "epoch_ms", "VHK": "epoch_ms"}
CLOSE_WINDOW = 15
"""Minutes of the closing window whose volume share rises on big-move days."""
AVG_TRADE_LOTS = {"NXS": 120, "HNX": 60, "KYX": 3, "VHK": 4}
"""Average trade size in lots (NXS/HNX lots are 1 share, KYX/VHK 100 shares)."""

FUTURE = {
    "contract_id": "ZMXU7",
    "root": "ZMX",
    "name": "Meridian 500 Index Future, September 2037",
    "underlying_ticker": "M500",
    "ccy": "USD",
    "multiplier": 50,
    "tick_size": 0.25,
    "expiry": D(2037, 9, 18),
    "carry_rate": 0.03,
    "session_tz": "America/New_York",
    "session_open_local": dt.time(18, 0),
    "session_close_local": dt.time(17, 0),
}
"""The one futures contract: fictional root ZMX (not a real exchange symbol), month code U = September."""
FUTURES_SUBSTREAM = 1_000_000
"""Sub-stream key of the futures path (security sub-streams use security ids, halts use 0)."""
SESSION_MINUTES = 23 * 60
"""Minutes per futures session: 18:00 the day before to 17:00 (the one-hour break 17:00-18:00)."""
CASH_OPEN, CASH_CLOSE = 15 * 60 + 30, 22 * 60
"""Minute offsets in a futures session of 09:30 and 16:00 New York time (session starts 18:00)."""
LEAD_WEIGHTS = np.array([0.25, 0.45, 0.30, 0.15, 0.05])
"""Loading of the future's minute return on HNX's standardized return 1..5 minutes later."""
LEAD_RHO = 0.8
"""Share (as a correlation) of the future's minute return in HNX's first hour that is the lead signal."""
HNX_FIRST_HOUR = 60

DATASET = DatasetInfo(
    id=ID,
    title="Intraday 1-minute bars",
    story=(
        "One-minute bars for a handful of New York, Seoul, Tokyo and Hong Kong stocks and leveraged "
        "funds over the 20 sessions from 2037-05-28 to 06-25, the cracks, the sell-off and the "
        "rebound. Each session's bars add up exactly to its daily bar, volume is U-shaped and the "
        "closing minutes swell on the big days. Every venue's feed stamps time its own way (New York "
        "with an offset, Seoul naive local, Tokyo and Hong Kong epoch milliseconds), lunch breaks and "
        "halts leave gaps. A 23-hour M500 index future trades through the night; it closes on the "
        "index at 16:00 New York time and moves a couple of minutes ahead of Seoul's opening hour."
    ),
    depends_on=("D02", "D03"),
    tables=[
        TableInfo(
            "bars_1m",
            "One row per security per traded minute of its venue's regular session, 2037-05-28 .. "
            "2037-06-25 (venue-local session dates). Per security and session, first open, max high, "
            "min low, last close and sum of volume equal D02 eq_daily's open, high, low, close and "
            "volume exactly. No rows over the KYX/VHK lunch break, during halts, or on fully halted "
            "sessions.",
            [
                col("security_id", "INTEGER", "", "Instrument (securities.security_id)."),
                col(
                    "ts_raw",
                    "VARCHAR",
                    "",
                    "Bar start time as the venue's feed sent it. NXS: ISO 8601 New York local time with "
                    "its UTC offset ('2037-06-16T09:30:00-04:00'); HNX: naive Seoul local time, UTC+9 "
                    "with no DST ('2037-06-17 09:00:00'); KYX and VHK: milliseconds since "
                    "1970-01-01 00:00 UTC ('2128809600000').",
                ),
                col(
                    "ts_utc",
                    "TIMESTAMP",
                    "UTC",
                    "Bar start time in UTC (the cleaned ts_raw; a TIMESTAMP without time zone, always "
                    "UTC); the bar covers [ts_utc, ts_utc + 1 minute).",
                ),
                col("open", "DOUBLE", "local ccy per share", "First trade price of the minute."),
                col("high", "DOUBLE", "local ccy per share", "Highest trade price of the minute."),
                col("low", "DOUBLE", "local ccy per share", "Lowest trade price of the minute."),
                col("close", "DOUBLE", "local ccy per share", "Last trade price of the minute."),
                col(
                    "volume",
                    "BIGINT",
                    "shares",
                    "Shares traded in the minute; NULL on every bar of a session whose daily volume "
                    "is NULL in eq_daily (the feed lost it).",
                    nullable=True,
                ),
                col(
                    "n_trades",
                    "INTEGER",
                    "trades",
                    "Number of trades in the minute; NULL where volume is NULL.",
                    nullable=True,
                ),
                IS_SYNTHETIC,
            ],
            ("security_id", "ts_utc"),
        ),
        TableInfo(
            "futures_contracts",
            "The futures contracts with 1-minute bars (one: ZMXU7 on M500). Not securities rows: "
            "futures have no daily bars in D02.",
            [
                col("contract_id", "VARCHAR", "", "Contract code: root + month code + last digit of the year."),
                col("root", "VARCHAR", "", "Product root (ZMX = Meridian 500 index futures)."),
                col("name", "VARCHAR", "", "Contract name."),
                col("underlying_id", "INTEGER", "", "The index (securities.security_id of M500)."),
                col("ccy", "VARCHAR", "", "Currency of prices and P&L."),
                col("multiplier", "INTEGER", "USD per index point", "Contract value = price * multiplier."),
                col("tick_size", "DOUBLE", "index points", "Minimum price increment; every price is on it."),
                col("expiry", "DATE", "", "Last trading day (third Friday of the month)."),
                col(
                    "carry_rate",
                    "DOUBLE",
                    "per year, ACT/365",
                    "Financing minus dividend yield: the bar starting 15:59 New York time closes at "
                    "ROUND(m500_level * (1 + carry_rate * days_to_expiry / 365) / tick_size) * tick_size.",
                ),
                col("session_tz", "VARCHAR", "", "Time zone of the session times."),
                col(
                    "session_open_local", "TIME", "session_tz", "Session start, the calendar day before the trade date."
                ),
                col("session_close_local", "TIME", "session_tz", "Session end on the trade date."),
                IS_SYNTHETIC,
            ],
            ("contract_id",),
        ),
        TableInfo(
            "futures_1m",
            "One row per contract per traded minute: sessions run 18:00 New York time the calendar day "
            "before trade_date to 16:59 on trade_date (1,380 bars), for every NXS session 2037-05-28 .. "
            "2037-06-25; nothing 17:00-17:59, over weekends or on NXS holidays (no session on 06-19). "
            "Each bar opens at the previous bar's close (also across breaks).",
            [
                col("contract_id", "VARCHAR", "", "The contract (futures_contracts.contract_id)."),
                col("trade_date", "DATE", "New York", "Trade date of the session the bar belongs to."),
                col(
                    "ts_utc",
                    "TIMESTAMP",
                    "UTC",
                    "Bar start time in UTC (no time zone attached); the bar covers [ts_utc, ts_utc + 1 minute).",
                ),
                col("open", "DOUBLE", "index points", "First trade price of the minute."),
                col("high", "DOUBLE", "index points", "Highest trade price of the minute."),
                col("low", "DOUBLE", "index points", "Lowest trade price of the minute."),
                col("close", "DOUBLE", "index points", "Last trade price of the minute."),
                col("volume", "BIGINT", "contracts", "Contracts traded in the minute."),
                IS_SYNTHETIC,
            ],
            ("contract_id", "ts_utc"),
        ),
    ],
)


def session_minutes(venue: str) -> np.ndarray:
    """Minute-start offsets from local midnight (minutes) of a venue's regular session, lunch excluded."""
    v = VENUE_BY_CODE[venue]

    def m(t: dt.time) -> int:
        return t.hour * 60 + t.minute

    mins = np.arange(m(v.open_local), m(v.close_local))
    if v.lunch_start_local is not None:
        mins = mins[(mins < m(v.lunch_start_local)) | (mins >= m(v.lunch_end_local))]
    return mins


def _utc_offset_minutes(venue: str, day: dt.date) -> int:
    v = VENUE_BY_CODE[venue]
    local = dt.datetime.combine(day, v.open_local, tzinfo=ZoneInfo(v.tz))
    return int(local.utcoffset().total_seconds() // 60)


def _volume_weights(n_full: int, big: float, etp: bool) -> np.ndarray:
    """U-shaped expected volume over the full session grid; the close swells with ``big`` in [0, 1]."""
    i = np.arange(n_full, dtype=float)
    w = 0.55 + 2.2 * np.exp(-i / 18.0) + 1.3 * np.exp(-(n_full - 1 - i) / 25.0)
    w[-CLOSE_WINDOW:] *= 1.0 + (2.5 if etp else 1.2) * big
    return w


def _session_bars(venue, sec, row, prev_close, halt_start, rng):
    """Bars of one security-session: (minute offsets, open, high, low, close, volume, n_trades) or None."""
    grid = session_minutes(venue)
    n_full = len(grid)
    halt = int(row.halt_minutes)
    if halt >= n_full:
        return None
    keep = np.ones(n_full, dtype=bool)
    if halt:
        start = min(halt_start, n_full - halt - 1)
        keep[start : start + halt] = False
    o_d, h_d, l_d, c_d = float(row.open), float(row.high), float(row.low), float(row.close)
    move = abs(c_d / prev_close - 1) if prev_close and np.isfinite(prev_close) else 0.0
    big = min(1.0, move / 0.08)
    w = _volume_weights(n_full, big, sec.asset_class == "ETP")[keep]
    w = w * rng.gamma(6.0, 1 / 6.0, len(w))
    n = len(w)
    p = w / w.sum()

    # price: a bridge from open to close, minute volatility ~ sqrt(volume share)
    t = np.cumsum(p)
    steps = rng.standard_t(5, n) * np.sqrt(p)
    s = np.cumsum(steps)
    bridge = s - t * s[-1]
    lo, lc, lh, ll = np.log(o_d), np.log(c_d), np.log(h_d), np.log(l_d)
    span = np.ptp(bridge)
    scale = max(0.0, 0.85 * (lh - ll) - abs(lc - lo)) / span if span > 0 else 0.0
    x = np.clip(lo + (lc - lo) * t + scale * bridge, ll, lh)
    close = np.clip(np.round(round_to_tick(venue, np.exp(x)), 4), l_d, h_d)
    close[-1] = c_d
    open_ = np.concatenate([[o_d], close[:-1]])
    body_hi, body_lo = np.maximum(open_, close), np.minimum(open_, close)
    wick = np.abs(rng.normal(0, 1, (2, n))) * 0.25 * scale * np.sqrt(p)
    high = np.clip(np.round(round_to_tick(venue, body_hi * np.exp(wick[0]), "up"), 4), body_hi, h_d)
    low = np.clip(np.round(round_to_tick(venue, body_lo * np.exp(-wick[1]), "down"), 4), l_d, body_lo)
    high[int(np.argmax(body_hi))] = h_d
    low[int(np.argmin(body_lo))] = l_d

    # volume: whole lots, one per minute first when there are enough, the rest multinomial
    if pd.isna(row.volume):
        vol = trades = None
    else:
        lot = sec.lot_size
        total = int(row.volume)
        lots = total // lot
        base = np.ones(n, dtype=np.int64) if lots >= n else np.zeros(n, dtype=np.int64)
        lots_vol = base + rng.multinomial(lots - int(base.sum()), p)
        vol = lots_vol * lot
        vol[-1] += total - lots * lot
        size = AVG_TRADE_LOTS[venue] * np.exp(rng.normal(0, 0.35, n))
        trades = np.where(lots_vol > 0, np.maximum(1, np.round(lots_vol / size)), 0).astype(np.int64)
    return grid[keep], open_, high, low, close, vol, trades


def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build ``bars_1m`` for ``profile`` and ``variant`` from D02's stored daily bars."""
    uni = universe(profile)
    eq = parents["D02"]["eq_daily"].copy()
    eq["trade_date"] = pd.to_datetime(eq["trade_date"]).dt.date
    secs = sorted((uni.sec(t) for t in TICKERS[profile]), key=lambda s: s.security_id)

    halt_rng = generator(STREAM, variant, 0)
    halt_start: dict[tuple[str, dt.date], int] = {}
    day = WINDOW[0]
    while day <= WINDOW[1]:  # one draw per venue and date, whether or not anything halts
        for venue in ("NXS", "HNX", "KYX", "VHK"):
            halt_start[(venue, day)] = int(halt_rng.integers(45, len(session_minutes(venue)) - 60))
        day += dt.timedelta(days=1)

    parts = []
    for sec in secs:
        rng = generator(STREAM, variant, sec.security_id)
        rows = eq[eq["security_id"] == sec.security_id].sort_values("trade_date")
        prev = rows["close"].shift(1).to_numpy()
        in_window = ((rows["trade_date"] >= WINDOW[0]) & (rows["trade_date"] <= WINDOW[1])).to_numpy()
        for row, prev_close in zip(rows[in_window].itertuples(index=False), prev[in_window], strict=True):
            out = _session_bars(sec.venue, sec, row, prev_close, halt_start[(sec.venue, row.trade_date)], rng)
            if out is None:
                continue
            mins, o, h, lo, c, vol, trades = out
            n = len(mins)
            midnight = np.datetime64(row.trade_date, "m")
            offset = _utc_offset_minutes(sec.venue, row.trade_date)
            utc = midnight + (mins - offset).astype("timedelta64[m]")
            parts.append(
                pd.DataFrame(
                    {
                        "security_id": np.full(n, sec.security_id, dtype=np.int32),
                        "venue": sec.venue,
                        "offset": offset,
                        "utc": utc,
                        "open": o,
                        "high": h,
                        "low": lo,
                        "close": c,
                        "volume": pd.array(vol if vol is not None else [None] * n, dtype="Int64"),
                        "n_trades": pd.array(trades if trades is not None else [None] * n, dtype="Int32"),
                    }
                )
            )
    bars = pd.concat(parts, ignore_index=True)
    bars["ts_raw"] = _raw_stamps(bars["venue"].to_numpy(), bars["offset"].to_numpy(), bars["utc"].to_numpy())
    bars["ts_utc"] = bars["utc"].to_numpy().astype("datetime64[us]")
    bars["is_synthetic"] = True
    bars = bars.sort_values(["security_id", "ts_utc"], ignore_index=True)
    m500 = uni.sec(FUTURE["underlying_ticker"]).security_id
    levels = parents["D03"]["index_levels"]
    levels = levels[levels["index_id"] == m500]
    hnx = bars[bars["venue"] == "HNX"]
    return {
        "bars_1m": bars[DATASET.table("bars_1m").column_names],
        "futures_contracts": _contracts(m500),
        "futures_1m": _futures_bars(variant, levels, hnx),
    }


def _text(stamps: np.ndarray) -> np.ndarray:
    """'YYYY-MM-DD HH:MM:SS' of datetime64 values."""
    return np.char.replace(np.datetime_as_string(stamps.astype("datetime64[s]"), unit="s"), "T", " ").astype(object)


def _raw_stamps(venues: np.ndarray, offsets: np.ndarray, utc: np.ndarray) -> np.ndarray:
    """The feed's ts_raw for each bar (see the module docstring)."""
    out = np.empty(len(utc), dtype=object)
    utc = utc.astype("datetime64[m]")
    for venue, style in TS_STYLE.items():
        sel = venues == venue
        if not sel.any():
            continue
        if style == "epoch_ms":
            out[sel] = utc[sel].astype("datetime64[ms]").astype(np.int64).astype(str)
        elif style == "seoul_naive":
            out[sel] = _text(utc[sel] + np.timedelta64(9 * 60, "m"))
        else:
            off = offsets[sel]
            local = utc[sel] + off.astype("timedelta64[m]")
            iso = np.datetime_as_string(local.astype("datetime64[s]"), unit="s").astype(object)
            sign = np.where(off < 0, "-", "+")
            suffix = [f"{s}{abs(m) // 60:02d}:{abs(m) % 60:02d}" for s, m in zip(sign, off, strict=True)]
            out[sel] = iso + np.array(suffix, dtype=object)
    return out


# --- the 23-hour index future -------------------------------------------------------------------


def _contracts(m500_id: int) -> pd.DataFrame:
    """The futures_contracts table (one row)."""
    row = {k: FUTURE[k] for k in ("contract_id", "root", "name", "ccy", "multiplier", "tick_size", "expiry")}
    row |= {k: FUTURE[k] for k in ("carry_rate", "session_tz", "session_open_local", "session_close_local")}
    row["underlying_id"] = m500_id
    row["is_synthetic"] = True
    return pd.DataFrame([row])[DATASET.table("futures_contracts").column_names]


def settle_anchor(level: np.ndarray, trade_date: np.ndarray) -> np.ndarray:
    """Close of the 15:59 New York bar: M500's level carried to expiry, on the tick grid (SQL ROUND)."""
    days = (np.datetime64(FUTURE["expiry"], "D") - trade_date.astype("datetime64[D]")).astype(np.int64)
    tick = FUTURE["tick_size"]
    return round_half_away(level * (1 + FUTURE["carry_rate"] * days / 365) / tick, 0) * tick


def _session_starts_utc(days: list[dt.date]) -> np.ndarray:
    """UTC start (datetime64[m]) of each trade date's session: 18:00 New York the calendar day before."""
    tz = ZoneInfo(FUTURE["session_tz"])
    out = []
    for day in days:
        start = dt.datetime.combine(day - dt.timedelta(days=1), FUTURE["session_open_local"], tzinfo=tz)
        end = dt.datetime.combine(day, FUTURE["session_close_local"], tzinfo=tz)
        # a session spanning a DST switch would not have 1,380 minutes; the window has none
        assert start.utcoffset() == end.utcoffset(), day
        out.append(np.datetime64(start.astimezone(dt.UTC).replace(tzinfo=None), "m"))
    return np.array(out, dtype="datetime64[m]")


def _hnx_first_hour_signal(hnx: pd.DataFrame) -> pd.Series:
    """Mean over HNX names of each name-session's standardized first-hour minute log return, by UTC minute.

    A bar's return is ln(close / previous close) within the session (the first bar's ln(close / open));
    the bar after a halt carries the gap's move. Each name-session is scaled to unit standard deviation.
    """
    local = hnx["utc"] + np.timedelta64(9 * 60, "m")  # Seoul, no DST
    tod = (local - local.dt.floor("D")).dt.total_seconds() // 60
    first = hnx[(tod >= 9 * 60) & (tod < 9 * 60 + HNX_FIRST_HOUR)].copy()
    first["day"] = local[first.index].dt.floor("D")
    first = first.sort_values(["security_id", "utc"])
    prev = first.groupby(["security_id", "day"])["close"].shift(1).fillna(first["open"])
    first["r"] = np.log(first["close"] / prev)
    sd = first.groupby(["security_id", "day"])["r"].transform(lambda r: r.std(ddof=0))
    first["z"] = np.where(sd > 0, first["r"] / sd.where(sd > 0, 1.0), 0.0)
    return first.groupby("utc")["z"].mean()


def _lead_signal(starts: np.ndarray, z: pd.Series) -> np.ndarray:
    """Per session and minute, sum_k LEAD_WEIGHTS[k-1] * z(minute + k), scaled to unit sd where nonzero."""
    minutes = starts[:, None] + np.arange(SESSION_MINUTES).astype("timedelta64[m]")
    zz = z.reindex(pd.DatetimeIndex(minutes.ravel())).fillna(0.0).to_numpy().reshape(minutes.shape)
    f = np.zeros_like(zz)
    for k, w in enumerate(LEAD_WEIGHTS, start=1):
        f[:, :-k] += w * zz[:, k:]
    for i in range(len(f)):
        on = f[i] != 0
        if on.sum() > 1:
            f[i, on] /= f[i, on].std()
    return f


def _futures_bars(variant: int, levels: pd.DataFrame, hnx: pd.DataFrame) -> pd.DataFrame:
    """futures_1m: a 23-hour minute path pinned to M500's close at 16:00 New York time each trade date."""
    rng = generator(STREAM, variant, FUTURES_SUBSTREAM)
    nxs = [d for d in sessions("NXS", variant) if d <= WINDOW[1]]
    days = [d for d in nxs if d >= WINDOW[0]]
    before = nxs[len(nxs) - len(days) - 1]  # the session before the window sets the opening price
    lv = levels.assign(trade_date=pd.to_datetime(levels["trade_date"])).set_index("trade_date")["level"]
    dates = np.array([before, *days], dtype="datetime64[D]")
    anchors = settle_anchor(lv.reindex(pd.DatetimeIndex(dates)).to_numpy(), dates)
    starts = _session_starts_utc(days)
    lead = _lead_signal(starts, _hnx_first_hour_signal(hnx))
    n, m = len(days), SESSION_MINUTES
    tick = FUTURE["tick_size"]

    # minute volatility: cash hours scale with the day's M500 move, overnight ~0.3x, Seoul's open 0.5x
    day_move = np.abs(np.diff(np.log(anchors)))
    sigma_cash = (0.006 + 0.5 * day_move)[:, None] / np.sqrt(CASH_CLOSE - CASH_OPEN)
    cash = np.zeros(m, dtype=bool)
    cash[CASH_OPEN:CASH_CLOSE] = True
    sigma = sigma_cash * np.where(cash, 1.0, 0.3)[None, :]
    on = lead != 0
    sigma = np.where(on, 0.5 * sigma_cash, sigma)
    noise = rng.standard_t(5, (n, m)) / np.sqrt(5 / 3)
    steps = sigma * np.where(on, LEAD_RHO * lead + np.sqrt(1 - LEAD_RHO**2) * noise, noise)
    wick = np.abs(rng.normal(0, 1, (2, n, m))) * 0.5 * sigma

    closes = np.empty((n, m))
    last = anchors[0]
    for i in range(n):  # sequential only across sessions: each opens at the previous session's last close
        s = steps[i].copy()
        s[cash] += (np.log(anchors[i + 1] / last) - s[:CASH_CLOSE].sum()) / cash.sum()  # pin the 16:00 close
        c = round_half_away(last * np.exp(np.cumsum(s)) / tick, 0) * tick
        c[CASH_CLOSE - 1] = anchors[i + 1]
        closes[i] = c
        last = c[-1]
    opens = np.concatenate([[anchors[0]], closes.ravel()[:-1]]).reshape(n, m)
    high = np.ceil(np.maximum(opens, closes) * np.exp(wick[0]) / tick - 1e-9) * tick
    low = np.floor(np.minimum(opens, closes) * np.exp(-wick[1]) / tick + 1e-9) * tick

    rate = np.where(cash, 1500.0, 60.0)[None, :] * (1 + 20 * day_move)[:, None]
    rate[:, CASH_OPEN:CASH_CLOSE] *= _volume_weights(CASH_CLOSE - CASH_OPEN, 0.0, False)
    rate = np.where(on, 250.0, rate)
    volume = rng.poisson(rate * rng.gamma(4.0, 0.25, (n, m)))

    utc = (starts[:, None] + np.arange(m).astype("timedelta64[m]")).ravel()
    return pd.DataFrame(
        {
            "contract_id": FUTURE["contract_id"],
            "trade_date": np.repeat(np.array(days, dtype="datetime64[D]"), m),
            "ts_utc": utc.astype("datetime64[us]"),
            "open": opens.ravel(),
            "high": high.ravel(),
            "low": low.ravel(),
            "close": closes.ravel(),
            "volume": volume.ravel().astype(np.int64),
            "is_synthetic": True,
        }
    )[DATASET.table("futures_1m").column_names]
