"""D14 Cross-market & macro: FX consistent with the engine and its hourly bars, flows that net to zero,
circuit breakers exactly where HNXC fell 8 % or more, and the stylized facts.

Measured (lite v0/v1/v2): USDJPY 2037-06-12 -> 06-19: -6.0/-6.2/-6.0 %; HNX foreign net buying over
2037-06-12 .. 06-22 negative and retail positive in every variant; HNXC vs KY225 on 2037-06-17:
-11.0/+7.8, -11.9/+1.1, -11.2/+3.3 %.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import datasets
from datasets.engine import factor_paths

from .conftest import connect


def _df(root, variant, sql):
    with connect(root, "lite", "D14", variant) as con:
        return con.execute(sql).df()


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_fx_closes_are_the_engines_closes(lite_root, variant):
    df = _df(lite_root, variant, "SELECT * FROM fx_daily ORDER BY pair, trade_date")
    paths = factor_paths(variant)
    for pair, grp in df.groupby("pair"):
        assert np.array_equal(grp["close"].to_numpy(), paths.fx[pair])


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_fx_open_is_the_previous_close_and_the_range_contains_both(lite_root, variant):
    df = _df(
        lite_root, variant, "SELECT *, LAG(close) OVER (PARTITION BY pair ORDER BY trade_date) AS prev FROM fx_daily"
    )
    rest = df.dropna(subset=["prev"])
    assert (rest["open"] == rest["prev"]).all()
    assert (df["high"] >= df[["open", "close"]].max(axis=1)).all()
    assert (df["low"] <= df[["open", "close"]].min(axis=1)).all()


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_hourly_bars_chain_into_the_daily_bar_on_every_day(lite_root, variant):
    h = _df(lite_root, variant, "SELECT * FROM fx_1h ORDER BY pair, ts_utc")
    d = _df(lite_root, variant, "SELECT * FROM fx_daily")
    assert (h.groupby(["pair", "trade_date"]).size() == 24).all()
    prev_close = h.groupby("pair")["close"].shift(1)
    chained = prev_close.notna()
    assert (h.loc[chained, "open"] == prev_close[chained]).all()
    agg = h.groupby(["pair", "trade_date"]).agg(
        open=("open", "first"), high=("high", "max"), low=("low", "min"), close=("close", "last")
    )
    m = agg.merge(d.set_index(["pair", "trade_date"]), left_index=True, right_index=True, suffixes=("", "_d"))
    for column in ("open", "high", "low", "close"):
        assert (m[column] == m[f"{column}_d"]).all(), column


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_yen_strengthens_five_to_eight_percent_in_the_sell_off_week(lite_root, variant):
    df = _df(lite_root, variant, "SELECT trade_date, close FROM fx_daily WHERE pair = 'USDJPY'").set_index("trade_date")
    move = df.loc[pd.Timestamp("2037-06-19"), "close"] / df.loc[pd.Timestamp("2037-06-12"), "close"] - 1
    assert -0.08 <= move <= -0.05


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_usd_policy_rate_is_flat_at_four_and_a_half(lite_root, variant):
    df = _df(lite_root, variant, "SELECT rate_pct FROM policy_rates WHERE ccy = 'USD'")
    assert df["rate_pct"].tolist() == [4.5]


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_investor_types_net_to_zero_every_session(lite_root, variant):
    df = _df(
        lite_root,
        variant,
        "SELECT venue, trade_date, COUNT(*) AS n, SUM(net_buy) AS s FROM investor_flows GROUP BY 1, 2",
    )
    assert (df["n"] == 3).all()
    assert df["s"].abs().max() < 1e-6


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_flows_cover_every_session_of_hnx_and_kyx(lite_root, variant):
    df = _df(
        lite_root,
        variant,
        """
        SELECT t.venue, COUNT(*) FILTER (WHERE f.trade_date IS NULL) AS missing
        FROM trading_calendar t LEFT JOIN (SELECT DISTINCT venue, trade_date FROM investor_flows) f
          ON f.venue = t.venue AND f.trade_date = t.cal_date
        WHERE t.venue IN ('HNX', 'KYX') AND t.is_open GROUP BY 1""",
    )
    assert len(df) == 2
    assert (df["missing"] == 0).all()


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_foreigners_sell_while_retail_buys_in_the_sell_off(lite_root, variant):
    df = _df(
        lite_root,
        variant,
        """
        SELECT investor_type, SUM(net_buy) AS s FROM investor_flows
        WHERE venue = 'HNX' AND trade_date BETWEEN DATE '2037-06-12' AND DATE '2037-06-22' GROUP BY 1""",
    ).set_index("investor_type")["s"]
    assert df["FOREIGN"] < 0 < df["RETAIL"]


def _index_returns(root, variant):
    return _df(
        root,
        variant,
        """
        SELECT s.ticker, l.trade_date,
               l.level / LAG(l.level) OVER (PARTITION BY l.index_id ORDER BY l.trade_date) - 1 AS r
        FROM index_levels l JOIN securities s ON s.security_id = l.index_id WHERE s.ticker IN ('HNXC', 'KY225')""",
    )


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_circuit_breakers_fire_exactly_when_hnxc_falls_eight_percent(lite_root, variant):
    r = _index_returns(lite_root, variant)
    falls = r[(r["ticker"] == "HNXC") & (r["r"] <= -0.08)]
    cb = _df(lite_root, variant, "SELECT * FROM circuit_breakers ORDER BY trade_date")
    assert cb["trade_date"].tolist() == sorted(falls["trade_date"].tolist())
    m = cb.merge(falls, on="trade_date")
    assert np.allclose(m["index_return_pct"], np.round(m["r"] * 100, 2))
    expected_level = np.where(m["r"] <= -0.20, 3, np.where(m["r"] <= -0.15, 2, 1))
    assert (m["cb_level"] == expected_level).all()
    assert pd.Timestamp("2037-06-17") in set(cb["trade_date"])


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_hnx_and_kyx_diverge_on_2037_06_17(lite_root, variant):
    r = _index_returns(lite_root, variant)
    day = r[r["trade_date"] == pd.Timestamp("2037-06-17")].set_index("ticker")["r"]
    assert day["HNXC"] < -0.05
    assert day["KY225"] > 0


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_circuit_breakers_join_the_index_and_hnx_sessions(lite_root, variant):
    df = _df(
        lite_root,
        variant,
        """
        SELECT c.trade_date, s.ticker, t.is_open FROM circuit_breakers c
        LEFT JOIN securities s ON s.security_id = c.index_id
        LEFT JOIN trading_calendar t ON t.venue = c.venue AND t.cal_date = c.trade_date""",
    )
    assert (df["ticker"] == "HNXC").all()
    assert df["is_open"].all()
