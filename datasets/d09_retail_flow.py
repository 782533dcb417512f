"""D09 Retail order flow: brokerage accounts, their orders and the fills, in New York and Seoul.

Retail investors of six fictional brokers (three in the US, three in Korea) trade the NXS and HNX
stocks and funds of D02. Order counts follow the number of open accounts, the episode's phase and
the size of the day's index move; buying follows the security's past five-session return, with
record dip-buying on the first two cracks (2037-05-28 and 06-02). Popularity is concentrated on the
chip names and the leveraged funds, so a handful of tickers take most of the notional. Accounts
opened in the rally churn after the sell-off.

Every fill price lies inside D02's stored low..high of its security and session, on the venue's
tick grid. Wrinkles: a device that timed out resends its order with the same ``client_order_id``
and the broker's log keeps both copies (fills attached to each); ``ts_device`` mixes ISO 8601 with
an offset, naive local time and UTC 'Z' stamps; partial fills; cancels after a partial fill.

Everything is vectorized over the orders (no per-order Python loop).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from datasets.calendar import sessions
from datasets.dictionary import IS_SYNTHETIC, DatasetInfo, TableInfo, col
from datasets.engine import regime_labels
from datasets.seeds import generator
from datasets.ticks import round_to_tick

ID = "D09"
STREAM = 9
D = dt.date
FIRST_DAY = D(2036, 1, 2)
DIP_DAYS = (D(2037, 5, 28), D(2037, 6, 2))
"""The first two cracks: record retail dip-buying."""
RALLY_COHORT = (D(2036, 10, 1), D(2037, 6, 11))
"""Accounts opened in the rally and euphoria: most of them stop trading after the sell-off."""
ROUND_LOT = 100
"""US round lot in shares; an order for a quantity that is not a multiple of it is an odd lot."""

# broker_id, name, country, fractional shares allowed
BROKERS = (
    (1, "Lanternfly Securities", "US", True),
    (2, "Copperline Brokerage", "US", True),
    (3, "Northgate Investing", "US", False),
    (4, "Haneul Securities", "KR", False),
    (5, "Dasan Investment & Securities", "KR", False),
    (6, "Baekrok Securities", "KR", False),
)
HOME_TZ = {"US": "America/New_York", "KR": "Asia/Seoul"}
ACCOUNTS = {"lite": 4_000, "full": 40_000}
ORDERS = {"lite": 64_000, "full": 640_000}
"""Expected orders before retries (profile)."""
MARKET_ACCOUNTS = 3_200_000
"""Retail accounts of the two markets the sample stands for. 40 k accounts of realistic size cannot
carry a market's record day (KRW 4.8 trn would be KRW 220 mn per Korean account), so the accounts
stay a sample: each stands for ``MARKET_ACCOUNTS / ACCOUNTS[profile]`` real ones. The number is
calibrated on D14: scaled up by it, HNX net buying on the two dip days matches D14's market-wide
retail net buying (``investor_flows``) within a factor of two on every variant."""


def accounts_represented(profile: str) -> int:
    """How many real retail accounts one simulated account stands for (80 on full, 800 in lite)."""
    return MARKET_ACCOUNTS // ACCOUNTS[profile]


_SAMPLE = (
    f"The accounts are a sample, not the market: each stands for {accounts_represented('full'):,} real "
    f"retail accounts on the full build ({accounts_represented('lite'):,} in lite), so multiply a notional "
    "by that factor before comparing it with market-wide figures such as D14's investor_flows."
)
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55+")
PHASE_ACTIVITY = {
    "calm": 1.0,
    "rally": 1.5,
    "euphoria": 2.1,
    "cracks": 2.6,
    "selloff": 2.8,
    "rebound": 2.4,
    "aftermath": 1.3,
}
VENUE_INDEX = {"NXS": 1003, "HNX": 1004}
"""Index whose daily move drives each venue's activity (SACI, HNXC)."""
SESSION_UTC = {"NXS": ("09:30", "16:00", "America/New_York"), "HNX": ("09:00", "15:30", "Asia/Seoul")}
CHANNELS = ("APP", "WEB", "API")
VENUES = ("NXS", "HNX")
STATUSES = ("FILLED", "PARTIAL", "CANCELLED", "EXPIRED", "REJECTED")
FILLED, PARTIAL, CANCELLED, EXPIRED, REJECTED, CANCELLED_PARTIAL = range(6)
"""Status codes (index into STATUSES); CANCELLED_PARTIAL is published as CANCELLED."""
CHANNEL_P = (0.70, 0.22, 0.08)
RETRY_P = 0.02
"""Share of orders the device resends (a second copy with the same client_order_id)."""

_ORDER_COLS = [
    col("order_id", "BIGINT", "", "Order (the broker's id; ascending in ts_utc)."),
    col(
        "client_order_id",
        "VARCHAR",
        "",
        "Id the device gives the order. A device that timed out resends the order with the same "
        "client_order_id: the log then holds two (rarely three) copies, identical but for order_id, "
        "ts_utc and ts_device, each with the same fills attached. Count a client_order_id once.",
    ),
    col("account_id", "INTEGER", "", "Account (accounts.account_id)."),
    col("security_id", "INTEGER", "", "Security traded (securities.security_id; an NXS or HNX stock or fund)."),
    col(
        "ts_device",
        "VARCHAR",
        "raw text",
        "Submission time as the device sent it: ISO 8601 local time with offset from the app "
        "('2037-06-02T09:15:03+09:00'), naive local time of the account's country from the web "
        "('2037-06-02 09:15:03', New York or Seoul), or UTC with a Z from the API "
        "('2037-06-02T00:15:03Z'). The same instant as ts_utc.",
    ),
    col(
        "ts_utc",
        "TIMESTAMP",
        "UTC",
        "Submission time the broker recorded: the cleaned ts_device, a TIMESTAMP in UTC (no time zone "
        "attached), to the second.",
    ),
    col("side", "VARCHAR", "", "BUY or SELL."),
    col(
        "qty",
        "DOUBLE",
        "shares",
        "Quantity ordered. Fractional (4 decimals) at the two US brokers that allow fractional shares.",
    ),
    col("order_type", "VARCHAR", "", "MARKET or LIMIT."),
    col(
        "limit_px",
        "DOUBLE",
        "local ccy per share",
        "Limit price on the venue's tick grid; NULL for market orders.",
        nullable=True,
    ),
    col(
        "status",
        "VARCHAR",
        "",
        "Final state: FILLED (qty fully executed), PARTIAL (part executed, the rest expired at the "
        "close), CANCELLED (by the client, possibly after a partial fill), EXPIRED (limit never "
        "reached, no fill) or REJECTED (no fill).",
    ),
    col("channel", "VARCHAR", "", "APP, WEB or API: it decides the ts_device format."),
    IS_SYNTHETIC,
]

DATASET = DatasetInfo(
    id=ID,
    title="Retail order flow",
    story=(
        "Retail accounts at three US and three Korean brokers and every order they sent to NXS and "
        "HNX, with the fills. The crowd chases what went up, buys the first two cracks in record "
        "size, piles into a handful of chip names and leveraged funds, trades odd lots, and the "
        "accounts opened in the rally go quiet after the sell-off. The log is raw: resent orders "
        "appear twice, device timestamps come in three formats, fills are partial and some orders are "
        "cancelled after a partial fill. Fill prices lie inside the day's range of eq_daily."
    ),
    depends_on=("D01", "D02", "D03"),
    tables=[
        TableInfo(
            "brokers",
            "One row per broker.",
            [
                col("broker_id", "INTEGER", "", "Broker."),
                col("broker_name", "VARCHAR", "", "Fictional broker name."),
                col("country", "VARCHAR", "ISO 3166 alpha-2", "Country of the broker and its clients (US or KR)."),
                col("home_tz", "VARCHAR", "IANA", "Time zone of the broker's clients (naive ts_device is in it)."),
                col("fractional", "BOOLEAN", "", "TRUE if the broker accepts fractional share quantities."),
            ],
            ("broker_id",),
        ),
        TableInfo(
            "accounts",
            "One row per retail account. " + _SAMPLE,
            [
                col("account_id", "INTEGER", "", "Account."),
                col("broker_id", "INTEGER", "", "Broker (brokers.broker_id)."),
                col("country", "VARCHAR", "ISO 3166 alpha-2", "Country of residence (the broker's)."),
                col("open_date", "DATE", "", "Date the account was opened; it trades only from then on."),
                col(
                    "age_band",
                    "VARCHAR",
                    "years",
                    "Holder's age band (18-24, 25-34, 35-44, 45-54, 55+); NULL when not disclosed.",
                    nullable=True,
                ),
            ],
            ("account_id",),
        ),
        TableInfo(
            "orders",
            "One row per order as the broker logged it, 2036-01-02 to 2037-09-30. Orders are sent "
            "during the security's regular session; US accounts trade NXS, Korean accounts trade HNX "
            "and, at night in Seoul, NXS. Notionals are the sample's (see accounts): the record dip-buying "
            "day is about KRW 30 bn on full, some KRW 2-3 trn once scaled up.",
            _ORDER_COLS,
            ("order_id",),
        ),
        TableInfo(
            "executions",
            "One row per fill. Every fill of an order is on the order's session date (UTC date of "
            "ts_utc equals the venue-local session date for NXS and HNX), and fill_px lies within "
            "eq_daily's low..high of that security and date. Fills of one order sum to its qty for "
            "FILLED orders and to less for PARTIAL and partly filled CANCELLED orders.",
            [
                col("exec_id", "BIGINT", "", "Fill."),
                col("order_id", "BIGINT", "", "Order (orders.order_id)."),
                col("ts_utc", "TIMESTAMP", "UTC", "Time of the fill, UTC (no time zone attached), to the second."),
                col("fill_qty", "DOUBLE", "shares", "Quantity filled (4 decimals for fractional orders)."),
                col("fill_px", "DOUBLE", "local ccy per share", "Fill price, on the venue's tick grid."),
            ],
            ("exec_id",),
        ),
    ],
)


def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build D09's tables for ``profile`` and ``variant`` from D01/D02/D03's stored tables."""
    rng = generator(STREAM, variant, 0)
    brokers = pd.DataFrame(
        {
            "broker_id": [b[0] for b in BROKERS],
            "broker_name": [b[1] for b in BROKERS],
            "country": [b[2] for b in BROKERS],
            "home_tz": [HOME_TZ[b[2]] for b in BROKERS],
            "fractional": [b[3] for b in BROKERS],
        }
    )
    accounts, weight, churn = _accounts(ACCOUNTS[profile], rng)
    market = _Market(parents, variant)
    parts = []
    for venue in ("NXS", "HNX"):
        parts.append(_venue_orders(venue, market, accounts, weight, churn, ORDERS[profile], rng))
    raw = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    orders, executions = _finish(raw, accounts, rng)
    return {"brokers": brokers, "accounts": accounts, "orders": orders, "executions": executions}


# --- accounts --------------------------------------------------------------------------------------
def _accounts(n: int, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Accounts, their activity weights and churn dates (days since epoch; large = never)."""
    country_kr = rng.random(n) < 0.55
    broker = np.where(
        country_kr, rng.choice([4, 5, 6], n, p=[0.45, 0.35, 0.2]), rng.choice([1, 2, 3], n, p=[0.5, 0.3, 0.2])
    )
    # open dates: older accounts spread over 2030..2036-09, a rush in the rally and euphoria, a few later
    old_start, rally_start = np.datetime64("2030-01-02"), np.datetime64(RALLY_COHORT[0])
    span_old = int((rally_start - old_start).astype(int))
    span_rally = int((np.datetime64(RALLY_COHORT[1]) - rally_start).astype(int)) + 1
    kind = rng.choice(3, n, p=[0.56, 0.40, 0.04])
    # the rush accelerates: density rising linearly through the rally cohort window
    rally_day = np.floor(np.sqrt(rng.random(n)) * span_rally).astype(int)
    late_day = rng.integers(0, 100, n)
    opened = np.where(
        kind == 0,
        old_start + rng.integers(0, span_old, n).astype("timedelta64[D]"),
        np.where(
            kind == 1,
            rally_start + rally_day.astype("timedelta64[D]"),
            np.datetime64("2037-06-12") + late_day.astype("timedelta64[D]"),
        ),
    )
    order = np.argsort(opened, kind="stable")  # account ids ascend with the open date
    opened, country_kr, broker, kind = opened[order], country_kr[order], broker[order], kind[order]
    age = rng.choice(len(AGE_BANDS), n, p=[0.16, 0.33, 0.24, 0.16, 0.11])
    young_rush = (kind == 1) & (rng.random(n) < 0.3)  # the rally brought in young first-timers
    age = np.where(young_rush, rng.choice([0, 1], n), age)
    age_band = np.array(AGE_BANDS, dtype=object)[age]
    age_band[rng.random(n) < 0.07] = None
    weight = rng.lognormal(0.0, 1.0, n)
    # churn: 60 % of the rally cohort stop after the sell-off, 12 % of the others at any time
    never = np.datetime64("2100-01-01")
    churn_rally = np.datetime64("2037-06-15") + rng.integers(0, 75, n).astype("timedelta64[D]")
    churn_other = opened + rng.integers(30, 900, n).astype("timedelta64[D]")
    u = rng.random(n)
    churn = np.where((kind == 1) & (u < 0.60), churn_rally, np.where((kind != 1) & (u < 0.12), churn_other, never))
    frame = pd.DataFrame(
        {
            "account_id": np.arange(1, n + 1, dtype=np.int32) + 100_000,
            "broker_id": broker.astype(np.int32),
            "country": np.where(country_kr, "KR", "US"),
            "open_date": opened.astype("datetime64[D]"),
            "age_band": age_band,
        }
    )
    return frame, weight, churn.astype("datetime64[D]").astype(np.int64)


# --- market data -----------------------------------------------------------------------------------
class _Market:
    """Stored daily bars of the tradable NXS/HNX stocks and funds as day x security matrices."""

    def __init__(self, parents, variant: int) -> None:
        secs = parents["D01"]["securities"]
        eq = parents["D02"]["eq_daily"]
        actions = parents["D01"]["corporate_actions"]
        levels = parents["D03"]["index_levels"]
        self.variant = variant
        self.secs = secs.set_index("security_id")
        self.eq = eq
        self.actions = actions[actions["action_type"].isin(["SPLIT", "RSPLIT"])]
        self.levels = levels

    def venue(self, venue: str) -> dict[str, np.ndarray]:
        """Matrices (days x securities) of low, high, close, trailing 5-session return, tradable flag."""
        ids = self.secs.index[(self.secs["venue"] == venue) & self.secs["asset_class"].isin(["EQ", "ETP"])]
        days = np.array([d for d in sessions(venue, self.variant) if d >= FIRST_DAY], dtype="datetime64[D]")
        eq = self.eq[self.eq["security_id"].isin(ids)].copy()
        eq["trade_date"] = pd.to_datetime(eq["trade_date"]).to_numpy().astype("datetime64[D]")
        sids = np.array(sorted(eq["security_id"].unique()))
        piv = {
            f: eq.pivot(index="trade_date", columns="security_id", values=f).reindex(index=days, columns=sids)
            for f in ("low", "high", "close", "volume")
        }
        close = piv["close"].to_numpy(dtype=float)
        ratio = np.ones_like(close)
        pos = {d: i for i, d in enumerate(days)}
        col_of = {s: j for j, s in enumerate(sids)}
        for row in self.actions.itertuples(index=False):
            d = np.datetime64(pd.Timestamp(row.ex_date).date(), "D")
            if row.security_id in col_of and d in pos:
                ratio[pos[d], col_of[row.security_id]] = row.ratio
        gross = np.ones_like(close)
        gross[1:] = close[1:] * ratio[1:] / close[:-1]
        logr = np.log(np.where(np.isfinite(gross) & (gross > 0), gross, 1.0))
        csum = np.vstack([np.zeros((1, len(sids))), np.cumsum(logr, axis=0)])
        trailing = np.zeros_like(close)  # log return over the 5 sessions before the day
        trailing[5:] = csum[5:-1] - csum[:-6]
        vol = piv["volume"].to_numpy(dtype=float)
        tradable = np.isfinite(close) & ~(vol == 0)
        lev = self.secs.loc[sids, "leverage"].fillna(1.0).abs().to_numpy()
        idx = self.levels[self.levels["index_id"] == VENUE_INDEX[venue]].copy()
        idx["trade_date"] = pd.to_datetime(idx["trade_date"]).to_numpy().astype("datetime64[D]")
        lv = idx.set_index("trade_date")["level"].reindex(days).ffill().to_numpy()
        idx_ret = np.concatenate([[0.0], lv[1:] / lv[:-1] - 1])
        return {
            "days": days,
            "sids": sids,
            "low": piv["low"].to_numpy(dtype=float),
            "high": piv["high"].to_numpy(dtype=float),
            "close": close,
            "trailing": trailing,
            "tradable": tradable,
            "leverage": lev,
            "index_ret": idx_ret,
            "tickers": self.secs.loc[sids, "ticker"].to_numpy(),
            "sector": self.secs.loc[sids, "sector"].fillna("").to_numpy(),
        }


def _popularity(m: dict[str, np.ndarray]) -> np.ndarray:
    """Static attention weight per security: chips and leveraged funds first, a steep Zipf tail."""
    chip = np.isin(m["sector"], ["AI Accelerators", "Memory", "Foundry & Equipment", "Networking Silicon"])
    lev = m["leverage"] > 1
    score = np.where(chip, 3.0, 1.0) * np.where(lev, 4.0, 1.0)
    # named bellwethers get the most attention
    boost = {"ZVLT": 6.0, "ZMRY": 2.5, "ZSXU": 2.0, "ZVLU": 2.5, "970010": 6.0, "975010": 4.0, "975110": 2.0}
    score = score * np.array([boost.get(t, 1.0) for t in m["tickers"]])
    rank = np.empty(len(score), dtype=int)
    rank[np.argsort(-score, kind="stable")] = np.arange(1, len(score) + 1)
    return score / rank**0.9


# --- orders ----------------------------------------------------------------------------------------
def _venue_orders(venue, market, accounts, weight, churn, target, rng) -> dict[str, np.ndarray]:
    """The orders sent to one venue, before resends: account, security, side, quantity, type and
    the price range a fill may take, as arrays (codes for the text columns)."""
    m = market.venue(venue)
    days = m["days"]
    # who trades here: US accounts on NXS (Korean accounts at a third of their weight), Korean on HNX
    kr = (accounts["country"] == "KR").to_numpy()
    w_venue = np.where(kr, 0.35, 1.0) * weight if venue == "NXS" else np.where(kr, 1.0, 0.0) * weight
    opened = accounts["open_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    cum_w = np.concatenate([[0.0], np.cumsum(w_venue)])
    active_w = cum_w[np.searchsorted(opened, days.astype(np.int64), side="right")]
    day = _order_days(venue, m, active_w, target, rng)
    day, acct = _draw_accounts(day, days.astype(np.int64), cum_w, active_w, churn, rng)
    day, sec = _draw_securities(m, day, rng)
    low, high = m["low"][day, sec], m["high"][day, sec]
    on_dip = np.isin(days[day], np.array(DIP_DAYS, dtype="datetime64[D]"))
    terms = _order_terms(venue, m, day, sec, on_dip, accounts["broker_id"].to_numpy()[acct], rng)
    status, lo_ok, hi_ok = _outcomes(terms, low, high, rng)
    return {
        "venue": np.full(len(day), VENUES.index(venue), dtype=np.int8),
        "account_idx": acct,
        "security_id": m["sids"][sec].astype(np.int32),
        **terms,
        "status": status.astype(np.int8),
        "lo_ok": lo_ok,
        "hi_ok": hi_ok,
        "sec_offset": _submit_offsets(venue, days[day], rng),
    }


def _order_days(venue, m, active_w, target, rng) -> np.ndarray:
    """Session index of every order: Poisson counts proportional to the open accounts' weight,
    the phase, the size of the index move and the dip days."""
    days = m["days"]
    phase = np.array([PHASE_ACTIVITY[p] for p in regime_labels([pd.Timestamp(d).date() for d in days])])
    move = 1 + 12 * np.abs(m["index_ret"])
    dip = np.where(np.isin(days, np.array(DIP_DAYS, dtype="datetime64[D]")), 2.2, 1.0)
    lam = active_w * phase * move * dip
    lam = lam / lam.sum() * target * (0.62 if venue == "NXS" else 0.38)
    return np.repeat(np.arange(len(days)), rng.poisson(lam))


def _draw_accounts(day, day_int, cum_w, active_w, churn, rng) -> tuple[np.ndarray, np.ndarray]:
    """A weighted draw among the accounts open that day (ids ascend with the open date, so they are
    a prefix); churned accounts are redrawn, and orders still unplaced after 8 tries are dropped."""
    n = len(day)
    acct = np.empty(n, dtype=np.int64)
    todo = np.arange(n)
    for _ in range(8):
        u = rng.random(len(todo)) * active_w[day[todo]]
        pick = np.minimum(np.searchsorted(cum_w, u, side="right") - 1, len(cum_w) - 2)
        ok = churn[pick] > day_int[day[todo]]
        acct[todo[ok]] = pick[ok]
        todo = todo[~ok]
        if not len(todo):
            break
    keep = np.ones(n, dtype=bool)
    keep[todo] = False
    return day[keep], acct[keep]


def _draw_securities(m, day, rng) -> tuple[np.ndarray, np.ndarray]:
    """Security of every order: attention weights among the names tradable that day, drawn in one
    search over the flattened (day x security) cumulative weights."""
    n_sec = len(m["sids"])
    wmat = np.where(m["tradable"], _popularity(m)[None, :], 0.0)
    flat = np.cumsum(wmat.ravel())
    row_start = np.concatenate([[0.0], flat[n_sec - 1 :: n_sec]])[:-1]
    target_w = row_start[day] + rng.random(len(day)) * wmat.sum(axis=1)[day]
    cell = np.minimum(np.searchsorted(flat, target_w, side="right"), flat.size - 1)
    return cell // n_sec, cell % n_sec  # the day again (guards the float edge), the security


def _order_terms(venue, m, day, sec, on_dip, broker, rng) -> dict[str, np.ndarray]:
    """Side (chasing the past five sessions, buying the first cracks), quantity (odd lots from a
    notional, fractional at brokers 1-2; or round lots), order type and limit price."""
    n = len(day)
    low, high = m["low"][day, sec], m["high"][day, sec]
    trailing = m["trailing"][day, sec] / np.maximum(m["leverage"][sec], 1.0)
    p_buy = np.where(on_dip, 0.82, np.clip(0.53 + 3.0 * trailing, 0.2, 0.85))
    buy = rng.random(n) < p_buy
    ref = np.clip(round_to_tick(venue, low + rng.random(n) * (high - low)), low, high)
    ccy_scale = 1.0 if venue == "NXS" else 1350.0
    fractional = np.isin(broker, [1, 2]) & (venue == "NXS")
    notional = rng.lognormal(np.log(1500.0), 1.1, n) * ccy_scale
    qty_odd = np.where(fractional, np.round(notional / ref, 4), np.maximum(1.0, np.floor(notional / ref)))
    qty_odd = np.where(qty_odd <= 0, 1.0, qty_odd)
    round_lot = rng.random(n) < (0.40 if venue == "NXS" else 0.25)
    lots = np.maximum(1.0, np.round(rng.lognormal(np.log(15000.0), 0.9, n) * ccy_scale / (ROUND_LOT * ref)))
    is_limit = rng.random(n) < 0.4
    offset = np.abs(rng.normal(0.0, 0.012, n))
    raw_limit = np.where(buy, ref * (1 - offset + 0.004), ref * (1 + offset - 0.004))
    limit = np.where(buy, round_to_tick(venue, raw_limit, "down"), round_to_tick(venue, raw_limit, "up"))
    return {
        "buy": buy,
        "qty": np.where(round_lot, lots * ROUND_LOT, qty_odd),
        "fractional": fractional,
        "is_limit": is_limit,
        "limit_px": np.where(is_limit, limit, np.nan),
    }


def _outcomes(terms, low, high, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Status code of every order and the price range its fills may take (the day's range, cut at a
    limit); a limit the day never reached expires unfilled."""
    u = rng.random(len(low))
    outcomes = [REJECTED, CANCELLED, CANCELLED_PARTIAL, PARTIAL]
    status = np.select([u < 0.02, u < 0.07, u < 0.12, u < 0.15], outcomes, FILLED)
    buy, is_limit, limit = terms["buy"], terms["is_limit"], terms["limit_px"]
    lo_ok = np.where(is_limit & ~buy, np.maximum(low, limit), low)
    hi_ok = np.where(is_limit & buy, np.minimum(high, limit), high)
    unreachable = is_limit & (lo_ok > hi_ok)
    return np.where(unreachable & (status != REJECTED), EXPIRED, status), lo_ok, hi_ok


def _session_open_utc(venue: str, days: np.ndarray) -> tuple[np.ndarray, int]:
    """UTC epoch seconds of each day's session open, and the session length in seconds."""
    start, end, tz = SESSION_UTC[venue]
    zone = ZoneInfo(tz)
    uniq = np.unique(days)
    opens = {}
    for d in uniq:
        day = pd.Timestamp(d).date()
        local = dt.datetime.combine(day, dt.time.fromisoformat(start), tzinfo=zone)
        opens[d] = int(local.timestamp())
    length = (
        dt.datetime.combine(FIRST_DAY, dt.time.fromisoformat(end))
        - dt.datetime.combine(FIRST_DAY, dt.time.fromisoformat(start))
    ).seconds
    pos = np.searchsorted(uniq, days)
    return np.array([opens[d] for d in uniq], dtype=np.int64)[pos], length


def _submit_offsets(venue: str, days: np.ndarray, rng) -> np.ndarray:
    """Submission times: U-shaped within the session (more at the open and the close)."""
    opens, length = _session_open_utc(venue, days)
    x = rng.beta(0.7, 0.7, len(days))
    secs = np.minimum((x * (length - 120)).astype(np.int64), length - 121)
    return opens + secs


# --- ids, retries, fills, timestamps --------------------------------------------------------------
def _finish(raw: dict[str, np.ndarray], accounts: pd.DataFrame, rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Order ids in time order, retry copies, fills, and the text columns (numpy throughout;
    text is built last, as Arrow strings)."""
    n = len(raw["qty"])
    fills = _fills(raw, rng)  # fills of each original order (copies share them)
    base_cid = (np.arange(n, dtype=np.uint64) * np.uint64(2654435761) + np.uint64(rng.integers(0, 2**31))) % np.uint64(
        2**32
    )
    channel = rng.choice(len(CHANNELS), n, p=CHANNEL_P)  # a resend comes from the same device
    # retries: a copy 3-40 s later (rarely a third), same client_order_id
    n_copies = np.where(rng.random(n) < RETRY_P, np.where(rng.random(n) < 0.1, 3, 2), 1)
    rep = np.repeat(np.arange(n), n_copies)
    copy_no = np.arange(len(rep)) - np.repeat(np.cumsum(n_copies) - n_copies, n_copies)
    delay = np.where(copy_no > 0, rng.integers(3, 41, len(rep)) * copy_no, 0)
    ts_all = raw["sec_offset"][rep] + delay
    order = np.lexsort((rep, ts_all))
    orig, ts = rep[order], ts_all[order]
    order_id = np.arange(1, len(orig) + 1, dtype=np.int64) + 50_000_000
    account_id = accounts["account_id"].to_numpy(np.int32)[raw["account_idx"][orig]]
    kr = (accounts["country"].to_numpy() == "KR")[raw["account_idx"][orig]]
    status = raw["status"][orig]
    status = np.where(status == CANCELLED_PARTIAL, CANCELLED, status)
    orders = pd.DataFrame(
        {
            "order_id": order_id,
            "client_order_id": _cid_text(base_cid[orig], raw["venue"][orig]),
            "account_id": account_id,
            "security_id": raw["security_id"][orig],
            "ts_device": _device_text(ts, channel[orig], kr),
            "ts_utc": _instants(ts),
            "side": _labels(("SELL", "BUY"), raw["buy"][orig].astype(np.int8)),
            "qty": raw["qty"][orig],
            "order_type": _labels(("MARKET", "LIMIT"), raw["is_limit"][orig].astype(np.int8)),
            "limit_px": raw["limit_px"][orig],
            "status": _labels(STATUSES, status),
            "channel": _labels(CHANNELS, channel[orig]),
            "is_synthetic": np.ones(len(orig), dtype=bool),
        }
    )
    # executions: every copy carries its original's fills (fills are grouped by original, in order)
    n_fills = np.bincount(fills["orig"], minlength=n)
    first = np.cumsum(n_fills) - n_fills
    per_copy = n_fills[orig]
    copy_row = np.repeat(np.arange(len(orig)), per_copy)
    within = np.arange(len(copy_row)) - np.repeat(np.cumsum(per_copy) - per_copy, per_copy)
    fill_row = first[orig[copy_row]] + within
    ex_ts = fills["ts"][fill_row]
    ex_order = np.lexsort((within, order_id[copy_row], ex_ts))
    fill_row, copy_row, ex_ts = fill_row[ex_order], copy_row[ex_order], ex_ts[ex_order]
    executions = pd.DataFrame(
        {
            "exec_id": np.arange(1, len(fill_row) + 1, dtype=np.int64) + 90_000_000,
            "order_id": order_id[copy_row],
            "ts_utc": _instants(ex_ts),
            "fill_qty": fills["fill_qty"][fill_row],
            "fill_px": fills["fill_px"][fill_row],
        }
    )
    return orders, executions


def _fill_totals(raw: dict[str, np.ndarray], rng) -> np.ndarray:
    """Quantity each original order fills in all; a partial fill that rounds to nothing (or to the
    whole order) turns the order into one without fills (CANCELLED / EXPIRED) in ``raw``."""
    status, qty, frac = raw["status"], raw["qty"], raw["fractional"]
    partial = np.isin(status, [PARTIAL, CANCELLED_PARTIAL])
    share = np.where(status == FILLED, 1.0, np.where(partial, rng.uniform(0.1, 0.9, len(qty)), 0.0))
    total = np.where(frac, np.round(qty * share, 4), np.floor(qty * share))
    total = np.where(status == FILLED, qty, total)
    empty = partial & ((total <= 0) | (total >= qty))
    raw["status"] = np.where(
        empty & (status == PARTIAL), EXPIRED, np.where(empty & (status == CANCELLED_PARTIAL), CANCELLED, status)
    ).astype(np.int8)
    return np.where(empty, 0.0, total)


def _fills(raw: dict[str, np.ndarray], rng) -> dict[str, np.ndarray]:
    """Fill rows (orig, ts, fill_qty, fill_px) of every original order, grouped by order: 1-3 pieces
    that add up to the order's filled total, priced inside the reachable part of the day's range."""
    total = _fill_totals(raw, rng)
    n = len(total)
    frac = raw["fractional"]
    k = np.where(total > 0, rng.choice([1, 2, 3], n, p=[0.72, 0.2, 0.08]), 0)
    k = np.where(frac & (total < 1), np.minimum(k, 1), k)
    k = np.where(~frac, np.minimum(k, total.astype(np.int64)), k)
    orig = np.repeat(np.arange(n), k)
    start = np.cumsum(k) - k
    j = np.arange(len(orig)) - start[orig]
    kk = k[orig]
    share = 0.2 + rng.dirichlet(np.ones(3), n)  # no piece below ~14 % of the fill
    norm = np.cumsum(share, axis=1)[np.arange(n), np.maximum(k, 1) - 1]
    piece_share = share[orig, j] / norm[orig]
    tot = total[orig]
    f = frac[orig]
    # whole shares: one each, the rest split by share; the last piece takes the remainder
    raw_piece = np.where(f, np.round(tot * piece_share, 4), 1 + np.floor((tot - kk) * piece_share))
    is_last = j == kk - 1
    csum = np.cumsum(np.where(is_last, 0.0, raw_piece))
    before = csum - (csum[start[orig]] - np.where(is_last, 0.0, raw_piece)[start[orig]])
    piece = np.where(is_last, np.where(f, np.round(tot - before, 4), tot - before), raw_piece)
    lo, hi, venue = raw["lo_ok"][orig], raw["hi_ok"][orig], raw["venue"][orig]
    px = np.empty(len(orig))
    for code, v in enumerate(VENUES):
        sel = venue == code
        px[sel] = round_to_tick(v, lo[sel] + rng.random(int(sel.sum())) * (hi[sel] - lo[sel]))
    px = np.clip(px, lo, hi)
    # fills come within seconds (market) or up to two minutes (limit), before the session ends
    lag = np.where(raw["is_limit"][orig], rng.integers(1, 41, len(orig)), rng.integers(0, 3, len(orig)))
    clag = np.cumsum(lag)
    ts = raw["sec_offset"][orig] + clag - (clag[start[orig]] - lag[start[orig]])
    return {"orig": orig, "ts": ts, "fill_qty": piece, "fill_px": px}


# --- text columns, built as bytes ----------------------------------------------------------------------
def _text(rows: tuple[np.ndarray, np.ndarray]) -> pd.Series:
    """An Arrow-backed string Series from a byte matrix (one ASCII row per value) and row lengths."""
    matrix, lengths = rows
    keep = np.arange(matrix.shape[1])[None, :] < lengths[:, None]
    data = np.ascontiguousarray(matrix[keep])
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    arr = pa.StringArray.from_buffers(len(lengths), pa.py_buffer(offsets), pa.py_buffer(data))
    return pd.Series(pd.arrays.ArrowExtensionArray(arr))


def _labels(labels: tuple[str, ...], codes: np.ndarray) -> pd.Series:
    """Arrow-backed strings: ``labels[code]`` per row."""
    arr = pc.take(pa.array(labels, pa.string()), pa.array(np.asarray(codes, dtype=np.int64)))
    return pd.Series(pd.arrays.ArrowExtensionArray(arr))


def _put(matrix: np.ndarray, col: int, value: np.ndarray, width: int) -> None:
    """Write ``value`` as ``width`` zero-padded decimal digits at column ``col``."""
    v = np.asarray(value, dtype=np.int64)
    for i in range(width - 1, -1, -1):
        matrix[:, col + i] = 48 + v % 10
        v = v // 10


def _stamp(epoch: np.ndarray, sep: str, extra: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """'YYYY-MM-DD?HH:MM:SS' of epoch seconds (``sep`` between date and time) as a byte matrix with
    ``extra`` spare columns, and the row lengths (19)."""
    epoch = np.asarray(epoch, dtype=np.int64)
    days = (epoch // 86400).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    year = months.astype(np.int64) // 12 + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    sec = epoch % 86400
    m = np.zeros((len(epoch), 19 + extra), dtype=np.uint8)
    _put(m, 0, year, 4)
    _put(m, 5, month, 2)
    _put(m, 8, day, 2)
    _put(m, 11, sec // 3600, 2)
    _put(m, 14, sec // 60 % 60, 2)
    _put(m, 17, sec % 60, 2)
    m[:, [4, 7]] = ord("-")
    m[:, [13, 16]] = ord(":")
    m[:, 10] = ord(sep)
    return m, np.full(len(epoch), 19, dtype=np.int64)


def _instants(epoch: np.ndarray) -> np.ndarray:
    """Epoch seconds (UTC) as naive datetime64[us] instants, the dictionary's TIMESTAMP."""
    return np.asarray(epoch, dtype=np.int64).astype("datetime64[s]").astype("datetime64[us]")


def _offsets(epoch: np.ndarray, tz: str) -> np.ndarray:
    """UTC offset in seconds of ``tz`` at each instant (per distinct UTC date; sessions avoid DST switches)."""
    days = np.asarray(epoch, dtype=np.int64) // 86400
    uniq, inv = np.unique(days, return_inverse=True)
    zone = ZoneInfo(tz)
    off = np.array(
        [int(dt.datetime.fromtimestamp(int(d) * 86400 + 43200, zone).utcoffset().total_seconds()) for d in uniq]
    )
    return off[inv]


def _device_text(epoch: np.ndarray, channel: np.ndarray, kr: np.ndarray) -> pd.Series:
    """ts_device: APP ISO local time with offset, WEB naive local time, API UTC with Z."""
    off = np.where(kr, _offsets(epoch, "Asia/Seoul"), _offsets(epoch, "America/New_York"))
    app, web = channel == 0, channel == 1
    shown = np.where(app | web, epoch + off, epoch)
    m, length = _stamp(shown, " ", extra=6)
    m[~web, 10] = ord("T")
    # APP: '+09:00' / '-04:00'; API: 'Z'
    m[app, 19] = np.where(off[app] < 0, ord("-"), ord("+"))
    sub = m[app]
    _put(sub, 20, np.abs(off[app]) // 3600, 2)
    sub[:, 22] = ord(":")
    _put(sub, 23, np.abs(off[app]) // 60 % 60, 2)
    m[app] = sub
    m[~(app | web), 19] = ord("Z")
    length = np.where(app, 25, np.where(web, 19, 20))
    return _text((m, length))


def _cid_text(cid: np.ndarray, venue: np.ndarray) -> pd.Series:
    """Device order ids such as 'N-9f3a0c12' (venue initial, 8 hex digits)."""
    m = np.zeros((len(cid), 10), dtype=np.uint8)
    m[:, 0] = np.where(venue == 0, ord("N"), ord("H"))
    m[:, 1] = ord("-")
    hexdigits = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    v = cid.astype(np.int64)
    for i in range(9, 1, -1):
        m[:, i] = hexdigits[v % 16]
        v = v // 16
    return _text((m, np.full(len(cid), 10, dtype=np.int64)))
