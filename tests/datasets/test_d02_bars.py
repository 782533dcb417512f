"""D02 daily bars: internal consistency, wrinkles and the episode's headline moves (visible variant)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import datasets
from datasets.etp import daily_reset_nav
from datasets.ticks import round_to_tick
from datasets.universe import FINANCING_RATE, universe

from .conftest import connect

D = dt.date

RETURNS = """
SELECT s.ticker, d.trade_date, d.close,
       d.close / LAG(d.close) OVER (PARTITION BY d.security_id ORDER BY d.trade_date) - 1 AS r
FROM eq_daily d JOIN securities s USING (security_id)
"""


def _ret(con, ticker: str, day: dt.date) -> float:
    return con.execute(
        f"SELECT r FROM ({RETURNS}) WHERE ticker = ? AND trade_date = ?", [ticker, day]
    ).fetchone()[0]


@pytest.fixture(scope="module")
def visible(lite_root):
    with connect(lite_root, "lite", "D02", 0) as con:
        yield con


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_bars_are_internally_consistent(lite_root, variant):
    with connect(lite_root, "lite", "D02", variant) as con:
        bad = con.execute("""
            SELECT count(*) FILTER (WHERE NOT (low <= least(open, close) AND high >= greatest(open, close)))
                 , count(*) FILTER (WHERE vwap < low OR vwap > high)
                 , count(*) FILTER (WHERE close <= 0 OR low <= 0)
                 , count(*) FILTER (WHERE round(close, 4) <> close OR round(open, 4) <> open)
                 , count(*) FILTER (WHERE turnover <> round(volume * vwap, 2))
                 , count(*) FILTER (WHERE volume IS NULL) <> count(*) FILTER (WHERE turnover IS NULL)
            FROM eq_daily""").fetchone()
        off_calendar = con.execute("""
            SELECT count(*) FROM eq_daily d JOIN securities s USING (security_id)
            LEFT JOIN trading_calendar c ON c.venue = s.venue AND c.cal_date = d.trade_date
            WHERE c.is_open IS DISTINCT FROM TRUE OR d.trade_date < s.list_date
               OR d.trade_date >= coalesce(s.delist_date, DATE '2100-01-01')""").fetchone()
    assert bad == (0, 0, 0, 0, 0, False)
    assert off_calendar == (0,)


def test_about_two_per_mille_of_volumes_are_null(visible):
    share = visible.execute("SELECT avg((volume IS NULL)::INT) FROM eq_daily").fetchone()[0]
    assert 0.0008 < share < 0.004


def test_zvlt_raw_close_drops_tenfold_on_its_split_date(visible):
    ex_date, ratio = visible.execute(
        "SELECT ex_date, ratio FROM corporate_actions JOIN securities USING (security_id) "
        "WHERE ticker = 'ZVLT' AND action_type = 'SPLIT'"
    ).fetchone()
    assert (ex_date, ratio) == (D(2037, 4, 13), 10.0)
    assert -0.93 < _ret(visible, "ZVLT", ex_date) < -0.87


def test_decayed_bear_fund_reverse_splits_and_jumps_tenfold(visible):
    ex_date, ratio = visible.execute(
        "SELECT ex_date, ratio FROM corporate_actions JOIN securities USING (security_id) "
        "WHERE ticker = 'ZSXD' AND action_type = 'RSPLIT'"
    ).fetchone()
    assert (ex_date, ratio) == (D(2037, 8, 17), 0.1)
    assert 7 < 1 + _ret(visible, "ZSXD", ex_date) < 14
    before = visible.execute(
        "SELECT close FROM eq_daily JOIN securities USING (security_id) WHERE ticker = 'ZSXD' "
        "AND trade_date < DATE '2037-08-17' ORDER BY trade_date DESC LIMIT 1"
    ).fetchone()[0]
    assert before < 5


def test_rename_is_recorded_once_with_old_and_new_tickers(visible):
    rows = visible.execute(
        "SELECT old_ticker, new_ticker, ex_date FROM corporate_actions WHERE action_type = 'RENAME'"
    ).fetchall()
    assert rows == [("ZLDS", "ZLAI", D(2037, 2, 17))]


def test_headline_moves_appear_in_the_visible_data(visible):
    assert _ret(visible, "ZVLT", D(2037, 6, 16)) == pytest.approx(-0.17, abs=0.01)
    assert _ret(visible, "ZVLT", D(2037, 6, 23)) == pytest.approx(0.09, abs=0.01)
    heavy = [_ret(visible, t, D(2037, 6, 17)) for t in ("970010", "970020")]
    assert np.mean(heavy) == pytest.approx(-0.10, abs=0.02)
    assert _ret(visible, "970010", D(2037, 6, 23)) > 0.02
    assert visible.execute(
        "SELECT count(*) FROM eq_daily WHERE trade_date = DATE '2037-06-19' "
        "AND security_id IN (SELECT security_id FROM securities WHERE venue = 'NXS')"
    ).fetchone() == (0,)
    assert visible.execute(
        "SELECT count(*) > 0 FROM eq_daily WHERE trade_date = DATE '2037-06-19'"
    ).fetchone() == (True,)


def test_hnx_limit_down_rows_close_exactly_at_the_limit(visible):
    rows = visible.execute("""
        SELECT s.ticker, d.trade_date, d.close, d.low, p.close AS prev
        FROM eq_daily d JOIN securities s USING (security_id)
        JOIN eq_daily p ON p.security_id = d.security_id
         AND p.trade_date = (SELECT max(trade_date) FROM eq_daily q
                             WHERE q.security_id = d.security_id AND q.trade_date < d.trade_date)
        WHERE d.limit_flag = 'LIMIT_DOWN'""").fetchall()
    assert {(t, day) for t, day, *_ in rows} >= {("970310", D(2037, 6, 17)), ("970320", D(2037, 6, 17))}
    for _, _, close, low, prev in rows:
        assert close == low == round_to_tick("HNX", np.array([prev * 0.7]), "up")[0]


def test_halts_market_circuit_breakers_and_full_session_halts(visible):
    cb = visible.execute(
        "SELECT min(halt_minutes) FROM eq_daily JOIN securities USING (security_id) "
        "WHERE venue = 'HNX' AND trade_date = DATE '2037-06-17'"
    ).fetchone()[0]
    assert cb >= 20
    full = visible.execute(
        "SELECT open, high, low, close, volume, vwap, halt_minutes FROM eq_daily "
        "JOIN securities USING (security_id) WHERE ticker = '970320' "
        "AND trade_date = DATE '2037-06-18'"
    ).fetchone()
    assert full[0] == full[1] == full[2] == full[3]
    assert full[4:] == (0, None, 390)


def test_adr_tracks_five_local_shares_in_dollars(visible):
    # ADR / (5 x local / USDKRW) stays near 1 (the ADR also prices New York news Seoul sees next day)
    from datasets.engine import factor_paths

    fp = factor_paths(0)
    rows = visible.execute("""
        SELECT a.trade_date, a.close, l.close FROM eq_daily a
        JOIN securities sa ON sa.security_id = a.security_id AND sa.ticker = 'ZHSM'
        JOIN eq_daily l ON l.security_id = sa.underlying_id AND l.trade_date = a.trade_date""").fetchall()
    ratios = [adr / (5 * local / fp.fx["USDKRW"][fp.index_of(day)]) for day, adr, local in rows]
    assert len(ratios) > 400
    assert np.median(np.abs(np.log(ratios))) < 0.03


def test_us_leveraged_funds_follow_the_daily_reset_identity(visible):
    """A fund's close sits within a few basis points of the NAV a learner recomputes from stored closes."""
    uni = universe("lite")
    fund = uni.sec("ZVLU")
    und = visible.execute(
        """
        SELECT d.close, coalesce(a.ratio, 1) FROM eq_daily d
        LEFT JOIN corporate_actions a ON a.security_id = d.security_id AND a.ex_date = d.trade_date
             AND a.action_type = 'SPLIT'
        WHERE d.security_id = ? ORDER BY d.trade_date""",
        [fund.underlying_id],
    ).fetchall()
    closes = np.array([c for c, _ in und])
    ratio = np.array([r for _, r in und])
    r = np.concatenate([[0.0], closes[1:] * ratio[1:] / closes[:-1] - 1])
    dates = [
        d
        for (d,) in visible.execute(
            "SELECT trade_date FROM eq_daily WHERE security_id = ? ORDER BY 1", [fund.security_id]
        ).fetchall()
    ]
    days = np.concatenate([[0], np.diff(np.array(dates, dtype="datetime64[D]")).astype(int)])
    nav = daily_reset_nav(
        fund.base_price, r, fund.leverage, fund.expense_ratio, FINANCING_RATE["USD"], days, np.ones(len(r))
    )
    mkt = np.array(
        [
            c
            for (c,) in visible.execute(
                "SELECT close FROM eq_daily WHERE security_id = ? ORDER BY trade_date", [fund.security_id]
            ).fetchall()
        ]
    )
    assert np.max(np.abs(mkt / nav - 1)) < 0.003
