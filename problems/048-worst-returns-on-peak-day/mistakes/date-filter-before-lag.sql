WITH scope AS (
    SELECT security_id, ticker, asset_class
    FROM securities
    WHERE venue = 'NXS' AND asset_class IN ('EQ', 'ETP')
),
with_prev AS (
    SELECT s.ticker, s.asset_class, d.trade_date, d.close,
           LAG(d.close) OVER (PARTITION BY d.security_id ORDER BY d.trade_date) AS prev_close
    FROM eq_daily AS d
    JOIN scope AS s USING (security_id)
    WHERE d.trade_date = DATE '2037-06-16'
)
SELECT ticker, asset_class, prev_close, close,
       close / prev_close - 1 AS daily_return
FROM with_prev
ORDER BY daily_return, ticker
LIMIT 10;
