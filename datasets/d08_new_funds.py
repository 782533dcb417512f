"""D08 New funds & private-company wrappers: launches at the top, a closed-end fund's premium, a
thematic fund's private sleeve, and the Orbitra Space IPO.

D08 adds its own fictional funds and private companies in a separate id range (funds 8001-8099,
private companies 8101-8199) that D01 ``securities`` does not list, so D01/D02 are unchanged. The
closed-end fund (ZDVX), Orbitra Space (ZORB) and its 2x fund (ZORX) are D01 securities.

- New funds: 2x single-stock funds whose NAV resets daily on the underlying's adjusted return from
  D02's *stored* closes, ``nav = round(prev_nav * (1 + L*r - ER*d/365), 4)``, and one thematic fund
  whose NAV is its holdings' value per share. Launches cluster at the top; flows chase and leave.
- The thematic fund holds public names (valued at D02's stored closes; the shares held grow by a
  split's ratio on its ex-date and by reinvested dividends, so a holding moves with its adjusted
  return) and private companies (marked quarterly). Inflows buy only public names, so they dilute
  the private weight. Orbitra is private until its IPO and public (at ZORB's closes) from the IPO date.
- The closed-end fund's NAV is reported quarterly with a lag (``cef_nav_reports``); its price
  trades at a scripted premium to the latest *reported* NAV: ~80 % in 2036, 300-700 % at the top,
  ~20 % at the end. ``premium = price / nav_reported - 1`` from the stored values, unrounded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from datasets.calendar import sessions
from datasets.dictionary import IS_SYNTHETIC, ChartInfo, DatasetInfo, TableInfo, col
from datasets.engine import regime_labels
from datasets.seeds import generator
from datasets.universe import IPO_DATE, universe

ID = "D08"
STREAM = 8
D = dt.date
FUND_ID0 = 8001
"""D08's own funds: 8001-8099 (never in D01 securities)."""
PRIVATE_ID0 = 8101
"""Private companies held by the thematic fund: 8101-8199."""
UNIT = 10_000
LAUNCH_NAV = 25.0
SEED_SHARES = 200_000
LEV_ER = 0.0095
INDEX_ENTRY_SESSIONS = 15
RETURN_DP = 10

# ticker, name, type, underlying ticker, leverage, launch date, lite
FUNDS: tuple[tuple[str, str, str, str | None, float, dt.date, bool], ...] = (
    ("ZYFI", "Deepvale Frontier Innovation ETF", "THEMATIC", None, 1.0, D(2036, 4, 1), True),
    ("ZYVL", "Tidewater 2x Daily ZVLT Shares", "LEV2X", "ZVLT", 2.0, D(2036, 5, 12), False),
    ("ZYQR", "Tidewater 2x Daily ZQRC Shares", "LEV2X", "ZQRC", 2.0, D(2036, 8, 17), True),
    ("ZYMR", "Tidewater 2x Daily ZMRY Shares", "LEV2X", "ZMRY", 2.0, D(2036, 10, 13), True),
    ("ZYWF", "Tidewater 2x Daily ZWFR Shares", "LEV2X", "ZWFR", 2.0, D(2036, 11, 9), False),
    ("ZYXP", "Tidewater 2x Daily ZXPH Shares", "LEV2X", "ZXPH", 2.0, D(2036, 12, 7), True),
    ("ZYJH", "Tidewater 2x Daily ZJHB Shares", "LEV2X", "ZJHB", 2.0, D(2037, 1, 20), False),
    ("ZYVD", "Tidewater 2x Daily ZVDC Shares", "LEV2X", "ZVDC", 2.0, D(2037, 2, 10), True),
    ("ZYKL", "Tidewater 2x Daily ZKLC Shares", "LEV2X", "ZKLC", 2.0, D(2037, 3, 9), False),
    ("ZYHS", "Tidewater 2x Daily ZHSM Shares", "LEV2X", "ZHSM", 2.0, D(2037, 4, 6), False),
    ("ZYVX", "Tidewater Max 2x ZVLT Shares", "LEV2X", "ZVLT", 2.0, D(2037, 5, 18), True),
    ("ZYMX", "Tidewater Max 2x ZMRY Shares", "LEV2X", "ZMRY", 2.0, D(2037, 5, 26), False),
    ("ZYQX", "Tidewater Max 2x ZQRC Shares", "LEV2X", "ZQRC", 2.0, D(2037, 6, 1), True),
    ("ZYKX", "Tidewater Max 2x ZKLC Shares", "LEV2X", "ZKLC", 2.0, D(2037, 6, 8), False),
    ("ZYLA", "Tidewater 2x Daily ZLAI Shares", "LEV2X", "ZLAI", 2.0, D(2037, 6, 10), False),
    ("ZYJX", "Tidewater Max 2x ZJHB Shares", "LEV2X", "ZJHB", 2.0, D(2037, 7, 20), True),
    ("ZYPX", "Tidewater Max 2x ZXPH Shares", "LEV2X", "ZXPH", 2.0, D(2037, 8, 10), False),
)
PEAK_WINDOW = (D(2037, 5, 1), D(2037, 6, 11))
"""Funds launched in this window are 'launched at the peak'."""

THEMATIC_PUBLIC = ("ZVLT", "ZQRC", "ZWFR", "ZMRY", "ZXPH", "ZVDC", "ZLAI", "ZKLC")
# holding name, holding_id (None = new private id), initial weight
THEMATIC_PRIVATE = (
    ("Orbitra Space Corp.", None, 0.16),
    ("Halcyon Robotics Inc.", PRIVATE_ID0, 0.12),
    ("Lumen Fusion Systems Inc.", PRIVATE_ID0 + 1, 0.08),
)
THEMATIC_SEED_USD = 60e6
THEMATIC_FLOW_SCALE = 0.35
"""The thematic fund's flows are a damped copy of the 2x funds' (it is not a momentum vehicle)."""

PHASE_FLOW = {  # net creations per session, fraction of shares
    "calm": 0.004,
    "rally": 0.012,
    "euphoria": 0.015,
    "cracks": 0.010,
    "selloff": -0.015,
    "rebound": 0.0,
    "aftermath": -0.012,
}

# closed-end fund premium path: (date, 1 + premium) knots, log-interpolated
PREMIUM_KNOTS = (
    (D(2036, 1, 2), 1.8),
    (D(2036, 9, 30), 2.4),
    (D(2036, 12, 31), 4.2),
    (D(2037, 3, 31), 5.6),
    (D(2037, 6, 4), None),  # the peak: drawn per variant
    (D(2037, 6, 11), None),
    (D(2037, 6, 22), 2.6),
    (D(2037, 7, 31), 1.55),
    (D(2037, 9, 30), 1.2),
)

DATASET = DatasetInfo(
    id=ID,
    title="New funds & private-company wrappers",
    story=(
        "New 2x single-stock funds and a thematic fund launch all through the rally, most of them "
        "near the top, and the ones launched at the peak end the window about 40 % below their "
        "launch price. Orbitra Space, held privately by the thematic fund, lists on 2037-06-04; a 2x "
        "fund on it launches the next day. A closed-end fund of private companies trades at 300-700 % "
        "over a NAV it reports only quarterly and late, until the premium collapses to about 20 %."
    ),
    depends_on=("D01", "D02"),
    tables=[
        TableInfo(
            "fund_launches",
            "One row per fund D08 launches (ids 8001-8099; not in securities): 2x single-stock funds "
            "and a thematic fund. Each fund's first fund_daily row is its launch date at launch_nav.",
            [
                col("fund_id", "INTEGER", "", "The new fund (D08's own id range 8001-8099)."),
                col("ticker", "VARCHAR", "", "Fictional NXS ticker."),
                col("fund_name", "VARCHAR", "", "Fund name."),
                col("fund_type", "VARCHAR", "", "LEV2X (2x daily single-stock fund) or THEMATIC (holds stocks "
                    "and private companies; see thematic_holdings)."),
                col(
                    "underlying_id",
                    "INTEGER",
                    "",
                    "The stock a LEV2X fund tracks (securities.security_id); NULL for THEMATIC.",
                    nullable=True,
                ),
                col("leverage", "DOUBLE", "x", "Daily leverage L (2 for LEV2X, 1 for THEMATIC)."),
                col("expense_ratio", "DOUBLE", "fraction per year", "Annual expense ratio ER, accrued ACT/365."),
                col("launch_date", "DATE", "NXS", "First session (first fund_daily row)."),
                col("launch_nav", "DOUBLE", "USD per share", "NAV on the launch date (25.00)."),
                IS_SYNTHETIC,
            ],
            ("fund_id",),
        ),
        TableInfo(
            "fund_daily",
            "One row per D08 fund per NXS session from its launch to 2037-09-30. LEV2X identity after "
            "the first row: nav = round(prev_nav * (1 + leverage*und_return - expense_ratio*d/365), 4), "
            "d = days since the previous row. THEMATIC: nav = round(SUM(thematic_holdings.value_usd) "
            "/ shares_out, 4). On every row aum = round(nav * shares_out, 2).",
            [
                col("fund_id", "INTEGER", "", "Fund (fund_launches.fund_id)."),
                col("date", "DATE", "NXS", "Session date."),
                col(
                    "und_return",
                    "DOUBLE",
                    "fraction",
                    "LEV2X: the underlying's simple return from the previous session, from D02's stored "
                    "closes adjusted for splits and dividends, (close + cash) * ratio / prev_close - 1, "
                    "rounded to 10 decimals; 0 on the launch row and for THEMATIC.",
                ),
                col("nav", "DOUBLE", "USD per share", "Net asset value per share, rounded to 4 decimals."),
                col(
                    "shares_out",
                    "BIGINT",
                    "shares",
                    "Shares outstanding at the close (after the day's creations and redemptions, "
                    "in whole 10,000-share units).",
                ),
                col("aum", "DOUBLE", "USD", "Assets at the close = round(nav * shares_out, 2)."),
                IS_SYNTHETIC,
            ],
            ("fund_id", "date"),
        ),
        TableInfo(
            "thematic_holdings",
            "The thematic fund's holdings at each close. weight = value_usd / SUM(value_usd) over the "
            "fund-date (unrounded, so weights sum to 1 per fund and date). Inflows buy public names "
            "only, so they dilute the private companies' weight.",
            [
                col("fund_id", "INTEGER", "", "Fund (fund_launches.fund_id)."),
                col("date", "DATE", "NXS", "Session date."),
                col(
                    "holding_id",
                    "INTEGER",
                    "",
                    "Public holding: securities.security_id. Private company: D08 id 8101-8199, except "
                    "Orbitra Space, which keeps its securities id (ZORB) before and after its IPO.",
                ),
                col("holding_name", "VARCHAR", "", "Company name."),
                col(
                    "value_usd",
                    "DOUBLE",
                    "USD",
                    "Value held: shares held * D02 close for public names (the shares held grow by the "
                    "split ratio on an ex-date and by dividends reinvested at the ex-date close, so the "
                    "value follows the adjusted return); the latest quarterly mark for private "
                    "companies (unrounded).",
                ),
                col("weight", "DOUBLE", "fraction", "value_usd / total value of the fund on the date."),
                col("is_private", "BOOLEAN", "", "TRUE while the company is private (Orbitra until its IPO)."),
                IS_SYNTHETIC,
            ],
            ("fund_id", "date", "holding_id"),
        ),
        TableInfo(
            "cef_nav_reports",
            "The closed-end fund's quarterly NAV reports: the NAV as of each quarter's end, published "
            "40-60 days later. Only reports published by 2037-09-30 are listed.",
            [
                col("fund_id", "INTEGER", "", "Closed-end fund (securities.security_id, asset_class CEF)."),
                col("period_end", "DATE", "", "Quarter-end date the NAV is measured at."),
                col("report_date", "DATE", "", "Date the NAV is published (known from this date on)."),
                col("nav", "DOUBLE", "USD per share", "Reported NAV per share, rounded to 4 decimals."),
                IS_SYNTHETIC,
            ],
            ("fund_id", "period_end"),
        ),
        TableInfo(
            "cef_daily",
            "One row per closed-end fund per NXS session: the market price against the latest NAV "
            "published on or before the date (an as-of join on cef_nav_reports.report_date).",
            [
                col("fund_id", "INTEGER", "", "Closed-end fund (securities.security_id)."),
                col("date", "DATE", "NXS", "Session date."),
                col("price", "DOUBLE", "USD per share", "Closing market price, rounded to 2 decimals."),
                col(
                    "nav_reported",
                    "DOUBLE",
                    "USD per share",
                    "cef_nav_reports.nav of the latest report with report_date <= date.",
                ),
                col("nav_asof", "DATE", "", "That report's period_end (the NAV is as stale as this)."),
                col(
                    "premium",
                    "DOUBLE",
                    "fraction",
                    "price / nav_reported - 1 from the stored values, unrounded (5.0 = 500 %).",
                ),
                IS_SYNTHETIC,
            ],
            ("fund_id", "date"),
        ),
        TableInfo(
            "ipo_events",
            "One row per IPO in the window: the company, its offer and first close, the leveraged fund "
            "launched on it and its fast entry into the index family.",
            [
                col("security_id", "INTEGER", "", "The newly listed stock (securities.security_id)."),
                col("ticker", "VARCHAR", "", "Its ticker."),
                col("company_name", "VARCHAR", "", "Company name."),
                col("ipo_date", "DATE", "NXS", "First trading session."),
                col("offer_price", "DOUBLE", "USD per share", "IPO offer price."),
                col("first_close", "DOUBLE", "USD per share", "D02 close on the IPO date."),
                col(
                    "first_day_return",
                    "DOUBLE",
                    "fraction",
                    "round(first_close / offer_price - 1, 6).",
                ),
                col("lev_fund_id", "INTEGER", "", "The 2x fund on the stock (securities.security_id)."),
                col("lev_fund_launch", "DATE", "NXS", "That fund's list date (the session after the IPO)."),
                col(
                    "index_entry_date",
                    "DATE",
                    "NXS",
                    "Fast entry into the index family: the 15th NXS session after ipo_date.",
                ),
                IS_SYNTHETIC,
            ],
            ("security_id",),
        ),
    ],
    charts=(
        ChartInfo(
            "The closed-end fund's premium to NAV",
            "SELECT date, round(premium * 100, 1) AS \"premium (%)\" FROM cef_daily ORDER BY 1",
            "Against the latest reported NAV: hundreds of percent at the peak, collapsing in the aftermath.",
            "%",
        ),
    ),
)


def fund_specs(profile: str) -> list[tuple[int, tuple]]:
    """(fund_id, spec row) of the profile's funds; ids are the same in lite and full."""
    return [(FUND_ID0 + k, row) for k, row in enumerate(FUNDS) if profile == "full" or row[6]]


def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build D08's tables for ``profile`` and ``variant`` from D01/D02's stored tables."""
    uni = universe(profile)
    d01, d02 = parents["D01"], parents["D02"]
    days = list(sessions("NXS", variant))
    closes = _close_table(d02["eq_daily"])
    actions = d01["corporate_actions"]

    launches, daily = [], []
    for fid, (ticker, name, kind, und, lev, launch, _lite) in fund_specs(profile):
        und_id = uni.sec(und).security_id if und else None
        launch = next(d for d in days if d >= launch)  # the first session on or after the planned date
        launches.append((fid, ticker, name, kind, und_id, lev, LEV_ER if kind == "LEV2X" else 0.0065, launch))
    holdings = None
    for fid, _ticker, _name, kind, und_id, lev, er, launch in launches:
        fdays = [d for d in days if d >= launch]
        rates = _creation_rates(fid, fdays, variant) * (THEMATIC_FLOW_SCALE if kind == "THEMATIC" else 1.0)
        if kind == "LEV2X":
            r = _adjusted_returns(closes[und_id], actions, und_id, fdays)
            nav = _daily_reset(r, lev, er, fdays)
            shares = _shares(rates)
            daily.append(_daily_frame(fid, fdays, r, nav, shares))
        else:
            frame, holdings = _thematic(fid, fdays, rates, uni, closes, actions, variant)
            daily.append(frame)

    fund_launches = pd.DataFrame(
        {
            "fund_id": np.array([x[0] for x in launches], dtype=np.int32),
            "ticker": [x[1] for x in launches],
            "fund_name": [x[2] for x in launches],
            "fund_type": [x[3] for x in launches],
            "underlying_id": pd.array([x[4] for x in launches], dtype="Int32"),
            "leverage": [x[5] for x in launches],
            "expense_ratio": [x[6] for x in launches],
            "launch_date": [x[7] for x in launches],
            "launch_nav": LAUNCH_NAV,
            "is_synthetic": True,
        }
    )
    reports, cef = _cef(uni.sec("ZDVX").security_id, days, closes, uni, variant)
    return {
        "fund_launches": fund_launches,
        "fund_daily": pd.concat(daily, ignore_index=True),
        "thematic_holdings": holdings,
        "cef_nav_reports": reports,
        "cef_daily": cef,
        "ipo_events": _ipo_events(uni, closes, days),
    }


# --- helpers ---------------------------------------------------------------------------------------
def _close_table(eq: pd.DataFrame) -> dict[int, pd.Series]:
    out = {}
    frame = eq[["security_id", "trade_date", "close"]].copy()
    frame["trade_date"] = pd.to_datetime(frame["trade_date"]).dt.date
    for sid, part in frame.groupby("security_id", sort=False):
        out[int(sid)] = pd.Series(part["close"].to_numpy(dtype=float), index=part["trade_date"].to_numpy())
    return out


def _ratio_cash(actions: pd.DataFrame, sid: int, fdays: list) -> tuple[np.ndarray, np.ndarray]:
    """Per fund session: the stock's split ratio on its ex-dates (else 1) and cash dividend (else 0)."""
    ratio, cash = np.ones(len(fdays)), np.zeros(len(fdays))
    pos = {d: i for i, d in enumerate(fdays)}
    for row in actions[actions["security_id"] == sid].itertuples(index=False):
        ex = pd.Timestamp(row.ex_date).date()
        if ex in pos:
            if row.action_type in ("SPLIT", "RSPLIT"):
                ratio[pos[ex]] = row.ratio
            elif row.action_type == "DIV":
                cash[pos[ex]] = row.cash
    return ratio, cash


def _share_carry(actions: pd.DataFrame, sid: int, fdays: list, close: np.ndarray) -> np.ndarray:
    """Factor by which a holding's share count grows on each session: the split ratio on an ex-date,
    and (close + cash) / close on a dividend's ex-date (the cash is reinvested at the close)."""
    ratio, cash = _ratio_cash(actions, sid, fdays)
    return ratio * (close + cash) / close


def _adjusted_returns(series: pd.Series, actions: pd.DataFrame, sid: int, fdays: list) -> np.ndarray:
    """The underlying's adjusted simple return per fund session, rounded; 0 on the launch row."""
    c = series.reindex(fdays).to_numpy(dtype=float)
    ratio, cash = _ratio_cash(actions, sid, fdays)
    r = np.concatenate([[0.0], (c[1:] + cash[1:]) * ratio[1:] / c[:-1] - 1])
    return np.round(r, RETURN_DP) + 0.0


def _daily_reset(r: np.ndarray, lev: float, er: float, fdays: list) -> np.ndarray:
    nav = np.empty(len(r))
    nav[0] = LAUNCH_NAV
    for t in range(1, len(r)):
        d = (fdays[t] - fdays[t - 1]).days
        nav[t] = round(nav[t - 1] * (1 + lev * r[t] - er * d / 365), 4)
    return nav


def _creation_rates(fid: int, fdays: list, variant: int) -> np.ndarray:
    rng = generator(STREAM, variant, fid)
    labels = regime_labels(fdays)
    age = np.arange(len(fdays))
    rate = np.array([PHASE_FLOW[p] for p in labels])
    rate = rate + 0.06 * np.exp(-age / 10.0) * (labels != "aftermath")  # the launch rush
    rate = rate + rng.normal(0.0, 0.006, len(fdays))
    rate[0] = 0.0
    return np.clip(rate, -0.2, 0.3)


def _shares(rates: np.ndarray) -> np.ndarray:
    shares = np.empty(len(rates), dtype=np.int64)
    s = SEED_SHARES
    for t, rate in enumerate(rates):
        units = max(int(np.round(rate * s / UNIT)), -(s // UNIT - 1))
        s += units * UNIT
        shares[t] = s
    return shares


def _daily_frame(fid, fdays, r, nav, shares) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "fund_id": np.full(len(fdays), fid, dtype=np.int32),
            "date": fdays,
            "und_return": r,
            "nav": nav,
            "shares_out": shares,
            "aum": np.round(nav * shares, 2),
            "is_synthetic": True,
        }
    )


def _quarter_marks(fdays: list, rng: np.random.Generator, drift: dict[str, tuple[float, float]]) -> np.ndarray:
    """A private company's mark multiplier per session: steps at the first session of each quarter."""
    labels = regime_labels(fdays)
    mark = np.ones(len(fdays))
    level = 1.0
    for t, d in enumerate(fdays):
        if t and d.month in (1, 4, 7, 10) and fdays[t - 1].month != d.month:
            lo, hi = drift[str(labels[t])]
            level *= 1 + rng.uniform(lo, hi)
        mark[t] = level
    return mark


MARK_STEP = {  # quarterly private markups by phase
    "calm": (0.0, 0.08),
    "rally": (0.08, 0.2),
    "euphoria": (0.1, 0.3),
    "cracks": (0.1, 0.3),
    "selloff": (-0.3, -0.15),
    "rebound": (-0.3, -0.15),
    "aftermath": (-0.3, -0.15),
}


def _thematic(fid, fdays, rates, uni, closes, actions, variant):
    """The thematic fund: holdings values, NAV per share and the holdings table."""
    rng = generator(STREAM, variant, fid, 1)
    n = len(fdays)
    public = [uni.sec(t) for t in THEMATIC_PUBLIC]
    orbitra = uni.sec("ZORB")
    priv_w = sum(w for _n, _i, w in THEMATIC_PRIVATE)
    px = np.column_stack([closes[s.security_id].reindex(fdays).to_numpy(dtype=float) for s in public])
    # a split multiplies the shares held by its ratio and a dividend is reinvested at the ex-date close,
    # so a holding's value moves with its adjusted return, not with the raw (unadjusted) close
    carry = np.column_stack([_share_carry(actions, s.security_id, fdays, px[:, k]) for k, s in enumerate(public)])
    units = (1 - priv_w) * THEMATIC_SEED_USD / len(public) / px[0]
    priv_values = np.zeros((n, len(THEMATIC_PRIVATE)))
    for k, (_name, _hid, w) in enumerate(THEMATIC_PRIVATE):
        priv_values[:, k] = w * THEMATIC_SEED_USD * _quarter_marks(fdays, rng, MARK_STEP)
    ipo_t = fdays.index(IPO_DATE)
    orb_px = closes[orbitra.security_id]
    # at the IPO the private stake becomes shares, bought at ~0.75x the first close in the last round
    orb_units = priv_values[ipo_t - 1, 0] / (orb_px[IPO_DATE] * rng.uniform(0.7, 0.8))
    listed = fdays[ipo_t:]
    orb_close = orb_px.reindex(listed).to_numpy(dtype=float)
    orb_carry = _share_carry(actions, orbitra.security_id, listed, orb_close)
    orb_carry[0] = 1.0
    priv_values[ipo_t:, 0] = orb_units * np.cumprod(orb_carry) * orb_close
    shares = SEED_SHARES * 12  # 2.4 M shares at 25.00 = the 60 M seed
    nav = np.empty(n)
    share_path = np.empty(n, dtype=np.int64)
    unit_path = np.empty((n, len(public)))
    for t in range(n):
        if t:
            units = units * carry[t]
        total_pub = float(units @ px[t])
        total = total_pub + priv_values[t].sum()
        pre_nav = total / shares
        if t:
            u = max(int(np.round(rates[t] * shares / UNIT)), -(shares // UNIT - 1))
            cash = u * UNIT * pre_nav
            # flows buy or sell public names pro rata to their value; private stakes are illiquid
            units = units * (1 + cash / total_pub)
            shares += u * UNIT
        total = float(units @ px[t]) + priv_values[t].sum()
        nav[t] = round(total / shares, 4)
        share_path[t] = shares
        unit_path[t] = units
    frame = _daily_frame(fid, fdays, np.zeros(n), nav, share_path)
    # holdings rows
    rows_id, rows_name, rows_val, rows_priv, rows_date = [], [], [], [], []
    for t, d in enumerate(fdays):
        vals = list(unit_path[t] * px[t]) + list(priv_values[t])
        ids = [s.security_id for s in public] + [h if h else orbitra.security_id for _n, h, _w in THEMATIC_PRIVATE]
        names = [s.name for s in public] + [nm for nm, _h, _w in THEMATIC_PRIVATE]
        privs = [False] * len(public) + [not (h is None and t >= ipo_t) for _n, h, _w in THEMATIC_PRIVATE]
        rows_id += ids
        rows_name += names
        rows_val += vals
        rows_priv += privs
        rows_date += [d] * len(ids)
    hold = pd.DataFrame(
        {
            "fund_id": np.full(len(rows_id), fid, dtype=np.int32),
            "date": rows_date,
            "holding_id": np.array(rows_id, dtype=np.int32),
            "holding_name": rows_name,
            "value_usd": np.array(rows_val, dtype=float),
        }
    )
    hold["weight"] = hold["value_usd"] / hold.groupby("date")["value_usd"].transform("sum")
    hold["is_private"] = rows_priv
    hold["is_synthetic"] = True
    hold = hold.sort_values(["date", "holding_id"], ignore_index=True)
    # NAV must be the holdings' value per share from the stored table: recompute from value_usd
    totals = hold.groupby("date", sort=True)["value_usd"].sum().reindex(fdays).to_numpy()
    frame["nav"] = np.round(totals / share_path, 4)
    frame["aum"] = np.round(frame["nav"].to_numpy() * share_path, 2)
    return frame, hold


def _premium_path(days: list, rng: np.random.Generator) -> np.ndarray:
    peak = rng.uniform(6.3, 7.3)
    knots = [(d, v if v is not None else peak * (1 if d == IPO_DATE else 0.93)) for d, v in PREMIUM_KNOTS]
    x = np.array([(d - days[0]).days for d, _ in knots], dtype=float)
    y = np.log([v for _, v in knots])
    t = np.array([(d - days[0]).days for d in days], dtype=float)
    base = np.interp(t, x, y)
    noise = np.zeros(len(days))
    eps = rng.normal(0.0, 0.025, len(days))
    for i in range(1, len(days)):
        noise[i] = 0.9 * noise[i - 1] + eps[i]
    return np.exp(base + noise)


def _cef(fid: int, days: list, closes, uni, variant: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = generator(STREAM, variant, fid)
    chips = [uni.sec(t).security_id for t in ("ZVLT", "ZQRC", "ZMRY", "ZXPH")]
    basket = np.mean([closes[s].reindex(days).to_numpy(dtype=float) / closes[s][days[0]] for s in chips], axis=0)
    mark = _quarter_marks(days, rng, MARK_STEP)
    nav0 = rng.uniform(9.5, 10.5)
    true_nav = nav0 * (0.75 * mark + 0.25 * basket)
    # quarter ends: the last session of each quarter; two pre-window reports so every day has one
    ends = [(D(2035, 9, 30), nav0 * rng.uniform(0.9, 0.95)), (D(2035, 12, 31), nav0 * rng.uniform(0.96, 1.0))]
    for i, d in enumerate(days):
        if i + 1 < len(days) and d.month in (3, 6, 9, 12) and days[i + 1].month != d.month:
            ends.append((d, true_nav[i]))
    day_set = set(days)
    reports = []
    for end, nav in ends:
        rep = end + dt.timedelta(days=int(rng.integers(40, 61)))
        while rep.weekday() >= 5 or (rep >= days[0] and rep not in day_set):
            rep += dt.timedelta(days=1)
        if rep <= days[-1]:
            reports.append((end, rep, round(float(nav), 4)))
    rep_df = pd.DataFrame(
        {
            "fund_id": np.full(len(reports), fid, dtype=np.int32),
            "period_end": [r[0] for r in reports],
            "report_date": [r[1] for r in reports],
            "nav": [r[2] for r in reports],
            "is_synthetic": True,
        }
    )
    rep_dates = np.array([r[1] for r in reports], dtype="datetime64[D]")
    k = np.searchsorted(rep_dates, np.array(days, dtype="datetime64[D]"), side="right") - 1
    nav_rep = np.array([reports[i][2] for i in k])
    asof = [reports[i][0] for i in k]
    price = np.round(nav_rep * _premium_path(days, rng), 2)
    cef = pd.DataFrame(
        {
            "fund_id": np.full(len(days), fid, dtype=np.int32),
            "date": days,
            "price": price,
            "nav_reported": nav_rep,
            "nav_asof": asof,
            "premium": price / nav_rep - 1,
            "is_synthetic": True,
        }
    )
    return rep_df, cef


def _ipo_events(uni, closes, days: list) -> pd.DataFrame:
    orb, fund = uni.sec("ZORB"), uni.sec("ZORX")
    first = float(closes[orb.security_id][IPO_DATE])
    offer = float(orb.base_price)
    return pd.DataFrame(
        {
            "security_id": np.array([orb.security_id], dtype=np.int32),
            "ticker": [orb.ticker],
            "company_name": [orb.name],
            "ipo_date": [IPO_DATE],
            "offer_price": [offer],
            "first_close": [first],
            "first_day_return": [round(first / offer - 1, 6)],
            "lev_fund_id": np.array([fund.security_id], dtype=np.int32),
            "lev_fund_launch": [fund.list_date],
            "index_entry_date": [days[days.index(IPO_DATE) + INDEX_ENTRY_SESSIONS]],
            "is_synthetic": True,
        }
    )
