-- New York's session of the same calendar date, which closes hours after Seoul's trigger.
WITH levels AS (
    -- every index's close with its previous session's close (the window runs before any filter)
    SELECT index_id, trade_date, level,
           lag(level) OVER (PARTITION BY index_id ORDER BY trade_date) AS prev_level
    FROM index_levels
),
triggers AS (
    SELECT cb.trade_date, cb.cb_level, cb.index_id,
           timezone('UTC', timezone('Asia/Seoul', cb.trade_date + cb.trigger_time_local)) AS trigger_utc
    FROM circuit_breakers AS cb
),
ny_closes AS (
    -- each NXS session with its close as a UTC instant (early closes included)
    SELECT cal_date AS us_session,
           timezone('UTC', timezone('America/New_York', cal_date + close_local)) AS close_utc
    FROM trading_calendar
    WHERE venue = 'NXS' AND is_open
),
m500 AS (
    SELECT l.trade_date, (l.level / l.prev_level - 1) * 100 AS m500_return_pct
    FROM levels AS l JOIN securities AS s ON s.security_id = l.index_id
    WHERE s.ticker = 'M500'
)
SELECT t.trade_date, t.cb_level, t.trigger_utc,
       h.prev_level AS hnxc_prev_close,
       h.level AS hnxc_close,
       (h.level / h.prev_level - 1) * 100 AS hnxc_return_pct,
       n.us_session,
       m.m500_return_pct
FROM triggers AS t
JOIN levels AS h ON h.index_id = t.index_id AND h.trade_date = t.trade_date
JOIN ny_closes AS n ON n.us_session = t.trade_date
LEFT JOIN m500 AS m ON m.trade_date = n.us_session
ORDER BY t.trade_date;
