"""D12 Keystone Ledger: mNAV recomputes on every row from D02's ZKLC close, D11's fix and the
as-of bitcoin holdings; the financing chain's stylized facts hold on every lite variant."""

from __future__ import annotations

import itertools

import pytest

import datasets

from .conftest import connect

MNAV = """
WITH holdings AS (
    SELECT date, sum(btc_delta) OVER (ORDER BY date ROWS UNBOUNDED PRECEDING) AS btc
    FROM (SELECT date, sum(btc_delta) AS btc_delta FROM btc_ledger GROUP BY date)),
claims AS (SELECT date, sum(notional_usd) AS claims FROM instrument_daily GROUP BY date),
zklc AS (SELECT e.trade_date AS date, e.close FROM eq_daily e JOIN securities s USING (security_id)
         WHERE s.ticker = 'ZKLC')
SELECT c.date, c.mnav AS stored,
       round((round(c.shares_out * z.close, 2) + k.claims - c.cash_usd) / (h.btc * f.price_usd), 6) AS mnav
FROM company_daily c
JOIN zklc z USING (date) JOIN claims k USING (date) JOIN btc_fix_daily f USING (date)
ASOF JOIN holdings h ON h.date <= c.date
"""


@pytest.fixture(scope="module", params=datasets.VARIANTS)
def con(request, lite_root):
    with connect(lite_root, "lite", "D12", request.param) as c:
        yield c


def one(con, sql):
    return con.execute(sql).fetchone()[0]


def test_mnav_recomputes_from_its_parts_on_every_row(con):
    n, bad, n_days = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE abs(stored - mnav) > 1e-9), (SELECT count(*) FROM company_daily)"
        f" FROM ({MNAV})").fetchone()
    assert n == n_days > 400
    assert bad == 0


def test_notional_is_units_times_par_and_dividends_recompute(con):
    assert one(con, """SELECT count(*) FROM instrument_daily d JOIN instruments i USING (security_id)
                       WHERE d.notional_usd <> d.units_out * i.par""") == 0
    assert one(con, """SELECT count(*) FROM dividends d JOIN instruments i USING (security_id)
                       WHERE d.amount_per_unit <> round(i.par * d.rate / i.pay_per_year, 6)
                          OR d.total_usd <> round(d.amount_per_unit * d.units, 2)""") == 0


def test_instruments_are_keystones_securities(con):
    rows = con.execute("""SELECT i.ticker, s.ticker, s.asset_class, s.underlying_id = z.security_id OR i.kind = 'COMMON'
                          FROM instruments i JOIN securities s USING (security_id)
                          CROSS JOIN (SELECT security_id FROM securities WHERE ticker = 'ZKLC') z""").fetchall()
    assert len(rows) == 5
    assert all(a == b and ok for a, b, _cls, ok in rows)
    assert sorted(c for *_x, c, _ok in rows) == ["CONV", "CONV", "EQ", "PREF", "PREF"]


def test_mnav_starts_at_2_5_and_stays_above_1_05_until_the_sell_off(con):
    first, low = con.execute(f"""SELECT arg_min(mnav, date), min(mnav) FILTER (WHERE date < DATE '2037-06-12')
                                  FROM ({MNAV})""").fetchone()
    assert first == 2.5
    assert 1.0 <= low <= 1.1


def test_mnav_falls_below_1_in_the_sell_off_or_its_aftermath(con):
    first_below = one(con, f"SELECT min(date) FROM ({MNAV}) WHERE mnav < 1")
    assert first_below is not None
    assert "2037-06-12" <= str(first_below) <= "2037-08-31"


MNAV_BELOW_1_DAY = "2037-06-22"
"""The design's first session with mNAV < 1: the Monday that ends the sell-off (after Juneteenth)."""
MNAV_BELOW_1_TOLERANCE_SESSIONS = 2
"""How many NXS sessions a variant's first mNAV < 1 may sit from MNAV_BELOW_1_DAY."""


def test_mnav_first_falls_below_1_at_the_end_of_the_sell_off(con):
    first_below, sessions_away = con.execute(f"""
        WITH m AS ({MNAV}), r AS (SELECT date, mnav, row_number() OVER (ORDER BY date) AS k FROM m)
        SELECT min(date) FILTER (WHERE mnav < 1),
               (SELECT k FROM r WHERE mnav < 1 ORDER BY date LIMIT 1)
               - (SELECT k FROM r WHERE date = DATE '{MNAV_BELOW_1_DAY}')
        FROM r""").fetchone()
    assert first_below is not None
    assert abs(sessions_away) <= MNAV_BELOW_1_TOLERANCE_SESSIONS, (first_below, sessions_away)


def test_the_atm_stops_below_mnav_1_and_the_first_bitcoin_sale_follows_a_dividend(con):
    last_atm, first_sale = con.execute("""SELECT max(date) FILTER (WHERE source = 'ATM'),
                                                 min(date) FILTER (WHERE source = 'SALE') FROM btc_ledger""").fetchone()
    below = one(con, f"SELECT min(date) FROM ({MNAV}) WHERE mnav < 1")
    assert last_atm <= below
    assert str(last_atm) <= "2037-06-19"
    assert str(first_sale) > "2037-06-19"
    paid_before = one(con, f"""SELECT count(*) FROM dividends WHERE pay_date < DATE '{first_sale}'
                               AND pay_date >= DATE '{first_sale}' - INTERVAL 7 DAY""")
    assert paid_before > 0
    assert one(con, "SELECT count(*) FROM btc_ledger WHERE source = 'SALE' AND btc_delta >= 0") == 0


def test_preferreds_slide_from_par_to_about_74_with_25_bp_step_ups(con):
    rows = con.execute("""SELECT i.ticker, avg(close) FILTER (WHERE date < DATE '2037-06-01'), arg_max(close, date)
                          FROM instrument_daily JOIN instruments i USING (security_id)
                          WHERE i.kind = 'PREF' GROUP BY 1""").fetchall()
    for _t, before, last in rows:
        assert 98 <= before <= 102
        assert 70 <= last <= 79
    steps = [r for (r,) in con.execute("""SELECT DISTINCT d.rate FROM instrument_daily d JOIN instruments i
                                           USING (security_id) WHERE i.ticker = 'ZKLS' ORDER BY 1""").fetchall()]
    assert len(steps) >= 3
    assert all(abs(b - a - 0.0025) < 1e-12 for a, b in itertools.pairwise(steps))


def test_the_dividend_reserve_covers_about_14_months_at_the_end(con):
    runway = one(con, """SELECT (SELECT arg_max(cash_usd, date) FROM company_daily)
                         / (SELECT sum(units_out * par * d.rate) / 12 FROM instrument_daily d
                            JOIN instruments i USING (security_id)
                            WHERE date = (SELECT max(date) FROM instrument_daily))""")
    assert 11 <= runway <= 17
