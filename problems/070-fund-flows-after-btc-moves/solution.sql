WITH sessions AS (
    -- each fund session with the fix of that date and of the previous session
    SELECT f.trade_date, f.net_flow_usd, x.price_usd,
           lag(x.price_usd) OVER (ORDER BY f.trade_date) AS prev_fix
    FROM spot_fund_flows AS f
    JOIN btc_fix_daily AS x ON x.date = f.trade_date
),
returns AS (
    SELECT trade_date, net_flow_usd, price_usd / prev_fix - 1 AS session_return
    FROM sessions
),
lagged AS (
    SELECT trade_date, net_flow_usd,
           lag(session_return) OVER (ORDER BY trade_date) AS prev_return
    FROM returns
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
