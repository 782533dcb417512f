WITH chips AS (
    SELECT security_id, ticker
    FROM securities
    WHERE venue = 'NXS' AND asset_class = 'EQ' AND sector IN ('AI Accelerators', 'Memory')
),
with_prev AS (
    SELECT c.ticker, d.trade_date, d.close,
           LAG(d.close) OVER (PARTITION BY d.security_id ORDER BY d.trade_date) AS prev_close
    FROM eq_daily AS d
    JOIN chips AS c USING (security_id)
    WHERE d.trade_date BETWEEN DATE '2037-06-08' AND DATE '2037-06-26'
)
SELECT ticker,
       trade_date,
       close,
       close / prev_close - 1 AS simple_return,
       LN(close / prev_close) AS log_return
FROM with_prev;
