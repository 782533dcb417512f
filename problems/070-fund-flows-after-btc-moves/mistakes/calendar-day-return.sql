-- "Previous day" as the previous calendar day's return of the daily fix (weekends count as days).
WITH calendar AS (
    SELECT date, price_usd / lag(price_usd) OVER (ORDER BY date) - 1 AS day_return
    FROM btc_fix_daily
),
lagged AS (
    SELECT f.trade_date, f.net_flow_usd, c.day_return AS prev_return
    FROM spot_fund_flows AS f
    JOIN calendar AS c ON c.date = f.trade_date - 1
    WHERE f.trade_date > (SELECT min(trade_date) FROM spot_fund_flows)
)
SELECT CASE WHEN prev_return > 0 THEN 'UP' ELSE 'DOWN' END AS prev_direction,
       count(*) AS sessions,
       avg(prev_return) AS mean_prev_return,
       avg(net_flow_usd) AS mean_net_flow_usd,
       avg(CASE WHEN net_flow_usd > 0 THEN 1.0 ELSE 0.0 END) AS inflow_share
FROM lagged
WHERE prev_return <> 0
GROUP BY prev_direction
ORDER BY prev_direction;
