WITH zvlt AS (
    SELECT security_id FROM securities WHERE ticker = 'ZVLT'
),
splits AS (
    SELECT a.ex_date, a.ratio
    FROM corporate_actions AS a
    JOIN zvlt USING (security_id)
    WHERE a.action_type IN ('SPLIT', 'RSPLIT')
),
bars AS (
    SELECT d.trade_date, d.close
    FROM eq_daily AS d
    JOIN zvlt USING (security_id)
    WHERE d.trade_date BETWEEN DATE '2037-03-01' AND DATE '2037-05-31'
)
SELECT b.trade_date,
       b.close,
       COALESCE(EXP(SUM(LN(s.ratio))), 1.0) AS adj_factor,
       b.close / COALESCE(EXP(SUM(LN(s.ratio))), 1.0) AS adj_close
FROM bars AS b
LEFT JOIN splits AS s ON s.ex_date >= b.trade_date
GROUP BY b.trade_date, b.close
ORDER BY b.trade_date;
