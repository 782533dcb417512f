"""D06 Options: end-of-day option quotes on ten US names and the implied-volatility surface summary.

Underlyings: eight AI-chip, memory and tech-adjacent stocks, a financial (for contrast: its skew stays
put-side) and the 3x chip-index bull fund ZSXU; lite keeps ZVLT, ZMRY and ZSXU with fewer expiries.
Snapshots are weekly (the last session of each week) in the calm phase and daily from 2036-10-01.
``und_close`` is D02's stored close of the session.

Surface: per underlying and session, a 30-day at-the-money volatility follows D02's realized volatility
(a fast and a slow EWMA of the split-adjusted stored closes) times a regime premium, the long end
follows the slow EWMA, so a crash inverts the term structure. The 25-delta risk reversal and butterfly
follow regime targets (call skew in the chip names' euphoria, about -12 in the sell-off), smoothed and
with AR(1) noise. Each expiry's smile is a raw SVI total-variance curve w(k) = a + b(rho k +
sqrt(k^2 + s^2)) in k = ln(K/F) whose level, slope and curvature at k = 0 match those targets.
Prices are Black-Scholes (European, no dividends) at the flat rate ``RATE``; quotes put a spread
around the model price on the exchange's tick grid; ``iv`` is then solved from the *stored* mid, and
the greeks from the stored ``iv``, so a learner's solver reproduces both from the table.

Contracts: monthly expiries (third Friday, the Thursday before when it is a holiday: June 2037 expires
on 06-18 because 06-19 is Juneteenth); strikes on a grid of about 7 % of spot fixed when the expiry
is listed (far quarterly expiries use every other strike), listed while within a band of spot that
widens with volatility (80-125 % when calm), quoted until expiry or until they drift far out of it.
``option_id`` is an OSI-style symbol (root, yymmdd, C/P, strike x 1000). ZVLT's 10:1 split follows
OCC practice: strikes divide by 10, each contract becomes 10 (open interest x 10), the multiplier
stays 100, and since the strike is part of the symbol each contract gets a new option_id.

Open interest is simulated contract by contract: each session's net change is at most 40 % of that
session's volume (opening bias in the build-up, OTM calls building in the euphoria, calls
closing and puts opening in the sell-off), floored at zero. Wrinkles: ``iv`` (and the greeks) NULL
when the mid is at or below the discounted intrinsic value; zero bids far out of the money; a few
crossed quotes; on NXO holidays the vendor repeats the previous session's rows unchanged (stale).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from datasets import black_scholes as bs
from datasets.calendar import END, sessions
from datasets.dictionary import IS_SYNTHETIC, ChartInfo, DatasetInfo, TableInfo, col
from datasets.engine import REGIME_NAMES, regime_labels
from datasets.seeds import generator
from datasets.universe import FINANCING_RATE, universe

ID = "D06"
STREAM = 6
D = dt.date
DAILY_FROM = D(2036, 10, 1)
"""Snapshots are weekly before this date and daily (every weekday) from it."""
RATE = FINANCING_RATE["USD"]
"""The one risk-free rate (continuously compounded, ACT/365) every price uses: the USD policy rate,
flat through the episode (D14's policy_rates must agree). Stored per row as ``rate``."""
MULTIPLIER = 100
UNDERLYINGS = {
    "full": ("ZVLT", "ZQRC", "ZWFR", "ZXPH", "ZMRY", "ZJHB", "ZKLC", "ZVDC", "ZQBN", "ZSXU"),
    "lite": ("ZVLT", "ZMRY", "ZSXU"),
}
CALL_SKEW_NAMES = ("ZVLT", "ZQRC", "ZWFR", "ZXPH", "ZMRY", "ZJHB", "ZVDC", "ZSXU")
"""Names whose euphoria smile turns to call skew (the AI-chip complex and its 3x fund)."""
SLOTS = {"full": (3, 2), "lite": (2, 1)}
"""(nearest monthly expiries, quarterly expiries after them) listed on each date."""
BAND_MIN, BAND_MAX = 0.22, 0.45
"""New strikes are listed within |ln(K/S)| <= clip(1.1 * iv30 * sqrt(45/365), BAND_MIN, BAND_MAX): about
80-125 % of spot in calm markets, wider for volatile names and in the sell-off."""
QUOTED_EXTRA = 0.2
"""A listed strike is quoted until |ln(K/S)| first exceeds the listing band + QUOTED_EXTRA (then never again)."""
STEP_FRAC = {"full": 0.07, "lite": 0.075}
"""Strike spacing as a fraction of spot when the expiry is first listed (rounded to 1/2/2.5/5 x 10^n)."""

# regime targets: 30-day volatility premium over realized, 25-delta risk reversal (chip / other) and
# butterfly, in fractions (0.05 = 5 vol points); multipliers of spread and volume (calls, puts)
VRP = {"calm": 1.12, "rally": 1.15, "euphoria": 1.22, "cracks": 1.3, "selloff": 1.3, "rebound": 1.25,
       "aftermath": 1.15}
RR_TARGET = {"calm": (-0.035, -0.035), "rally": (-0.005, -0.03), "euphoria": (0.045, -0.02),
             "cracks": (-0.06, -0.05), "selloff": (-0.17, -0.14), "rebound": (-0.11, -0.10),
             "aftermath": (-0.06, -0.05)}
BF_TARGET = {"calm": 0.012, "rally": 0.012, "euphoria": 0.016, "cracks": 0.02, "selloff": 0.03,
             "rebound": 0.028, "aftermath": 0.02}
SPREAD_MULT = {"calm": (1.0, 1.0), "rally": (1.0, 1.0), "euphoria": (1.15, 1.05), "cracks": (1.3, 1.5),
               "selloff": (1.6, 2.8), "rebound": (1.5, 2.3), "aftermath": (1.2, 1.3)}
VOLUME_MULT = {"calm": (1.0, 1.0), "rally": (1.5, 1.2), "euphoria": (2.4, 1.3), "cracks": (2.0, 2.6),
               "selloff": (3.0, 4.0), "rebound": (2.5, 3.0), "aftermath": (1.4, 1.5)}
OPENING_SHARE = 0.4
"""Largest share of a session's volume that opens or closes positions (the rest changes hands)."""
CROSSED_RATE = 0.0008
"""Share of quotes with a bid that come out crossed (bid > ask)."""
BELOW_INTRINSIC_RATE = 0.006
"""Share of deep in-the-money quotes (|delta| > 0.85) left behind a move: mid below intrinsic."""

DATASET = DatasetInfo(
    id=ID,
    title="Options",
    story=(
        "End-of-day option quotes on ten New York names: the AI-chip leaders, a memory maker, a crypto "
        "treasury company, a bank and the 3x chip-index fund. Through the euphoria traders pay up for "
        "upside calls and call open interest piles up; in the sell-off the skew flips to puts, short-dated "
        "volatility jumps above the long end and put spreads blow out. ZVLT's 10:1 split re-strikes "
        "its contracts, and the vendor keeps publishing stale rows on exchange holidays."
    ),
    depends_on=("D01", "D02"),
    tables=[
        TableInfo(
            "opt_eod",
            "One row per listed option per snapshot date (unique per quote_date, option_id): weekly (last "
            "session of the week) before 2036-10-01, every weekday from then (NXO holidays carry the "
            "previous session's rows, stale). "
            "Prices are Black-Scholes (European, no dividends) at `rate`, with T = (expiry - quote_date) "
            "days / 365; iv is solved from the stored mid (bid + ask) / 2, greeks from the stored iv.",
            [
                col("quote_date", "DATE", "New York", "Snapshot date (an NXO session, or a holiday's stale copy)."),
                col(
                    "option_id",
                    "VARCHAR",
                    "",
                    "OSI-style symbol: root padded to 6, expiry yymmdd, C/P, strike x 1000 in 8 digits "
                    "('ZVLT  370515C00480000'). A split that changes the strike changes the symbol.",
                ),
                col("underlying_id", "INTEGER", "", "Underlying stock or fund (securities.security_id)."),
                col("expiry", "DATE", "New York", "Last trading day (third Friday; the Thursday before if a holiday)."),
                col("strike", "DOUBLE", "USD per share", "Strike price (divided by the ratio after a split)."),
                col("cp", "VARCHAR", "", "'C' call or 'P' put."),
                col("bid", "DOUBLE", "USD per share", "Closing bid; 0 when no one bids (far out of the money)."),
                col("ask", "DOUBLE", "USD per share", "Closing ask (a few quotes are crossed: bid > ask)."),
                col(
                    "iv",
                    "DOUBLE",
                    "fraction per year",
                    "Implied volatility that reprices the mid (bid + ask) / 2, rounded to 6 decimals; NULL when "
                    "the mid is at or below the discounted intrinsic value max(cp*(und_close - strike*exp(-rate*T)), "
                    "0), or at or above the price at 500 % volatility.",
                    nullable=True,
                ),
                col("delta", "DOUBLE", "per share", "N(d1) for calls, N(d1) - 1 for puts, at iv; rounded to 6.",
                    nullable=True),
                col("gamma", "DOUBLE", "per USD", "phi(d1) / (und_close * iv * sqrt(T)); rounded to 8.", nullable=True),
                col(
                    "vega",
                    "DOUBLE",
                    "USD per vol point",
                    "und_close * phi(d1) * sqrt(T) / 100 (price change for +1 vol point); rounded to 6.",
                    nullable=True,
                ),
                col("volume", "BIGINT", "contracts", "Contracts traded in the session."),
                col(
                    "open_interest",
                    "BIGINT",
                    "contracts",
                    "Open contracts at the session's close; between consecutive rows of an option it changes "
                    "by at most the later row's volume.",
                ),
                col("und_close", "DOUBLE", "USD per share", "D02 eq_daily.close of the underlying on quote_date "
                    "(the previous session's on a stale holiday row)."),
                col("multiplier", "INTEGER", "shares per contract", "Deliverable shares per contract (100)."),
                col("rate", "DOUBLE", "fraction per year", "Risk-free rate used, continuously compounded, ACT/365."),
                IS_SYNTHETIC,
            ],
            # (quote_date, option_id) is unique (tested); not declared as a DuckDB key, whose index on
            # 340k VARCHAR rows costs more build time than the rest of the table
        ),
        TableInfo(
            "surface_summary",
            "One row per underlying and opt_eod quote_date, computed from opt_eod rows with iv NOT NULL and "
            "bid <= ask, dte = expiry - quote_date. Per expiry: ATM iv = mean iv at the strike nearest "
            "und_close (tie: lower strike); the 25-delta call iv = linear interpolation in delta between the "
            "call with the smallest delta >= 0.25 and the call with the largest delta < 0.25 (puts likewise "
            "around -0.25: largest delta <= -0.25 and smallest delta > -0.25); NULL without both neighbours. "
            "A 30-day (90-day) value interpolates linearly in dte between the expiry with the largest "
            "dte <= 30 and the one with the smallest dte > 30, among expiries where the per-expiry value "
            "is not NULL, held flat beyond the first and last. Results x 100, rounded to 4 decimals.",
            [
                col("underlying_id", "INTEGER", "", "Underlying (securities.security_id)."),
                col("date", "DATE", "New York", "opt_eod.quote_date."),
                col("atm_iv_30d", "DOUBLE", "%", "30-day ATM implied volatility.", nullable=True),
                col("rr25", "DOUBLE", "vol points", "30-day 25-delta risk reversal: call iv - put iv.",
                    nullable=True),
                col("bf25", "DOUBLE", "vol points", "30-day butterfly: (call iv + put iv) / 2 - ATM iv per "
                    "expiry, then interpolated.", nullable=True),
                col("term_slope", "DOUBLE", "vol points", "ATM iv at 90 days - ATM iv at 30 days (negative: "
                    "inverted).", nullable=True),
                IS_SYNTHETIC,
            ],
            ("underlying_id", "date"),
        ),
    ],
    charts=(
        ChartInfo(
            "ZVLT's skew: the 25-delta risk reversal",
            "SELECT m.date, m.rr25 AS \"RR25\" FROM surface_summary m JOIN securities s "
            "ON s.security_id = m.underlying_id WHERE s.ticker = 'ZVLT' ORDER BY 1",
            "Put skew in the calm, call skew through the euphoria, about -12 in the sell-off.",
            "vol points",
        ),
        ChartInfo(
            "ZVLT's term structure: 30-day ATM vol and the 90 - 30 day slope",
            "SELECT m.date, m.atm_iv_30d AS \"ATM 30d\", m.term_slope AS \"90d - 30d\" FROM surface_summary m "
            "JOIN securities s ON s.security_id = m.underlying_id WHERE s.ticker = 'ZVLT' ORDER BY 1",
            "Short-dated volatility jumps above the long end in the sell-off: the slope goes deeply negative.",
            "% / vol points",
        ),
    ),
)


def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build D06's opt_eod and surface_summary for ``profile`` and ``variant`` from D01/D02's tables."""
    uni = universe(profile)
    eq = parents["D02"]["eq_daily"]
    actions = parents["D01"]["corporate_actions"]
    nxo = np.array(sessions("NXO", variant), dtype="datetime64[D]")
    snaps = snapshot_dates(nxo)
    expiries = monthly_expiries(nxo)
    frames = []
    for ticker in UNDERLYINGS[profile]:
        sec = uni.sec(ticker)
        rows = eq.loc[eq["security_id"] == sec.security_id, ["trade_date", "close"]]
        dates = np.array(pd.to_datetime(rows["trade_date"]).to_numpy(), dtype="datetime64[D]")
        close = rows["close"].to_numpy(dtype=float)
        order = np.argsort(dates)
        dates, close = dates[order], close[order]
        factor = _split_factor(actions, sec.security_id, dates)
        params = _surface_params(dates, close * factor, ticker in CALL_SKEW_NAMES, variant, sec.security_id)
        at = np.searchsorted(dates, snaps)
        if not (dates[at] == snaps).all():
            raise ValueError(f"{ticker}: a snapshot date has no D02 close")
        frames.append(
            _underlying_rows(
                ticker, sec.security_id, sec.adv, snaps, close[at], factor[at],
                {k: v[at] for k, v in params.items()}, expiries, profile, variant,
            )
        )
    opt = pd.concat(frames, ignore_index=True)
    opt = _with_stale_holidays(opt, nxo)
    opt = opt.sort_values(["quote_date", "underlying_id", "expiry", "cp", "strike"], ignore_index=True)
    return {"opt_eod": opt, "surface_summary": surface_summary(opt)}


# --- calendar --------------------------------------------------------------------------------------
def snapshot_dates(nxo: np.ndarray) -> np.ndarray:
    """Last NXO session of each week before DAILY_FROM, then every NXO session."""
    daily_from = np.datetime64(DAILY_FROM)
    early = nxo[nxo < daily_from]
    week = (early - np.datetime64("2035-12-31")).astype(int) // 7  # 2035-12-31 is a Monday
    last_of_week = np.r_[week[1:] != week[:-1], True]
    return np.concatenate([early[last_of_week], nxo[nxo >= daily_from]])


def monthly_expiries(nxo: np.ndarray) -> np.ndarray:
    """Third Friday of each month 2036-01 .. 2038-12; the previous NXO session when it is not one."""
    out = []
    open_days = set(nxo.tolist())
    for year in (2036, 2037, 2038):
        for month in range(1, 13):
            first = D(year, month, 1)
            friday = first + dt.timedelta(days=(4 - first.weekday()) % 7 + 14)
            day = friday
            if day <= END:
                while day not in open_days:
                    day -= dt.timedelta(days=1)
            out.append(day)
    return np.array(out, dtype="datetime64[D]")


def _split_factor(actions: pd.DataFrame, sid: int, dates: np.ndarray) -> np.ndarray:
    """Cumulative split ratio in force on each date (1 before any split; 10 after ZVLT's 10:1)."""
    rows = actions[(actions["security_id"] == sid) & actions["action_type"].isin(["SPLIT", "RSPLIT"])]
    factor = np.ones(len(dates))
    for row in rows.itertuples(index=False):
        factor[dates >= np.datetime64(pd.Timestamp(row.ex_date).date())] *= float(row.ratio)
    return factor


def _with_stale_holidays(opt: pd.DataFrame, nxo: np.ndarray) -> pd.DataFrame:
    """Append, for each weekday from DAILY_FROM on which NXO is shut, a copy of the previous session's rows."""
    days = np.arange(np.datetime64(DAILY_FROM), np.datetime64(END) + 1)
    weekday = (days.astype(int) + 3) % 7  # 1970-01-01 was a Thursday (3)
    holidays = days[(weekday < 5) & ~np.isin(days, nxo)]
    prev = nxo[np.searchsorted(nxo, holidays) - 1]
    quote = opt["quote_date"].to_numpy(dtype="datetime64[D]")
    copy = opt[np.isin(quote, prev)].copy()
    copy["quote_date"] = holidays[np.searchsorted(prev, copy["quote_date"].to_numpy(dtype="datetime64[D]"))]
    return pd.concat([opt, copy], ignore_index=True)


# --- the surface -----------------------------------------------------------------------------------
def _ewma_vol(r: np.ndarray, half_life: float) -> np.ndarray:
    """Annualized EWMA volatility of daily log returns (variance seeded with the first 20 returns)."""
    alpha = 1 - 0.5 ** (1 / half_life)
    var = np.empty(len(r))
    v = float(np.mean(r[1:21] ** 2))
    for i, x in enumerate(r):
        v = (1 - alpha) * v + alpha * x * x
        var[i] = v
    return np.sqrt(252 * var)


def _ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> np.ndarray:
    z = rng.normal(0.0, sd * np.sqrt(1 - phi * phi), n)
    out = np.empty(n)
    x = rng.normal(0.0, sd)
    for i in range(n):
        x = phi * x + z[i]
        out[i] = x
    return out


def _surface_params(dates, adj_close, call_skew: bool, variant: int, sid: int) -> dict[str, np.ndarray]:
    """Per session: 30-day ATM vol, long-run vol, 30-day risk reversal and butterfly (fractions)."""
    rng = generator(STREAM, variant, sid, 1)
    r = np.r_[0.0, np.diff(np.log(adj_close))]
    fast, slow = _ewma_vol(r, 5), _ewma_vol(r, 60)
    labels = regime_labels([d.item() for d in dates])
    vrp = np.array([VRP[x] for x in labels])
    iv30 = np.maximum(0.08, vrp * (0.45 * fast + 0.55 * slow) * np.exp(_ar1(rng, len(r), 0.9, 0.03)))
    v_long = 1.12 * slow + 0.015
    side = 0 if call_skew else 1
    rr_goal = np.array([RR_TARGET[x][side] for x in labels])
    rr = pd.Series(rr_goal).ewm(halflife=2.0, adjust=False).mean().to_numpy() + _ar1(rng, len(r), 0.8, 0.005)
    bf = np.array([BF_TARGET[x] for x in labels]) * np.exp(_ar1(rng, len(r), 0.8, 0.1))
    code = np.array([REGIME_NAMES.index(x) for x in labels])
    return {"iv30": iv30, "v_long": v_long, "rr30": rr, "bf30": bf, "regime": code}


def svi_vol(k, t, iv30, v_long, rr30, bf30) -> np.ndarray:
    """Model implied vol at log-moneyness k = ln(K/F) and maturity t (years) from the date's targets.

    The ATM vol moves from iv30 towards v_long with maturity; the raw SVI slice (m = 0) matches the
    ATM total variance, the slope implied by the risk reversal and the curvature implied by the
    butterfly at k = 0 (25-delta strikes sit near k = +-0.674 sigma sqrt(t)).
    """
    days = t * 365
    tilt = np.minimum((30 / days) ** 0.25, 1.6)
    atm = np.maximum(0.05, v_long + (iv30 - v_long) * np.minimum((30 / days) ** 0.5, 1.7))
    rr, bf = rr30 * tilt, bf30 * tilt
    sq = np.sqrt(t)
    sig_k = rr / (1.349 * atm * sq)
    sig_kk = 2 * bf / (0.4549 * atm * atm * t)
    w0 = atm * atm * t
    w_k = 2 * t * atm * sig_k
    w_kk = 2 * t * (sig_k * sig_k + atm * sig_kk)
    s = atm * sq
    b = np.maximum(w_kk * s, np.abs(w_k) / 0.9)
    rho = w_k / b
    a = w0 - b * s
    w = a + b * (rho * k + np.sqrt(k * k + s * s))
    return np.sqrt(np.maximum(w, 0.0004 * t) / t)


# --- contracts -------------------------------------------------------------------------------------
def _nice_step(x: float) -> float:
    """The largest of 1, 2, 2.5, 5 x 10^n not above x."""
    p = 10.0 ** np.floor(np.log10(x))
    return max(m * p for m in (1.0, 2.0, 2.5, 5.0) if m * p <= x + 1e-12)


def _contracts(snaps, adj_spot, iv30, expiries, profile) -> pd.DataFrame:
    """Every listed (expiry, strike) with its first and last snapshot index; strikes in pre-split units.

    An expiry's grid step is fixed when it is listed; later, new strikes are only added on multiples of
    the step the current spot would get (so a tripled price does not triple the strike count), and a
    strike stops being quoted once it leaves the quoted band (it does not come back).
    """
    n_month, n_quarter = SLOTS[profile]
    frac = STEP_FRAC[profile]
    quarterly = expiries[(expiries.astype("datetime64[M]").astype(int) % 12 + 1) % 3 == 0]
    listed: dict[np.datetime64, dict] = {}
    for i, day in enumerate(snaps):
        spot = adj_spot[i]
        half = np.clip(1.1 * iv30[i] * np.sqrt(45 / 365), BAND_MIN, BAND_MAX)
        near = expiries[expiries > day][:n_month]
        far = quarterly[quarterly > near[-1]][:n_quarter]
        now = _nice_step(frac * spot)
        for e, coarse in [(e, False) for e in near] + [(e, True) for e in far]:
            entry = listed.setdefault(e, {"step": now, "first": {}, "last": {}})
            step, first, last = entry["step"], entry["first"], entry["last"]
            for j in first:
                if last[j] == i - 1 and abs(np.log(j * step / spot)) <= half + QUOTED_EXTRA:
                    last[j] = i
            lo, hi = int(np.ceil(np.exp(-half) * spot / step)), int(np.floor(np.exp(half) * spot / step))
            every = max(1, round(now / step)) if now > step else 1
            for j in range(max(lo, 1), hi + 1):
                if j not in first and not (coarse and j % 2) and j % every == 0:
                    first[j], last[j] = i, i
    out = [(e, entry["step"] * j, first, entry["last"][j]) for e, entry in listed.items()
           for j, first in entry["first"].items()]
    return pd.DataFrame(out, columns=["expiry", "strike_adj", "first", "last"])


def option_symbol(root: str, key: np.ndarray, expiry: np.ndarray, cp: np.ndarray, strike: np.ndarray) -> np.ndarray:
    """OSI-style symbols (root padded to 6, yymmdd, C/P, strike x 1000 in 8 digits), formatted once per
    distinct ``key`` (rows with the same key share expiry, cp and strike)."""
    _, first, codes = np.unique(key, return_index=True, return_inverse=True)
    ymd = pd.DatetimeIndex(expiry[first]).strftime("%y%m%d")
    milli = np.round(strike[first] * 1000).astype(np.int64)
    text = [f"{root:<6}{d}{c}{m:08d}" for d, c, m in zip(ymd, cp[first], milli, strict=True)]
    return np.array(text, dtype=object)[codes]


def _tick_floor(x: np.ndarray) -> np.ndarray:
    tick = np.where(x >= 3.0, 0.05, 0.01)
    return np.round(np.floor(x / tick + 1e-9) * tick, 2)


def _tick_ceil(x: np.ndarray) -> np.ndarray:
    tick = np.where(x > 3.0, 0.05, 0.01)
    return np.round(np.ceil(x / tick - 1e-9) * tick, 2)


def _underlying_rows(ticker, sid, adv, snaps, close, factor, params, expiries, profile, variant) -> pd.DataFrame:
    """All opt_eod rows of one underlying (without the stale holiday copies)."""
    rng = generator(STREAM, variant, sid, 2)
    contracts = _contracts(snaps, close * factor, params["iv30"], expiries, profile)
    n_rows = (contracts["last"] - contracts["first"] + 1).to_numpy()
    con = np.repeat(np.arange(len(contracts)), n_rows)
    snap = np.concatenate([np.arange(f, la + 1) for f, la in zip(contracts["first"], contracts["last"], strict=True)])
    con = np.r_[con, con]
    snap = np.r_[snap, snap]
    cp = np.repeat([1, -1], len(con) // 2)
    expiry = contracts["expiry"].to_numpy(dtype="datetime64[D]")[con]
    s = close[snap]
    k = np.round(contracts["strike_adj"].to_numpy()[con] / factor[snap], 4)
    t = (expiry - snaps[snap]).astype(int) / 365.0
    targets = (params[x][snap] for x in ("iv30", "v_long", "rr30", "bf30"))
    sigma = svi_vol(np.log(k / (s * np.exp(RATE * t))), t, *targets)
    model = bs.price(s, k, t, RATE, sigma, cp)
    regime = params["regime"][snap]  # an index into REGIME_NAMES
    bid, ask = _quotes(model, regime, cp, s, k, t, sigma, rng)
    mid = (bid + ask) / 2
    iv = np.round(bs.implied_vol(mid, s, k, t, RATE, cp), 6)
    delta, gamma, vega = bs.greeks(s, k, t, RATE, iv, cp)
    volume, oi = _volume_oi(con, snap, cp, np.log(k / s), t, regime, factor, adv, rng)
    cps = np.where(cp > 0, "C", "P")
    return pd.DataFrame(
        {
            "quote_date": snaps[snap],
            "option_id": option_symbol(ticker, (con * 2 + (cp < 0)) * 2 + (factor[snap] > factor[0]), expiry, cps, k),
            "underlying_id": np.full(len(con), sid, dtype=np.int32),
            "expiry": expiry,
            "strike": k,
            "cp": cps,
            "bid": bid,
            "ask": ask,
            "iv": iv,
            "delta": np.round(delta, 6),
            "gamma": np.round(gamma, 8),
            "vega": np.round(vega, 6),
            "volume": volume,
            "open_interest": oi,
            "und_close": s,
            "multiplier": np.full(len(con), MULTIPLIER, dtype=np.int32),
            "rate": np.full(len(con), RATE),
            "is_synthetic": True,
        }
    )


def _by_regime(regime: np.ndarray, table: dict[str, tuple[float, float]], side: np.ndarray) -> np.ndarray:
    """Per row: ``table[regime][side]`` (regime as an index into REGIME_NAMES; side 0 calls, 1 puts)."""
    values = np.array([table[x] for x in REGIME_NAMES])
    return values[regime, side]


def _quotes(model, regime, cp, s, k, t, sigma, rng) -> tuple[np.ndarray, np.ndarray]:
    """Bid and ask on the tick grid around the model price, with the crossed and below-intrinsic wrinkles."""
    n = len(model)
    side = (cp < 0).astype(int)
    mult = _by_regime(regime, SPREAD_MULT, side)
    spread = (0.02 + 0.035 * model) * mult * np.exp(rng.normal(0.0, 0.15, n))
    bid = np.maximum(_tick_floor(model - spread / 2), 0.0)
    ask = np.maximum(_tick_ceil(model + spread / 2), 0.01)
    # deep in-the-money quotes left behind by the underlying's move: the mid drops below intrinsic
    delta, _, _ = bs.greeks(s, k, t, RATE, sigma, cp)
    behind = (np.abs(delta) > 0.85) & (bid > 0) & (rng.random(n) < BELOW_INTRINSIC_RATE)
    bound = bs.lower_bound(s, k, t, RATE, cp)
    shift = np.round(np.ceil(np.maximum((bid + ask) / 2 - bound, 0.0) / 0.05 - 1e-9) * 0.05 + 0.05, 2)  # whole 0.05s
    bid = np.where(behind, np.maximum(np.round(bid - shift, 2), 0.0), bid)
    ask = np.where(behind, np.round(ask - shift, 2), ask)
    crossed = (bid > 0) & (rng.random(n) < CROSSED_RATE)
    bid, ask = np.where(crossed, ask, bid), np.where(crossed, bid, ask)
    return bid, ask


def _volume_oi(con, snap, cp, moneyness, t, regime, factor, adv, rng) -> tuple[np.ndarray, np.ndarray]:
    """Session volume and open interest per row; |change in OI| <= volume between consecutive rows."""
    n = len(con)
    side = (cp < 0).astype(int)
    phase_mult = _by_regime(regime, VOLUME_MULT, side)
    otm_call = (cp > 0) & (moneyness > 0.03)
    euphoria = regime == REGIME_NAMES.index("euphoria")
    stress = np.isin(regime, [REGIME_NAMES.index(x) for x in ("cracks", "selloff", "rebound")])
    days = t * 365
    lam = (
        min(200 + adv / 5000, 4000)
        * factor[snap]
        * (np.exp(-np.abs(moneyness) / 0.12) + 0.03)
        * (np.exp(-days / 90) + 0.15)
        * phase_mult
        * np.where(euphoria & otm_call, 1.8, 1.0)
    )
    volume = rng.poisson(lam * np.exp(rng.normal(-0.3, 0.8, n))).astype(np.int64)
    bias = np.where(days > 10, 0.2, -0.4)
    bias = bias + np.where(euphoria & otm_call, 0.35, 0.0) - np.where(euphoria & (cp < 0), 0.05, 0.0)
    bias = np.where(stress, np.where(cp > 0, -0.5, 0.3), bias)
    bias = bias - np.where((regime == REGIME_NAMES.index("aftermath")) & (cp > 0), 0.1, 0.0)
    # most of a session's volume is traded against existing positions: at most OPENING_SHARE of it changes OI
    frac = np.clip(bias + rng.normal(0.0, 0.35, n), -1.0, 1.0) * OPENING_SHARE
    seed = np.round(lam * 8 * np.exp(rng.normal(0.0, 0.5, n))).astype(np.int64)

    # contracts are (con, cp) pairs; walk the snapshots in order
    key = con * 2 + (cp < 0)
    last_oi = np.zeros(key.max() + 1 if n else 0, dtype=np.int64)
    oi = np.zeros(n, dtype=np.int64)
    order = np.lexsort((key, snap))
    bounds = np.searchsorted(snap[order], np.arange(snap.max() + 2 if n else 0))
    for i in range(len(bounds) - 1):
        idx = order[bounds[i]:bounds[i + 1]]
        if not len(idx):
            continue
        c = key[idx]
        prev = last_oi[c]
        if i == 0:
            prev = seed[idx]  # contracts listed before the data start carry open interest
        elif factor[i] != factor[i - 1]:
            prev = prev * round(factor[i] / factor[i - 1])  # OCC: each contract becomes `ratio`
        # a thin contract (OI below two sessions' volume) only builds: there is little left to close
        f = np.where(prev < 2 * volume[idx], np.abs(frac[idx]), frac[idx])
        new = np.maximum(prev + np.round(f * volume[idx]).astype(np.int64), 0)
        oi[idx] = new
        last_oi[c] = new
    return volume, oi


# --- the summary -----------------------------------------------------------------------------------
def _first_per_group(group: np.ndarray, *sort_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(groups, row index) of the first row of each group when ordered by ``sort_keys`` (primary first)."""
    order = np.lexsort((*reversed(sort_keys), group))
    groups, first = np.unique(group[order], return_index=True)
    return groups, order[first]


def _delta_interp(group, delta, iv, target) -> pd.Series:
    """Per group: iv interpolated linearly in delta at ``target`` between the row with the smallest
    delta >= target and the row with the largest delta < target (NaN without both)."""
    up = delta >= target
    g_up, i_up = _first_per_group(group[up], delta[up])
    g_dn, i_dn = _first_per_group(group[~up], -delta[~up])
    a = pd.DataFrame({"d": delta[up][i_up], "v": iv[up][i_up]}, index=g_up)
    b = pd.DataFrame({"d": delta[~up][i_dn], "v": iv[~up][i_dn]}, index=g_dn)
    both = a.join(b, how="inner", suffixes=("_a", "_b"))
    return both["v_b"] + (target - both["d_b"]) * (both["v_a"] - both["v_b"]) / (both["d_a"] - both["d_b"])


def _interp_days(day_key: np.ndarray, dte: np.ndarray, value: np.ndarray, target: int) -> pd.Series:
    """Per day_key: ``value`` linear in dte at ``target`` between the expiry with the largest dte <= target
    and the one with the smallest dte > target (non-NaN values only), flat beyond the ends."""
    ok = ~np.isnan(value)
    key, dte, value = day_key[ok], dte[ok], value[ok]
    low = dte <= target
    g_lo, i_lo = _first_per_group(key[low], -dte[low])
    g_hi, i_hi = _first_per_group(key[~low], dte[~low])
    lo = pd.DataFrame({"d": dte[low][i_lo], "v": value[low][i_lo]}, index=g_lo)
    hi = pd.DataFrame({"d": dte[~low][i_hi], "v": value[~low][i_hi]}, index=g_hi)
    both = lo.join(hi, how="outer", suffixes=("_lo", "_hi"))
    d_lo, v_lo, d_hi, v_hi = (both[c].to_numpy(dtype=float) for c in ("d_lo", "v_lo", "d_hi", "v_hi"))
    with np.errstate(invalid="ignore", divide="ignore"):
        mixed = v_lo + (target - d_lo) * (v_hi - v_lo) / (d_hi - d_lo)
    return pd.Series(np.where(np.isnan(v_lo), v_hi, np.where(np.isnan(v_hi), v_lo, mixed)), index=both.index)


def surface_summary(opt: pd.DataFrame) -> pd.DataFrame:
    """surface_summary from stored opt_eod rows, by the rule in the table's description."""
    quote = opt["quote_date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    expiry = opt["expiry"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    und = opt["underlying_id"].to_numpy(dtype=np.int64)
    day_all = und * 100_000 + quote
    ok = opt["iv"].notna().to_numpy() & (opt["bid"] <= opt["ask"]).to_numpy()
    day, dte = day_all[ok], (expiry - quote)[ok]
    group = day * 10_000 + dte  # one expiry of one underlying on one date
    strike, spot = opt["strike"].to_numpy()[ok], opt["und_close"].to_numpy()[ok]
    iv, delta = opt["iv"].to_numpy(dtype=float)[ok], opt["delta"].to_numpy(dtype=float)[ok]
    call = (opt["cp"].to_numpy() == "C")[ok]

    g_atm, i_atm = _first_per_group(group, np.abs(strike - spot), strike)
    at_atm = strike == strike[i_atm][np.searchsorted(g_atm, group)]
    atm = pd.Series(iv[at_atm]).groupby(group[at_atm]).mean()
    c25 = _delta_interp(group[call], delta[call], iv[call], 0.25)
    p25 = _delta_interp(group[~call], -delta[~call], iv[~call], 0.25)
    per = pd.concat({"atm": atm, "c25": c25, "p25": p25}, axis=1)
    per["rr"] = per["c25"] - per["p25"]
    per["bf"] = (per["c25"] + per["p25"]) / 2 - per["atm"]
    g = per.index.to_numpy()
    day_key, days = g // 10_000, g % 10_000

    keys = np.unique(day_all)
    out = pd.DataFrame(index=keys)
    for name, column, target in (("atm_iv_30d", "atm", 30), ("rr25", "rr", 30), ("bf25", "bf", 30),
                                 ("atm90", "atm", 90)):
        out[name] = _interp_days(day_key, days, per[column].to_numpy(dtype=float), target)
    out["term_slope"] = out["atm90"] - out["atm_iv_30d"]
    for c in ("atm_iv_30d", "rr25", "bf25", "term_slope"):
        out[c] = np.round(out[c].to_numpy(dtype=float) * 100, 4)
    out["underlying_id"] = (keys // 100_000).astype(np.int32)
    out["date"] = (keys % 100_000).astype("datetime64[D]")
    out["is_synthetic"] = True
    return out[DATASET.table("surface_summary").column_names].reset_index(drop=True)
