WITH debt AS (
    SELECT region, month, debit_bal,
           debit_bal / lag(debit_bal, 12) OVER (PARTITION BY region ORDER BY month) - 1 AS debt_yoy
    FROM agg_margin_monthly
),
month_end AS (
    SELECT CASE s.ticker WHEN 'M500' THEN 'US' ELSE 'KR' END AS region,
           CAST(date_trunc('month', l.trade_date) AS DATE) AS month,
           arg_min(l.level, l.trade_date) AS level
    FROM index_levels AS l
    JOIN securities AS s ON s.security_id = l.index_id
    WHERE s.ticker IN ('M500', 'HNXC')
    GROUP BY ALL
),
idx AS (
    SELECT region, month,
           level / lag(level, 12) OVER (PARTITION BY region ORDER BY month) - 1 AS index_yoy
    FROM month_end
)
SELECT d.region, d.month, d.debit_bal,
       round(d.debt_yoy, 4) AS debt_yoy,
       round(i.index_yoy, 4) AS index_yoy,
       round(d.debt_yoy - i.index_yoy, 4) AS gap
FROM debt AS d
JOIN idx AS i USING (region, month)
WHERE d.debt_yoy IS NOT NULL AND i.index_yoy IS NOT NULL
ORDER BY d.region, d.month;
