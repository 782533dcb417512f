WITH totals AS (
    SELECT ts_utc, sum(usd) AS usd
    FROM liquidations_1h
    GROUP BY ts_utc
),
peak AS (
    SELECT ts_utc AS peak_hour,
           ts_utc + INTERVAL 24 HOUR AS later
    FROM totals
    ORDER BY usd DESC, ts_utc
    LIMIT 1
),
liq AS (
    SELECT l.venue, sum(l.usd) AS liq_usd
    FROM liquidations_1h AS l JOIN peak AS p ON l.ts_utc = p.peak_hour
    GROUP BY l.venue
)
SELECT a.venue,
       p.peak_hour,
       coalesce(liq.liq_usd, 0) AS liq_usd,
       a.oi_usd AS oi_peak,
       b.oi_usd AS oi_24h,
       round(b.oi_usd / a.oi_usd - 1, 6) AS oi_change
FROM peak AS p
JOIN oi_1h AS a ON a.ts_utc = p.peak_hour
JOIN oi_1h AS b ON b.venue = a.venue AND b.pair = a.pair AND b.ts_utc = p.later
LEFT JOIN liq ON liq.venue = a.venue
ORDER BY a.venue;
