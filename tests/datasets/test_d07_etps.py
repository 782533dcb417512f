"""D07 leveraged/inverse ETPs: the NAV identity on every row, share and flow bookkeeping, wrinkles
and the stylized facts (AUM peak, flows by phase), on every lite variant (the peak also on full)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import datasets
from datasets import d07_etps
from datasets.universe import universe

from .conftest import connect
from .queries import ADJUSTED_RETURNS

D = dt.date
PHASES = """
CASE WHEN date < DATE '2036-10-01' THEN 'calm' WHEN date < DATE '2037-01-01' THEN 'rally'
     WHEN date < DATE '2037-05-28' THEN 'euphoria' WHEN date < DATE '2037-06-12' THEN 'cracks'
     WHEN date < DATE '2037-06-23' THEN 'selloff' WHEN date = DATE '2037-06-23' THEN 'rebound'
     ELSE 'aftermath' END
"""
FLOWS = f"""
SELECT fund_id, date, {PHASES} AS phase, aum,
       creation_units * 10000 * nav * aum / (nav * LEAD(shares_out / split_ratio) OVER w) AS flow_usd
FROM etp_daily WINDOW w AS (PARTITION BY fund_id ORDER BY date)
"""


def _frames(con) -> tuple[pd.DataFrame, pd.DataFrame]:
    daily = con.execute("SELECT * FROM etp_daily ORDER BY fund_id, date").df()
    master = con.execute("SELECT * FROM etp_master").df()
    return daily, master


@pytest.fixture(scope="module", params=datasets.VARIANTS)
def variant_con(request, lite_root):
    with connect(lite_root, "lite", "D07", request.param) as con:
        yield con


def test_every_leveraged_fund_of_the_universe_is_in_the_master(variant_con):
    master = variant_con.execute("SELECT * FROM etp_master").df()
    etps = {s.security_id for s in universe("lite").securities if s.asset_class == "ETP"}
    assert set(master["fund_id"]) == etps
    assert master["leverage"].between(-3, 3).all()
    assert (master["leverage"] != 0).all()
    off = variant_con.execute("""
        SELECT count(*) FROM etp_master m JOIN securities s ON s.security_id = m.fund_id
        WHERE s.asset_class <> 'ETP' OR s.underlying_id <> m.underlying_id OR s.leverage <> m.leverage
           OR s.venue <> m.venue OR s.list_date <> m.launch_date
           OR s.delist_date IS DISTINCT FROM m.close_date""").fetchone()[0]
    assert off == 0


def test_the_nav_identity_holds_on_every_row(variant_con):
    daily, master = _frames(variant_con)
    m = master.set_index("fund_id")
    checked = 0
    for fid, part in daily.groupby("fund_id"):
        lev, er, fin = m.loc[fid, ["leverage", "expense_ratio", "financing_rate"]]
        nav = part["nav"].to_numpy()
        r = part["und_return"].to_numpy()
        ratio = part["split_ratio"].to_numpy()
        days = np.diff(part["nav_asof"].to_numpy().astype("datetime64[D]")).astype(int)
        growth = 1 + lev * r[1:] - er * days / 365 - (lev - 1) * fin * days / 365
        recomputed = np.round(nav[:-1] / ratio[1:] * growth, 6)
        assert np.abs(nav[1:] - recomputed).max() <= 1e-6 + 1e-9, fid
        assert (np.round(nav, 6) == nav).all()
        assert r[0] == 0.0
        assert (np.round(r, 10) == r).all()
        checked += len(recomputed)
    assert checked == len(daily) - len(master)


def test_the_identity_also_holds_in_sql(variant_con):
    worst = variant_con.execute("""
        WITH x AS (
            SELECT d.nav, m.leverage AS l, m.expense_ratio AS er, m.financing_rate AS fin, d.und_return,
                   d.split_ratio, LAG(d.nav) OVER w AS prev_nav, d.nav_asof - LAG(d.nav_asof) OVER w AS dd
            FROM etp_daily d JOIN etp_master m USING (fund_id)
            WINDOW w AS (PARTITION BY d.fund_id ORDER BY d.date))
        SELECT max(abs(nav - prev_nav / split_ratio * (1 + l * und_return - er * dd / 365
                                                      - (l - 1) * fin * dd / 365)))
        FROM x WHERE prev_nav IS NOT NULL""").fetchone()[0]
    assert worst <= 5e-7 + 1e-12


def test_underlying_returns_come_from_d02_stored_closes(variant_con):
    """Same-venue funds on stocks: und_return = adjusted close-to-close return of eq_daily."""
    bad = variant_con.execute(f"""
        WITH {ADJUSTED_RETURNS}
        SELECT count(*), count(*) FILTER (WHERE abs(d.und_return - round(u.r, 10)) > 1e-10)
        FROM etp_daily d JOIN etp_master m USING (fund_id)
        JOIN securities s ON s.security_id = m.underlying_id AND s.asset_class = 'EQ' AND s.venue = m.venue
        JOIN und u ON u.security_id = m.underlying_id AND u.trade_date = d.date
        WHERE d.date > m.launch_date AND d.date > DATE '2036-01-02'""").fetchone()
    assert bad[0] > 500
    assert bad[1] == 0


def test_market_closes_and_premiums_tie_to_d02(variant_con):
    row = variant_con.execute("""
        SELECT count(*), count(e.close), count(*) FILTER (WHERE e.close <> d.mkt_close),
               count(*) FILTER (WHERE d.premium_bp <> round((d.mkt_close / d.nav - 1) * 10000, 2)),
               max(abs(d.premium_bp)) FILTER (WHERE m.venue = 'NXS')
        FROM etp_daily d JOIN etp_master m USING (fund_id)
        LEFT JOIN eq_daily e ON e.security_id = d.fund_id AND e.trade_date = d.date""").fetchone()
    assert row[0] == row[1]
    assert row[2] == 0
    assert row[3] == 0
    assert row[4] < 60  # US funds trade within tens of bp of NAV


def test_creations_come_in_whole_units_and_shares_are_reported_t_plus_1(variant_con):
    row = variant_con.execute("""
        WITH x AS (
            SELECT *, LEAD(shares_out) OVER w AS next_out, LEAD(split_ratio) OVER w AS next_ratio
            FROM etp_daily WINDOW w AS (PARTITION BY fund_id ORDER BY date))
        SELECT count(*) FILTER (WHERE abs(next_out / next_ratio - shares_out - 10000 * creation_units) > 1e-6),
               count(*) FILTER (WHERE shares_out <= 0),
               count(*) FILTER (WHERE creation_units <> 0),
               count(*) FILTER (WHERE fund_id IN (SELECT fund_id FROM etp_master WHERE venue = 'NXS')
                                AND abs(aum - round(next_out / next_ratio * nav, 2)) > 0.011)
        FROM x WHERE next_out IS NOT NULL""").fetchone()
    assert row[0] == 0
    assert row[1] == 0
    assert row[2] > 500
    assert row[3] == 0


def test_swap_and_rebalance_notionals(variant_con):
    row = variant_con.execute("""
        WITH x AS (
            SELECT d.*, m.leverage AS l, LAG(d.aum) OVER w AS prev_aum,
                   d.creation_units * 10000 * d.nav * d.aum
                   / nullif(d.nav * LEAD(d.shares_out / d.split_ratio) OVER w, 0) AS flow
            FROM etp_daily d JOIN etp_master m USING (fund_id)
            WINDOW w AS (PARTITION BY d.fund_id ORDER BY d.date))
        SELECT count(*) FILTER (WHERE swap_notional <> round(l * aum, 2)),
               max(abs(rebal_notional - (l * (l - 1) * prev_aum * und_return + l * flow)))
        FROM x WHERE prev_aum IS NOT NULL AND flow IS NOT NULL""").fetchone()
    assert row[0] == 0
    assert row[1] < 1e4  # aum rounding only (USD on books of billions)


PEAKS = """
WITH a AS (SELECT d.date, CASE WHEN m.venue = 'NXS' THEN 'US' ELSE 'ASIA' END AS region, d.aum
           FROM etp_daily d JOIN etp_master m USING (fund_id))
SELECT region, max(total) / 1e9 FROM (SELECT region, date, sum(aum) AS total FROM a GROUP BY ALL)
GROUP BY region UNION ALL
SELECT 'ALL', max(total) / 1e9 FROM (SELECT date, sum(aum) AS total FROM a GROUP BY date)
"""
FUND_PEAKS = """SELECT s.ticker, max(d.aum) / 1e9 FROM etp_daily d JOIN securities s ON s.security_id = d.fund_id
                GROUP BY ALL"""


def test_no_fund_is_larger_than_the_largest_real_leveraged_etp(variant_con):
    peaks = dict(variant_con.execute(FUND_PEAKS).fetchall())
    assert max(peaks.values()) <= d07_etps.FUND_CAP_BN + 0.1  # ~$30 bn; the lite build once had $157 bn
    assert min(peaks.values()) > 0.05


LIQUIDITY = """
WITH implied AS (  -- local currency per USD on each date, implied by the funds' own rows (shares * nav / aum)
    SELECT m.venue, d.date,
           LEAD(d.shares_out / d.split_ratio) OVER (PARTITION BY d.fund_id ORDER BY d.date) * d.nav / d.aum AS rate
    FROM etp_daily d JOIN etp_master m USING (fund_id)),
fx AS (SELECT venue, date, median(rate) AS rate FROM implied GROUP BY ALL),
turn AS (
    SELECT e.security_id, median(e.turnover / CASE WHEN u.venue = 'NXS' THEN 1 ELSE fx.rate END) AS turnover
    FROM eq_daily e JOIN securities u USING (security_id)
    LEFT JOIN fx ON fx.venue = u.venue AND fx.date = e.trade_date
    WHERE e.trade_date BETWEEN DATE '2037-01-02' AND DATE '2037-06-11' GROUP BY ALL)
SELECT s.ticker, max(d.aum) / 1e9 AS peak_bn, t.turnover / 1e9 AS turnover_bn
FROM etp_daily d JOIN etp_master m USING (fund_id) JOIN securities s ON s.security_id = m.fund_id
JOIN securities u ON u.security_id = m.underlying_id AND u.asset_class = 'EQ'
JOIN turn t ON t.security_id = m.underlying_id
GROUP BY ALL
"""


def _liquidity(con) -> list[tuple[str, float, float]]:
    """(fund ticker, peak AUM, underlying's median daily turnover 2037-01-02..06-11), USD bn, for
    every fund on a stock; turnover outside New York is converted at the rate its venue's funds imply."""
    return con.execute(LIQUIDITY).fetchall()


def test_a_fund_on_a_stock_holds_at_most_about_a_day_and_a_half_of_its_turnover(variant_con):
    """Real single-stock funds hold well under a day of their stock's turnover, so their rebalance is a
    few per cent of it; the bound is 1.5 days (whole creation units and the implied FX blur it by a few per cent)."""
    rows = _liquidity(variant_con)
    assert len(rows) >= 5
    for ticker, peak, turnover in rows:
        assert peak <= 1.1 * d07_etps.TURNOVER_DAYS * turnover, ticker


def test_named_funds_peak_near_their_sizes_so_lite_holds_a_smaller_total(variant_con):
    """Each fund peaks at its own size (5 % noise per variant, whole creation units) or at its stock's
    liquidity bound, so lite's total is the sum of its eight funds', not a market's."""
    peaks = dict(variant_con.execute(FUND_PEAKS).fetchall())
    bound = {t: d07_etps.TURNOVER_DAYS * turnover for t, _p, turnover in _liquidity(variant_con)}
    for ticker, size in peaks.items():
        target = d07_etps.PEAK_AUM_BN[ticker]
        assert size < 1.2 * target, ticker
        assert size > 0.8 * min(target, bound.get(ticker, np.inf)), ticker
    totals = dict(variant_con.execute(PEAKS).fetchall())
    assert 0.8 * sum(peaks.values()) < totals["ALL"] <= sum(peaks.values())
    assert 40 < totals["ALL"] < 80
    peak_day = variant_con.execute(
        "SELECT arg_max(date, total) FROM (SELECT date, sum(aum) AS total FROM etp_daily GROUP BY date)"
    ).fetchone()[0]
    assert D(2037, 4, 1) <= peak_day <= D(2037, 6, 11)  # late euphoria / cracks


def test_flows_chase_then_buy_the_dip_then_leave(variant_con):
    by_phase = dict(variant_con.execute(f"SELECT phase, sum(flow_usd) FROM ({FLOWS}) GROUP BY phase").fetchall())
    for phase in ("calm", "rally", "euphoria", "cracks"):
        assert by_phase[phase] > 0, phase
    assert by_phase["selloff"] < 0
    assert by_phase["aftermath"] < 0
    # the record daily inflow is a dip-buying day of the cracks
    record_day = variant_con.execute(
        f"SELECT arg_max(date, total) FROM (SELECT date, sum(flow_usd) AS total FROM ({FLOWS}) GROUP BY date)"
    ).fetchone()[0]
    assert record_day in (D(2037, 5, 28), D(2037, 6, 2))
    # the aftermath takes out about a quarter of the assets (outflows, closures)
    share = variant_con.execute(f"""
        SELECT sum(flow_usd) FILTER (WHERE date > DATE '2037-06-23')
               / sum(aum) FILTER (WHERE date = DATE '2037-06-23') FROM ({FLOWS})""").fetchone()[0]
    assert -0.40 < share < -0.15


def test_asian_fund_on_a_us_stock_trades_on_stale_navs(variant_con):
    rows = variant_con.execute("""
        WITH x AS (
            SELECT d.*, LAG(d.nav_asof) OVER w AS prev_asof, LAG(d.nav) OVER w AS prev_nav,
                   (SELECT NOT c.is_open FROM trading_calendar c WHERE c.venue = 'NXS'
                    AND c.cal_date = CASE WHEN dayofweek(d.date) = 1 THEN d.date - 3 ELSE d.date - 1 END) AS stale
            FROM etp_daily d JOIN etp_master m USING (fund_id)
            JOIN securities u ON u.security_id = m.underlying_id
            WHERE m.venue <> 'NXS' AND u.venue = 'NXS'
            WINDOW w AS (PARTITION BY d.fund_id ORDER BY d.date))
        SELECT count(*) FILTER (WHERE stale), count(*) FILTER (WHERE nav_asof >= date),
               count(*) FILTER (WHERE nav_asof = prev_asof AND (nav <> prev_nav OR und_return <> 0)),
               avg(abs(premium_bp)) FILTER (WHERE stale), avg(abs(premium_bp)) FILTER (WHERE NOT stale),
               max(abs(premium_bp))
        FROM x""").fetchone()
    n_stale, future, moved, stale_prem, fresh_prem, worst = rows
    assert n_stale >= 5
    assert future == 0
    assert moved == 0
    assert stale_prem > 3 * fresh_prem
    # the market price's guess is capped at +-5 % of the last NAV; the stale NAV's own gap to the fund's
    # true NAV adds up to about one more point on a volatile chip name
    assert worst < 600


def test_the_decayed_bear_fund_reverse_splits(variant_con):
    rows = variant_con.execute("""
        WITH x AS (
            SELECT d.date, d.split_ratio, d.nav, d.shares_out, LEAD(d.date) OVER w AS next_date
            FROM etp_daily d JOIN securities s ON s.security_id = d.fund_id
            WHERE s.ticker = 'ZSXD' WINDOW w AS (ORDER BY d.date))
        SELECT x.date, x.split_ratio, x.nav, x.shares_out FROM x JOIN corporate_actions c
        ON c.action_type = 'RSPLIT' AND c.security_id = (SELECT security_id FROM securities WHERE ticker = 'ZSXD')
           AND (x.date = c.ex_date OR x.next_date = c.ex_date)
        ORDER BY x.date""").fetchall()
    (_, r0, nav0, sh0), (_day, r1, nav1, sh1) = rows
    assert r0 == 1
    assert r1 == 0.1
    assert 7 < nav1 / nav0 < 13
    assert 0.08 < sh1 / sh0 < 0.12
    first = variant_con.execute("""SELECT first(nav ORDER BY date) FROM etp_daily d JOIN securities s
        ON s.security_id = d.fund_id WHERE s.ticker = 'ZSXD'""").fetchone()[0]
    assert nav0 < 0.1 * first  # decayed by more than 90 % before the split


def test_closed_funds_stop_trading_and_are_redeemed(variant_con):
    rows = variant_con.execute("""
        SELECT m.fund_id, m.close_date, max(d.date), arg_max(d.aum, d.date), max(d.aum)
        FROM etp_master m JOIN etp_daily d USING (fund_id) WHERE m.close_date IS NOT NULL GROUP BY ALL""").fetchall()
    assert rows
    for _fid, close, last, last_aum, peak in rows:
        assert last < close
        assert (close - last).days <= 4
        assert last_aum < 0.05 * peak


def _seoul_crash_day_selling(con) -> tuple[float, float]:
    """(USD bn sold by Seoul-listed funds on 2037-06-17, the part on Seoul stocks and indices as a
    share of that day's Seoul equity turnover): rebal_notional in local currency at each fund's
    implied rate (end-of-day shares * nav / aum), as in problem 27."""
    return con.execute("""
        WITH r AS (
            SELECT d.*, m.venue, u.venue AS und_venue,
                   LEAD(d.shares_out / d.split_ratio) OVER w * d.nav / d.aum AS local_per_usd
            FROM etp_daily d JOIN etp_master m USING (fund_id) JOIN securities u ON u.security_id = m.underlying_id
            WINDOW w AS (PARTITION BY d.fund_id ORDER BY d.date))
        SELECT sum(rebal_notional) / 1e9,
               sum(rebal_notional * local_per_usd) FILTER (WHERE und_venue = 'HNX')
               / (SELECT sum(e.turnover) FROM eq_daily e JOIN securities s USING (security_id)
                  WHERE e.trade_date = DATE '2037-06-17' AND s.venue = 'HNX' AND s.asset_class = 'EQ')
        FROM r WHERE venue = 'HNX' AND date = DATE '2037-06-17'""").fetchone()


@pytest.mark.slow
def test_full_profile_spreads_its_assets_over_a_few_large_funds_and_a_long_tail(full_root):
    for variant in datasets.VARIANTS:
        with connect(full_root, "full", "D07", variant) as con:
            n_funds = con.execute("SELECT count(*) FROM etp_master").fetchone()[0]
            totals = dict(con.execute(PEAKS).fetchall())
            sizes = np.array([size for _t, size in con.execute(FUND_PEAKS).fetchall()])
            closures = con.execute("SELECT count(*) FROM etp_master WHERE close_date IS NOT NULL").fetchone()[0]
            liquidity = _liquidity(con)
            sold, share = _seoul_crash_day_selling(con)
        assert n_funds >= 40
        assert closures == 5
        assert 100 < totals["ALL"] < 160  # the funds listed, not the market's ~$270 bn
        assert 70 < totals["US"] < 120
        assert 28 < totals["ASIA"] < 46
        assert sizes.max() <= d07_etps.FUND_CAP_BN + 0.1
        assert 3 <= (sizes >= 10).sum() <= 8  # a few large (index) funds of $10-30 bn
        assert (sizes < 2).sum() >= 20  # and a long tail
        assert all(peak <= 1.1 * d07_etps.TURNOVER_DAYS * turnover for _t, peak, turnover in liquidity)
        # the HNXC crash day: billions of leveraged-ETP selling, about a tenth of Seoul's turnover
        assert -6.0 < sold < -3.0
        assert -0.16 < share < -0.05

def test_funds_on_a_splitting_stock_move_by_l_times_its_adjusted_return_across_the_ex_date(variant_con):
    """On the row whose NAV window spans an underlying's split (ZVLT's 10:1: the New York fund and the
    Seoul fund, whose nav_asof lags), the NAV moves by L times the split-adjusted D02 return,
    compounded over the New York sessions since the previous nav_asof, less the costs. On raw closes
    it would fall by ~L * 90 %."""
    rows = variant_con.execute(f"""
        WITH {ADJUSTED_RETURNS},
        x AS (
            SELECT d.fund_id, d.nav, d.nav_asof, d.split_ratio, m.leverage AS l, m.expense_ratio AS er,
                   m.financing_rate AS fin, m.underlying_id, LAG(d.nav) OVER w AS prev_nav,
                   LAG(d.nav_asof) OVER w AS prev_asof
            FROM etp_daily d JOIN etp_master m USING (fund_id)
            WINDOW w AS (PARTITION BY d.fund_id ORDER BY d.date)),
        split AS (SELECT security_id, ex_date FROM corporate_actions WHERE action_type IN ('SPLIT', 'RSPLIT')),
        spanning AS (
            SELECT x.fund_id, x.nav / x.prev_nav * x.split_ratio AS growth, x.l,
                   (x.er + (x.l - 1) * x.fin) * (x.nav_asof - x.prev_asof) / 365 AS costs,
                   exp(sum(ln(1 + u.r))) - 1 AS r
            FROM x JOIN split s ON s.security_id = x.underlying_id
                                AND s.ex_date > x.prev_asof AND s.ex_date <= x.nav_asof
            JOIN und u ON u.security_id = x.underlying_id AND u.trade_date > x.prev_asof AND u.trade_date <= x.nav_asof
            GROUP BY ALL)
        SELECT fund_id, growth, 1 + l * r - costs FROM spanning""").fetchall()
    zvlt_funds = variant_con.execute("""SELECT count(*) FROM etp_master m JOIN securities u
        ON u.security_id = m.underlying_id WHERE u.ticker = 'ZVLT'""").fetchone()[0]
    assert len(rows) == zvlt_funds == 2
    for fid, growth, expected in rows:
        assert abs(growth / expected - 1) < 1e-6, fid  # the NAV's 6-decimal rounding
