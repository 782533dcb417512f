WITH sess AS (
    SELECT b.security_id,
           CAST(substr(b.ts_raw, 1, 10) AS DATE) AS trade_date,
           sum(b.volume) FILTER (WHERE substr(b.ts_raw, 12, 5) >= '15:45') AS close_volume,
           sum(b.volume) AS volume
    FROM bars_1m AS b
    JOIN securities AS s USING (security_id)
    WHERE s.venue = 'NXS'
    GROUP BY b.security_id, CAST(substr(b.ts_raw, 1, 10) AS DATE)
),
daily AS (
    SELECT x.*,
           e.close / LAG(e.close) OVER (PARTITION BY x.security_id ORDER BY x.trade_date) - 1 AS ret
    FROM sess AS x
    JOIN eq_daily AS e USING (security_id, trade_date)
)
SELECT s.ticker,
       CASE WHEN d.ret > 0 THEN 'up' ELSE 'down' END AS direction,
       count(*) AS sessions,
       avg(d.close_volume / d.volume) AS avg_close15_share
FROM daily AS d
JOIN securities AS s USING (security_id)
WHERE d.volume IS NOT NULL AND d.ret <> 0
GROUP BY s.ticker, CASE WHEN d.ret > 0 THEN 'up' ELSE 'down' END;
