-- Fill ratio per venue and order type: shares filled / shares ordered, over every kept order.
WITH kept AS (   -- the first copy of each order: a resent copy carries the same fills again
    SELECT *
    FROM orders
    QUALIFY row_number() OVER (PARTITION BY client_order_id ORDER BY order_id) = 1
),
filled AS (   -- one row per order before joining, so qty is not repeated per fill
    SELECT order_id, sum(fill_qty) AS filled_qty
    FROM executions
    GROUP BY order_id
),
per_order AS (   -- orders with their fills
    SELECT k.security_id, k.order_type, k.status, k.qty, coalesce(f.filled_qty, 0) AS filled_qty
    FROM kept AS k
    JOIN filled AS f USING (order_id)
)
SELECT s.venue,
       p.order_type,
       count(*) AS orders,
       count(*) FILTER (WHERE p.filled_qty > 0) AS orders_with_fills,
       count(*) FILTER (WHERE p.status = 'CANCELLED' AND p.filled_qty > 0) AS cancelled_after_fill,
       sum(p.filled_qty) / sum(p.qty) AS fill_ratio
FROM per_order AS p
JOIN securities AS s USING (security_id)
GROUP BY s.venue, p.order_type
ORDER BY s.venue, p.order_type;
