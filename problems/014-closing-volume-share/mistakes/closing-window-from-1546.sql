WITH daily AS (
    SELECT security_id, trade_date,
           close / LAG(close) OVER (PARTITION BY security_id ORDER BY trade_date) - 1 AS ret
    FROM eq_daily
),
sess AS (
    SELECT b.security_id,
           CAST(substr(b.ts_raw, 1, 10) AS DATE) AS trade_date,
           sum(b.volume) FILTER (WHERE substr(b.ts_raw, 12, 5) > '15:45') AS close_volume,
           sum(b.volume) AS volume
    FROM bars_1m AS b
    JOIN securities AS s USING (security_id)
    WHERE s.venue = 'NXS'
    GROUP BY b.security_id, CAST(substr(b.ts_raw, 1, 10) AS DATE)
)
SELECT s.ticker,
       CASE WHEN d.ret > 0 THEN 'up' ELSE 'down' END AS direction,
       count(*) AS sessions,
       avg(x.close_volume / x.volume) AS avg_close15_share
FROM sess AS x
JOIN daily AS d USING (security_id, trade_date)
JOIN securities AS s USING (security_id)
WHERE x.volume IS NOT NULL AND d.ret <> 0
GROUP BY s.ticker, CASE WHEN d.ret > 0 THEN 'up' ELSE 'down' END;
