"""D11 crypto: the bitcoin path's shape, the Juneteenth cascade (liquidation asymmetry, open-interest
drop, negative funding), venue wicks and the CX3 outage, and the fix and fund-flow identities, on
every lite variant."""

from __future__ import annotations

import datetime as dt

import pytest

import datasets

from .conftest import connect


@pytest.fixture(scope="module", params=datasets.VARIANTS)
def con(request, lite_root):
    with connect(lite_root, "lite", "D11", request.param) as c:
        yield c


def one(con, sql):
    return con.execute(sql).fetchone()[0]


PEAK_HOUR = """SELECT ts_utc FROM liquidations_1h GROUP BY ts_utc ORDER BY sum(usd) DESC LIMIT 1"""


def test_bitcoin_peaks_in_november_2036_and_slides_about_35_percent_into_the_cracks(con):
    peak_day, peak = con.execute("SELECT arg_max(date, price_usd), max(price_usd) FROM btc_fix_daily").fetchone()
    assert (peak_day.year, peak_day.month) == (2036, 11)
    before = one(con, "SELECT price_usd FROM btc_fix_daily WHERE date = DATE '2037-06-11'")
    assert -0.40 <= before / peak - 1 <= -0.30


def test_bitcoin_falls_about_18_percent_over_the_juneteenth_weekend(con):
    move = one(con, """SELECT max(close) FILTER (WHERE ts_utc = TIMESTAMP '2037-06-21 23:00:00')
                              / max(close) FILTER (WHERE ts_utc = TIMESTAMP '2037-06-18 23:00:00') - 1
                       FROM ohlcv_1h WHERE venue = 'CX1' AND pair = 'BTC-USD'""")
    assert -0.22 <= move <= -0.14


def test_bitcoin_decouples_from_chips_in_the_euphoria_and_recouples_after(lite_root):
    # D12's file holds D02's bars beside D11's fix: chip names' average daily return against bitcoin's
    for variant in datasets.VARIANTS:
        with connect(lite_root, "lite", "D12", variant) as c:
            corr = dict(c.execute("""
                WITH r AS (SELECT trade_date AS date,
                                  ln(close / lag(close) OVER (PARTITION BY security_id ORDER BY trade_date)) AS r
                           FROM eq_daily JOIN securities USING (security_id)
                           WHERE venue = 'NXS' AND sector IN ('AI Accelerators', 'Memory', 'Foundry & Equipment')),
                chips AS (SELECT date, avg(r) AS r FROM r GROUP BY date),
                btc AS (SELECT date, ln(price_usd / lag(price_usd) OVER (ORDER BY date)) AS r FROM btc_fix_daily
                        WHERE date IN (SELECT date FROM chips))
                SELECT CASE WHEN date < DATE '2037-05-28' THEN 'euphoria' ELSE 'after' END, corr(c.r, b.r)
                FROM chips c JOIN btc b USING (date) WHERE date >= DATE '2037-01-04' GROUP BY 1""").fetchall())
        assert corr["euphoria"] < 0.25 < corr["after"], (variant, corr)


def test_the_peak_liquidation_hour_is_in_the_weekend_cascade(con):
    assert one(con, PEAK_HOUR).date() == dt.date(2037, 6, 20)


def test_long_liquidations_are_six_to_seven_times_shorts_over_the_weekend(con):
    ratio = one(con, """SELECT sum(usd) FILTER (WHERE side = 'LONG') / sum(usd) FILTER (WHERE side = 'SHORT')
                        FROM liquidations_1h
                        WHERE ts_utc >= TIMESTAMP '2037-06-19' AND ts_utc < TIMESTAMP '2037-06-22'""")
    assert 5.5 <= ratio <= 7.5


def test_open_interest_drops_30_to_43_percent_in_the_24_hours_after_the_peak(con):
    drop = one(con, f"""WITH p AS ({PEAK_HOUR}),
        o AS (SELECT ts_utc, sum(oi_usd) AS oi FROM oi_1h GROUP BY ts_utc)
        SELECT max(oi) FILTER (WHERE o.ts_utc = p.ts_utc + INTERVAL 24 HOUR)
               / max(oi) FILTER (WHERE o.ts_utc = p.ts_utc) - 1
        FROM o, p""")
    assert -0.43 <= drop <= -0.30


def test_funding_turns_negative_over_the_weekend_after_being_positive(con):
    weekend = one(con, "SELECT avg(funding_rate) FROM funding_8h WHERE ts_utc >= TIMESTAMP '2037-06-19' "
                  "AND ts_utc < TIMESTAMP '2037-06-22'")
    assert weekend < 0 < one(con, "SELECT avg(funding_rate) FROM funding_8h WHERE ts_utc < TIMESTAMP '2037-06-12'")


def test_each_venue_has_wicks_of_3_to_8_percent(con):
    wicks = con.execute("""SELECT venue, max((least(open, close) - low) / least(open, close)) FROM ohlcv_1h
                           WHERE pair <> 'USDT-USD' GROUP BY venue ORDER BY venue""").fetchall()
    assert [v for v, _ in wicks] == ["CX1", "CX2", "CX3"]
    assert all(0.03 <= w <= 0.0801 for _, w in wicks)


def test_cx3_is_offline_for_four_hours_and_the_others_never(con):
    per_pair = dict(con.execute("SELECT venue || ' ' || pair, count(*) FROM ohlcv_1h GROUP BY 1").fetchall())
    full = per_pair["CX1 BTC-USD"]
    assert all(n == full for k, n in per_pair.items() if not k.startswith("CX3"))
    assert all(n == full - 4 for k, n in per_pair.items() if k.startswith("CX3"))


def test_bars_are_consistent(con):
    assert one(con, """SELECT count(*) FROM ohlcv_1h
                       WHERE NOT (low <= least(open, close) AND high >= greatest(open, close)) OR volume < 0""") == 0


def test_the_fix_is_cx1s_close_of_the_hour_ending_16_00_new_york(con):
    bad = one(con, """SELECT count(*) FROM btc_fix_daily f JOIN ohlcv_1h b
                      ON b.venue = 'CX1' AND b.pair = 'BTC-USD' AND b.ts_utc = f.fix_ts_utc
                      WHERE b.close <> f.price_usd
                         OR hour(f.fix_ts_utc) <> CASE
                            WHEN f.date BETWEEN DATE '2037-03-08' AND DATE '2037-10-31'
                              OR f.date BETWEEN DATE '2036-03-09' AND DATE '2036-11-01' THEN 19 ELSE 20 END""")
    matched = one(con, """SELECT count(*) FROM btc_fix_daily f JOIN ohlcv_1h b
                          ON b.venue = 'CX1' AND b.pair = 'BTC-USD' AND b.ts_utc = f.fix_ts_utc""")
    assert matched >= 40
    assert bad == 0


def test_fund_flows_recompute_from_holdings_and_the_fix(con):
    bad = one(con, """SELECT count(*) FROM (
        SELECT s.*, f.price_usd, lag(btc_held) OVER (ORDER BY trade_date) AS prev FROM spot_fund_flows s
        JOIN btc_fix_daily f ON f.date = s.trade_date)
        WHERE aum_usd <> round(btc_held * price_usd, 2)
           OR (prev IS NOT NULL AND net_flow_usd <> round((btc_held - prev) * price_usd, 2))""")
    assert bad == 0


def test_venues_and_pairs_join_the_reference_data(lite_root):
    # D11 has no dependency (its file stays small); D12's file holds D01's venues beside D11
    with connect(lite_root, "lite", "D12", 0) as c:
        orphans = one(c, """SELECT count(*) FROM (SELECT DISTINCT venue, pair FROM ohlcv_1h) o
                            LEFT JOIN crypto_pairs p USING (venue, pair) LEFT JOIN venues v USING (venue)
                            WHERE p.kind IS NULL OR v.venue IS NULL""")
    assert orphans == 0
