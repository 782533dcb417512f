-- Share of each New York name's fills that are odd lots, counting each resent order's fills once.
WITH kept AS (   -- the first copy of each order
    SELECT order_id, security_id
    FROM orders
    QUALIFY row_number() OVER (PARTITION BY client_order_id ORDER BY order_id) = 1
)
SELECT s.ticker,
       count(*) AS fills,
       count(*) FILTER (WHERE e.fill_qty <= 100) AS odd_lot_fills,
       count(*) FILTER (WHERE e.fill_qty <= 100) / count(*) AS odd_lot_share
FROM executions AS e
JOIN kept AS k USING (order_id)
JOIN securities AS s USING (security_id)
WHERE s.venue = 'NXS'
GROUP BY s.ticker
ORDER BY fills DESC, s.ticker;
