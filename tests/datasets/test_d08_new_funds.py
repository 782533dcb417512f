"""D08 new funds & private-company wrappers: identities on the stored values (NAV reset, AUM,
holdings weights, premium, as-of NAV), the Orbitra IPO, and the stylized facts (premium path,
dilution of the private sleeve, the peak cohort's drawdown) on every lite variant."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import datasets
from datasets import d08_new_funds
from datasets.calendar import sessions
from datasets.universe import denylist, universe

from .conftest import connect
from .queries import ADJUSTED_RETURNS

D = dt.date


@pytest.fixture(scope="module", params=datasets.VARIANTS)
def variant_con(request, lite_root):
    with connect(lite_root, "lite", "D08", request.param) as con:
        yield con


def one(con, sql: str):
    return con.execute(sql).fetchone()


def test_new_fund_ids_and_tickers_stay_out_of_d01(variant_con):
    ids = {s.security_id for s in universe("full").securities}
    tickers = {s.ticker for s in universe("full").securities}
    launches = variant_con.execute("SELECT fund_id, ticker FROM fund_launches").fetchall()
    assert len(launches) == len(d08_new_funds.fund_specs("lite")) >= 8
    for fid, ticker in launches:
        assert 8001 <= fid <= 8099
        assert fid not in ids
        assert ticker not in tickers
        assert ticker.upper() not in denylist()
        assert ticker.startswith("Z")
    assert one(variant_con, "SELECT count(*) FROM securities WHERE security_id BETWEEN 8001 AND 8199") == (0,)
    private = one(variant_con, """SELECT count(DISTINCT holding_id) FROM thematic_holdings
                                  WHERE holding_id NOT IN (SELECT security_id FROM securities)""")[0]
    assert private == 2  # the two private companies without a listing, ids 8101+
    for table in ("fund_launches", "fund_daily", "thematic_holdings", "cef_nav_reports", "cef_daily", "ipo_events"):
        assert one(variant_con, f"SELECT bool_and(is_synthetic) FROM {table}") == (True,)


def test_lite_funds_are_a_subset_of_full_with_the_same_ids():
    full = dict(d08_new_funds.fund_specs("full"))
    lite = dict(d08_new_funds.fund_specs("lite"))
    assert lite.items() <= full.items()
    assert len(full) > len(lite)


def test_fund_daily_runs_every_nxs_session_from_launch(variant_con, request):
    variant = request.node.callspec.params["variant_con"]
    nxs = sessions("NXS", variant)
    rows = variant_con.execute("""
        SELECT l.fund_id, l.launch_date, min(d.date), max(d.date), count(*), arg_min(d.nav, d.date), l.launch_nav
        FROM fund_launches l JOIN fund_daily d USING (fund_id) GROUP BY ALL""").fetchall()
    for _fid, launch, first, last, n, nav0, launch_nav in rows:
        assert first == launch
        assert last == nxs[-1]
        assert n == sum(1 for d in nxs if d >= launch)
        assert nav0 == launch_nav == 25.0


def test_lev2x_nav_identity_and_aum_identity_hold_on_every_row(variant_con):
    worst, rows = one(variant_con, """
        WITH x AS (
            SELECT d.*, l.leverage, l.expense_ratio, LAG(d.nav) OVER w AS prev_nav,
                   d.date - LAG(d.date) OVER w AS dd
            FROM fund_daily d JOIN fund_launches l USING (fund_id)
            WHERE l.fund_type = 'LEV2X' WINDOW w AS (PARTITION BY d.fund_id ORDER BY d.date))
        SELECT max(abs(nav - round(prev_nav * (1 + leverage * und_return - expense_ratio * dd / 365), 4))),
               count(*)
        FROM x WHERE prev_nav IS NOT NULL""")
    assert rows > 500
    assert worst == 0.0
    assert one(variant_con, "SELECT count(*) FROM fund_daily WHERE aum <> round(nav * shares_out, 2)") == (0,)
    assert one(variant_con, "SELECT count(*) FROM fund_daily WHERE shares_out % 10000 <> 0 OR shares_out <= 0") == (0,)


def test_lev2x_returns_come_from_d02_stored_closes(variant_con):
    """numpy rounds exact halves to even and DuckDB away from zero: allow one unit in the 10th decimal."""
    bad = one(variant_con, f"""
        WITH {ADJUSTED_RETURNS}
        SELECT count(*), count(*) FILTER (WHERE abs(d.und_return - round(u.r, 10)) > 2e-10)
        FROM fund_daily d JOIN fund_launches l USING (fund_id)
        JOIN und u ON u.security_id = l.underlying_id AND u.trade_date = d.date
        WHERE d.date > l.launch_date""")
    assert bad[0] > 500
    assert bad[1] == 0


def test_holdings_weights_sum_to_one_and_value_the_thematic_nav(variant_con):
    worst = one(
        variant_con, "SELECT max(abs(s - 1)) FROM (SELECT sum(weight) s FROM thematic_holdings GROUP BY fund_id, date)"
    )[0]
    assert worst < 1e-12
    off = one(variant_con, """
        SELECT count(*), count(*) FILTER (WHERE d.nav <> round(h.v / d.shares_out, 4))
        FROM fund_daily d JOIN (SELECT fund_id, date, sum(value_usd) v FROM thematic_holdings GROUP BY ALL) h
        USING (fund_id, date)""")
    assert off[0] > 300
    assert off[1] == 0
    # public holdings are units * D02 close: units change on flow days and ex-dates, never negative value
    assert one(variant_con, "SELECT min(value_usd) > 0 FROM thematic_holdings") == (True,)


def test_thematic_nav_moves_with_its_holdings_adjusted_returns_across_the_zvlt_split(variant_con):
    """NAV_t / NAV_t-1 - 1 = sum of yesterday's weight * the holding's return: the split- and dividend-
    adjusted D02 return for a listed holding, the change of its mark for a private one (flows buy at
    NAV, so they do not move NAV per share). Valued on raw closes, ZVLT's 10:1 ex-date costs ~10 %."""
    rows = variant_con.execute(f"""
        WITH {ADJUSTED_RETURNS},
        h AS (
            SELECT h.*, LAG(h.weight) OVER w AS prev_weight, LAG(h.value_usd) OVER w AS prev_value,
                   LAG(h.is_private) OVER w AS was_private
            FROM thematic_holdings h WINDOW w AS (PARTITION BY h.fund_id, h.holding_id ORDER BY h.date)),
        expected AS (
            SELECT h.fund_id, h.date,
                   sum(h.prev_weight * CASE WHEN h.is_private OR h.was_private THEN h.value_usd / h.prev_value - 1
                                            ELSE u.r END) AS r
            FROM h LEFT JOIN und u ON u.security_id = h.holding_id AND u.trade_date = h.date
            WHERE h.prev_weight IS NOT NULL GROUP BY ALL),
        nav AS (SELECT fund_id, date, nav / LAG(nav) OVER (PARTITION BY fund_id ORDER BY date) - 1 AS r
                FROM fund_daily)
        SELECT e.date, n.r - e.r AS gap FROM expected e JOIN nav n USING (fund_id, date)""").fetchall()
    ex_date = one(variant_con, """SELECT c.ex_date FROM corporate_actions c JOIN securities s USING (security_id)
                                  WHERE s.ticker = 'ZVLT' AND c.action_type = 'SPLIT'""")[0]
    gaps = {day: gap for day, gap in rows}
    assert len(gaps) > 300
    assert ex_date in gaps
    assert abs(gaps[ex_date]) < 2e-5  # NAV is stored to 4 decimals (~25 USD): a few 1e-6 of rounding
    assert max(abs(g) for g in gaps.values()) < 2e-5


def test_orbitra_is_private_until_its_ipo_then_priced_at_zorb(variant_con):
    zorb = universe("lite").sec("ZORB").security_id
    flags = variant_con.execute(f"""
        SELECT is_private, min(date), max(date) FROM thematic_holdings WHERE holding_id = {zorb}
        GROUP BY is_private ORDER BY is_private""").fetchall()
    assert flags[0][0] is False
    assert flags[0][1] == d08_new_funds.IPO_DATE
    assert flags[1][0] is True
    assert flags[1][2] < d08_new_funds.IPO_DATE
    # after the IPO the stake is a constant number of ZORB shares
    units = variant_con.execute(f"""
        SELECT h.value_usd / e.close FROM thematic_holdings h
        JOIN eq_daily e ON e.security_id = h.holding_id AND e.trade_date = h.date
        WHERE h.holding_id = {zorb}""").fetchall()
    u = np.array([x[0] for x in units])
    assert len(u) > 50
    assert np.ptp(u) / u.mean() < 1e-9


def test_ipo_event_ties_to_d01_and_d02(variant_con, request):
    variant = request.node.callspec.params["variant_con"]
    row = one(variant_con, """
        SELECT i.ipo_date, i.first_close = e.close, i.first_day_return = round(i.first_close / i.offer_price - 1, 6),
               i.lev_fund_launch = f.list_date, f.underlying_id = i.security_id, f.leverage, i.index_entry_date,
               (SELECT min(trade_date) FROM eq_daily WHERE security_id = i.security_id)
        FROM ipo_events i JOIN securities f ON f.security_id = i.lev_fund_id
        JOIN eq_daily e ON e.security_id = i.security_id AND e.trade_date = i.ipo_date""")
    assert row[0] == D(2037, 6, 4) == row[7]
    assert row[1]
    assert row[2]
    assert row[3]
    assert row[4]
    assert row[5] == 2.0
    nxs = list(sessions("NXS", variant))
    assert nxs.index(row[6]) - nxs.index(row[0]) == 15
    launch = one(variant_con, "SELECT lev_fund_launch FROM ipo_events")[0]
    assert nxs.index(launch) == nxs.index(row[0]) + 1  # the 2x fund launches the next session


def test_premium_identity_and_as_of_nav(variant_con):
    assert one(variant_con, "SELECT count(*) FROM cef_daily WHERE premium <> price / nav_reported - 1") == (0,)
    off = one(variant_con, """
        SELECT count(*), count(*) FILTER (WHERE r.nav <> c.nav_reported OR r.period_end <> c.nav_asof)
        FROM cef_daily c ASOF JOIN cef_nav_reports r ON r.fund_id = c.fund_id AND r.report_date <= c.date""")
    assert off == (439, 0)
    lags = variant_con.execute("SELECT report_date - period_end FROM cef_nav_reports").fetchall()
    assert all(40 <= lag <= 70 for (lag,) in lags)
    # quarterly: a new NAV at most once per quarter, and the daily NAV is never fresher than 40 days
    assert one(variant_con, "SELECT min(date - nav_asof) >= 40 FROM cef_daily") == (True,)
    assert one(variant_con, "SELECT count(DISTINCT nav_asof) FROM cef_daily")[0] in (7, 8)


# --- stylized facts --------------------------------------------------------------------------------
def test_cef_premium_runs_300_to_700_pct_then_collapses_to_about_20(variant_con):
    peak, peak_date = one(variant_con, "SELECT max(premium), arg_max(date, premium) FROM cef_daily")
    assert 3.0 <= peak <= 7.0
    assert D(2037, 5, 1) <= peak_date <= D(2037, 6, 15)
    euphoria = one(
        variant_con, "SELECT min(premium) FROM cef_daily WHERE date BETWEEN '2037-03-01' AND '2037-06-11'"
    )[0]
    assert euphoria >= 2.5
    end = one(variant_con, "SELECT avg(premium) FROM cef_daily WHERE date >= '2037-09-24'")[0]
    assert 0.1 <= end <= 0.35


def test_inflows_dilute_the_private_weight(variant_con):
    w = dict(variant_con.execute("""
        SELECT date, sum(weight) FILTER (WHERE is_private) FROM thematic_holdings
        WHERE date IN (SELECT min(date) FROM thematic_holdings) OR date = DATE '2037-06-03'
        GROUP BY date""").fetchall())
    start, pre_ipo = w[min(w)], w[D(2037, 6, 3)]
    assert 0.3 <= start <= 0.4
    assert pre_ipo < 0.4 * start
    # the dilution comes from flows: shares outstanding grow several-fold before the IPO
    growth = one(variant_con, """
        SELECT max(shares_out) FILTER (WHERE date <= '2037-06-03') / min(shares_out)
        FROM fund_daily WHERE fund_id = (SELECT fund_id FROM fund_launches WHERE fund_type = 'THEMATIC')""")[0]
    assert growth > 2


def test_funds_launched_at_the_peak_are_about_40_pct_down(variant_con):
    lo, hi = d08_new_funds.PEAK_WINDOW
    ret, n = one(variant_con, f"""
        SELECT avg(r), count(*) FROM (
            SELECT arg_max(d.nav, d.date) / any_value(l.launch_nav) - 1 AS r
            FROM fund_launches l JOIN fund_daily d USING (fund_id)
            WHERE l.launch_date BETWEEN DATE '{lo}' AND DATE '{hi}' GROUP BY l.fund_id)""")
    assert n >= 2
    assert -0.6 <= ret <= -0.25
    # and they keep less than two thirds of their peak assets, while early launches are still up
    early = one(variant_con, """
        SELECT avg(r) FROM (SELECT arg_max(d.nav, d.date) / 25.0 - 1 AS r FROM fund_launches l
        JOIN fund_daily d USING (fund_id) WHERE l.launch_date < DATE '2036-12-31' GROUP BY l.fund_id)""")[0]
    assert early > 0


def test_variants_differ(lite_root):
    values = set()
    for v in datasets.VARIANTS:
        with connect(lite_root, "lite", "D08", v) as con:
            values.add(one(con, "SELECT sum(premium) + sum(nav) FROM cef_daily JOIN fund_daily USING (date)"))
    assert len(values) == 3


@pytest.mark.parametrize("profile", [pytest.param("full", marks=pytest.mark.slow)])
def test_full_profile_generates_more_funds_with_the_same_facts(profile, tmp_path):
    datasets.build(profile, ["D08"], tmp_path, log=None)
    with connect(tmp_path, profile, "D08", 0) as con:
        n = one(con, "SELECT count(*) FROM fund_launches")[0]
        assert n == len(d08_new_funds.FUNDS)
        lo, hi = d08_new_funds.PEAK_WINDOW
        ret = one(con, f"""
            SELECT avg(r) FROM (SELECT arg_max(d.nav, d.date) / 25.0 - 1 AS r FROM fund_launches l
            JOIN fund_daily d USING (fund_id) WHERE l.launch_date BETWEEN DATE '{lo}' AND DATE '{hi}'
            GROUP BY l.fund_id)""")[0]
        assert -0.6 <= ret <= -0.25
