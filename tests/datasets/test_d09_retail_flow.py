"""D09 retail order flow: fills tie to D02's daily range, the raw-log wrinkles are there, and the
stylized facts (return chasing, record dip-buying, concentration, odd lots, cohort churn) hold on
every lite variant (concentration also on full)."""

from __future__ import annotations

from pathlib import Path

import pytest

import datasets
from datasets import d09_retail_flow as d09

from .conftest import connect

REAL_RECORD_DIP_KRW = 4.8e12
"""The design's real analogue: Korean retail's record net buying, on a -5 % day."""
SCALE_BANDS = {"vs_market_on_dip_days": (0.5, 2.0), "record_vs_real": (0.25, 4.0)}
"""Scaled-up sample / reference: against D14's market-wide retail flows on the dip days (the
calibration), and the record day against the real analogue (the right order of magnitude)."""

# orders counted once per client_order_id (a resent order keeps its first copy), with their fills
DEDUP = """
CREATE OR REPLACE TEMP VIEW f AS
WITH o AS (SELECT * FROM orders QUALIFY row_number() OVER (PARTITION BY client_order_id ORDER BY order_id) = 1)
SELECT o.*, s.venue, s.ticker, e.fill_qty, e.fill_px, CAST(e.ts_utc AS DATE) AS d,
       e.fill_qty * e.fill_px / CASE s.venue WHEN 'HNX' THEN 1350.0 ELSE 1.0 END AS usd
FROM o JOIN executions e USING (order_id) JOIN securities s USING (security_id)
"""


@pytest.fixture(scope="module", params=datasets.VARIANTS)
def con(request, lite_root):
    with connect(lite_root, "lite", "D09", request.param) as c:
        c.execute(DEDUP)
        yield c


def one(con, sql):
    return con.execute(sql).fetchone()[0]


def test_every_fill_lies_within_the_days_stored_range(con):
    outside = one(
        con,
        """
        SELECT count(*) FROM executions e JOIN orders o USING (order_id)
        LEFT JOIN eq_daily d ON d.security_id = o.security_id AND d.trade_date = CAST(e.ts_utc AS DATE)
        WHERE d.low IS NULL OR e.fill_px < d.low OR e.fill_px > d.high""",
    )
    assert outside == 0


def test_fills_are_on_the_order_date_and_respect_the_limit(con):
    bad = one(
        con,
        """
        SELECT count(*) FROM executions e JOIN orders o USING (order_id)
        WHERE CAST(e.ts_utc AS DATE) <> CAST(o.ts_utc AS DATE)
           OR (o.order_type = 'LIMIT' AND o.side = 'BUY' AND e.fill_px > o.limit_px)
           OR (o.order_type = 'LIMIT' AND o.side = 'SELL' AND e.fill_px < o.limit_px)
           OR (o.order_type = 'MARKET') <> (o.limit_px IS NULL)""",
    )
    assert bad == 0


def test_filled_quantities_match_the_status(con):
    bad = one(
        con,
        """
        WITH x AS (SELECT o.order_id, o.status, o.qty, coalesce(sum(e.fill_qty), 0) AS filled
                   FROM orders o LEFT JOIN executions e USING (order_id) GROUP BY ALL)
        SELECT count(*) FROM x
        WHERE (status = 'FILLED' AND abs(filled - qty) > 1e-6)
           OR (status = 'PARTIAL' AND NOT (filled > 0 AND filled < qty))
           OR (status IN ('EXPIRED', 'REJECTED') AND filled <> 0)
           OR (status = 'CANCELLED' AND filled >= qty)""",
    )
    assert bad == 0
    assert one(con, "SELECT count(*) FROM executions WHERE fill_qty <= 0") == 0


def test_partial_fills_and_cancels_after_a_partial_fill_exist(con):
    assert one(con, "SELECT count(*) FROM orders WHERE status = 'PARTIAL'") > 100
    assert (
        one(
            con,
            """SELECT count(DISTINCT order_id) FROM orders JOIN executions USING (order_id)
                       WHERE status = 'CANCELLED'""",
        )
        > 100
    )


def test_resent_orders_reuse_the_client_order_id_with_identical_content(con):
    dups = one(con, "SELECT count(*) - count(DISTINCT client_order_id) FROM orders")
    total = one(con, "SELECT count(*) FROM orders")
    assert 0.01 * total < dups < 0.04 * total
    differing = one(
        con,
        """
        SELECT count(*) FROM (SELECT client_order_id FROM orders GROUP BY 1 HAVING count(*) > 1
          AND count(DISTINCT (account_id, security_id, side, qty, order_type, coalesce(limit_px, -1), status,
                              channel)) > 1)""",
    )
    assert differing == 0


def test_device_timestamps_come_in_three_formats_for_the_same_instant(con):
    off = one(
        con,
        """
        SELECT count(*) FROM orders o JOIN accounts a USING (account_id) JOIN brokers b USING (broker_id)
        WHERE ts_utc <> CASE channel
            WHEN 'API' THEN CAST(replace(replace(ts_device, 'T', ' '), 'Z', '') AS TIMESTAMP)
            WHEN 'APP' THEN CAST(CAST(ts_device AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)
            ELSE CAST(timezone('UTC', timezone(b.home_tz, CAST(ts_device AS TIMESTAMP))) AS TIMESTAMP) END""",
    )
    assert off == 0
    assert one(con, "SELECT count(DISTINCT channel) FROM orders") == 3


def test_quantities_are_fractional_only_at_brokers_that_allow_it(con):
    bad = one(
        con,
        """SELECT count(*) FROM orders o JOIN accounts a USING (account_id) JOIN brokers b USING (broker_id)
                      WHERE NOT b.fractional AND qty <> floor(qty)""",
    )
    assert bad == 0
    assert one(con, "SELECT count(*) FROM orders WHERE qty <> floor(qty)") > 1000


def test_accounts_trade_only_after_opening_and_on_their_venues(con):
    assert (
        one(
            con,
            """SELECT count(*) FROM orders o JOIN accounts a USING (account_id)
                       WHERE CAST(o.ts_utc AS DATE) < a.open_date""",
        )
        == 0
    )
    assert (
        one(
            con,
            """SELECT count(*) FROM orders o JOIN accounts a USING (account_id) JOIN securities s USING (security_id)
                       WHERE a.country = 'US' AND s.venue <> 'NXS'""",
        )
        == 0
    )
    nulls = one(con, "SELECT avg((age_band IS NULL)::INT) FROM accounts")
    assert 0.03 < nulls < 0.12


def test_buying_follows_the_past_five_sessions(con):
    rho = con.execute("""
        WITH il AS (SELECT index_id, trade_date AS d,
                           level / lag(level, 5) OVER (PARTITION BY index_id ORDER BY trade_date) - 1 AS r5
                    FROM index_levels),
             day AS (SELECT venue, d, sum(usd) FILTER (WHERE side = 'BUY') / sum(usd) AS buy_share FROM f GROUP BY ALL)
        SELECT venue, corr(buy_share, r5) FROM day JOIN il ON il.d = day.d
           AND il.index_id = CASE venue WHEN 'NXS' THEN 1003 ELSE 1004 END
        WHERE day.d NOT IN ('2037-05-28', '2037-06-02') GROUP BY venue""").fetchall()
    assert len(rho) == 2
    assert all(r > 0.2 for _, r in rho), rho


def test_the_record_net_buying_day_is_one_of_the_first_two_cracks(con):
    best = con.execute("""
        SELECT venue, arg_max(d, net) FROM (
          SELECT venue, d, sum(CASE side WHEN 'BUY' THEN 1 ELSE -1 END * fill_qty * fill_px) AS net FROM f GROUP BY ALL)
        GROUP BY venue""").fetchall()
    assert {str(d) for _, d in best} <= {"2037-05-28", "2037-06-02"}, best


def _scaled_hnx_net_buying(root, profile: str, variant: int) -> dict:
    """Per session, HNX net buying of the deduplicated sample times the accounts each stands for (KRW)."""
    with connect(root, profile, "D09", variant) as c:
        c.execute(DEDUP)
        rows = c.execute("""SELECT d, sum(CASE side WHEN 'BUY' THEN 1 ELSE -1 END * fill_qty * fill_px)
                            FROM f WHERE venue = 'HNX' GROUP BY d""").fetchall()
    return {d: net * d09.accounts_represented(profile) for d, net in rows}


@pytest.mark.parametrize("profile", ["lite", pytest.param("full", marks=pytest.mark.slow)])
def test_the_sample_scaled_up_matches_market_wide_retail_buying_on_the_dip_days(profile, request):
    root = request.getfixturevalue(f"{profile}_root")
    lo, hi = SCALE_BANDS["vs_market_on_dip_days"]
    for variant in datasets.VARIANTS:
        scaled = _scaled_hnx_net_buying(root, profile, variant)
        with connect(root, profile, "D14", variant) as c:
            market = dict(c.execute("""SELECT trade_date, net_buy * 1e9 FROM investor_flows
                                       WHERE venue = 'HNX' AND investor_type = 'RETAIL'""").fetchall())
        dips = [d for d in d09.DIP_DAYS if d in market]  # a variant's calendar may close one of them
        assert dips, variant
        for day in dips:
            assert lo <= scaled[day] / market[day] <= hi, (variant, day, scaled[day], market[day])


@pytest.mark.parametrize("profile", ["lite", pytest.param("full", marks=pytest.mark.slow)])
def test_the_scaled_record_dip_buying_day_is_of_the_real_analogues_size(profile, request):
    root = request.getfixturevalue(f"{profile}_root")
    lo, hi = SCALE_BANDS["record_vs_real"]
    for variant in datasets.VARIANTS:
        record = max(_scaled_hnx_net_buying(root, profile, variant).values())
        assert lo <= record / REAL_RECORD_DIP_KRW <= hi, (variant, record)


@pytest.mark.parametrize("folder", ["031-dedup-retail-net-buying", "033-retail-flow-event-study"])
def test_the_retail_problems_state_the_sample_fraction_the_data_uses(folder):
    text = (Path(__file__).resolve().parents[2] / "problems" / folder / "statement.md").read_text(encoding="utf-8")
    assert f"each stands for {d09.accounts_represented('full')} real ones" in text
    assert f"({d09.accounts_represented('lite')} in the lite test build)" in text
    assert f"Multiplied by {d09.accounts_represented('full')}," in text


def test_about_sixty_percent_of_new_york_orders_are_odd_lots(con):
    odd = one(
        con,
        """SELECT avg((qty % 100 <> 0)::INT) FROM orders JOIN securities USING (security_id)
                      WHERE venue = 'NXS'""",
    )
    assert 0.5 < odd < 0.7


def test_the_rally_cohort_churns_after_the_selloff(con):
    rows = dict(
        con.execute("""
        WITH coh AS (SELECT account_id, CASE WHEN open_date BETWEEN '2036-10-01' AND '2037-06-11' THEN 'rally'
                                             WHEN open_date < '2036-10-01' THEN 'older' END AS cohort FROM accounts),
             act AS (SELECT account_id, min(d) AS first, max(d) AS last FROM f GROUP BY 1)
        SELECT cohort, avg((last < DATE '2037-07-15')::INT) FROM coh JOIN act USING (account_id)
        WHERE first < DATE '2037-06-12' AND cohort IS NOT NULL GROUP BY 1""").fetchall()
    )
    assert rows["rally"] > 0.35
    assert rows["rally"] > 1.5 * rows["older"]


TOP10 = """
WITH t AS (SELECT ticker, sum(usd) AS n FROM f GROUP BY 1)
SELECT sum(n) FILTER (WHERE r <= 10) / sum(n) FROM (SELECT *, row_number() OVER (ORDER BY n DESC) AS r FROM t)
"""


def test_the_top_ten_names_take_most_of_the_notional(con):
    assert one(con, TOP10) >= 0.6


@pytest.mark.slow
@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_the_top_ten_names_take_sixty_percent_on_full(full_root, variant):
    with connect(full_root, "full", "D09", variant) as c:
        c.execute(DEDUP)
        assert 0.6 <= one(c, TOP10) <= 0.95
