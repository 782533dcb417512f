-- Return computed forward (next level / level - 1): each fall is pinned on the session before it.
WITH kept AS (
    SELECT * FROM orders
    QUALIFY row_number() OVER (PARTITION BY client_order_id ORDER BY order_id) = 1
),
flow AS (
    SELECT s.venue,
           CAST(e.ts_utc AS DATE) AS trade_date,
           sum(CASE k.side WHEN 'BUY' THEN 1 ELSE -1 END * e.fill_qty * e.fill_px) AS net,
           sum(e.fill_qty * e.fill_px) AS gross
    FROM kept AS k
    JOIN executions AS e USING (order_id)
    JOIN securities AS s USING (security_id)
    GROUP BY ALL
),
idx AS (
    SELECT CASE s.ticker WHEN 'SACI' THEN 'NXS' ELSE 'HNX' END AS venue,
           l.trade_date,
           row_number() OVER (PARTITION BY l.index_id ORDER BY l.trade_date) AS pos,
           lead(l.level) OVER (PARTITION BY l.index_id ORDER BY l.trade_date) / l.level - 1 AS ret
    FROM index_levels AS l
    JOIN securities AS s ON s.security_id = l.index_id
    WHERE s.ticker IN ('SACI', 'HNXC')
),
events AS (
    SELECT venue, trade_date AS event_date, pos, ret,
           row_number() OVER (PARTITION BY venue ORDER BY ret, trade_date) AS event_rank
    FROM idx
    WHERE ret IS NOT NULL
    QUALIFY event_rank <= 3
)
SELECT ev.venue,
       ev.event_rank,
       ev.event_date,
       round(ev.ret, 6) AS event_return,
       w.pos - ev.pos AS rel_day,
       w.trade_date,
       fl.net AS net_notional,
       fl.net / fl.gross AS imbalance
FROM events AS ev
JOIN idx AS w ON w.venue = ev.venue AND w.pos BETWEEN ev.pos - 3 AND ev.pos + 3
JOIN flow AS fl ON fl.venue = w.venue AND fl.trade_date = w.trade_date
ORDER BY ev.venue, ev.event_rank, rel_day;
