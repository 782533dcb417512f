WITH x AS (
    SELECT d.fund_id, d.date, d.nav, d.shares_out,
           LAG(d.shares_out) OVER (PARTITION BY d.fund_id ORDER BY d.date) AS prev_shares
    FROM etp_daily AS d
    JOIN etp_master AS m USING (fund_id)
    WHERE m.venue = 'NXS'
)
SELECT s.ticker,
       CAST(date_trunc('month', x.date) AS DATE) AS month,
       count(*) AS sessions,
       sum((x.shares_out - x.prev_shares) * x.nav) AS net_flow_usd
FROM x
JOIN securities AS s ON s.security_id = x.fund_id
WHERE x.prev_shares IS NOT NULL
GROUP BY s.ticker, month;
