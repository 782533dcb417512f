WITH marked AS (
    SELECT index_id, trade_date, level,
           LAG(level) OVER (ORDER BY trade_date) AS prev_level,
           ROW_NUMBER() OVER (PARTITION BY index_id ORDER BY trade_date) AS n
    FROM index_levels
),
down AS (
    SELECT *, n - ROW_NUMBER() OVER (PARTITION BY index_id ORDER BY trade_date) AS island
    FROM marked
    WHERE level < prev_level
),
runs AS (
    SELECT index_id,
           COUNT(*) AS run_length,
           MIN(trade_date) AS start_date,
           MAX(trade_date) AS end_date,
           arg_max(level, trade_date) / arg_min(prev_level, trade_date) - 1 AS run_return
    FROM down
    GROUP BY index_id, island
)
SELECT s.ticker, r.run_length, r.start_date, r.end_date, r.run_return
FROM runs AS r
JOIN securities AS s ON s.security_id = r.index_id
QUALIFY ROW_NUMBER() OVER (PARTITION BY r.index_id ORDER BY r.run_length DESC, r.start_date) = 1;
