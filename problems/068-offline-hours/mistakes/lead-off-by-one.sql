-- Gaps from LEAD over the existing bars, reported from the last bar before the gap (one hour early).
WITH steps AS (
    SELECT venue, pair, ts_utc, close,
           lead(ts_utc) OVER (PARTITION BY venue, pair ORDER BY ts_utc) AS next_ts,
           lead(close) OVER (PARTITION BY venue, pair ORDER BY ts_utc) AS next_close
    FROM ohlcv_1h
)
SELECT venue, pair,
       ts_utc AS gap_start,
       next_ts AS gap_end,
       date_diff('hour', ts_utc, next_ts) AS missing_hours,
       next_close / close - 1 AS price_change
FROM steps
WHERE next_ts - ts_utc > INTERVAL 1 HOUR
ORDER BY gap_start, venue, pair;
