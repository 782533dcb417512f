WITH as_of AS (
    SELECT account_id, max(date) AS d
    FROM margin_eod
    WHERE date <= DATE '2037-06-11'
    GROUP BY account_id
),
acct AS (
    SELECT a.account_id, a.d, e.debit, ac.broker_id
    FROM as_of AS a
    JOIN margin_eod AS e ON e.account_id = a.account_id AND e.date = a.d
    JOIN accounts AS ac ON ac.account_id = a.account_id
),
pos AS (
    SELECT acct.*, p.security_id, p.qty, q.close, 1.0 AS lev
    FROM acct
    JOIN margin_positions AS p
      ON p.account_id = acct.account_id AND p.eff_from <= acct.d AND (p.eff_to IS NULL OR acct.d <= p.eff_to)
    JOIN eq_daily AS q ON q.security_id = p.security_id AND q.trade_date = acct.d
    JOIN securities AS s ON s.security_id = p.security_id
),
regimes AS (
    SELECT 'asof' AS regime UNION ALL SELECT 'raised'
),
dated AS (
    SELECT pos.*, r.regime, CASE r.regime WHEN 'asof' THEN pos.d ELSE DATE '2037-06-22' END AS rd
    FROM pos CROSS JOIN regimes AS r
),
priced AS (
    SELECT dated.*, coalesce(hs.maint_pct, hd.maint_pct) AS maint_pct
    FROM dated
    LEFT JOIN house_requirements AS hs
      ON hs.broker_id = dated.broker_id AND hs.security_id = dated.security_id
     AND hs.eff_from <= dated.rd AND (hs.eff_to IS NULL OR dated.rd <= hs.eff_to)
    LEFT JOIN house_requirements AS hd
      ON hd.broker_id = dated.broker_id AND hd.security_id IS NULL
     AND hd.eff_from <= dated.rd AND (hd.eff_to IS NULL OR dated.rd <= hd.eff_to)
),
shocks AS (
    SELECT CAST(unnest([0.0, -0.05, -0.10, -0.20]) AS DOUBLE) AS shock
),
valued AS (
    SELECT regime, shock, account_id, broker_id, debit,
           sum(qty * close * (1 + greatest(lev * shock, -1.0))) AS lmv,
           sum(qty * close * (1 + greatest(lev * shock, -1.0)) * maint_pct) AS req
    FROM priced CROSS JOIN shocks
    GROUP BY regime, shock, account_id, broker_id, debit
)
SELECT regime,
       shock,
       broker_id,
       count(*) AS n_accounts,
       count(*) FILTER (WHERE lmv - debit < req) AS n_breach,
       round(count(*) FILTER (WHERE lmv - debit < req) / count(*), 4) AS breach_rate,
       round(coalesce(sum(req - (lmv - debit)) FILTER (WHERE lmv - debit < req), 0), 2) AS deficit
FROM valued
GROUP BY regime, shock, broker_id
ORDER BY regime, shock DESC, broker_id;
