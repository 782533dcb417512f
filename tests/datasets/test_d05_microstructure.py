"""D05 microstructure: the clean tape agrees with D02's daily bar on every name-session of every
variant, the raw tape's wrinkles are there and well-formed, and the stylized facts hold within
bands (spread tail, long memory, spread vs volatility, co-moving liquidity, the crash's wider
spreads and thinner book, U-shaped activity). Lite, every variant."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import datasets
from datasets import d05_microstructure as d05

from .conftest import connect

CLEAN = """
WITH one AS (   -- one row per exchange message (the first copy to arrive)
    SELECT * FROM trades
    QUALIFY row_number() OVER (PARTITION BY security_id, trade_date, seq ORDER BY ts_ingest, feed) = 1
),
fix AS (SELECT security_id, trade_date, ref_seq, cond, price, size FROM one WHERE cond IN ('CANCEL', 'CORR'))
SELECT o.security_id, o.trade_date, o.seq, o.ts_exch, o.cond,
       coalesce(c.price, o.price) AS price, coalesce(c.size, o.size) AS size
FROM one AS o
LEFT JOIN fix AS c ON c.security_id = o.security_id AND c.trade_date = o.trade_date AND c.ref_seq = o.seq
WHERE o.cond IN ('REG', 'ODD', 'CLOSE_AUCT') AND (c.cond IS NULL OR c.cond = 'CORR')
"""
REGIME = """CASE WHEN CAST(ts AS DATE) < DATE '2037-01-01' THEN 'calm'
                 WHEN CAST(ts AS DATE) < DATE '2037-06-01' THEN 'peak' ELSE 'crash' END"""
# five-minute buckets per name-session: last valid quote's spread (bp), realized variance of the mid
BUCKETS = """
WITH q AS (
    SELECT security_id, ts AS t, (ask - bid) / ((ask + bid) / 2) * 1e4 AS spread_bp,
           ln((ask + bid) / 2) AS lm
    FROM quotes WHERE ask > bid
),
r AS (SELECT *, lm - lag(lm) OVER (PARTITION BY security_id, CAST(t AS DATE) ORDER BY t) AS dlm FROM q)
SELECT security_id, CAST(t AS DATE) AS d, time_bucket(INTERVAL 5 MINUTE, t) AS b,
       avg(spread_bp) AS spread_bp, sum(dlm * dlm) AS rv, count(*) AS n
FROM r GROUP BY ALL
"""


@pytest.fixture(scope="module", params=datasets.VARIANTS)
def con(request, lite_root):
    with connect(lite_root, "lite", "D05", request.param) as c:
        yield c


def test_the_clean_tape_hits_the_daily_bar_on_every_name_session(con):
    got = con.execute(f"""
        WITH c AS ({CLEAN}),
        agg AS (SELECT security_id, trade_date,
                       arg_min(price, seq) FILTER (WHERE cond = 'REG') AS o, max(price) AS h, min(price) AS l,
                       max(price) FILTER (WHERE cond = 'CLOSE_AUCT') AS c,
                       count(*) FILTER (WHERE cond = 'CLOSE_AUCT') AS auctions
                FROM c GROUP BY ALL)
        SELECT e.open = agg.o AND e.high = agg.h AND e.low = agg.l AND e.close = agg.c AND auctions = 1, count(*)
        FROM agg JOIN eq_daily AS e USING (security_id, trade_date) GROUP BY 1""").fetchall()
    assert dict(got) == {True: len(d05.TICKERS) * len(d05.SESSIONS)}


def test_three_names_six_sessions_and_the_designs_dates(con):
    got = con.execute("""SELECT DISTINCT s.ticker, t.trade_date FROM trades t JOIN securities s USING (security_id)""")
    pairs = set(got.fetchall())
    assert pairs == {(t, d) for t in d05.TICKERS for d, _ in d05.SESSIONS}
    assert con.execute("SELECT bool_and(is_synthetic) FROM trades").fetchone()[0]


def test_timestamps_are_utc_inside_the_new_york_session_across_daylight_saving(con):
    got = con.execute("""
        SELECT trade_date, min(ts_exch), max(ts_exch),
               bool_and(ts_ingest > ts_exch), bool_or(epoch_us(ts_exch) % 1000 <> 0)
        FROM trades GROUP BY 1 ORDER BY 1""").fetchall()
    for day, first, last, later, sub_millisecond in got:
        hours = 5 if day.month == 2 else 4  # EST in February 2036, EDT in May/June 2037
        open_utc = pd.Timestamp(day) + pd.Timedelta(hours=9 + hours, minutes=30)
        assert open_utc < first < open_utc + pd.Timedelta(minutes=1)
        assert last == open_utc + pd.Timedelta(hours=6, minutes=30)  # the closing auction
        assert later
        assert sub_millisecond  # stored to the microsecond, not rounded to seconds or milliseconds
    quotes = con.execute("SELECT min(ts) FROM quotes GROUP BY security_id, CAST(ts AS DATE)")
    assert all(t.minute == 30 and t.second == 0 for (t,) in quotes.fetchall())


def test_about_one_percent_of_messages_arrive_on_both_feeds(con):
    dup, msgs = con.execute("""
        SELECT count(*) FILTER (WHERE n = 2), count(*) FROM
        (SELECT count(*) AS n, count(DISTINCT (ts_exch, price, size, cond)) AS k
         FROM trades GROUP BY security_id, trade_date, seq HAVING k = 1)""").fetchone()
    total = con.execute("SELECT count(DISTINCT (security_id, trade_date, seq)) FROM trades").fetchone()[0]
    assert msgs == total  # copies agree on everything but feed, trade_id and ts_ingest
    assert 0.006 < dup / total < 0.014


def test_sequence_numbers_arrive_out_of_order(con):
    back = con.execute("""
        SELECT count(*) FILTER (WHERE seq < lag_seq) FROM
        (SELECT seq, lag(seq) OVER (PARTITION BY security_id, trade_date, feed ORDER BY trade_id) AS lag_seq
         FROM trades)""").fetchone()[0]
    assert back > 0


def test_cancels_and_corrections_point_at_an_earlier_print(con):
    got = con.execute("""
        SELECT f.cond, count(*), count(o.seq), bool_and(o.ts_exch < f.ts_exch),
               bool_and(o.cond IN ('REG', 'ODD'))
        FROM (SELECT DISTINCT security_id, trade_date, seq, ref_seq, cond, ts_exch FROM trades
              WHERE cond IN ('CANCEL', 'CORR')) AS f
        LEFT JOIN (SELECT DISTINCT security_id, trade_date, seq, cond, ts_exch FROM trades) AS o
               ON o.security_id = f.security_id AND o.trade_date = f.trade_date AND o.seq = f.ref_seq
        GROUP BY 1""").fetchall()
    assert {c for c, *_ in got} == {"CANCEL", "CORR"}
    for _, n, matched, earlier, kind in got:
        assert n >= 10
        assert matched == n
        assert earlier
        assert kind
    assert con.execute("SELECT count(*) FROM trades WHERE (ref_seq IS NULL) <> (cond NOT IN ('CANCEL', 'CORR'))"
                       ).fetchone()[0] == 0


def test_corrected_prints_were_bad_prints(con):
    # the originals a CORR replaces were off the daily range or ten times too large
    bad = con.execute("""
        SELECT count(*) FILTER (WHERE o.price <> f.price OR o.size <> f.size), count(*)
        FROM (SELECT DISTINCT security_id, trade_date, ref_seq, price, size FROM trades WHERE cond = 'CORR') f
        JOIN (SELECT DISTINCT security_id, trade_date, seq, price, size FROM trades) o
          ON o.security_id = f.security_id AND o.trade_date = f.trade_date AND o.seq = f.ref_seq""").fetchone()
    assert bad[0] == bad[1] > 0


def test_odd_lots_are_under_one_hundred_shares_and_regular_prints_are_round_lots(con):
    got = dict(con.execute("""
        SELECT cond, bool_and(CASE cond WHEN 'ODD' THEN size BETWEEN 1 AND 99 ELSE size % 100 = 0 END)
        FROM trades WHERE cond IN ('REG', 'ODD', 'CLOSE_AUCT') AND trade_id NOT IN
            (SELECT t.trade_id FROM trades t JOIN trades c ON c.cond = 'CORR' AND c.security_id = t.security_id
             AND c.trade_date = t.trade_date AND c.ref_seq = t.seq)
        GROUP BY 1""").fetchall())
    assert got == {"REG": True, "ODD": True, "CLOSE_AUCT": True}
    share = con.execute("SELECT avg((cond = 'ODD')::INT) FROM trades WHERE cond IN ('REG', 'ODD')").fetchone()[0]
    assert 0.1 < share < 0.3


def test_prices_are_on_the_cent_grid(con):
    for table, cols in (("trades", ("price",)), ("quotes", ("bid", "ask")), ("depth_10s", ("px",))):
        for c in cols:
            off = con.execute(f"SELECT max(abs({c} * 100 - round({c} * 100))) FROM {table}").fetchone()[0]
            assert off < 1e-6, (table, c)


def test_a_few_quotes_are_crossed(con):
    crossed, total = con.execute("SELECT count(*) FILTER (WHERE bid > ask), count(*) FROM quotes").fetchone()
    assert 0 < crossed < 0.003 * total
    assert con.execute("SELECT count(*) FROM quotes WHERE bid = ask").fetchone()[0] == 0


def test_depth_level_one_is_the_last_uncrossed_quote_and_levels_step_away(con):
    got = con.execute("""
        WITH l1 AS (SELECT security_id, ts AS t,
                           max(px) FILTER (WHERE side = 'BID' AND level = 1) AS bid,
                           max(px) FILTER (WHERE side = 'ASK' AND level = 1) AS ask
                    FROM depth_10s GROUP BY ALL),
        q AS (SELECT security_id, ts AS t, bid, ask FROM quotes WHERE bid < ask)
        SELECT count(*), count(*) FILTER (WHERE l1.bid = q.bid AND l1.ask = q.ask)
        FROM l1 ASOF JOIN q ON q.security_id = l1.security_id AND q.t <= l1.t""").fetchone()
    assert got[0] == got[1] > 0
    steps = con.execute("""
        SELECT count(*) FILTER (WHERE CASE side WHEN 'BID' THEN px >= prev ELSE px <= prev END)
        FROM (SELECT side, px, lag(px) OVER (PARTITION BY security_id, ts, side ORDER BY level) AS prev
              FROM depth_10s) WHERE prev IS NOT NULL""").fetchone()[0]
    assert steps == 0


def test_halts_leave_a_gap_in_the_tape(con):
    halts = con.execute("""
        SELECT e.security_id, e.trade_date, e.halt_minutes,
               (SELECT max(date_diff('second', p, t)) FROM
                   (SELECT ts AS t, lag(ts) OVER (ORDER BY ts) AS p
                    FROM quotes q WHERE q.security_id = e.security_id AND CAST(q.ts AS DATE) = e.trade_date))
        FROM eq_daily AS e
        WHERE e.security_id IN (SELECT DISTINCT security_id FROM trades)
          AND e.trade_date IN (SELECT DISTINCT trade_date FROM trades) AND e.halt_minutes > 0""").fetchall()
    for _, _, minutes, gap in halts:
        assert gap >= 60 * minutes


# ---- stylized facts ---------------------------------------------------------------------------


def _hill(x: np.ndarray, tail: float = 0.05) -> float:
    """Hill estimate of the tail index from the top ``tail`` share of ``x``."""
    x = np.sort(x)[::-1]
    k = int(len(x) * tail)
    return 1.0 / np.mean(np.log(x[:k] / x[k]))


def test_spreads_have_a_power_law_tail_near_three(con):
    rel = con.execute("""
        SELECT (ask - bid) / ((ask + bid) / 2) / median((ask - bid) / ((ask + bid) / 2))
               OVER (PARTITION BY security_id, CAST(ts AS DATE)) FROM quotes WHERE ask > bid""").fetchnumpy()
    zeta = _hill(next(iter(rel.values())))
    assert 2.0 < zeta < 4.5


def _regime(days: pd.Series) -> np.ndarray:
    text = days.astype(str)
    return np.where(text < "2037", "calm", np.where(text < "2037-06", "peak", "crash"))


def test_spreads_have_long_memory(con):
    # log 5-minute spreads around their name-and-regime mean; autocorrelation pooled over the
    # name-sessions (pairs within a session): still clearly positive 30 and 60 minutes out
    b = con.execute(BUCKETS).df().sort_values(["security_id", "d", "b"])
    b["x"] = np.log(b["spread_bp"])
    b["x"] -= b.groupby([b["security_id"], _regime(b["d"])])["x"].transform("mean")
    acf = {}
    for lag in (6, 12):
        num = den = 0.0
        for _, g in b.groupby(["security_id", "d"]):
            x = g["x"].to_numpy()
            num += (x[:-lag] * x[lag:]).sum()
            den += (x * x).sum() * (len(x) - lag) / len(x)
        acf[lag] = num / den
    assert acf[6] > 0.2
    assert acf[12] > 0.1


def test_spreads_grow_with_log_volatility(con):
    b = con.execute(BUCKETS).df()
    b = b[(b["rv"] > 0) & (b["n"] >= 5)]
    slopes = [np.polyfit(np.log(np.sqrt(g["rv"])), g["spread_bp"], 1)[0] for _, g in b.groupby(["security_id", "d"])]
    assert np.median(slopes) > 0
    assert np.mean(np.array(slopes) > 0) >= 0.75


def test_liquidity_co_moves_across_the_three_names(con):
    b = con.execute(BUCKETS).df()
    wide = b.pivot_table(index=["d", "b"], columns="security_id", values="spread_bp")
    corr = []
    for _, g in wide.groupby(level="d"):
        c = np.log(g).corr().to_numpy()
        corr.append(c[np.triu_indices(3, 1)].mean())
    assert np.mean(corr) > 0.25


def test_crash_spreads_are_three_to_five_times_calm_and_the_book_thins(con):
    spread = dict(con.execute(f"""
        SELECT {REGIME}, avg((ask - bid) / ((ask + bid) / 2) * 1e4) FROM quotes WHERE ask > bid
        GROUP BY 1""").fetchall())
    assert 3.0 <= spread["crash"] / spread["calm"] <= 5.0
    depth = dict(con.execute(f"""
        WITH d AS (SELECT *, {REGIME} AS regime,
                          avg(px) FILTER (WHERE level = 1) OVER (PARTITION BY security_id, ts) AS mid
                   FROM depth_10s),
        s AS (SELECT regime, security_id, ts, sum(px * sz) FILTER (WHERE abs(px - mid) <= 5e-4 * mid) AS usd
              FROM d GROUP BY ALL)
        SELECT regime, avg(coalesce(usd, 0)) FROM s GROUP BY 1""").fetchall())
    drop = 1 - depth["crash"] / depth["calm"]
    assert 0.68 <= drop <= 0.88  # the design's 70-85 %, measured 0.72-0.85 on lite


def test_activity_is_u_shaped(con):
    seg = dict(con.execute("""
        WITH t AS (SELECT date_diff('second', min(ts_exch) OVER (PARTITION BY trade_date),
                                    ts_exch) AS s
                   FROM trades WHERE cond IN ('REG', 'ODD'))
        SELECT CASE WHEN s < 1800 THEN 'open' WHEN s >= 21600 THEN 'close' ELSE 'mid' END, count(*) FROM t
        GROUP BY 1""").fetchall())
    per_half_hour = {"open": seg["open"], "close": seg["close"], "mid": seg["mid"] / 11}
    assert per_half_hour["open"] > 1.5 * per_half_hour["mid"]
    assert per_half_hour["close"] > 1.3 * per_half_hour["mid"]


def test_variants_differ(lite_root):
    sums = []
    for v in datasets.VARIANTS:
        with connect(lite_root, "lite", "D05", v) as c:
            sums.append(c.execute("SELECT count(*), sum(price * size) FROM trades").fetchone())
    assert len(set(sums)) == 3


def test_depth_snapshots_follow_the_profile_interval(con):
    gaps = con.execute("""
        SELECT DISTINCT date_diff('second', lag(t) OVER (PARTITION BY security_id, CAST(t AS DATE) ORDER BY t), t)
        FROM (SELECT DISTINCT security_id, ts AS t FROM depth_10s)""").fetchall()
    step = d05.DEPTH_INTERVAL_S["lite"]
    assert {g for (g,) in gaps if g is not None and g <= 2 * step} == {step}


@pytest.mark.slow
def test_full_profile_keeps_the_identity_the_wrinkles_and_the_crash(full_root):
    for variant in datasets.VARIANTS:
        with connect(full_root, "full", "D05", variant) as c:
            test_the_clean_tape_hits_the_daily_bar_on_every_name_session(c)
            test_cancels_and_corrections_point_at_an_earlier_print(c)
            test_corrected_prints_were_bad_prints(c)
            test_about_one_percent_of_messages_arrive_on_both_feeds(c)
            test_crash_spreads_are_three_to_five_times_calm_and_the_book_thins(c)
            test_spreads_have_a_power_law_tail_near_three(c)
            test_spreads_have_long_memory(c)
            assert c.execute("SELECT count(*) FROM trades").fetchone()[0] > 400_000
