"""Stylized facts: how close the simulated episode is to real markets, in one table.

Each `Fact` names a property a quant would check (fat tails, volatility clustering, the leverage
effect, crash dates, fund sizes...), says how to measure it on one built variant (a function of the
variant's DuckDB files), what the real world says (its `Anchor`: computed at run time from the real
S&P 500 and NASDAQ histories the ``arch`` package ships, R1's source, or else the design's documented
target and where that target comes from), and the band the simulated value must lie in.

The same table drives three things: the tests (``tests/datasets/test_facts.py``), the report
``python -m datasets facts``, and the "How close is this to real markets" table on each dataset's
page (the build writes the visible variant's results to ``<root>/<profile>/facts.json``).

Pure Python (duckdb, numpy, pandas, scipy); no Django.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from scipy import stats

from datasets.build import dataset_file

Value = float | dt.date
FACTS_NAME = "facts.json"
VISIBLE = 0
"""The only variant whose values may be published (facts.json, the site)."""

CHIP_SECTORS = ("AI Accelerators", "Foundry & Equipment", "Networking Silicon", "Memory")
CALM = ("2036-01-02", "2036-09-30")
SELLOFF = ("2037-06-01", "2037-06-23")
"""The cracks and the sell-off through the rebound: long enough (16 sessions) for a correlation."""
TRADING_DAYS = 252


# --------------------------------------------------------------------------- measuring helpers

_RETURNS_SQL = """
WITH adj AS (
  SELECT d.security_id, d.trade_date, d.close, d.volume, d.halt_minutes, s.sector, s.ticker,
         COALESCE(a.ratio, 1.0) AS ratio, COALESCE(v.cash, 0.0) AS cash
  FROM eq_daily d
  JOIN securities s USING (security_id)
  LEFT JOIN corporate_actions a ON a.security_id = d.security_id AND a.ex_date = d.trade_date
       AND a.action_type IN ('SPLIT', 'RSPLIT')
  LEFT JOIN corporate_actions v ON v.security_id = d.security_id AND v.ex_date = d.trade_date
       AND v.action_type = 'DIV'
  WHERE s.venue = 'NXS' AND s.asset_class = 'EQ' AND s.underlying_id IS NULL
)
SELECT security_id, ticker, trade_date, sector, close, halt_minutes,
       (close + cash) * ratio / LAG(close) OVER w - 1 AS r, volume
FROM adj
WINDOW w AS (PARTITION BY security_id ORDER BY trade_date)
ORDER BY security_id, trade_date
"""


def query(path: Path | str, sql: str) -> pd.DataFrame:
    """Run ``sql`` on a built DuckDB file, read-only and without external access (the grader's and
    the tests' configuration: DuckDB allows one configuration per open file in a process)."""
    with duckdb.connect(str(path), read_only=True, config={"enable_external_access": False}) as con:
        return con.execute(sql).df()


def scalar(path: Path | str, sql: str):
    """The single value ``sql`` returns (None for no row)."""
    frame = query(path, sql)
    return None if frame.empty else frame.iat[0, 0]


def nxs_stock_returns(path) -> pd.DataFrame:
    """Split- and dividend-adjusted simple returns of NXS common stocks (no ADRs), long format."""
    frame = query(path, _RETURNS_SQL)
    return frame.dropna(subset=["r"]).reset_index(drop=True)


def acf(x, lag: int) -> float:
    """Sample autocorrelation at ``lag``."""
    x = np.asarray(x, dtype=float) - np.mean(x)
    return float(np.sum(x[lag:] * x[:-lag]) / np.sum(x * x))


def leverage_5d(r) -> float:
    """corr(r_t, |r_t+1| + ... + |r_t+5|): negative when falls raise the next week's volatility
    (the sum and the mean over t+1..t+5 give the same correlation)."""
    r = np.asarray(r, dtype=float)
    ahead = np.convolve(np.abs(r), np.ones(5), mode="valid")[1:]  # ahead[t] = |r_t+1| + ... + |r_t+5|
    return float(np.corrcoef(r[: len(ahead)], ahead)[0, 1])


def series_facts(r) -> dict[str, float]:
    """Excess kurtosis, ACF of r and |r|, and the leverage correlations of one return series."""
    r = np.asarray(r, dtype=float)
    return {
        "excess_kurtosis": float(stats.kurtosis(r)),
        "acf_r_1": acf(r, 1),
        "acf_abs_1": acf(np.abs(r), 1),
        "acf_abs_20": acf(np.abs(r), 20),
        "leverage_corr": float(np.corrcoef(r[:-1], np.abs(r[1:]))[0, 1]),
        "leverage_corr_5d": leverage_5d(r),
    }


def broad_index(frame: pd.DataFrame) -> pd.Series:
    """Equal-weighted mean daily return of NXS common stocks (a broad-market proxy)."""
    return frame.groupby("trade_date")["r"].mean().sort_index()


def chip_index(frame: pd.DataFrame) -> pd.Series:
    """Equal-weighted mean daily return of the NXS chip stocks."""
    return broad_index(frame[frame.sector.isin(CHIP_SECTORS)])


def _window(series: pd.Series, start: str, end: str) -> pd.Series:
    return series[(series.index >= pd.Timestamp(start)) & (series.index <= pd.Timestamp(end))]


def annual_vol(r) -> float:
    """Annualized standard deviation of daily returns."""
    return float(np.std(np.asarray(r, dtype=float), ddof=1) * math.sqrt(TRADING_DAYS))


def chip_betas(frame: pd.DataFrame) -> pd.Series:
    """OLS beta of each US chip stock on the broad proxy over the whole sample."""
    market = broad_index(frame)
    wide = frame[frame.sector.isin(CHIP_SECTORS)].pivot(index="trade_date", columns="security_id", values="r")
    m = market.reindex(wide.index)
    return wide.apply(lambda col: col.cov(m) / m[col.notna()].var())


def chip_correlation(frame: pd.DataFrame, start: str, end: str) -> float:
    """Average pairwise correlation of US chip stocks' daily returns within [start, end]."""
    sub = frame[
        frame.sector.isin(CHIP_SECTORS)
        & (frame.trade_date >= pd.Timestamp(start))
        & (frame.trade_date <= pd.Timestamp(end))
    ]
    corr = sub.pivot(index="trade_date", columns="security_id", values="r").dropna(axis=1).corr().to_numpy()
    upper = corr[np.triu_indices_from(corr, k=1)]
    return float(upper.mean())


def volume_volatility(frame: pd.DataFrame) -> float:
    """Median over stocks of the Spearman correlation between volume and |return|."""
    out = []
    for _, g in frame.dropna(subset=["volume"]).groupby("security_id"):
        g = g[g.halt_minutes < 100]
        if len(g) > 50:
            out.append(stats.spearmanr(g.volume, g.r.abs()).statistic)
    return float(np.median(out))


def stock_leverage(frame: pd.DataFrame, min_sessions: int = 100) -> pd.Series:
    """``leverage_5d`` of each stock with at least ``min_sessions`` returns."""
    return pd.Series({
        sid: leverage_5d(g.sort_values("trade_date")["r"].to_numpy())
        for sid, g in frame.groupby("security_id")
        if len(g) >= min_sessions
    })


def median_stock_leverage(frame: pd.DataFrame) -> float:
    """The leverage effect stock by stock: median over NXS stocks of corr(r_t, mean |r| over t+1..t+5)."""
    return float(stock_leverage(frame, min_sessions=101).median())


def calm_chip_vol(frame: pd.DataFrame) -> float:
    """Median over US chip stocks of the annualized volatility of their calm-regime daily returns."""
    calm = frame[
        frame.sector.isin(CHIP_SECTORS)
        & (frame.trade_date >= pd.Timestamp(CALM[0]))
        & (frame.trade_date <= pd.Timestamp(CALM[1]))
    ]
    return float(calm.groupby("security_id")["r"].std().median() * math.sqrt(TRADING_DAYS))


# --------------------------------------------------------------------------- real anchors (R1's source)


@cache
def real_returns(index: str) -> pd.Series:
    """Daily log returns of a real index from the ``arch`` package: "sp500" or "nasdaq", 1999-2018."""
    from arch.data import nasdaq, sp500

    close = {"sp500": sp500, "nasdaq": nasdaq}[index].load()["Adj Close"]
    return pd.Series(np.diff(np.log(close.to_numpy())), index=close.index[1:])


def sp500_facts(end: str | None = None, sessions: int | None = None) -> dict[str, float]:
    """`series_facts` of real S&P 500 daily log returns (arch.data.sp500, 1999-2018);
    optionally only the ``sessions`` returns ending on ``end``."""
    r = real_returns("sp500")
    if end is not None:
        r = r[:end]
    if sessions is not None:
        r = r.iloc[-sessions:]
    return series_facts(r.to_numpy())


CALM_ANALOGUE = ("2017-01-01", "2017-12-31")
"""The real calm the D02 notes set beside 2036: 2017, before the February 2018 volatility crash."""
STRESS_ANALOGUE = ("2018-01-29", "2018-02-20")
"""16 sessions into and through that crash, as long as the simulated SELLOFF window."""


def real_vol(index: str, start: str, end: str) -> float:
    """Annualized volatility of a real index's daily returns within [start, end]."""
    return annual_vol(real_returns(index)[start:end])


def max_abs_move(index: str) -> float:
    """The largest absolute daily simple return of the index, 1999-2018."""
    return float(np.expm1(real_returns(index).abs().max()))


@dataclass(frozen=True)
class Anchor:
    """What real markets (or the design, citing its real source) say. ``value`` may be None when the
    anchor is a statement rather than a number."""

    value: Value | None
    source: str


def _sp(key: str, label: str = "S&P 500 1999-2018") -> Callable[[], Anchor]:
    return lambda: Anchor(sp500_facts()[key], label)


def _design(value: Value | None, source: str) -> Callable[[], Anchor]:
    return lambda: Anchor(value, source)


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Band:
    """The interval a simulated value must lie in; an open end is None."""

    lo: Value | None = None
    hi: Value | None = None

    def contains(self, value: Value | None) -> bool:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return False
        return (self.lo is None or value >= self.lo) and (self.hi is None or value <= self.hi)


@dataclass(frozen=True)
class Fact:
    """One stylized fact of one dataset. ``measure`` takes a `Variant` (one built variant) and
    returns a float or a date; ``pending`` names the open fix it is known to fail until, and
    ``pending_on`` limits that to some ``"profile/variant"`` builds (empty: all of them)."""

    id: str
    dataset: str
    name: str
    unit: str
    measure: Callable[[Variant], Value]
    anchor: Callable[[], Anchor]
    band: Band
    lite_band: Band | None = None
    note: str = ""
    pending: str | None = None
    pending_on: tuple[str, ...] = ()

    def band_for(self, profile: str) -> Band:
        """Lite keeps only a subset of the names, so a few facts have a lite band of their own."""
        return self.lite_band if profile == "lite" and self.lite_band is not None else self.band

    def is_pending(self, profile: str, variant: int) -> bool:
        return self.pending is not None and (not self.pending_on or f"{profile}/{variant}" in self.pending_on)


@dataclass
class Variant:
    """One built variant of one profile: where its DuckDB files are, and a memo so that facts
    sharing an expensive intermediate (D02's returns) compute it once."""

    root: Path
    profile: str
    variant: int
    _memo: dict = field(default_factory=dict, repr=False)

    def file(self, dataset_id: str) -> Path:
        return dataset_file(self.root, self.profile, dataset_id, self.variant)

    def query(self, dataset_id: str, sql: str) -> pd.DataFrame:
        return query(self.file(dataset_id), sql)

    def scalar(self, dataset_id: str, sql: str):
        return scalar(self.file(dataset_id), sql)

    def memo(self, key: str, compute: Callable[[], object]):
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def stock_returns(self) -> pd.DataFrame:
        return self.memo("nxs", lambda: nxs_stock_returns(self.file("D02")))

    def broad(self) -> pd.Series:
        return self.memo("broad", lambda: broad_index(self.stock_returns()))

    def chips(self) -> pd.Series:
        return self.memo("chips", lambda: chip_index(self.stock_returns()))


# D02 ------------------------------------------------------------------------------------------


def _broad_fact(key: str) -> Callable[[Variant], float]:
    return lambda v: series_facts(v.broad().to_numpy())[key]


def _ticker_return(v: Variant, ticker: str, day: str) -> float:
    frame = v.stock_returns()
    row = frame[(frame.ticker == ticker) & (frame.trade_date == pd.Timestamp(day))]
    return float(row.r.iloc[0])


def _worst_day(v: Variant, ticker: str) -> dt.date:
    frame = v.stock_returns()
    one = frame[frame.ticker == ticker]
    return one.trade_date.loc[one.r.idxmin()].date()


def _selloff_vol_ratio(r: pd.Series, calm: tuple[str, str], stress: tuple[str, str]) -> float:
    return annual_vol(_window(r, *stress)) / annual_vol(_window(r, *calm))


def _real_stress_ratio() -> Anchor:
    """The real analogue the D02 notes use: a calm 2017 into the February 2018 volatility crash."""
    ratio = real_vol("sp500", *STRESS_ANALOGUE) / real_vol("sp500", *CALM_ANALOGUE)
    return Anchor(ratio, "S&P 500, Feb 2018 / 2017")


# D03 ------------------------------------------------------------------------------------------

_INDEX_RETURNS = """
SELECT l.trade_date, l.level, l.level / LAG(l.level) OVER (ORDER BY l.trade_date) - 1 AS r
FROM index_levels l JOIN securities s ON s.security_id = l.index_id
WHERE s.ticker = '{ticker}' ORDER BY l.trade_date
"""


def index_returns(v: Variant, ticker: str) -> pd.DataFrame:
    """Daily level and simple return of one D03 index."""
    return v.memo(f"index:{ticker}", lambda: v.query("D03", _INDEX_RETURNS.format(ticker=ticker)))


def _index_total(ticker: str) -> Callable[[Variant], float]:
    def measure(v: Variant) -> float:
        level = index_returns(v, ticker).level
        return float(level.iloc[-1] / level.iloc[0] - 1)
    return measure


def _index_max_move(ticker: str) -> Callable[[Variant], float]:
    return lambda v: float(index_returns(v, ticker).r.abs().max())


def _index_move(ticker: str, day: str) -> Callable[[Variant], float]:
    def measure(v: Variant) -> float:
        frame = index_returns(v, ticker)
        return float(frame.r[frame.trade_date == pd.Timestamp(day)].iloc[0])
    return measure


def _index_window(ticker: str, start: str, end: str) -> Callable[[Variant], float]:
    def measure(v: Variant) -> float:
        level = index_returns(v, ticker).set_index("trade_date").level
        return float(level[pd.Timestamp(end)] / level[pd.Timestamp(start)] - 1)
    return measure


def _index_worst_day(ticker: str) -> Callable[[Variant], dt.date]:
    def measure(v: Variant) -> dt.date:
        frame = index_returns(v, ticker)
        return frame.trade_date.loc[frame.r.idxmin()].date()
    return measure


def _real_max_move() -> Anchor:
    return Anchor(max_abs_move("sp500"), f"S&P 500 1999-2018; NASDAQ {max_abs_move('nasdaq'):.1%}; "
                                         "Nikkei ~10-12 %")


def _real_runs() -> Anchor:
    """The best and the worst 21-month (438-session) runs of the real S&P 500 in 1999-2018."""
    log_level = real_returns("sp500").cumsum()
    runs = np.expm1((log_level - log_level.shift(438)).dropna())
    return Anchor(float(runs.max()), f"best 21 months of the S&P 500 1999-2018; worst {runs.min():+.0%}")


# D07, D08 -------------------------------------------------------------------------------------

_LARGEST_ETP = "SELECT max(aum) FROM etp_daily"
_GLOBAL_AUM = "SELECT max(total) FROM (SELECT date, sum(aum) AS total FROM etp_daily GROUP BY date)"

_SPLIT_DAY = """
SELECT c.ex_date FROM corporate_actions c JOIN securities s USING (security_id)
WHERE s.ticker = 'ZVLT' AND c.action_type = 'SPLIT'
"""
_THEMATIC = """
WITH days AS (SELECT date, LAG(date) OVER (ORDER BY date) AS prev FROM fund_daily WHERE fund_id = {fund}),
     h AS (SELECT h.date, h.holding_id, h.value_usd, h.weight FROM thematic_holdings h WHERE h.fund_id = {fund})
SELECT h0.holding_id, h0.weight AS prev_weight, h1.value_usd / h0.value_usd - 1 AS value_change,
       (SELECT nav FROM fund_daily WHERE fund_id = {fund} AND date = d.date)
       / (SELECT nav FROM fund_daily WHERE fund_id = {fund} AND date = d.prev) - 1 AS nav_return
FROM days d JOIN h h0 ON h0.date = d.prev JOIN h h1 ON h1.date = d.date AND h1.holding_id = h0.holding_id
WHERE d.date = DATE '{day}'
"""
THEMATIC_FUND = 8001


def thematic_split_gap(v: Variant) -> float:
    """The thematic fund's NAV return on ZVLT's split ex-date less what its holdings earned that day:
    each public holding at its split- and dividend-adjusted return (D02), each private stake at the
    change of its mark, weighted at the previous close. Flows change units and shares alike, so a
    NAV valued on adjusted prices leaves a gap of rounding only; a split valued on raw prices
    leaves about ZVLT's weight times -90 %."""
    day = v.scalar("D08", _SPLIT_DAY)
    rows = v.query("D08", _THEMATIC.format(fund=THEMATIC_FUND, day=day))
    frame = v.stock_returns()
    public = frame[frame.trade_date == pd.Timestamp(day)].set_index("security_id").r
    earned = rows.holding_id.map(public).fillna(rows.value_change)
    return float(rows.nav_return.iloc[0] - (rows.prev_weight * earned).sum())


# D11 - D14 ------------------------------------------------------------------------------------

_LIQUIDATION_RATIO = """
SELECT sum(usd) FILTER (WHERE side = 'LONG') / sum(usd) FILTER (WHERE side = 'SHORT')
FROM liquidations_1h
WHERE CAST(ts_utc AS TIMESTAMP) >= TIMESTAMP '2037-06-19' AND CAST(ts_utc AS TIMESTAMP) < TIMESTAMP '2037-06-22'
"""
_FIRST_MNAV_BELOW_1 = "SELECT min(date) FROM company_daily WHERE mnav < 1"
_CDS_VS_CHIPS = """
WITH s AS (SELECT trade_date, LN(level / LAG(level) OVER (ORDER BY trade_date)) AS r
           FROM index_levels l JOIN securities x ON x.security_id = l.index_id WHERE x.ticker = 'SACI'),
     c AS (SELECT issuer_id, trade_date,
                  LN(spread_bp / LAG(spread_bp) OVER (PARTITION BY issuer_id ORDER BY trade_date)) AS dc
           FROM cds_daily WHERE tenor = '5Y')
SELECT c.dc, s.r AS r0, LAG(s.r, 1) OVER w AS r1, LAG(s.r, 2) OVER w AS r2, LAG(s.r, 3) OVER w AS r3,
       LAG(s.r, 4) OVER w AS r4, LAG(s.r, 5) OVER w AS r5
FROM c JOIN s USING (trade_date) WINDOW w AS (PARTITION BY c.issuer_id ORDER BY c.trade_date)
ORDER BY c.issuer_id, c.trade_date
"""
CDS_LAGS = range(6)


def cds_chip_correlations(v: Variant) -> dict[int, float]:
    """corr(5Y CDS log change, SACI log return k sessions earlier) over every issuer, k = 0..5."""
    def compute():
        frame = v.query("D13", _CDS_VS_CHIPS).dropna()
        return {k: float(frame.dc.corr(frame[f"r{k}"])) for k in CDS_LAGS}
    return v.memo("cds", compute)


def _strongest_cds_lag(v: Variant) -> float:
    corr = cds_chip_correlations(v)
    return float(min(corr, key=corr.get))


_USDJPY_WEEK = """
SELECT max(close) FILTER (WHERE trade_date = DATE '2037-06-19')
       / max(close) FILTER (WHERE trade_date = DATE '2037-06-12') - 1
FROM fx_daily WHERE pair = 'USDJPY'
"""

ITEM1, ITEM2, ITEM3, ITEM4, ITEM5, ITEM6 = (f"issue 23 item {n}" for n in range(1, 7))
UNFILED_HNXC = "not in issue 23 yet: lite v0's HNXC falls 11.5 % on 2037-08-18, past the scripted crash"
D = dt.date

FACTS: tuple[Fact, ...] = (
    # D02: the broad index and the chip names, against the real S&P 500
    Fact("D02-excess-kurtosis", "D02", "Excess kurtosis, broad index (fat tails)", "num",
         _broad_fact("excess_kurtosis"), _sp("excess_kurtosis"), Band(5, 10), lite_band=Band(3.5, 10),
         note="lite's broad index averages ~23 names, whose own noise dilutes the tails"),
    Fact("D02-acf-r-1", "D02", "ACF(r, 1), broad index", "corr",
         _broad_fact("acf_r_1"), _sp("acf_r_1"), Band(-0.15, 0.15),
         note="with 438 returns an autocorrelation's standard error is about 0.05"),
    Fact("D02-acf-abs-1", "D02", "ACF(|r|, 1), broad index (clustering)", "corr",
         _broad_fact("acf_abs_1"), _sp("acf_abs_1"), Band(0.15, 0.40)),
    Fact("D02-acf-abs-20", "D02", "ACF(|r|, 20), broad index (long memory)", "corr",
         _broad_fact("acf_abs_20"), _sp("acf_abs_20"), Band(0.10, None)),
    Fact("D02-leverage-index", "D02", "Leverage effect, broad index",
         "corr", _broad_fact("leverage_corr_5d"), _sp("leverage_corr_5d"), Band(None, -0.05)),
    Fact("D02-leverage-stocks", "D02", "Leverage effect, median stock",
         "corr", lambda v: median_stock_leverage(v.stock_returns()), _sp("leverage_corr_5d"),
         Band(-0.25, -0.08)),
    Fact("D02-chip-acf-r-1", "D02", "ACF(r, 1), equal-weight chip index", "corr",
         lambda v: acf(v.chips().to_numpy(), 1), lambda: Anchor(acf(real_returns("nasdaq"), 1), "NASDAQ 1999-2018"),
         Band(-0.10, 0.10), note="two standard errors of a 438-return autocorrelation"),
    Fact("D02-broad-vol-calm", "D02", "Volatility, broad index, calm", "pct",
         lambda v: annual_vol(_window(v.broad(), *CALM)),
         lambda: Anchor(real_vol("sp500", *CALM_ANALOGUE), "S&P 500 in 2017; design 13 %"),
         Band(0.06, 0.16), note="the calm is quieter than the design's 13 % on purpose (docs: D02 refinement 1)"),
    Fact("D02-chip-vol-calm", "D02", "Volatility, median US chip stock, calm", "pct",
         lambda v: calm_chip_vol(v.stock_returns()),
         lambda: Anchor(real_vol("nasdaq", *CALM_ANALOGUE), "NASDAQ in 2017; design 30 %"),
         Band(0.24, 0.36), note="a single chip name; the diversified chip index runs lower (about 22 %)"),
    Fact("D02-chip-vs-broad-vol-calm", "D02", "Volatility, chip / broad index, calm", "x",
         lambda v: annual_vol(_window(v.chips(), *CALM)) / annual_vol(_window(v.broad(), *CALM)),
         lambda: Anchor(real_vol("nasdaq", *CALM_ANALOGUE) / real_vol("sp500", *CALM_ANALOGUE),
                        "NASDAQ / S&P 500 in 2017"),
         Band(1.5, 3.5)),
    Fact("D02-chip-vol-stress", "D02", "Volatility, chip index, sell-off / calm", "x",
         lambda v: _selloff_vol_ratio(v.chips(), CALM, SELLOFF), _real_stress_ratio, Band(2.0, None)),
    Fact("D02-chip-corr-calm", "D02", "Chip stocks' mean correlation, calm", "corr",
         lambda v: chip_correlation(v.stock_returns(), *CALM), _design(0.45, "design 0.45"), Band(0.35, 0.58)),
    Fact("D02-chip-corr-selloff", "D02", "Chip stocks' mean correlation, sell-off", "corr",
         lambda v: chip_correlation(v.stock_returns(), *SELLOFF), _design(0.85, "design ≥ 0.85"), Band(0.85, None)),
    Fact("D02-chip-beta", "D02", "Chip stocks' median beta", "num",
         lambda v: float(chip_betas(v.stock_returns()).median()), _design(1.75, "design 1.5-2.0"), Band(1.5, 2.0)),
    Fact("D02-volume-volatility", "D02", "Volume vs |return| (Spearman, median stock)", "corr",
         lambda v: volume_volatility(v.stock_returns()), _design(None, "design: a volume-volatility link"),
         Band(0.3, None)),
    Fact("D02-zvlt-crash", "D02", "ZVLT on Tue 2037-06-16", "pct",
         lambda v: _ticker_return(v, "ZVLT", "2037-06-16"), _design(-0.17, "design; real: NVDA -17 %, 2025"),
         Band(-0.20, -0.14)),
    Fact("D02-zvlt-worst-day", "D02", "ZVLT's worst day", "date", lambda v: _worst_day(v, "ZVLT"),
         _design(D(2037, 6, 16), "design: the scripted crash"), Band(D(2037, 6, 16), D(2037, 6, 16))),
    # D03: indices
    Fact("D03-saci-selloff", "D03", "SACI (chips), 2037-06-11 → 06-22", "pct",
         _index_window("SACI", "2037-06-11", "2037-06-22"), _design(-0.24, "design"),
         Band(-0.30, -0.20)),
    Fact("D03-hnxc-crash", "D03", "HNXC on Wed 2037-06-17", "pct", _index_move("HNXC", "2037-06-17"),
         _design(-0.10, "design; real: KOSPI -10 %, 2025"), Band(-0.13, -0.07)),
    Fact("D03-hnxc-worst-day", "D03", "HNXC's worst day", "date", _index_worst_day("HNXC"),
         _design(D(2037, 6, 17), "design: the scripted crash"), Band(D(2037, 6, 17), D(2037, 6, 17)),
         pending=UNFILED_HNXC, pending_on=("lite/0",)),
    Fact("D03-ky225-on-hnx-crash", "D03", "KY225 on 2037-06-17 (HNXC's crash)", "pct",
         _index_move("KY225", "2037-06-17"), _design(0.046, "design; real: +4.6 % vs -5.8 %"),
         Band(0.0, 0.07)),
    Fact("D03-ky225-total", "D03", "KY225 (Nikkei-like), start → end", "pct",
         _index_total("KY225"), _real_runs, Band(-0.40, 0.60)),
    Fact("D03-ky225-max-move", "D03", "KY225's largest daily move", "pct", _index_max_move("KY225"),
         _real_max_move, Band(0.0, 0.12)),
    # D07, D08: funds
    Fact("D07-largest-etp", "D07", "Largest single ETP (peak AUM)", "usd",
         lambda v: float(v.scalar("D07", _LARGEST_ETP)),
         _design(30e9, "real: the largest one so far"), Band(0.0, 30e9)),
    Fact("D07-global-aum", "D07", "All leveraged ETPs' AUM (peak)", "usd",
         lambda v: float(v.scalar("D07", _GLOBAL_AUM)),
         _design(270e9, "the article's whole web (ETPs, margin, options, retail funds); ETPs are part of it"),
         Band(90e9, 200e9), lite_band=Band(10e9, 120e9),
         note="44 funds (8 in lite) of realistic size, none above $30 bn: about half the web's $270 bn"),
    Fact("D08-thematic-split", "D08", "Thematic fund on ZVLT's split: NAV less holdings", "pct", thematic_split_gap,
         _design(0.0, "a split moves no one's wealth"), Band(-0.001, 0.001)),
    # D11 - D14
    Fact("D11-liquidation-ratio", "D11", "Long / short liquidations, Juneteenth weekend", "x",
         lambda v: float(v.scalar("D11", _LIQUIDATION_RATIO)),
         _design(6.5, "design 6-7x"), Band(5.5, 7.5)),
    Fact("D12-mnav-below-1", "D12", "First session with mNAV < 1", "date",
         lambda v: v.scalar("D12", _FIRST_MNAV_BELOW_1),
         _design(D(2037, 6, 22), "design: end of the sell-off"), Band(D(2037, 6, 16), D(2037, 6, 25)),
         note="a few sessions either side"),
    Fact("D13-cds-same-day", "D13", "CDS change vs chip return, same day (corr)", "corr",
         lambda v: cds_chip_correlations(v)[0],
         _design(None, "design: clearly negative"), Band(-0.70, -0.15)),
    Fact("D13-cds-lag", "D13", "Lag of the strongest CDS-chip link (sessions)", "sessions",
         _strongest_cds_lag, _design(None, "design: 1-3 sessions"), Band(1, 3)),
    Fact("D14-usdjpy-week", "D14", "USD/JPY, 06-12 → 06-19 (carry unwind)", "pct",
         lambda v: float(v.scalar("D14", _USDJPY_WEEK)),
         _design(142 / 161 - 1, "real: 161 → 142 in 2024; design -5 to -8 %"), Band(-0.08, -0.05)),
)
"""Every stylized fact, grouped by dataset in build order."""

BY_ID = {f.id: f for f in FACTS}


# --------------------------------------------------------------------------- results and text


@dataclass(frozen=True)
class Result:
    """A fact measured on one variant: its value, whether it is in band, or the error measuring it."""

    fact: Fact
    value: Value | None
    anchor: Anchor
    band: Band
    error: str = ""

    @property
    def in_band(self) -> bool:
        return not self.error and self.band.contains(self.value)


def evaluate(fact: Fact, variant: Variant) -> Result:
    """Measure ``fact`` on ``variant``. A failing measurement is reported, not raised: a report (and a
    build) goes on when one table changes under a fact; the tests call ``fact.measure`` directly."""
    band = fact.band_for(variant.profile)
    anchor = fact.anchor()
    try:
        value = _plain(fact.measure(variant))
    except Exception as exc:  # reported on the fact's row
        return Result(fact, None, anchor, band, f"{type(exc).__name__}: {exc}")
    return Result(fact, value, anchor, band)


def _plain(value) -> Value | None:
    if value is None:
        return None
    if isinstance(value, pd.Timestamp | np.datetime64):
        return pd.Timestamp(value).date()
    if isinstance(value, dt.date):
        return value
    return float(value)


def facts_for(dataset_ids: Iterable[str] | None = None) -> list[Fact]:
    """The facts of ``dataset_ids`` (default: all), in table order."""
    wanted = None if dataset_ids is None else set(dataset_ids)
    return [f for f in FACTS if wanted is None or f.dataset in wanted]


def measure_all(root: Path, profile: str, variant: int, dataset_ids: Iterable[str] | None = None) -> list[Result]:
    """Every fact of ``dataset_ids`` measured on one built variant."""
    built = Variant(Path(root), profile, variant)
    return [evaluate(f, built) for f in facts_for(dataset_ids)]


def fmt(value: Value | None, unit: str) -> str:
    """A value as a reader expects it: +4.6 %, $30.0 bn, 6.5x, 0.25, 2037-06-22."""
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    if not math.isfinite(value):
        return str(value)
    if unit == "pct":
        return f"{value * 100:+.1f} %"
    if unit == "usd":
        return f"${value / 1e9:,.1f} bn"
    if unit == "x":
        return f"{value:.1f}x"
    if unit == "sessions":
        return f"{value:.0f}"
    if unit == "corr":
        return f"{value:+.2f}"
    return f"{value:.2f}"


def band_text(band: Band, unit: str) -> str:
    """The band as text: "0.15 to 0.40", "≥ 0.10", "≤ $30.0 bn", or one date."""
    if band.lo is not None and band.lo == band.hi:
        return fmt(band.lo, unit)
    if band.hi is None:
        return f"≥ {fmt(band.lo, unit)}"
    if band.lo is None:
        return f"≤ {fmt(band.hi, unit)}"
    return f"{fmt(band.lo, unit)} to {fmt(band.hi, unit)}"


def anchor_text(anchor: Anchor, unit: str) -> str:
    return anchor.source if anchor.value is None else f"{fmt(anchor.value, unit)} ({anchor.source})"


def row(result: Result) -> dict:
    """One result as the report and the site show it (text only, plus the in-band mark)."""
    f = result.fact
    return {
        "id": f.id,
        "name": f.name,
        "value": "error" if result.error else fmt(result.value, f.unit),
        "anchor": anchor_text(result.anchor, f.unit),
        "band": band_text(result.band, f.unit),
        "in_band": result.in_band,
        "pending": f.pending or "",
        "note": result.error or f.note,
    }


# --------------------------------------------------------------------------- facts.json (the site's copy)


def facts_path(root: Path, profile: str) -> Path:
    return Path(root) / profile / FACTS_NAME


def load_facts(root: Path, profile: str) -> dict:
    """facts.json as written by `write_facts`: {dataset id: {"hash", "rows"}}; {} if there is none."""
    try:
        return json.loads(facts_path(root, profile).read_text(encoding="utf-8"))["datasets"]
    except FileNotFoundError:
        return {}


def write_facts(root: Path, profile: str, manifest, dataset_ids: Iterable[str]) -> list[Result]:
    """Measure the visible variant's facts of ``dataset_ids`` and merge them into facts.json, each
    dataset stamped with its visible hash (the site shows rows only for the hash it serves). Entries of
    datasets that were not rebuilt stay while their hash is still the manifest's. Only variant 0 is
    ever written: the file is published on the site. Returns what it measured."""
    ids = [d for d in dataset_ids if facts_for([d])]
    current = {}
    for did, entry in load_facts(root, profile).items():
        if did in manifest.datasets and entry.get("hash") == manifest.dataset_hash(did, VISIBLE):
            current[did] = entry
    results = measure_all(root, profile, VISIBLE, ids)
    for did in ids:
        current[did] = {"hash": manifest.dataset_hash(did, VISIBLE),
                        "rows": [row(r) for r in results if r.fact.dataset == did]}
    path = facts_path(root, profile)
    tmp = path.with_suffix(".json.tmp")
    doc = {"variant": VISIBLE, "profile": profile, "datasets": current}
    tmp.write_text(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return results


# --------------------------------------------------------------------------- the printed report


def report(results: list[Result], profile: str, variant: int) -> str:
    """The fidelity report as text: per dataset, each fact's simulated value beside its real anchor
    and band, marked ok or FAIL (an out-of-band fact with a pending fix says which)."""
    from datasets.registry import DATASETS

    rows = [row(r) for r in results]
    widths = {k: max([len(h)] + [len(r[k]) for r in rows]) for k, h in _COLUMNS}
    lines = [f"Fidelity report: the {profile} build, variant {variant}, beside real markets", ""]
    for did in dict.fromkeys(r.fact.dataset for r in results):
        lines += [f"{did} {DATASETS[did].DATASET.title}", ("  " + _line(dict(_COLUMNS), widths, "")).rstrip()]
        for r in (r for r in rows if r["id"].split("-")[0] == did):
            mark = "ok" if r["in_band"] else "FAIL"
            lines.append(f"  {_line(r, widths, mark)}{_remark(r)}".rstrip())
        lines.append("")
    failed = [r for r in rows if not r["in_band"]]
    pending = [r for r in failed if r["pending"]]
    lines.append(f"{len(rows) - len(failed)} of {len(rows)} facts in band; {len(failed)} out of band"
                 + (f" ({len(pending)} with a fix pending)" if failed else ""))
    return "\n".join(lines)


_COLUMNS = (("name", "fact"), ("value", "simulated"), ("anchor", "real anchor"), ("band", "band"))


def _line(cells: dict, widths: dict, mark: str) -> str:
    name, value, anchor, band = (cells[k] for k, _h in _COLUMNS)
    return (f"{mark:<4}  {name:<{widths['name']}}  {value:>{widths['value']}}  "
            f"{band:<{widths['band']}}  {anchor:<{widths['anchor']}}")


def _remark(cells: dict) -> str:
    if cells["in_band"]:
        return ""
    if cells["value"] == "error":
        return f"  [{cells['note']}]"
    return f"  [pending: {cells['pending']}]" if cells["pending"] else ""
