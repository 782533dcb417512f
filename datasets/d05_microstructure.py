"""D05 Microstructure, TAQ-lite: trades, quotes and book depth of three chip names over six sessions.

Three New York names (ZVLT, ZQRC, ZMRY) over six NXS sessions: two calm ones in February 2036
(US standard time, UTC-5), two at the top of the euphoria in May 2037 and the first two days of the
sell-off, 2037-06-12 and the crash of 06-16 (daylight time, UTC-4). Every name-session is drawn
inside D02's stored daily bar: on the *clean* tape (duplicates removed, cancelled prints dropped,
corrections applied) the first regular print is D02's open, the highest and lowest prints are its
high and low, and the closing-auction print is its close.

How a name-session is generated (all numpy, no loop over trades):

- a **liquidity state** per second: a long-memory Gaussian process (a sum of AR(1)s with time
  scales from 30 s to a whole session), part common to the three names of the session (liquidity
  co-moves), mapped through its normal CDF to a Pareto variable X >= 1 with tail index 3. The
  quoted spread in basis points is base x regime multiplier x X (so the spread has a power-law tail
  with zeta = 3 and long memory), and the same X raises the second's volatility and activity (so
  spreads grow with volatility);
- **activity** is U-shaped over the session (heavy open, heavier close); trade and quote arrivals
  are Poisson per second with that intensity; trade signs are persistent (order splitting);
- the **mid-price** is a random walk whose steps are diffusion plus the impact of the second's
  signed dollar flow (on a trending day part of the flow leans the day's way), pinned to D02's open
  and close and scaled to D02's range;
- **quotes** sit on the 0.01 tick grid around the mid; **depth** snapshots put the quote at level
  1 and four more levels behind it, thinner and wider apart in the crash;
- **trades** print at the prevailing quote (buys at the ask, sells at the bid), sometimes inside
  or through it; then the wrinkles: odd lots, ~1 % of messages on both feeds, a late-arriving tail
  of ingest latencies (sequence numbers out of order in ingest order), cancels and corrections
  (a CANCEL or CORR message refers to the original print by ``ref_seq``), a few crossed quotes, and
  a halt gap where D02 says the name was halted.

Timestamps are TIMESTAMP (naive, UTC by convention, as D04's ``ts_utc``) with microseconds:
``datetime64[us]`` in pandas, so intervals and joins on time need no parsing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from scipy.signal import lfilter
from scipy.special import ndtr

from datasets.dictionary import IS_SYNTHETIC, DatasetInfo, TableInfo, col
from datasets.seeds import generator
from datasets.universe import universe

ID = "D05"
STREAM = 5
D = dt.date
NY = ZoneInfo("America/New_York")
TICK = 0.01
SESSION_SECONDS = 6 * 3600 + 30 * 60
"""09:30-16:00 New York time."""
SESSIONS: tuple[tuple[dt.date, str], ...] = (
    (D(2036, 2, 12), "calm"),
    (D(2036, 2, 13), "calm"),
    (D(2037, 5, 20), "peak"),
    (D(2037, 5, 21), "peak"),
    (D(2037, 6, 12), "crash"),
    (D(2037, 6, 16), "crash"),
)
"""The six NXS sessions and their regime label."""
TICKERS = ("ZVLT", "ZQRC", "ZMRY")
"""The three names (the same in lite and full)."""
DEPTH_INTERVAL_S = {"lite": 60, "full": 10}
"""Seconds between depth snapshots (the lite CI profile thins them; see docs/datasets.md)."""
TRADES_PER_UNIT = {"lite": 2_600, "full": 26_000}
"""Expected trades of a name-session with activity multiplier 1."""
NAME_ACTIVITY = {"ZVLT": 1.3, "ZQRC": 0.8, "ZMRY": 1.0}
REGIME_ACTIVITY = {"calm": 0.6, "peak": 0.9, "crash": 1.6}
BASE_SPREAD_BP = {"ZVLT": 1.4, "ZQRC": 1.8, "ZMRY": 2.0}
"""Quoted spread scale in bp (the spread is this x regime multiplier x a Pareto(3) X >= 1)."""
REGIME_SPREAD = {"calm": 1.0, "peak": 1.3, "crash": 3.8}
REGIME_DEPTH_USD = {"calm": 1.0, "peak": 0.9, "crash": 0.9}
"""Multiplier of the dollar size resting at each book level."""
L1_DEPTH_USD = {"ZVLT": 300_000.0, "ZQRC": 150_000.0, "ZMRY": 200_000.0}
LEVEL_GAP_BP = 1.2
"""Typical distance between book levels in bp (times the liquidity state and the regime's spread)."""
ZETA = 3.0
"""Tail index of the spread's liquidity factor X: P(X > x) = x^-zeta."""
COMMON_SHARE = 0.6
"""Share of the liquidity state's variance common to the three names in a session."""
AR_SCALES_S = (60.0, 600.0, 3_600.0, 14_400.0)
AR_WEIGHTS = (0.15, 0.2, 0.3, 0.35)
SLOW_SD = 0.5
"""Log-sd of the slow liquidity part."""
DUPLICATE_RATE = 0.01
CANCEL_RATE = 0.004
CORRECTION_RATE = 0.003
CROSSED_RATE = 0.0008
ODD_LOT_RATE = 0.2
QUOTES_PER_TRADE = 0.85
TREND_LEAN, TREND_LEAN_MAX = 7.0, 0.35
"""Share of prints forced to the day's side: TREND_LEAN x |log(close/open)|, at most TREND_LEAN_MAX."""

_TS = "TIMESTAMP"
_TS_MEANING = " UTC (a TIMESTAMP without time zone, to the microsecond)."

DATASET = DatasetInfo(
    id=ID,
    title="Microstructure, TAQ-lite",
    story=(
        "A trade-and-quote tape for three chip names (ZVLT, ZQRC, ZMRY) over six New York sessions: two "
        "calm ones in February 2036, two at the top of the euphoria (2037-05-20, 05-21) and the sell-off's "
        "2037-06-12 and crash of 06-16. Spreads have fat tails and long memory, widen with volatility and "
        "together across names, and quadruple in the crash while the book within 5 bp of the mid thins by "
        "three quarters. The raw tape has what real ones have: prints on two feeds (some on both), "
        "sequence numbers arriving out of order, odd lots, cancels and corrections, a few crossed quotes "
        "and a halt gap. Cleaned, each session's prints agree with D02's daily bar."
    ),
    depends_on=("D01", "D02"),
    tables=[
        TableInfo(
            "trades",
            "One row per message received from the exchange's two trade feeds (A and B) for the three "
            "names on the six sessions, in ingest order (trade_id). A print is identified by "
            "(security_id, trade_date, seq); about 1 % of messages arrive on both feeds (two rows, same "
            "seq, ts_exch, price, size and cond). A CANCEL or CORR message has its own seq and points at "
            "the print it cancels or corrects with ref_seq. The clean tape (one row per print, "
            "cancelled prints dropped, corrected prints taking the CORR's price and size) has its first "
            "REG print at D02's open, its max and min price at D02's high and low, and its CLOSE_AUCT "
            "print at D02's close.",
            [
                col("trade_id", "BIGINT", "", "Row id assigned by the capture system in ingest order."),
                col("feed", "VARCHAR", "", "Feed the message arrived on: 'A' or 'B'."),
                col(
                    "seq",
                    "INTEGER",
                    "",
                    "Exchange sequence number of the message, per security and session, 1, 2, ... in "
                    "exchange-time order; the same on both feeds.",
                ),
                col("security_id", "INTEGER", "", "Instrument (securities.security_id)."),
                col("trade_date", "DATE", "New York", "NXS session date of the message."),
                col("ts_exch", _TS, "UTC", "Exchange timestamp of the message," + _TS_MEANING),
                col(
                    "ts_ingest",
                    _TS,
                    "UTC",
                    "When our feed handler received the message (after ts_exch; a few arrive late, so "
                    "seq is not monotonic in ingest order)," + _TS_MEANING,
                ),
                col(
                    "price",
                    "DOUBLE",
                    "USD per share",
                    "Print price on the 0.01 grid; for CANCEL the cancelled print's price, for CORR the "
                    "corrected price.",
                ),
                col(
                    "size",
                    "INTEGER",
                    "shares",
                    "Print size; for CANCEL the cancelled print's size, for CORR the corrected size.",
                ),
                col(
                    "cond",
                    "VARCHAR",
                    "",
                    "'REG' regular print (round lots), 'ODD' odd-lot print (size < 100), 'CLOSE_AUCT' the "
                    "closing-auction print (16:00 New York), 'CANCEL' cancels print ref_seq, 'CORR' "
                    "corrects print ref_seq (replace its price and size with this row's).",
                ),
                col(
                    "ref_seq",
                    "INTEGER",
                    "",
                    "For CANCEL and CORR: seq of the print (same security and trade_date) it refers to; "
                    "NULL otherwise.",
                    nullable=True,
                ),
                IS_SYNTHETIC,
            ],
            ("trade_id",),
        ),
        TableInfo(
            "quotes",
            "Top-of-book quote updates (NBBO-like) for the three names; a quote is in force from its ts "
            "until the next quote of the security. The first quote of each session is at 09:30:00 New "
            "York time; none during a halt. A few quotes are crossed (bid > ask): feed errors to drop.",
            [
                col("ts", _TS, "UTC", "Time of the quote update," + _TS_MEANING),
                col("security_id", "INTEGER", "", "Instrument (securities.security_id)."),
                col("bid", "DOUBLE", "USD per share", "Best bid, on the 0.01 grid."),
                col("ask", "DOUBLE", "USD per share", "Best ask, on the 0.01 grid."),
                col("bid_sz", "INTEGER", "shares", "Shares bid at the best bid (round lots)."),
                col("ask_sz", "INTEGER", "shares", "Shares offered at the best ask (round lots)."),
                IS_SYNTHETIC,
            ],
            ("security_id", "ts"),
        ),
        TableInfo(
            "depth_10s",
            "Order-book snapshots: five price levels per side, every 10 seconds of the session from "
            "09:30:00 New York time (every 60 s in the lite CI profile), none during a halt. Level 1 is "
            "the quote in force at the snapshot (the last uncrossed quote at or before ts).",
            [
                col("ts", _TS, "UTC", "Snapshot time," + _TS_MEANING),
                col("security_id", "INTEGER", "", "Instrument (securities.security_id)."),
                col("level", "INTEGER", "", "Book level 1-5 (1 = best)."),
                col("side", "VARCHAR", "", "'BID' or 'ASK'."),
                col("px", "DOUBLE", "USD per share", "Price of the level, on the 0.01 grid."),
                col("sz", "INTEGER", "shares", "Shares resting at the level (round lots)."),
                IS_SYNTHETIC,
            ],
            ("security_id", "ts", "side", "level"),
        ),
    ],
)


@dataclass(frozen=True)
class Day:
    """One session's daily bar (from D02) and where it sits in time."""

    trade_date: dt.date
    regime: str
    open: float
    high: float
    low: float
    close: float
    halt_minutes: int
    open_us: int  # session open, microseconds since the epoch (UTC)


def session_open_utc(day: dt.date) -> dt.datetime:
    """09:30 New York time on ``day`` as a naive UTC datetime (DST-aware)."""
    local = dt.datetime.combine(day, dt.time(9, 30), tzinfo=NY)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _epoch_us(moment: dt.datetime) -> int:
    return int((moment - dt.datetime(1970, 1, 1)) // dt.timedelta(microseconds=1))


def activity_curve(n: int = SESSION_SECONDS) -> np.ndarray:
    """U-shaped expected activity per second of the session (mean 1): heavy open, heavier close."""
    s = np.arange(n, dtype=float)
    w = 0.55 + 2.2 * np.exp(-s / 1080.0) + 1.3 * np.exp(-(n - 1 - s) / 1500.0)
    return w / w.mean()


def long_memory(rng: np.random.Generator, n: int) -> np.ndarray:
    """A unit-variance Gaussian process with long memory: a sum of stationary AR(1)s whose time
    scales run from half a minute to a whole session (so its ACF is still positive an hour out)."""
    out = np.zeros(n)
    for tau, weight in zip(AR_SCALES_S, AR_WEIGHTS, strict=True):
        phi = np.exp(-1.0 / tau)
        e = rng.standard_normal(n)
        x = lfilter([np.sqrt(1 - phi**2)], [1.0, -phi], e, zi=[phi * rng.standard_normal()])[0]
        out += np.sqrt(weight) * x
    return out


def pareto_state(gauss: np.ndarray) -> np.ndarray:
    """Map a standard normal process to X >= 1 with P(X > x) = x^-ZETA (monotone, keeps the memory)."""
    u = np.clip(ndtr(gauss), 0.0, 1 - 1e-12)
    return np.exp(-np.log1p(-u) / ZETA)


def fit_path(walk: np.ndarray, lo: float, lc: float, target_range: float) -> np.ndarray:
    """The log-price path lo + a*walk + (lc - lo - a*walk[-1])*t (t = time share) from the open to the
    close, with the scale a (from a grid) whose range comes closest to ``target_range``. Unlike a
    bridge, the walk keeps its own trend, so on a crash day the sellers' flow carries the fall."""
    n = len(walk)
    t = np.arange(1, n + 1) / n
    span = np.ptp(walk) or 1.0
    a = np.linspace(0.0, 3.0 * max(target_range, 1e-6) / span, 61)
    paths = lo + a[:, None] * walk[None, :] + (lc - lo - a[:, None] * walk[-1]) * t[None, :]
    ranges = np.maximum(paths.max(axis=1), lo) - np.minimum(paths.min(axis=1), lo)
    return paths[int(np.argmin(np.abs(ranges - target_range)))]


def _ticks(price: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(price) / TICK).astype(np.int64)


def _px(ticks: np.ndarray) -> np.ndarray:
    return np.round(ticks * TICK, 2)


def _halt_mask(day: Day, halt_start_min: int) -> np.ndarray:
    """True for the session's seconds that are traded (False inside the halt)."""
    keep = np.ones(SESSION_SECONDS, dtype=bool)
    if day.halt_minutes:
        start = min(halt_start_min, 390 - day.halt_minutes - 1) * 60
        keep[start : start + day.halt_minutes * 60] = False
    return keep


def _arrival_times(rng, rate: np.ndarray, parity: int) -> np.ndarray:
    """Poisson arrivals per second with intensity ``rate``; microsecond offsets inside the session,
    sorted, unique, of the given parity (trades odd, quotes even: they never share a timestamp)."""
    counts = rng.poisson(rate)
    sec = np.repeat(np.arange(len(rate), dtype=np.int64), counts)
    us = sec * 1_000_000 + 2 * rng.integers(0, 500_000, len(sec)) + parity
    return np.unique(us)


def _name_session(ticker, sid, day, profile, common, halt_start, rng):
    """The raw trades, quotes and depth rows of one name-session (dict of column arrays)."""
    n = SESSION_SECONDS
    traded = _halt_mask(day, halt_start)
    idio = long_memory(rng, n)
    fast = lfilter([np.sqrt(1 - np.exp(-0.4))], [1.0, -np.exp(-0.2)], rng.standard_normal(n))
    # liquidity state: a slow, co-moving lognormal part times a fast Pareto(ZETA) part
    slow = np.sqrt(COMMON_SHARE) * common + np.sqrt(1 - COMMON_SHARE) * idio
    x = np.exp(SLOW_SD * slow) * pareto_state(fast)
    act = activity_curve(n) * x**0.3 * traded
    act /= act.sum()

    n_trades = TRADES_PER_UNIT[profile] * NAME_ACTIVITY[ticker] * REGIME_ACTIVITY[day.regime]
    t_us = _arrival_times(rng, n_trades * act, 1)
    q_us = _arrival_times(rng, QUOTES_PER_TRADE * n_trades * act, 0)
    q_us = np.unique(np.concatenate([[0], q_us]))  # a quote at the open
    t_us = t_us[t_us > 0]
    t_sec = t_us // 1_000_000

    # trade signs persist (order splitting); sizes in round lots, some odd lots
    flips = rng.random(len(t_us)) < 0.3
    sign = np.where(np.cumsum(flips) % 2 == 0, 1, -1) * (1 if rng.random() < 0.5 else -1)
    # on a trending day a share of the prints take the day's side (sellers lean on a crash day)
    lo, lc, lh, ll = np.log(day.open), np.log(day.close), np.log(day.high), np.log(day.low)
    leaning = rng.random(len(t_us)) < min(TREND_LEAN_MAX, TREND_LEAN * abs(lc - lo))
    sign = np.where(leaning, 1 if lc >= lo else -1, sign)
    lots = np.minimum(rng.geometric(0.45, len(t_us)), 50)
    odd = rng.random(len(t_us)) < ODD_LOT_RATE
    size = np.where(odd, rng.integers(1, 100, len(t_us)), 100 * lots)

    # mid path: diffusion + impact of the second's signed dollar flow, pinned open -> close
    flow = np.bincount(t_sec, weights=sign * size, minlength=n) * day.open
    flow_sd = flow.std() or 1.0
    vol = np.sqrt(activity_curve(n)) * x * traded
    step = vol / vol.std() * rng.standard_t(5, n) * 0.8 + 0.6 * flow / flow_sd
    walk = np.cumsum(step)
    mid = np.exp(np.clip(fit_path(walk, lo, lc, 0.9 * (lh - ll)), ll, lh))

    # quotes on the tick grid around the mid; spread in bp from the liquidity state
    spread_bp = BASE_SPREAD_BP[ticker] * REGIME_SPREAD[day.regime] * x
    q_sec = q_us // 1_000_000
    q_mid = mid[q_sec]
    width = np.maximum(1, np.round(spread_bp[q_sec] * q_mid / 1e4 / TICK)).astype(np.int64)
    bid_t = np.floor(q_mid / TICK - width / 2 + 0.5).astype(np.int64)
    ask_t = bid_t + width
    usd = L1_DEPTH_USD[ticker] * REGIME_DEPTH_USD[day.regime]
    q_bsz = _lots(rng, usd / x[q_sec] ** 0.5, q_mid)
    q_asz = _lots(rng, usd / x[q_sec] ** 0.5, q_mid)

    # a few crossed quotes (feed errors): the bid jumps above the ask; trades and depth use the last
    # uncrossed quote
    crossed = rng.random(len(q_us)) < CROSSED_RATE
    crossed[0] = False
    valid = np.flatnonzero(~crossed)
    q_bid = np.where(crossed, ask_t + rng.integers(1, 4, len(q_us)), bid_t)

    # trades at the prevailing quote: buys lift the ask, sells hit the bid; some inside, some through
    at = valid[np.searchsorted(q_us[valid], t_us, side="right") - 1]
    b, a, w = bid_t[at], ask_t[at], width[at]
    where = rng.random(len(t_us))
    inside = b + np.floor(rng.random(len(t_us)) * (w - 1)).astype(np.int64) + 1
    through = rng.integers(1, 3, len(t_us))
    touch = np.where(sign > 0, a, b)
    tp = np.where(where < 0.8, touch, np.where((where < 0.92) & (w >= 2), inside, touch + sign * through))
    lo_t, hi_t = _ticks(day.low), _ticks(day.high)
    tp = np.clip(tp, lo_t, hi_t)
    if len(tp) > 2:  # the clean tape hits the daily bar: first print = open, extremes = high / low
        tp[1 + int(np.argmax(tp[1:]))] = hi_t
        tp[1 + int(np.argmin(tp[1:]))] = lo_t
        tp[0] = _ticks(day.open)
        odd[0], size[0] = False, max(size[0], 100)

    # depth snapshots: level 1 = the quote in force, four more levels behind it
    step_s = DEPTH_INTERVAL_S[profile]
    snap_s = np.arange(0, n, step_s)
    snap_s = snap_s[traded[snap_s]]
    snap_us = snap_s * 1_000_000
    sq = valid[np.searchsorted(q_us[valid], snap_us, side="right") - 1]
    gap_bp = LEVEL_GAP_BP * REGIME_SPREAD[day.regime] ** 0.5 * x[snap_s] ** 0.5
    gap_ticks = (gap_bp * q_mid[sq] / 1e4 / TICK)[:, None, None]
    gaps = np.maximum(1, np.round(gap_ticks * rng.exponential(1.0, (len(sq), 4, 2)))).astype(np.int64)
    bid_lv = bid_t[sq][:, None] - np.concatenate([np.zeros((len(sq), 1), np.int64), np.cumsum(gaps[:, :, 0], 1)], 1)
    ask_lv = ask_t[sq][:, None] + np.concatenate([np.zeros((len(sq), 1), np.int64), np.cumsum(gaps[:, :, 1], 1)], 1)
    grow = 1.0 + 0.6 * np.arange(5)
    behind_usd = usd * grow[None, 1:] / x[snap_s][:, None] ** 0.5
    bid_sz = np.column_stack([q_bsz[sq], _lots(rng, behind_usd, q_mid[sq][:, None])])
    ask_sz = np.column_stack([q_asz[sq], _lots(rng, behind_usd, q_mid[sq][:, None])])

    return {
        "quotes": {"us": q_us, "bid": q_bid, "ask": ask_t, "bid_sz": q_bsz, "ask_sz": q_asz},
        "depth": {"us": snap_us, "bid_px": bid_lv, "ask_px": ask_lv, "bid_sz": bid_sz, "ask_sz": ask_sz},
        "prints": {"us": t_us, "price": tp, "size": size, "odd": odd},
    }


def _lots(rng, usd, price) -> np.ndarray:
    """Round-lot share counts worth about ``usd`` at ``price`` (lognormal noise, at least one lot)."""
    usd = np.asarray(usd, dtype=float)
    noisy = usd * rng.lognormal(0.0, 0.5, np.broadcast(usd, price).shape)
    return np.maximum(1, np.round(noisy / price / 100)).astype(np.int64) * 100


def _messages(prints: dict, day: Day, rng) -> pd.DataFrame:
    """The exchange's message stream of one name-session: prints, then cancels and corrections,
    then the closing-auction print; seq in exchange-time order."""
    us, price, size, odd = prints["us"], prints["price"].copy(), prints["size"].copy(), prints["odd"]
    n = len(us)
    cond = np.where(odd, "ODD", "REG").astype(object)
    end_us = SESSION_SECONDS * 1_000_000
    delay = rng.integers(5, 600, n) * 1_000_000 + 2 * rng.integers(0, 500_000, n)
    eligible = us + delay < end_us - 1_000_000  # the CANCEL/CORR follows the print within the session
    if n:
        eligible[0] = False
        eligible[np.argmax(price)] = eligible[np.argmin(price)] = False
    pick = rng.random(n)
    cancel = eligible & (pick < CANCEL_RATE)
    correct = eligible & (pick >= CANCEL_RATE) & (pick < CANCEL_RATE + CORRECTION_RATE)
    # a corrected print went out wrong: a fat-finger price (2-6 % off) or a size off by ten times
    bad_px = rng.random(n) < 0.6
    off = np.round(price * rng.uniform(0.02, 0.06, n) * np.where(rng.random(n) < 0.5, 1, -1)).astype(np.int64)
    wrong_price = np.where(correct & bad_px, price + off, price)
    wrong_size = np.where(correct & ~bad_px, np.where(odd, (size + 50) % 99 + 1, size * 10), size)
    follow_us = (us + delay) | 1  # odd microseconds, like every print
    frames = [
        pd.DataFrame(
            {"us": us, "price": wrong_price, "size": wrong_size, "cond": cond, "ref": -1, "key": np.arange(n)}
        ),
        pd.DataFrame(
            {
                "us": follow_us[cancel],
                "price": price[cancel],
                "size": size[cancel],
                "cond": "CANCEL",
                "ref": np.flatnonzero(cancel),
                "key": n + np.flatnonzero(cancel),
            }
        ),
        pd.DataFrame(
            {
                "us": follow_us[correct],
                "price": price[correct],
                "size": size[correct],
                "cond": "CORR",
                "ref": np.flatnonzero(correct),
                "key": 2 * n + np.flatnonzero(correct),
            }
        ),
    ]
    auction_size = int(max(100, round(size.sum() * 0.08 / 100) * 100))
    frames.append(
        pd.DataFrame({"us": [end_us], "price": [_ticks(day.close)], "size": [auction_size], "cond": ["CLOSE_AUCT"],
                      "ref": [-1], "key": [3 * n]})
    )
    msgs = pd.concat(frames, ignore_index=True).sort_values(["us", "key"], kind="stable", ignore_index=True)
    msgs["seq"] = np.arange(1, len(msgs) + 1, dtype=np.int64)
    seq_of_key = np.zeros(3 * n + 1, dtype=np.int64)
    seq_of_key[msgs["key"].to_numpy()] = msgs["seq"].to_numpy()
    ref = msgs["ref"].to_numpy()
    msgs["ref_seq"] = np.where(ref >= 0, seq_of_key[np.maximum(ref, 0)], -1)
    return msgs


def _to_feeds(msgs: pd.DataFrame, rng) -> pd.DataFrame:
    """Deliver each message on feed A or B (about 1 % on both) with an ingest latency; a few
    arrive late (up to half a second), which puts seq out of order in ingest order."""
    n = len(msgs)
    feed_a = rng.random(n) < 0.6
    both = rng.random(n) < DUPLICATE_RATE
    first = msgs.assign(feed=np.where(feed_a, "A", "B"))
    second = msgs[both].assign(feed=np.where(feed_a[both], "B", "A"))
    out = pd.concat([first, second], ignore_index=True)
    m = len(out)
    base = np.where(out["feed"].to_numpy() == "A", 150, 400)
    latency = base + np.round(rng.lognormal(5.0, 0.6, m)).astype(np.int64)
    late = rng.random(m) < 0.005
    latency = latency + np.where(late, rng.integers(1_000, 500_000, m), 0)
    out["ingest_us"] = out["us"].to_numpy() + latency
    return out


def _stamp(epoch_us: np.ndarray) -> np.ndarray:
    """Epoch microseconds (UTC) as naive datetime64[us] instants, the dictionary's TIMESTAMP."""
    return np.asarray(epoch_us, dtype=np.int64).view("datetime64[us]")


def _days(d02: pd.DataFrame, sid: int) -> list[Day]:
    rows = d02[d02["security_id"] == sid]
    rows = rows.set_index(pd.to_datetime(rows["trade_date"]).dt.date)
    out = []
    for day, regime in SESSIONS:
        r = rows.loc[day]
        out.append(
            Day(day, regime, float(r["open"]), float(r["high"]), float(r["low"]), float(r["close"]),
                int(r["halt_minutes"]), _epoch_us(session_open_utc(day)))
        )
    return out


def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build trades, quotes and depth_10s for ``profile`` and ``variant`` from D02's stored daily bars."""
    uni = universe(profile)
    d02 = parents["D02"]["eq_daily"]
    trades, quotes, depth = [], [], []
    commons, halts = [], []
    for k in range(len(SESSIONS)):  # one common liquidity path and one halt clock time per session
        rng = generator(STREAM, variant, 0, k)
        commons.append(long_memory(rng, SESSION_SECONDS))
        halts.append(int(rng.integers(45, 330)))
    for ticker in TICKERS:
        sid = uni.sec(ticker).security_id
        for k, day in enumerate(_days(d02, sid)):
            if day.halt_minutes >= 390:  # halted all session: no tape
                continue
            rng = generator(STREAM, variant, sid, k)
            parts = _name_session(ticker, sid, day, profile, commons[k], halts[k], rng)
            msgs = _to_feeds(_messages(parts["prints"], day, rng), rng)
            msgs["security_id"], msgs["trade_date"], msgs["open_us"] = sid, day.trade_date, day.open_us
            trades.append(msgs)
            q = parts["quotes"]
            quotes.append(pd.DataFrame({"us": q["us"] + day.open_us, "security_id": sid, "bid": q["bid"],
                                        "ask": q["ask"], "bid_sz": q["bid_sz"], "ask_sz": q["ask_sz"]}))
            depth.append(_depth_rows(parts["depth"], sid, day.open_us))
    return {
        "trades": _trades_frame(pd.concat(trades, ignore_index=True)),
        "quotes": _quotes_frame(pd.concat(quotes, ignore_index=True)),
        "depth_10s": _depth_frame(pd.concat(depth, ignore_index=True)),
    }


def _trades_frame(raw: pd.DataFrame) -> pd.DataFrame:
    """Number rows in ingest order and format the stored columns."""
    raw["exch"] = raw["us"].to_numpy() + raw["open_us"].to_numpy()
    raw["ingest"] = raw["ingest_us"].to_numpy() + raw["open_us"].to_numpy()
    raw = raw.sort_values(["ingest", "feed", "security_id", "seq"], kind="stable", ignore_index=True)
    out = pd.DataFrame(
        {
            "trade_id": np.arange(1, len(raw) + 1, dtype=np.int64),
            "feed": raw["feed"].to_numpy(),
            "seq": raw["seq"].to_numpy(np.int32),
            "security_id": raw["security_id"].to_numpy(np.int32),
            "trade_date": raw["trade_date"].to_numpy(),
            "ts_exch": _stamp(raw["exch"].to_numpy()),
            "ts_ingest": _stamp(raw["ingest"].to_numpy()),
            "price": _px(raw["price"].to_numpy(np.int64)),
            "size": raw["size"].to_numpy(np.int32),
            "cond": raw["cond"].to_numpy(),
            "ref_seq": pd.array(raw["ref_seq"].to_numpy(np.int64), dtype="Int32"),
            "is_synthetic": True,
        }
    )
    out["ref_seq"] = out["ref_seq"].mask(out["ref_seq"] <= 0)
    return out


def _quotes_frame(raw: pd.DataFrame) -> pd.DataFrame:
    raw = raw.sort_values(["security_id", "us"], ignore_index=True)
    return pd.DataFrame(
        {
            "ts": _stamp(raw["us"].to_numpy()),
            "security_id": raw["security_id"].to_numpy(np.int32),
            "bid": _px(raw["bid"].to_numpy(np.int64)),
            "ask": _px(raw["ask"].to_numpy(np.int64)),
            "bid_sz": raw["bid_sz"].to_numpy(np.int32),
            "ask_sz": raw["ask_sz"].to_numpy(np.int32),
            "is_synthetic": True,
        }
    )


def _depth_rows(dep: dict, sid: int, open_us: int) -> pd.DataFrame:
    """Long rows (snapshot x side x level) of one name-session's depth arrays."""
    n = len(dep["us"])
    us = np.repeat(dep["us"] + open_us, 10)
    side = np.tile(np.repeat(np.array(["BID", "ASK"], dtype=object), 5), n)
    level = np.tile(np.tile(np.arange(1, 6), 2), n)
    px = np.concatenate([dep["bid_px"], dep["ask_px"]], axis=1).reshape(-1)
    sz = np.concatenate([dep["bid_sz"], dep["ask_sz"]], axis=1).reshape(-1)
    return pd.DataFrame({"us": us, "security_id": sid, "level": level, "side": side, "px": px, "sz": sz})


def _depth_frame(raw: pd.DataFrame) -> pd.DataFrame:
    raw = raw.sort_values(["security_id", "us", "side", "level"], kind="stable", ignore_index=True)
    return pd.DataFrame(
        {
            "ts": _stamp(raw["us"].to_numpy()),
            "security_id": raw["security_id"].to_numpy(np.int32),
            "level": raw["level"].to_numpy(np.int32),
            "side": raw["side"].to_numpy(),
            "px": _px(raw["px"].to_numpy(np.int64)),
            "sz": raw["sz"].to_numpy(np.int32),
            "is_synthetic": True,
        }
    )
