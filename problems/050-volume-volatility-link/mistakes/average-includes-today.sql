WITH chips AS (
    SELECT security_id, ticker
    FROM securities
    WHERE venue = 'NXS' AND asset_class = 'EQ' AND sector IN ('AI Accelerators', 'Memory')
),
bars AS (
    SELECT c.ticker, d.trade_date, d.close, d.volume,
           LAG(d.close) OVER w AS prev_close,
           AVG(d.volume) OVER (w ROWS BETWEEN 19 PRECEDING AND CURRENT ROW) AS avg_volume_20,
           ROW_NUMBER() OVER w AS n_row
    FROM eq_daily AS d
    JOIN chips AS c USING (security_id)
    WINDOW w AS (PARTITION BY d.security_id ORDER BY d.trade_date)
),
sample AS (
    SELECT ticker,
           abs(close / prev_close - 1) AS abs_return,
           volume / avg_volume_20 AS rel_volume
    FROM bars
    WHERE n_row > 20
      AND trade_date BETWEEN DATE '2037-06-01' AND DATE '2037-09-30'
      AND volume IS NOT NULL
)
SELECT ticker,
       count(*) AS n_sessions,
       corr(abs_return, rel_volume) AS correlation
FROM sample
GROUP BY ticker;
