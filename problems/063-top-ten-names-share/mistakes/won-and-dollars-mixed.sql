-- Each month, the share of retail notional that went to that month's ten largest names.
WITH kept AS (   -- the first copy of each order: a resent copy carries the same fills again
    SELECT order_id, security_id
    FROM orders
    QUALIFY row_number() OVER (PARTITION BY client_order_id ORDER BY order_id) = 1
),
per_name AS (
    SELECT CAST(date_trunc('month', e.ts_utc) AS DATE) AS month,
           s.ticker,
           sum(e.fill_qty * e.fill_px) AS notional
    FROM executions AS e
    JOIN kept AS k USING (order_id)
    JOIN securities AS s USING (security_id)
    GROUP BY ALL
),
ranked AS (   -- rank within the month, not over the whole log
    SELECT *, row_number() OVER (PARTITION BY month ORDER BY notional DESC, ticker) AS rnk
    FROM per_name
)
SELECT month,
       count(*) AS names_traded,
       sum(notional) FILTER (WHERE rnk <= 10) / sum(notional) AS top10_share
FROM ranked
GROUP BY month
ORDER BY month;
