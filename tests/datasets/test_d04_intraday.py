"""D04 intraday 1-minute bars: the daily-aggregation identity on every session of every variant,
the three ts_raw styles, lunch and halt gaps, and the stylized facts (U-shaped volume, closing
share on big-move days). The 23-hour M500 future: consistent bars, the daily break, the 16:00
anchor to M500, and its lead over HNX's first hour. Lite on every test; the identity also on full (slow)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import datasets
from datasets import d04_intraday
from datasets.calendar import sessions as venue_sessions
from datasets.universe import denylist, universe

from .conftest import connect

# session date (venue-local) of every bar, from ts_utc and the venue's zone (no DST in the window)
BARS = """
SELECT b.*, s.venue, s.ticker, s.asset_class,
       b.ts_utc + CASE s.venue WHEN 'NXS' THEN INTERVAL (-4) HOUR
            WHEN 'HNX' THEN INTERVAL 9 HOUR WHEN 'KYX' THEN INTERVAL 9 HOUR ELSE INTERVAL 8 HOUR END AS ts_local
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
               count(*) FILTER (WHERE b.ts_utc <> CASE
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


# --- the 23-hour future ----------------------------------------------------------------------------

FUT_LOCAL = "(ts_utc - INTERVAL 4 HOUR)"  # New York, EDT all window


def test_the_future_is_one_fictional_contract_on_m500(variant_con):
    rows = variant_con.execute("""
        SELECT c.contract_id, c.root, s.ticker, c.is_synthetic FROM futures_contracts c
        JOIN securities s ON s.security_id = c.underlying_id""").fetchall()
    assert rows == [("ZMXU7", "ZMX", "M500", True)]
    assert not {"ZMXU7", "ZMX"} & denylist()
    assert variant_con.execute("SELECT bool_and(is_synthetic) FROM futures_1m").fetchone()[0]


def test_futures_bars_are_consistent_and_on_the_tick_grid(variant_con):
    bad = variant_con.execute("""
        SELECT count(*) FILTER (WHERE NOT (low <= least(open, close) AND high >= greatest(open, close))),
               count(*) FILTER (WHERE open * 4 <> round(open * 4) OR high * 4 <> round(high * 4)
                                   OR low * 4 <> round(low * 4) OR close * 4 <> round(close * 4)),
               count(*) FILTER (WHERE volume < 0),
               count(*) FILTER (WHERE open <> prev_close)
        FROM (SELECT *, LAG(close) OVER (ORDER BY ts_utc) AS prev_close FROM futures_1m)""").fetchone()
    assert bad == (0, 0, 0, 0)


def test_every_session_runs_18_00_to_16_59_new_york_with_the_break_hour_empty(variant_con):
    sessions = variant_con.execute(f"""
        SELECT trade_date, count(*), min({FUT_LOCAL}), max({FUT_LOCAL}),
               count(*) FILTER (WHERE hour({FUT_LOCAL}) = 17)
        FROM futures_1m GROUP BY 1 ORDER BY 1""").fetchall()
    nxs = [d for d in venue_sessions("NXS", 0) if d04_intraday.WINDOW[0] <= d <= d04_intraday.WINDOW[1]]
    assert [s[0] for s in sessions] == nxs  # every NXS session, so none on Juneteenth
    assert dt.date(2037, 6, 19) not in [s[0] for s in sessions]
    for day, n, first, last, in_break in sessions:
        assert n == 23 * 60
        assert first == dt.datetime.combine(day - dt.timedelta(days=1), dt.time(18, 0))
        assert last == dt.datetime.combine(day, dt.time(16, 59))
        assert in_break == 0


def test_the_1559_bar_closes_at_m500_carried_to_expiry(variant_con):
    got = variant_con.execute(f"""
        SELECT f.close, ROUND(l.level * (1 + c.carry_rate * date_diff('day', f.trade_date, c.expiry) / 365)
                              / c.tick_size) * c.tick_size
        FROM futures_1m f JOIN futures_contracts c USING (contract_id)
        JOIN index_levels l ON l.index_id = c.underlying_id AND l.trade_date = f.trade_date
        WHERE CAST({FUT_LOCAL} AS TIME) = TIME '15:59'""").fetchall()
    assert len(got) == 20
    assert all(a == b for a, b in got)


def _lead_lag_correlations(con, lags=range(11)) -> pd.DataFrame:
    """Per HNX name, corr of first-hour minute returns with the future's return k minutes earlier
    (Hayashi-Yoshida form: the future's log change over the HNX return's interval shifted by k)."""
    fut = con.execute("SELECT ts_utc AS t, ln(close) AS x FROM futures_1m").df()
    x = fut.set_index(fut["t"] + pd.Timedelta(minutes=1))["x"]  # log price at each bar's end
    h = con.execute("""
        SELECT b.security_id, b.ts_utc AS t, substr(b.ts_raw, 1, 10) AS day,
               ln(b.close / coalesce(LAG(b.close) OVER w, b.open)) AS r,
               coalesce(LAG(b.ts_utc) OVER w + INTERVAL 1 MINUTE, b.ts_utc) AS a
        FROM bars_1m b JOIN securities s USING (security_id)
        WHERE s.venue = 'HNX' AND substr(b.ts_raw, 12, 2) = '09'
        WINDOW w AS (PARTITION BY b.security_id, substr(b.ts_raw, 1, 10) ORDER BY b.ts_utc)""").df()
    h["b"] = h["t"] + pd.Timedelta(minutes=1)
    out = {}
    for sid, g in h.groupby("security_id"):
        for k in lags:
            shift = pd.Timedelta(minutes=k)
            fr = x.reindex(g["b"] - shift).to_numpy() - x.reindex(g["a"] - shift).to_numpy()
            ok = ~np.isnan(fr)
            r = g["r"].to_numpy()[ok]
            out[(sid, k)] = (r * fr[ok]).sum() / np.sqrt((r**2).sum() * (fr[ok] ** 2).sum())
    return pd.Series(out).unstack()


def test_the_future_leads_hnx_first_hour_by_one_to_five_minutes(variant_con):
    corr = _lead_lag_correlations(variant_con)
    assert len(corr) == 2  # both lite HNX names
    for _, row in corr.iterrows():
        assert row.idxmax() == 2  # the built peak (LEAD_WEIGHTS)
        assert row[2] > 0.2
        assert row[[1, 3]].min() > 0.08  # the lead is spread over several minutes
        assert abs(row[0]) < 0.12  # no contemporaneous link
        assert row[[6, 7, 8, 9, 10]].abs().max() < 0.12


def test_futures_variants_differ(lite_root):
    sums = []
    for v in datasets.VARIANTS:
        with connect(lite_root, "lite", "D04", v) as con:
            sums.append(con.execute("SELECT sum(close), sum(volume) FROM futures_1m").fetchone())
    assert len(set(sums)) == 3


@pytest.mark.slow
def test_the_future_leads_hnx_on_full_too(full_root):
    for variant in datasets.VARIANTS:
        with connect(full_root, "full", "D04", variant) as con:
            corr = _lead_lag_correlations(con)
        assert len(corr) == 4  # the full profile's HNX names
        assert (corr.idxmax(axis=1) == 2).all()
        assert (corr[2] > 0.15).all()
