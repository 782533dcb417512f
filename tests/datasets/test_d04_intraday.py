"""D04 intraday 1-minute bars: the daily-aggregation identity on every session of every variant,
the three ts_raw styles, lunch and halt gaps, and the stylized facts (U-shaped volume, closing
share on big-move days). Lite on every test; the identity also on full (slow)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import datasets
from datasets import d04_intraday
from datasets.universe import universe

from .conftest import connect

# session date (venue-local) of every bar, from ts_utc and the venue's zone (no DST in the window)
BARS = """
SELECT b.*, s.venue, s.ticker, s.asset_class,
       CAST(CAST(b.ts_utc AS TIMESTAMP) + CASE s.venue WHEN 'NXS' THEN INTERVAL (-4) HOUR
            WHEN 'HNX' THEN INTERVAL 9 HOUR WHEN 'KYX' THEN INTERVAL 9 HOUR ELSE INTERVAL 8 HOUR END
            AS TIMESTAMP) AS ts_local
FROM bars_1m AS b JOIN securities AS s USING (security_id)
"""
IDENTITY = f"""
WITH b AS ({BARS}),
agg AS (
    SELECT security_id, CAST(ts_local AS DATE) AS trade_date,
           first(open ORDER BY ts_utc) AS o, max(high) AS h, min(low) AS l,
           last(close ORDER BY ts_utc) AS c, sum(volume) AS v, count(*) AS n,
           count(*) FILTER (WHERE NOT (high >= greatest(open, close) AND low <= least(open, close)
                                       AND low > 0)) AS bad_bars
    FROM b GROUP BY ALL
)
SELECT e.security_id, e.trade_date, e.halt_minutes, e.volume, agg.*,
       e.open AS d_open, e.high AS d_high, e.low AS d_low, e.close AS d_close
FROM eq_daily AS e
LEFT JOIN agg USING (security_id, trade_date)
WHERE e.security_id IN (SELECT DISTINCT security_id FROM bars_1m)
  AND e.trade_date BETWEEN DATE '{d04_intraday.WINDOW[0]}' AND DATE '{d04_intraday.WINDOW[1]}'
"""


@pytest.fixture(scope="module", params=datasets.VARIANTS)
def variant_con(request, lite_root):
    with connect(lite_root, "lite", "D04", request.param) as con:
        yield con


def _check_identity(con, profile: str) -> int:
    rows = con.execute(IDENTITY).df()
    minutes = {v: len(d04_intraday.session_minutes(v)) for v in ("NXS", "HNX", "KYX", "VHK")}
    venue = {s.security_id: s.venue for s in universe(profile).securities}
    checked = 0
    for r in rows.itertuples(index=False):
        full = minutes[venue[r.security_id]]
        if r.halt_minutes >= full:  # fully halted: no bars at all
            assert pd.isna(r.n), (r.security_id, r.trade_date)
            continue
        assert (r.o, r.h, r.l, r.c) == (r.d_open, r.d_high, r.d_low, r.d_close), (r.security_id, r.trade_date)
        if pd.isna(r.volume):
            assert pd.isna(r.v)
        else:
            assert int(r.v) == int(r.volume), (r.security_id, r.trade_date)
        assert r.n == full - r.halt_minutes, (r.security_id, r.trade_date)
        assert r.bad_bars == 0
        checked += 1
    return checked


def test_bars_aggregate_to_the_daily_bar_on_every_session(variant_con):
    checked = _check_identity(variant_con, "lite")
    n_secs = len(d04_intraday.TICKERS["lite"])
    assert checked >= 19 * n_secs


@pytest.mark.slow
def test_identity_on_full(full_root):
    for variant in datasets.VARIANTS:
        with connect(full_root, "full", "D04", variant) as con:
            assert _check_identity(con, "full") >= 19 * len(d04_intraday.TICKERS["full"])


def test_the_window_has_twenty_new_york_sessions_and_the_chosen_securities(variant_con):
    got = variant_con.execute("""
        SELECT s.ticker, count(DISTINCT substr(ts_raw, 1, 10)) FROM bars_1m JOIN securities s USING (security_id)
        WHERE s.venue = 'NXS' GROUP BY 1""").fetchall()
    assert {n for _, n in got} == {20}
    tickers = {
        t
        for (t,) in variant_con.execute(
            "SELECT DISTINCT ticker FROM bars_1m JOIN securities USING (security_id)"
        ).fetchall()
    }
    assert tickers == set(d04_intraday.TICKERS["lite"])
    assert variant_con.execute("SELECT bool_and(is_synthetic) FROM bars_1m").fetchone()[0]


def test_ts_raw_parses_to_ts_utc_in_all_three_styles(variant_con):
    styles = (
        variant_con.execute("""
        SELECT s.venue,
               count(*) FILTER (WHERE CAST(b.ts_utc AS TIMESTAMP) <> CASE
                   WHEN s.venue = 'NXS' THEN strptime(substr(ts_raw, 1, 19), '%Y-%m-%dT%H:%M:%S')
                        - CAST(substr(ts_raw, 20, 3) AS INTEGER) * INTERVAL 1 HOUR
                   WHEN s.venue = 'HNX' THEN strptime(ts_raw, '%Y-%m-%d %H:%M:%S') - INTERVAL 9 HOUR
                   ELSE make_timestamp(CAST(ts_raw AS BIGINT) * 1000) END) AS off,
               count(*) FILTER (WHERE regexp_full_match(ts_raw, '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00-04:00')) AS iso,
               count(*) FILTER (WHERE regexp_full_match(ts_raw, '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:00')) AS naive,
               count(*) FILTER (WHERE regexp_full_match(ts_raw, '\\d{13}')) AS epoch,
               count(*) AS n
        FROM bars_1m b JOIN securities s USING (security_id) GROUP BY 1""")
        .df()
        .set_index("venue")
    )
    assert (styles["off"] == 0).all()
    assert styles.loc["NXS", "iso"] == styles.loc["NXS", "n"]
    assert styles.loc["HNX", "naive"] == styles.loc["HNX", "n"]
    for venue in ("KYX", "VHK"):
        assert styles.loc[venue, "epoch"] == styles.loc[venue, "n"]


def test_lunch_breaks_and_session_hours(variant_con):
    got = variant_con.execute(f"""
        WITH b AS ({BARS})
        SELECT venue, min(CAST(ts_local AS TIME)), max(CAST(ts_local AS TIME)),
               count(*) FILTER (WHERE venue = 'KYX' AND CAST(ts_local AS TIME) >= TIME '11:30'
                                  AND CAST(ts_local AS TIME) < TIME '12:30')
             + count(*) FILTER (WHERE venue = 'VHK' AND CAST(ts_local AS TIME) >= TIME '12:00'
                                  AND CAST(ts_local AS TIME) < TIME '13:00') AS lunch
        FROM b GROUP BY 1""").fetchall()
    hours = {v: (lo, hi, lunch) for v, lo, hi, lunch in got}
    T = dt.time
    assert hours["NXS"] == (T(9, 30), T(15, 59), 0)
    assert hours["HNX"] == (T(9, 0), T(15, 29), 0)
    assert hours["KYX"] == (T(9, 0), T(15, 29), 0)
    assert hours["VHK"] == (T(9, 30), T(15, 59), 0)


def test_halts_leave_consecutive_missing_minutes(variant_con):
    # HNX's market-wide circuit breaker on 2037-06-17: 20 (or more) minutes missing in one block
    got = variant_con.execute(f"""
        WITH b AS ({BARS}),
        g AS (SELECT security_id, ts_local,
                     date_diff('minute', LAG(ts_local) OVER (PARTITION BY security_id ORDER BY ts_local),
                               ts_local) AS gap
              FROM b WHERE venue = 'HNX' AND CAST(ts_local AS DATE) = DATE '2037-06-17')
        SELECT g.security_id, max(gap), e.halt_minutes FROM g
        JOIN eq_daily e ON e.security_id = g.security_id AND e.trade_date = DATE '2037-06-17'
        GROUP BY g.security_id, e.halt_minutes""").fetchall()
    assert got
    for _, gap, halt in got:
        assert halt >= 20
        assert gap == halt + 1


def test_volume_is_u_shaped(variant_con):
    seg = dict(
        variant_con.execute(f"""
        WITH b AS ({BARS}),
        k AS (SELECT volume / sum(volume) OVER w AS share,
                     row_number() OVER (w ORDER BY ts_utc) AS k, count(*) OVER w AS n
              FROM b WHERE venue = 'NXS' WINDOW w AS (PARTITION BY security_id, CAST(ts_local AS DATE)))
        SELECT CASE WHEN k <= 30 THEN 'open' WHEN k > n - 30 THEN 'close' ELSE 'mid' END, avg(share * n)
        FROM k GROUP BY 1""").fetchall()
    )
    assert seg["open"] > 1.5 * seg["mid"]
    assert seg["close"] > 1.5 * seg["mid"]


def test_closing_share_spikes_on_big_move_days(variant_con):
    got = dict(
        variant_con.execute(f"""
        WITH e AS (SELECT security_id, trade_date,
                          close / LAG(close) OVER (PARTITION BY security_id ORDER BY trade_date) - 1 AS r
                   FROM eq_daily),
        b AS ({BARS}),
        s AS (SELECT security_id, CAST(ts_local AS DATE) AS d,
                     sum(volume) FILTER (WHERE CAST(ts_local AS TIME) >= TIME '15:45') / sum(volume) AS share
              FROM b WHERE venue = 'NXS' GROUP BY ALL)
        SELECT abs(r) >= 0.05, median(share) FROM s JOIN e ON e.security_id = s.security_id AND e.trade_date = s.d
        WHERE share IS NOT NULL GROUP BY 1""").fetchall()
    )
    assert 0.07 < got[False] < 0.16
    assert got[True] > 1.5 * got[False]


def test_variants_differ(lite_root):
    sums = []
    for v in datasets.VARIANTS:
        with connect(lite_root, "lite", "D04", v) as con:
            sums.append(con.execute("SELECT sum(volume), sum(close) FROM bars_1m").fetchone())
    assert len(set(sums)) == 3


def test_lite_is_a_subset_of_full():
    assert set(d04_intraday.TICKERS["lite"]) <= set(d04_intraday.TICKERS["full"])
    full = universe("full")
    assert all(full.sec(t).asset_class in ("EQ", "ETP") for t in d04_intraday.TICKERS["full"])
