-- Every logged copy of a resent order kept, each with its own copy of the fills.
WITH kept AS (
    SELECT *
    FROM orders
),
fills AS (
    SELECT s.venue,
           CAST(e.ts_utc AS DATE) AS trade_date,
           k.order_id,
           k.side,
           e.fill_qty * e.fill_px AS notional
    FROM kept AS k
    JOIN executions AS e USING (order_id)
    JOIN securities AS s USING (security_id)
    WHERE s.venue IN ('NXS', 'HNX')
)
SELECT venue,
       trade_date,
       count(DISTINCT order_id) AS orders_filled,
       round(coalesce(sum(notional) FILTER (WHERE side = 'BUY'), 0), 2) AS buy_notional,
       round(coalesce(sum(notional) FILTER (WHERE side = 'SELL'), 0), 2) AS sell_notional,
       round(sum(CASE side WHEN 'BUY' THEN notional ELSE -notional END), 2) AS net_buy_notional
FROM fills
WHERE trade_date BETWEEN DATE '2037-05-18' AND DATE '2037-06-30'
GROUP BY venue, trade_date
ORDER BY venue, trade_date;
