"""D10 margin: maint_req recomputes exactly from effective-dated positions and requirements, the
broker's flag disagrees on exactly 0.5 % of rows, and the stylized facts hold on every lite variant."""

from __future__ import annotations

import numpy as np
import pytest

import datasets

from .conftest import connect
from .queries import ADJUSTED_RETURNS

RECOMPUTE = """
WITH p AS (
    SELECT e.account_id, e.date,
           sum(round(mp.qty * d.close * coalesce(hs.maint_pct, hd.maint_pct), 2)) AS maint_req,
           sum(round(mp.qty * d.close, 2)) AS lmv
    FROM margin_eod e JOIN accounts a USING (account_id)
    JOIN margin_positions mp ON mp.account_id = e.account_id
     AND e.date BETWEEN mp.eff_from AND coalesce(mp.eff_to, DATE '9999-12-31')
    JOIN eq_daily d ON d.security_id = mp.security_id AND d.trade_date = e.date
    LEFT JOIN house_requirements hs ON hs.broker_id = a.broker_id AND hs.security_id = mp.security_id
     AND e.date BETWEEN hs.eff_from AND coalesce(hs.eff_to, DATE '9999-12-31')
    LEFT JOIN house_requirements hd ON hd.broker_id = a.broker_id AND hd.security_id IS NULL
     AND e.date BETWEEN hd.eff_from AND coalesce(hd.eff_to, DATE '9999-12-31')
    GROUP BY ALL)
SELECT count(*) AS n_rows,
       count(*) FILTER (WHERE p.maint_req IS NULL OR abs(p.maint_req - e.maint_req) > 0.001) AS bad_req,
       count(*) FILTER (WHERE abs(p.lmv - e.lmv) > 0.001) AS bad_lmv,
       count(*) FILTER (WHERE abs(e.lmv - e.debit - e.equity) > 0.001
                           OR abs(e.equity - e.maint_req - e.excess) > 0.001) AS bad_rest,
       count(*) FILTER (WHERE e.call_flag <> (e.excess < 0)) AS disagree
FROM margin_eod e LEFT JOIN p USING (account_id, date)
"""


@pytest.fixture(scope="module", params=datasets.VARIANTS)
def con(request, lite_root):
    with connect(lite_root, "lite", "D10", request.param) as c:
        yield c


def one(con, sql):
    return con.execute(sql).fetchone()[0]


def test_maint_req_recomputes_exactly_from_positions_and_requirements(con):
    n_rows, bad_req, bad_lmv, bad_rest, _ = con.execute(RECOMPUTE).fetchone()
    assert n_rows > 10_000
    assert (bad_req, bad_lmv, bad_rest) == (0, 0, 0)


def test_the_brokers_flag_disagrees_on_exactly_half_a_percent_of_rows(con):
    n_rows, *_, disagree = con.execute(RECOMPUTE).fetchone()
    assert disagree == round(0.005 * n_rows)


def test_requirements_follow_the_rules(con):
    assert one(con, "SELECT min(maint_pct) FROM house_requirements") >= 0.25
    lev = con.execute("""SELECT DISTINCT h.maint_pct, abs(s.leverage) FROM house_requirements h
                         JOIN securities s USING (security_id) WHERE h.reason = 'LEVERAGED_ETF'""").fetchall()
    assert lev
    assert all(abs(pct - 0.25 * lv) < 1e-12 for pct, lv in lev)
    raised = con.execute("""SELECT maint_pct, eff_from FROM house_requirements
                            WHERE broker_id = 2 AND reason = 'RISK_INCREASE' GROUP BY ALL""").fetchall()
    assert [(p, str(d)) for p, d in raised] == [(0.5, "2037-06-15")]


def test_requirement_rows_do_not_overlap(con):
    overlaps = one(
        con,
        """SELECT count(*) FROM house_requirements a JOIN house_requirements b
        ON a.broker_id = b.broker_id AND a.security_id IS NOT DISTINCT FROM b.security_id AND a.eff_from < b.eff_from
        WHERE a.eff_to IS NULL OR a.eff_to >= b.eff_from""",
    )
    assert overlaps == 0


def test_margin_accounts_are_a_subset_of_the_retail_accounts(con):
    assert (
        one(
            con,
            """SELECT count(DISTINCT account_id) FROM margin_eod
                       WHERE account_id NOT IN (SELECT account_id FROM accounts)""",
        )
        == 0
    )
    assert one(con, "SELECT count(DISTINCT account_id) FROM margin_eod") == 150


def test_calls_are_below_maintenance_and_cluster_on_the_selloff(con):
    assert (
        one(
            con,
            """SELECT count(*) FROM margin_calls c JOIN margin_eod e
                       ON e.account_id = c.account_id AND e.date = c.issued
                       WHERE NOT (e.excess < 0 AND c.amount = -e.excess)""",
        )
        == 0
    )
    share = one(con, "SELECT avg((issued BETWEEN DATE '2037-05-28' AND DATE '2037-06-23')::INT) FROM margin_calls")
    assert share > 0.2  # 6 % of the sessions carry a fifth of the calls or more
    busiest = one(con, "SELECT issued FROM margin_calls GROUP BY issued ORDER BY count(*) DESC, issued LIMIT 1")
    assert str(busiest) >= "2037-06-12"
    assert str(busiest) <= "2037-06-23"


def test_margin_debt_grows_thirty_percent_a_year_into_the_peak(con):
    peak = con.execute("""SELECT region, max(yoy) FROM (SELECT region, month,
        debit_bal / lag(debit_bal, 12) OVER (PARTITION BY region ORDER BY month) - 1 AS yoy FROM agg_margin_monthly)
        WHERE month BETWEEN DATE '2037-03-01' AND DATE '2037-06-01' GROUP BY region""").fetchall()
    assert len(peak) == 2
    assert all(y >= 0.3 for _, y in peak), peak


def test_forced_liquidation_runs_one_percent_normally_and_four_to_five_in_stress(con):
    normal, stress = con.execute("""SELECT
        median(forced_liq / unsettled_bal) FILTER (WHERE date NOT BETWEEN DATE '2037-06-12' AND DATE '2037-06-22'),
        avg(forced_liq / unsettled_bal) FILTER (WHERE date BETWEEN DATE '2037-06-12' AND DATE '2037-06-22')
        FROM kr_credit_daily""").fetchone()
    assert 0.007 < normal < 0.014
    assert 0.038 < stress < 0.052


def test_positions_held_across_a_split_keep_their_value_up_to_the_adjusted_return(con):
    """On a split's ex-date a position's qty is multiplied by the ratio (ZVLT 10:1, ZSXD 1:10) and kept
    in whole shares, so its market value moves by the split-adjusted D02 return, not by the raw
    close's -90 % / +900 %, up to the fraction of a share a reverse split pays out in cash (or, for a
    holding that would fall below one share, the fraction bought to keep one: both settle on the debit).
    Positions with a liquidation due that day are left out (they also sell)."""
    rows = con.execute(f"""
        WITH {ADJUSTED_RETURNS},
        split AS (
            SELECT c.security_id, c.ex_date, c.ratio,
                   (SELECT max(e.trade_date) FROM eq_daily e WHERE e.security_id = c.security_id
                    AND e.trade_date < c.ex_date) AS day_before
            FROM corporate_actions c WHERE c.action_type IN ('SPLIT', 'RSPLIT')),
        held AS (
            SELECT s.security_id, s.ex_date, s.day_before, s.ratio, a.account_id, a.qty AS qty_before,
                   b.qty AS qty_after
            FROM split s
            JOIN margin_positions b ON b.security_id = s.security_id AND b.eff_from = s.ex_date
            JOIN margin_positions a ON a.account_id = b.account_id AND a.security_id = b.security_id
             AND a.eff_to = s.day_before
            WHERE NOT EXISTS (SELECT 1 FROM margin_calls c WHERE c.account_id = b.account_id AND c.due = s.ex_date
                              AND c.resolution <> 'MET'))
        SELECT h.security_id, h.qty_before, h.qty_after, h.ratio,
               h.qty_after * e1.close / (h.qty_before * e0.close) - 1 AS value_change, u.r,
               e1.close / (h.qty_before * e0.close) AS one_share
        FROM held h
        JOIN eq_daily e0 ON e0.security_id = h.security_id AND e0.trade_date = h.day_before
        JOIN eq_daily e1 ON e1.security_id = h.security_id AND e1.trade_date = h.ex_date
        JOIN und u ON u.security_id = h.security_id AND u.trade_date = h.ex_date""").fetchall()
    assert len(rows) >= 5
    for _sid, before, after, ratio, value_change, adjusted, one_share in rows:
        assert after == max(np.floor(before * ratio + 1e-9), 1.0)
        assert after == round(after)  # whole shares
        if before * ratio >= 1:  # rounded down: the fraction was paid out
            assert -1e-9 <= adjusted - value_change < one_share + 1e-9
        else:  # topped up to one share: the fraction was bought
            assert -one_share - 1e-9 < adjusted - value_change <= 1e-9
