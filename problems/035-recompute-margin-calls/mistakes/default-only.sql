WITH req AS (
    SELECT e.account_id, e.date, a.broker_id, e.equity, e.call_flag,
           sum(round(p.qty * d.close * hd.maint_pct, 2)) AS maint_req
    FROM margin_eod AS e
    JOIN accounts AS a USING (account_id)
    JOIN margin_positions AS p
      ON p.account_id = e.account_id
     AND p.eff_from <= e.date AND (p.eff_to IS NULL OR e.date <= p.eff_to)
    JOIN eq_daily AS d ON d.security_id = p.security_id AND d.trade_date = e.date
    LEFT JOIN house_requirements AS hs
      ON hs.broker_id = a.broker_id AND hs.security_id = p.security_id
     AND hs.eff_from <= e.date AND (hs.eff_to IS NULL OR e.date <= hs.eff_to)
    LEFT JOIN house_requirements AS hd
      ON hd.broker_id = a.broker_id AND hd.security_id IS NULL
     AND hd.eff_from <= e.date AND (hd.eff_to IS NULL OR e.date <= hd.eff_to)
    GROUP BY e.account_id, e.date, a.broker_id, e.equity, e.call_flag
)
SELECT account_id, date, broker_id,
       round(maint_req, 2) AS maint_req,
       round(equity - maint_req, 2) AS excess,
       call_flag,
       equity - maint_req < 0 AS should_call
FROM req
WHERE call_flag <> (equity - maint_req < 0)
ORDER BY date, account_id;
