-- The due date itself excluded (< due).
WITH margin_accounts AS (
    SELECT DISTINCT account_id FROM margin_eod
),
kept AS (
    SELECT o.account_id, o.order_id, o.side, o.ts_utc AS ts
    FROM orders AS o
    JOIN margin_accounts USING (account_id)
    QUALIFY row_number() OVER (PARTITION BY o.client_order_id ORDER BY o.order_id) = 1
),
marked AS (
    SELECT *,
           CASE WHEN lag(ts) OVER w IS NULL OR ts - lag(ts) OVER w > INTERVAL 30 MINUTE THEN 1 ELSE 0 END
               AS starts
    FROM kept
    WINDOW w AS (PARTITION BY account_id ORDER BY ts, order_id)
),
numbered AS (
    SELECT *,
           sum(starts) OVER (PARTITION BY account_id ORDER BY ts, order_id ROWS UNBOUNDED PRECEDING)
               AS session_no
    FROM marked
),
sessions AS (
    SELECT account_id, session_no,
           min(ts) AS start_ts,
           count(*) AS n_orders,
           count(*) FILTER (WHERE side = 'SELL') AS sell_orders
    FROM numbered
    GROUP BY account_id, session_no
),
calls AS (
    SELECT * FROM margin_calls WHERE issued BETWEEN DATE '2037-06-12' AND DATE '2037-06-23'
),
linked AS (
    SELECT c.call_id, s.session_no, s.start_ts AS session_start, s.n_orders, s.sell_orders
    FROM calls AS c
    JOIN sessions AS s
      ON s.account_id = c.account_id
     AND CAST(s.start_ts AS DATE) > c.issued
     AND CAST(s.start_ts AS DATE) < c.due
    QUALIFY row_number() OVER (PARTITION BY c.call_id ORDER BY s.start_ts) = 1
)
SELECT c.call_id, c.account_id, c.issued, c.resolution,
       l.session_no, l.session_start, l.n_orders, l.sell_orders
FROM calls AS c
LEFT JOIN linked AS l USING (call_id)
ORDER BY c.call_id;
