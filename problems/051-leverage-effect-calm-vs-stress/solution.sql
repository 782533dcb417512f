-- Both windows run over each stock's full history; the period filter comes last, so a session near
-- the end of a period still averages the five sessions after it.
WITH chips AS (
    SELECT security_id, ticker
    FROM securities
    WHERE venue = 'NXS' AND asset_class = 'EQ' AND sector IN ('AI Accelerators', 'Memory')
),
returns AS (
    SELECT d.security_id, c.ticker, d.trade_date,
           d.close / LAG(d.close) OVER (PARTITION BY d.security_id ORDER BY d.trade_date) - 1 AS ret
    FROM eq_daily AS d
    JOIN chips AS c USING (security_id)
),
forward AS (
    SELECT ticker, trade_date, ret,
           AVG(abs(ret)) OVER next5 AS future_vol,
           COUNT(ret) OVER next5 AS n_next
    FROM returns
    WINDOW next5 AS (PARTITION BY security_id ORDER BY trade_date
                     ROWS BETWEEN 1 FOLLOWING AND 5 FOLLOWING)
),
labelled AS (
    SELECT ticker, ret, future_vol,
           CASE WHEN trade_date BETWEEN DATE '2036-01-02' AND DATE '2036-09-30' THEN 'calm'
                WHEN trade_date BETWEEN DATE '2037-05-28' AND DATE '2037-07-31' THEN 'stress'
           END AS period
    FROM forward
    WHERE n_next = 5 AND ret IS NOT NULL
)
SELECT ticker, period,
       count(*) AS n_sessions,
       corr(ret, future_vol) AS correlation
FROM labelled
WHERE period IS NOT NULL
GROUP BY ticker, period;
