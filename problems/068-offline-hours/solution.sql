WITH span AS (
    SELECT min(ts_utc) AS first_ts, max(ts_utc) AS last_ts FROM ohlcv_1h
),
expected AS (
    SELECT p.venue, p.pair, unnest(generate_series(s.first_ts, s.last_ts, INTERVAL 1 HOUR)) AS ts
    FROM crypto_pairs AS p CROSS JOIN span AS s
),
missing AS (
    SELECT e.*
    FROM expected AS e
    ANTI JOIN ohlcv_1h AS o ON o.venue = e.venue AND o.pair = e.pair AND o.ts_utc = e.ts
),
islands AS (
    -- consecutive hours share ts - n hours (n = the hour's rank within its pair)
    SELECT venue, pair, ts,
           ts - to_hours(row_number() OVER (PARTITION BY venue, pair ORDER BY ts)) AS grp
    FROM missing
),
gaps AS (
    SELECT venue, pair, min(ts) AS gap_start, max(ts) + INTERVAL 1 HOUR AS gap_end, count(*) AS missing_hours
    FROM islands
    GROUP BY venue, pair, grp
)
SELECT g.venue, g.pair, g.gap_start, g.gap_end, g.missing_hours,
       a.close / b.close - 1 AS price_change
FROM gaps AS g
LEFT JOIN ohlcv_1h AS b ON b.venue = g.venue AND b.pair = g.pair AND b.ts_utc = g.gap_start - INTERVAL 1 HOUR
LEFT JOIN ohlcv_1h AS a ON a.venue = g.venue AND a.pair = g.pair AND a.ts_utc = g.gap_end
ORDER BY g.gap_start, g.venue, g.pair;
