"""Stylized-fact measurements computed from built data (shared by the tests and the docs)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
from scipy import stats

CHIP_SECTORS = ("AI Accelerators", "Foundry & Equipment", "Networking Silicon", "Memory")
CALM = ("2036-01-02", "2036-09-30")
SELLOFF = ("2037-06-01", "2037-06-23")

_RETURNS_SQL = """
WITH adj AS (
  SELECT d.security_id, d.trade_date, d.close, d.volume, d.halt_minutes, s.sector,
         COALESCE(a.ratio, 1.0) AS ratio, COALESCE(v.cash, 0.0) AS cash
  FROM eq_daily d
  JOIN securities s USING (security_id)
  LEFT JOIN corporate_actions a ON a.security_id = d.security_id AND a.ex_date = d.trade_date
       AND a.action_type IN ('SPLIT', 'RSPLIT')
  LEFT JOIN corporate_actions v ON v.security_id = d.security_id AND v.ex_date = d.trade_date
       AND v.action_type = 'DIV'
  WHERE s.venue = 'NXS' AND s.asset_class = 'EQ' AND s.underlying_id IS NULL
)
SELECT security_id, trade_date, sector, close, halt_minutes,
       (close + cash) * ratio / LAG(close) OVER w - 1 AS r, volume
FROM adj
WINDOW w AS (PARTITION BY security_id ORDER BY trade_date)
"""


def nxs_stock_returns(path) -> pd.DataFrame:
    """Split- and dividend-adjusted simple returns of NXS common stocks (no ADRs), long format."""
    with duckdb.connect(str(path), read_only=True) as con:
        frame = con.sql(_RETURNS_SQL).df()
    return frame.dropna(subset=["r"])


def acf(x: np.ndarray, lag: int) -> float:
    """Sample autocorrelation at ``lag``."""
    x = np.asarray(x, dtype=float) - np.mean(x)
    return float(np.sum(x[lag:] * x[:-lag]) / np.sum(x * x))


def series_facts(r: np.ndarray) -> dict[str, float]:
    """Excess kurtosis, ACF of r and |r|, and the leverage correlation corr(r_t, |r_t+1|)."""
    r = np.asarray(r, dtype=float)
    return {
        "excess_kurtosis": float(stats.kurtosis(r)),
        "acf_r_1": acf(r, 1),
        "acf_abs_1": acf(np.abs(r), 1),
        "acf_abs_20": acf(np.abs(r), 20),
        "leverage_corr": float(np.corrcoef(r[:-1], np.abs(r[1:]))[0, 1]),
        "leverage_corr_5d": leverage_5d(r),
    }


def leverage_5d(r: np.ndarray) -> float:
    """corr(r_t, |r_t+1| + ... + |r_t+5|): negative when falls raise the next week's volatility."""
    a = np.abs(r)
    ahead = np.array([a[t + 1 : t + 6].sum() for t in range(len(r) - 5)])
    return float(np.corrcoef(r[:-5], ahead)[0, 1])


def stock_leverage(frame: pd.DataFrame, min_sessions: int = 100) -> pd.Series:
    """``leverage_5d`` of each stock with at least ``min_sessions`` returns."""
    out = {
        sid: leverage_5d(g.sort_values("trade_date")["r"].to_numpy())
        for sid, g in frame.groupby("security_id")
        if len(g) >= min_sessions
    }
    return pd.Series(out)


def chip_index(frame: pd.DataFrame) -> pd.Series:
    """Equal-weighted mean daily return of the US chip stocks."""
    return frame[frame.sector.isin(CHIP_SECTORS)].groupby("trade_date")["r"].mean().sort_index()


def calm_chip_vol(frame: pd.DataFrame) -> float:
    """Median over US chip stocks of the annualized volatility of their calm-regime daily returns."""
    calm = frame[
        frame.sector.isin(CHIP_SECTORS)
        & (frame.trade_date >= pd.Timestamp(CALM[0]))
        & (frame.trade_date <= pd.Timestamp(CALM[1]))
    ]
    return float(calm.groupby("security_id")["r"].std().median() * np.sqrt(252))


def broad_index(frame: pd.DataFrame) -> pd.Series:
    """Equal-weighted mean daily return of NXS common stocks (a broad-market proxy)."""
    return frame.groupby("trade_date")["r"].mean().sort_index()


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


def sp500_facts(end: str | None = None, sessions: int | None = None) -> dict[str, float]:
    """The same series facts for real S&P 500 daily log returns (arch.data.sp500, 1999-2018);
    optionally only the ``sessions`` returns ending on ``end``."""
    from arch.data import sp500

    close = sp500.load()["Adj Close"]
    r = pd.Series(np.diff(np.log(close.to_numpy())), index=close.index[1:])
    if end is not None:
        r = r[:end]
    if sessions is not None:
        r = r.iloc[-sessions:]
    return series_facts(r.to_numpy())
